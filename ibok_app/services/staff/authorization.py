"""`authorize`: the one check every admin handler and admin route starts from.

    ctx = authorize(session, token, action="staff.create", allowed=roles.ADMIN, client_ip=ip)
    if ctx is None:
        ...  # refused and already written to the audit log: show nothing, change nothing

It resolves the STAFF session of the token presented by the current connection (a
customer session never resolves here), checks that the member is active and that
their role, read afresh on every call, is in `allowed`. A refusal writes an audit
entry "staff.refused" with the action and the reason (no_session, customer_session,
role, password_change); the caller commits (session_scope does). The role sets live
in roles.py.

A member whose password was set by an administrator (a new account, a reset) must
change it first: until then authorize refuses every action (reason
`password_change`) except the password change itself (`password_change=True`).

A refusal repeated by the same actor (the member, the customer's account, or for no
session the client address) for the same action and reason within
REFUSAL_WINDOW_SECONDS is not a new entry: the window's first entry counts it
(`count`, `last_at` in its after values). Every first refusal is written; a script
hammering a handler leaves one entry a minute, not thousands.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from ibok_app.models import AuditLog, StaffRole, SubjectKind, UserSession, utcnow
from ibok_app.services.accounts.sessions import resolve_session, token_hash
from ibok_app.services.common.audit import audit, scrub
from ibok_app.services.common.inputs import bounded_text, client_address
from ibok_app.services.staff.roles import ADMIN, AUDIT, READ, WORK, parse_role, role_label
from ibok_app.services.staff.shared import active_staff

__all__ = ["ADMIN", "AUDIT", "READ", "WORK", "StaffContext", "authorize", "staff_context"]

_TOKEN_MIN, _TOKEN_MAX = 32, 128
REFUSAL_WINDOW_SECONDS = 60
_REFUSED = "staff.refused"
_COUNTERS = ("count", "last_at")  # what coalescing adds to an entry's after values


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


def _same(entry: AuditLog, after: dict) -> bool:
    try:
        previous = json.loads(entry.after_json or "{}")
    except ValueError:
        return False
    return isinstance(previous, dict) and {k: v for k, v in previous.items() if k not in _COUNTERS} == after


def _refused(session: Session, *, actor_kind: str, actor_id: int | None, after: dict, ip: str | None) -> None:
    """Write a refusal, or count it on the same actor's identical one of the last
    REFUSAL_WINDOW_SECONDS (indexed: action, at, actor_id)."""
    now = utcnow()  # the entries' own clock (AuditLog.at)
    after = json.loads(json.dumps(scrub(after), sort_keys=True, default=str))
    recent = session.exec(
        select(AuditLog).where(
            AuditLog.action == _REFUSED, AuditLog.at >= now - timedelta(seconds=REFUSAL_WINDOW_SECONDS),
            AuditLog.actor_kind == actor_kind,
            AuditLog.actor_id == actor_id if actor_id is not None else AuditLog.actor_id.is_(None),
            AuditLog.client_ip == ip if ip else AuditLog.client_ip.is_(None),
        ).order_by(AuditLog.id.desc()).limit(20)
    ).all()
    first = next((entry for entry in recent if _same(entry, after)), None)
    if first is None:
        audit(session, actor_kind=actor_kind, actor_id=actor_id, action=_REFUSED, after=after, client_ip=ip)
        return
    counted = json.loads(first.after_json or "{}")
    counted["count"] = int(counted.get("count", 1)) + 1 if str(counted.get("count", 1)).isdigit() else 2
    counted["last_at"] = now.isoformat(timespec="seconds")
    first.after_json = json.dumps(counted, ensure_ascii=False, sort_keys=True)
    session.add(first)
    session.flush()


def authorize(session: Session, token: object, *, action: str, allowed: frozenset[StaffRole],
              client_ip: object = None, now: datetime | None = None,
              password_change: bool = False) -> StaffContext | None:
    """The staff context when the token's staff session is live, the member active,
    their role in `allowed` and their password their own (or `password_change`: the
    page that changes it); otherwise None, and the refusal is audited."""
    ctx = staff_context(session, token, now)
    allowed_roles = allowed if isinstance(allowed, (frozenset, set)) else frozenset()
    if ctx is not None and ctx.can(allowed_roles) and (password_change is True or not ctx.must_change_password):
        return ctx
    action_text = bounded_text(action, 60) or "?"
    ip = client_address(client_ip)
    after = {"action": action_text, "allowed": sorted(str(r) for r in allowed_roles)}
    if ctx is not None:
        reason = "role" if not ctx.can(allowed_roles) else "password_change"
        _refused(session, actor_kind="staff", actor_id=ctx.staff_id, ip=ip,
                 after={**after, "reason": reason, "role": ctx.role})
        return None
    customer = _customer_session(session, token)
    if customer is not None:
        _refused(session, actor_kind="customer", actor_id=customer.account_id, ip=ip,
                 after={**after, "reason": "customer_session"})
    else:
        _refused(session, actor_kind="system", actor_id=None, ip=ip, after={**after, "reason": "no_session"})
    return None
