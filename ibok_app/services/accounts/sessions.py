"""Server-side login sessions for customers and staff.

The browser keeps a random token (secrets.token_urlsafe(32)); the database keeps
only its SHA-256, so a leaked table does not open anyone's session. A session ends
after `session_idle_minutes` without activity or `session_absolute_hours` after login,
whichever comes first; a staff session after `staff_session_idle_minutes` /
`staff_session_absolute_hours`. A caller that serves one zone passes `kind`: a staff
token then never resolves in the customer zone, nor a customer token in /admin.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, update
from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.models import (
    AccountStatus,
    PortalAccount,
    StaffUser,
    SubjectKind,
    UserSession,
    utcnow,
)

_TOUCH_EVERY = timedelta(minutes=1)  # fewer writes: last_seen_at is exact to a minute
_TOKEN_MIN, _TOKEN_MAX = 32, 128  # token_urlsafe(32) gives 43 characters
# A customer may still read the portal while the account is being closed (§7).
_USABLE_ACCOUNT = (AccountStatus.ACTIVE, AccountStatus.CLOSING)


@dataclass(frozen=True)
class SessionInfo:
    session_id: int
    subject_kind: str  # "customer" | "staff"
    account_id: int | None
    staff_id: int | None
    customer_id: int | None  # customer sessions only
    created_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _storable(text: object, max_len: int) -> str | None:
    if not isinstance(text, str) or "\x00" in text:
        return None
    return text[:max_len].encode("utf-8", "replace").decode("utf-8") or None


def _plausible(token: object) -> bool:
    return isinstance(token, str) and _TOKEN_MIN <= len(token) <= _TOKEN_MAX and token.isascii()


def _limits(kind: object) -> tuple[timedelta, timedelta]:
    """(idle, absolute) lifetime of a session of this subject kind."""
    cfg = settings()
    if kind == SubjectKind.STAFF:
        return timedelta(minutes=cfg.staff_session_idle_minutes), timedelta(hours=cfg.staff_session_absolute_hours)
    return timedelta(minutes=cfg.session_idle_minutes), timedelta(hours=cfg.session_absolute_hours)


def create_session(session: Session, *, account_id: int | None = None, staff_id: int | None = None,
                   client_ip: str | None = None, now: datetime | None = None) -> str:
    """Start a session for exactly one subject; returns the token for the browser."""
    if (account_id is None) == (staff_id is None):
        raise ValueError("a session belongs to exactly one account or one staff member")
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    kind = SubjectKind.CUSTOMER if account_id is not None else SubjectKind.STAFF
    session.add(UserSession(
        token_hash=token_hash(token),
        subject_kind=kind,
        account_id=account_id, staff_id=staff_id,
        created_at=now, last_seen_at=now,
        expires_at=now + _limits(kind)[1],
        client_ip=_storable(client_ip, 45),
    ))
    session.flush()
    return token


def resolve_session(session: Session, token: object, now: datetime | None = None, *,
                    kind: SubjectKind | None = None) -> SessionInfo | None:
    """The live session for a token, or None. Expired sessions are deleted; a live one
    is marked as used. With `kind`, a session of the other kind is None and left
    untouched (not even marked as used). Never raises on whatever the browser sent."""
    if not _plausible(token):
        return None
    now = now or utcnow()
    row = session.exec(select(UserSession).where(UserSession.token_hash == token_hash(token))).first()
    if row is None or (kind is not None and row.subject_kind != kind):
        return None
    if not still_live(session, row, now):
        return None
    customer_id = None
    if row.subject_kind == SubjectKind.CUSTOMER:
        account = session.get(PortalAccount, row.account_id) if row.account_id else None
        if account is None or account.status not in _USABLE_ACCOUNT:
            session.delete(row)
            session.flush()
            return None
        customer_id = account.customer_id
    else:
        staff = session.get(StaffUser, row.staff_id) if row.staff_id else None
        if staff is None or not staff.active:
            session.delete(row)
            session.flush()
            return None
    touch(session, row, now)
    return SessionInfo(session_id=row.id, subject_kind=str(row.subject_kind), account_id=row.account_id,
                       staff_id=row.staff_id, customer_id=customer_id, created_at=row.created_at)


def plausible(token: object) -> bool:
    """Could be one of our tokens (anything else is never looked up)."""
    return _plausible(token)


def still_live(session: Session, row, now: datetime) -> bool:
    """False (and the session deleted) once it is past its idle or absolute limit.
    `row`: the UserSession or a row with its id, subject_kind, expires_at and last_seen_at."""
    if now >= row.expires_at or now - row.last_seen_at >= _limits(row.subject_kind)[0]:
        end(session, row)
        return False
    return True


def end(session: Session, row) -> None:
    session.exec(delete(UserSession).where(UserSession.id == row.id))


def touch(session: Session, row, now: datetime) -> None:
    """Mark the session as used (at most once a minute: fewer writes)."""
    if now - row.last_seen_at >= _TOUCH_EVERY:
        session.exec(update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))


def end_session(session: Session, token: object) -> None:
    """Log out: the token stops working at once."""
    if _plausible(token):
        session.exec(delete(UserSession).where(UserSession.token_hash == token_hash(token)))


def end_other_sessions(session: Session, *, account_id: int | None = None, staff_id: int | None = None,
                       keep_token: str | None = None) -> int:
    """End every session of one subject except the one holding `keep_token`
    (after a password change: other devices must log in again)."""
    if (account_id is None) == (staff_id is None):
        raise ValueError("give exactly one of account_id, staff_id")
    stmt = delete(UserSession).where(
        UserSession.account_id == account_id if account_id is not None else UserSession.staff_id == staff_id
    )
    if _plausible(keep_token):
        stmt = stmt.where(UserSession.token_hash != token_hash(keep_token))
    return session.exec(stmt).rowcount


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete sessions past their absolute or idle expiry; returns how many."""
    now = now or utcnow()
    idle_cutoff = {kind: now - _limits(kind)[0] for kind in SubjectKind}
    stmt = delete(UserSession).where(or_(
        UserSession.expires_at <= now,
        *(and_(UserSession.subject_kind == kind, UserSession.last_seen_at <= cutoff)
          for kind, cutoff in idle_cutoff.items()),
    ))
    return session.exec(stmt).rowcount
