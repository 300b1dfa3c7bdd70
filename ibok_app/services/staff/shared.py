"""What the staff modules share: results, summaries, the acting administrator."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from ibok_app.models import StaffRole, StaffUser
from ibok_app.services.common.inputs import parse_id
from ibok_app.services.staff.roles import parse_role, role_label

MSG_NOT_ALLOWED = "Nie masz uprawnień do tej czynności."
MSG_NO_STAFF = "Nie ma takiego pracownika."


@dataclass(frozen=True)
class ActionResult:
    ok: bool
    message: str
    errors: dict[str, str] = field(default_factory=dict)  # field → Polish message


@dataclass(frozen=True)
class StaffSummary:
    """A staff account for display (never the ORM row: no hashes, no secrets)."""
    id: int
    login: str
    full_name: str
    email: str
    role: str
    role_label: str
    active: bool
    second_factor: bool
    must_change_password: bool
    created_at: datetime
    last_login_at: datetime | None
    deactivated_at: datetime | None


def summary(staff: StaffUser) -> StaffSummary:
    return StaffSummary(
        id=staff.id, login=staff.login, full_name=staff.full_name, email=staff.email,
        role=str(staff.role), role_label=role_label(staff.role), active=bool(staff.active),
        second_factor=bool(staff.totp_secret), must_change_password=bool(staff.must_change_password),
        created_at=staff.created_at, last_login_at=staff.last_login_at, deactivated_at=staff.deactivated_at,
    )


def staff_row(session: Session, staff_id: object) -> StaffUser | None:
    """The staff account with this id (active or not), or None for anything else."""
    sid = parse_id(staff_id)
    return session.get(StaffUser, sid) if sid else None


def active_staff(session: Session, staff_id: object) -> StaffUser | None:
    staff = staff_row(session, staff_id)
    return staff if staff is not None and staff.active else None


class Actor:
    """Who makes an administrative change: an active administrator, or the operator's
    command line (`actor_id=None`: only cli.py passes that)."""

    def __init__(self, staff: StaffUser | None):
        self.staff = staff

    @property
    def kind(self) -> str:
        return "staff" if self.staff is not None else "system"

    @property
    def id(self) -> int | None:
        return self.staff.id if self.staff is not None else None


def acting_admin(session: Session, actor_id: object) -> Actor | None:
    """The actor for `actor_id`, or None when it is not an active administrator.
    Exactly None means the command line; any other value must be an admin's id."""
    if actor_id is None:
        return Actor(None)
    staff = active_staff(session, actor_id)
    if staff is None or parse_role(staff.role) != StaffRole.ADMIN:
        return None
    return Actor(staff)
