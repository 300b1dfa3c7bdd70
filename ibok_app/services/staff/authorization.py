"""`authorize`: the one check every admin handler and admin route starts from.

    ctx = authorize(session, token, action="staff.create", allowed=roles.ADMIN, client_ip=ip)
    if ctx is None:
        ...  # refused and already written to the audit log: show nothing, change nothing

It resolves the STAFF session of the token presented by the current connection (a
customer session never resolves here), checks that the member is active and that
their role, read afresh on every call, is in `allowed`. A refusal writes an audit
entry "staff.refused" with the action and the reason (no_session, customer_session,
role); the caller commits (session_scope does). The role sets live in roles.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from ibok_app.models import StaffRole, SubjectKind, UserSession, utcnow
from ibok_app.services.accounts.sessions import resolve_session, token_hash
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import bounded_text, client_address
from ibok_app.services.staff.roles import ADMIN, AUDIT, READ, WORK, parse_role, role_label
from ibok_app.services.staff.shared import active_staff

__all__ = ["ADMIN", "AUDIT", "READ", "WORK", "StaffContext", "authorize", "staff_context"]

_TOKEN_MIN, _TOKEN_MAX = 32, 128


@dataclass(frozen=True)
class StaffContext:
    staff_id: int
    login: str
    full_name: str
    role: str  # StaffRole value
    role_label: str
    session_id: int
    must_change_password: bool
    has_second_factor: bool

    def can(self, allowed: object) -> bool:
        """For showing or hiding a button; the action itself calls authorize again."""
        return isinstance(allowed, (frozenset, set)) and parse_role(self.role) in allowed


def staff_context(session: Session, token: object, now: datetime | None = None) -> StaffContext | None:
    """Who is logged in to /admin with this token, or None; no role check, no audit
    (for the layout and for the login page's "already logged in")."""
    info = resolve_session(session, token, now=now or utcnow(), kind=SubjectKind.STAFF)
    staff = active_staff(session, info.staff_id) if info is not None else None
    if staff is None or parse_role(staff.role) is None:
        return None
    return StaffContext(staff_id=staff.id, login=staff.login, full_name=staff.full_name, role=str(staff.role),
                        role_label=role_label(staff.role), session_id=info.session_id,
                        must_change_password=bool(staff.must_change_password),
                        has_second_factor=bool(staff.totp_secret))


def _customer_session(session: Session, token: object) -> UserSession | None:
    """The customer session row of this token, if it is one (read only, not touched)."""
    if not (isinstance(token, str) and _TOKEN_MIN <= len(token) <= _TOKEN_MAX and token.isascii()):
        return None
    return session.exec(select(UserSession).where(UserSession.token_hash == token_hash(token),
                                                  UserSession.subject_kind == SubjectKind.CUSTOMER)).first()


def authorize(session: Session, token: object, *, action: str, allowed: frozenset[StaffRole],
              client_ip: object = None, now: datetime | None = None) -> StaffContext | None:
    """The staff context when the token's staff session is live, the member active
    and their role in `allowed`; otherwise None, and the refusal is audited."""
    ctx = staff_context(session, token, now)
    allowed_roles = allowed if isinstance(allowed, (frozenset, set)) else frozenset()
    if ctx is not None and ctx.can(allowed_roles):
        return ctx
    action_text = bounded_text(action, 60) or "?"
    ip = client_address(client_ip)
    after = {"action": action_text, "allowed": sorted(str(r) for r in allowed_roles)}
    if ctx is not None:
        audit(session, actor_kind="staff", actor_id=ctx.staff_id, action="staff.refused",
              after={**after, "reason": "role", "role": ctx.role}, client_ip=ip)
        return None
    customer = _customer_session(session, token)
    if customer is not None:
        audit(session, actor_kind="customer", actor_id=customer.account_id, action="staff.refused",
              after={**after, "reason": "customer_session"}, client_ip=ip)
    else:
        audit(session, actor_kind="system", actor_id=None, action="staff.refused",
              after={**after, "reason": "no_session"}, client_ip=ip)
    return None
