"""Settings an administrator switches in the back office, kept in `app_setting`.

Today one: whether every staff account must have a second factor. Switching it on
ends the sessions of staff members without one, so they enrol at their next login.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from ibok_app.models import AppSetting, StaffUser, UserSession, utcnow
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import client_address
from ibok_app.services.staff.shared import MSG_NOT_ALLOWED, ActionResult, acting_admin

SECOND_FACTOR_REQUIRED = "staff.second_factor_required"


def second_factor_required(session: Session) -> bool:
    row = session.get(AppSetting, SECOND_FACTOR_REQUIRED)
    return row is not None and row.value == "1"


def set_second_factor_required(session: Session, *, actor_id: int | None, required: object,
                               client_ip: object = None, now: datetime | None = None) -> ActionResult:
    """Require (or stop requiring) a second factor for every staff account. Admins only."""
    actor = acting_admin(session, actor_id)
    if actor is None or not isinstance(required, bool):
        return ActionResult(False, MSG_NOT_ALLOWED if actor is None else "Wybierz: tak albo nie.")
    now = now or utcnow()
    before = second_factor_required(session)
    row = session.get(AppSetting, SECOND_FACTOR_REQUIRED) or AppSetting(key=SECOND_FACTOR_REQUIRED, value="0")
    row.value, row.updated_at, row.updated_by_id = ("1" if required else "0"), now, actor.id
    session.add(row)
    ended = 0
    if required and not before:
        without = select(StaffUser.id).where(StaffUser.totp_secret.is_(None))
        ended = session.exec(delete(UserSession).where(UserSession.staff_id.in_(without))).rowcount
    audit(session, actor_kind=actor.kind, actor_id=actor.id, action="settings.second_factor_required",
          entity="app_setting", before={"required": before}, after={"required": required, "sessions_ended": ended},
          client_ip=client_address(client_ip))
    session.flush()
    if required:
        return ActionResult(True, "Od teraz każdy pracownik loguje się z drugim składnikiem. "
                                  "Kto go nie ma, skonfiguruje go przy najbliższym logowaniu.")
    return ActionResult(True, "Drugi składnik nie jest już wymagany od wszystkich pracowników.")
