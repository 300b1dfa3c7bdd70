"""Staff login at /admin/logowanie, in two steps.

1. `login(login, password)`: the same answer for every failure (unknown login, wrong
   password, inactive account, too many attempts), after the same bcrypt work except
   when throttled. Throttled per login as typed and per client address, like the
   customers' login. With the password right the result says what comes next:
   - step "code": the account has a second factor; a login ticket is returned;
   - step "enrol": an administrator requires a second factor and the account has
     none; a login ticket is returned, the page runs the enrolment with it;
   - step "done": a staff session token (no second factor, none required).
2. `verify_code(ticket, code)` (a TOTP code or a recovery code) or, for "enrol",
   `start_login_enrolment(ticket)` then `finish_login_enrolment(ticket, code)`.

A ticket is not a session: it opens nothing, lives LOGIN_TICKET_MINUTES (enrolment:
ENROL_TICKET_MINUTES), survives at most TICKET_ATTEMPTS wrong codes and is consumed
by the step that ends in a session. Only its SHA-256 is stored.

All functions are synchronous (bcrypt): the UI runs them via asyncio.to_thread. The
caller commits; none raises on whatever a browser sends.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from ibok_app.models import StaffLoginTicket, StaffUser, SubjectKind, utcnow
from ibok_app.services.accounts.passwords import hash_password, needs_rehash, verify_password
from ibok_app.services.accounts.sessions import create_session, end_session, resolve_session
from ibok_app.services.common import throttle
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import client_address, token_hash
from ibok_app.services.staff import second_factor
from ibok_app.services.staff.accounts import normalise_login
from ibok_app.services.staff.policy import second_factor_required
from ibok_app.services.staff.second_factor import Enrolment

MSG_LOGIN_FAILED = ("Nieprawidłowy login lub hasło albo zbyt wiele prób. "
                    "Sprawdź dane i spróbuj ponownie za chwilę.")
MSG_CODE_FAILED = "Nieprawidłowy kod albo zbyt wiele prób. Spróbuj ponownie za chwilę."
MSG_TICKET_GONE = "Logowanie trwało zbyt długo albo zostało przerwane. Zaloguj się ponownie."
LOGIN_TICKET_MINUTES = 5
ENROL_TICKET_MINUTES = 15  # scanning the QR code and saving recovery codes takes longer
TICKET_ATTEMPTS = 5
_TICKET_MIN, _TICKET_MAX = 32, 128

STEP_FAILED, STEP_CODE, STEP_ENROL, STEP_DONE = "failed", "code", "enrol", "done"


@dataclass(frozen=True)
class StaffLoginResult:
    ok: bool  # the step succeeded (password right / code right)
    step: str  # "failed" | "code" | "enrol" | "done"
    message: str
    ticket: str = ""  # steps "code" and "enrol": pass it to the second step
    token: str = ""  # step "done": the staff session token for the staff cookie
    must_change_password: bool = False
    restart: bool = False  # the ticket is gone: show step 1 again
    recovery_codes: tuple[str, ...] = field(default_factory=tuple)  # after enrolment: show ONCE
    used_recovery_code: bool = False  # tell the member how many codes are left
    retry_after: int = 0  # for logs and tests; the page shows only the message


def _failed(retry_after: int = 0) -> StaffLoginResult:
    return StaffLoginResult(False, STEP_FAILED, MSG_LOGIN_FAILED, retry_after=retry_after)


# --- step 1 ------------------------------------------------------------------

def login(session: Session, *, login: object, password: object, client_ip: object = None,
          now: datetime | None = None) -> StaffLoginResult:
    """Check login and password; see the module's docstring for the result's steps."""
    now = now or utcnow()
    ip = client_address(client_ip)
    login_text = normalise_login(login)
    buckets = ([("staff_login_ip", ip)] if ip else []) + (
        [("staff_login_account", login_text)] if login_text else [])
    wait = max([throttle.retry_after(session, scope, key, now) for scope, key in buckets], default=0)
    if wait:
        return _failed(wait)

    staff = session.exec(select(StaffUser).where(StaffUser.login == login_text)).first() if login_text else None
    if staff is None or not staff.active:
        verify_password(password, None)  # the same work as for a real account
        password_ok = False
    else:
        password_ok = verify_password(password, staff.password_hash)
    if not password_ok:
        for scope, key in buckets:
            throttle.record_failure(session, scope, key, now)
        if staff is not None:
            audit(session, actor_kind="system", actor_id=None, action="staff.login_failed", entity="staff_user",
                  entity_id=staff.id, after={"reason": "password" if staff.active else "inactive"}, client_ip=ip)
        return _failed()

    throttle.reset(session, "staff_login_account", login_text)
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
        session.add(staff)
    if staff.totp_secret:
        return StaffLoginResult(True, STEP_CODE, "Wpisz kod z aplikacji uwierzytelniającej.",
                                ticket=_issue_ticket(session, staff, STEP_CODE, ip, now))
    if second_factor_required(session):
        return StaffLoginResult(True, STEP_ENROL, "Skonfiguruj aplikację uwierzytelniającą, aby się zalogować.",
                                ticket=_issue_ticket(session, staff, STEP_ENROL, ip, now))
    return _sign_in(session, staff, ip, now, method="password")


def _issue_ticket(session: Session, staff: StaffUser, purpose: str, ip: str | None, now: datetime) -> str:
    # One half-done login per member at a time; stale ones go too.
    session.exec(delete(StaffLoginTicket).where(StaffLoginTicket.staff_id == staff.id))
    session.exec(delete(StaffLoginTicket).where(StaffLoginTicket.expires_at <= now))
    ticket = secrets.token_urlsafe(32)
    minutes = LOGIN_TICKET_MINUTES if purpose == STEP_CODE else ENROL_TICKET_MINUTES
    session.add(StaffLoginTicket(token_hash=token_hash(ticket), staff_id=staff.id, purpose=purpose,
                                 created_at=now, expires_at=now + timedelta(minutes=minutes), client_ip=ip))
    session.flush()
    return ticket


def _sign_in(session: Session, staff: StaffUser, ip: str | None, now: datetime, *, method: str,
             **extra) -> StaffLoginResult:
    staff.last_login_at = now
    session.add(staff)
    session.flush()
    token = create_session(session, staff_id=staff.id, client_ip=ip, now=now)
    audit(session, actor_kind="staff", actor_id=staff.id, action="staff.login", entity="staff_user",
          entity_id=staff.id, after={"method": method}, client_ip=ip)
    return StaffLoginResult(True, STEP_DONE, "Zalogowano.", token=token,
                            must_change_password=bool(staff.must_change_password), **extra)


# --- step 2 ------------------------------------------------------------------

def _ticket(session: Session, ticket: object, purpose: str, now: datetime) -> tuple[StaffLoginTicket, StaffUser] | None:
    """The live ticket of this purpose and its (active) member; an expired or orphaned
    ticket is deleted."""
    if not (isinstance(ticket, str) and _TICKET_MIN <= len(ticket) <= _TICKET_MAX and ticket.isascii()):
        return None
    row = session.exec(select(StaffLoginTicket).where(StaffLoginTicket.token_hash == token_hash(ticket))).first()
    if row is None or row.purpose != purpose:
        return None
    staff = session.get(StaffUser, row.staff_id)
    if row.expires_at <= now or staff is None or not staff.active:
        session.delete(row)
        session.flush()
        return None
    return row, staff


def _gone() -> StaffLoginResult:
    return StaffLoginResult(False, STEP_FAILED, MSG_TICKET_GONE, restart=True)


def _wrong_code(session: Session, row: StaffLoginTicket, staff: StaffUser, ip: str | None,
                now: datetime) -> StaffLoginResult:
    throttle.record_failure(session, "staff_code", staff.id, now)
    if ip:
        throttle.record_failure(session, "staff_login_ip", ip, now)
    audit(session, actor_kind="system", actor_id=None, action="staff.code_failed", entity="staff_user",
          entity_id=staff.id, client_ip=ip)
    row.attempts += 1
    if row.attempts >= TICKET_ATTEMPTS:
        session.delete(row)
        session.flush()
        return _gone()
    session.add(row)
    session.flush()
    return StaffLoginResult(False, STEP_FAILED, MSG_CODE_FAILED)


def _throttled(session: Session, staff: StaffUser, ip: str | None, now: datetime) -> int:
    buckets = [("staff_code", staff.id)] + ([("staff_login_ip", ip)] if ip else [])
    return max(throttle.retry_after(session, scope, key, now) for scope, key in buckets)


def verify_code(session: Session, *, ticket: object, code: object, client_ip: object = None,
                now: datetime | None = None) -> StaffLoginResult:
    """Step 2 for an account with a second factor: a TOTP code or a recovery code
    (used up). Success consumes the ticket and returns the session token."""
    now = now or utcnow()
    ip = client_address(client_ip)
    found = _ticket(session, ticket, STEP_CODE, now)
    if found is None:
        return _gone()
    row, staff = found
    wait = _throttled(session, staff, ip, now)
    if wait:
        return StaffLoginResult(False, STEP_FAILED, MSG_CODE_FAILED, retry_after=wait)
    kind = second_factor.verify(session, staff.id, code, now=now)
    if kind is None:
        return _wrong_code(session, row, staff, ip, now)
    throttle.reset(session, "staff_code", staff.id)
    session.delete(row)
    session.flush()
    return _sign_in(session, staff, ip, now, method=kind, used_recovery_code=kind == "recovery")


def start_login_enrolment(session: Session, *, ticket: object, now: datetime | None = None) -> Enrolment | None:
    """For step "enrol": the QR code and secret to show; None when the ticket is gone."""
    found = _ticket(session, ticket, STEP_ENROL, now or utcnow())
    return second_factor.start_enrolment(session, found[1].id) if found else None


def finish_login_enrolment(session: Session, *, ticket: object, code: object, client_ip: object = None,
                           now: datetime | None = None) -> StaffLoginResult:
    """For step "enrol": a code from the newly set-up app confirms it; the result has
    the session token and the recovery codes to show once."""
    now = now or utcnow()
    ip = client_address(client_ip)
    found = _ticket(session, ticket, STEP_ENROL, now)
    if found is None:
        return _gone()
    row, staff = found
    wait = _throttled(session, staff, ip, now)
    if wait:
        return StaffLoginResult(False, STEP_FAILED, MSG_CODE_FAILED, retry_after=wait)
    result = second_factor.confirm_enrolment(session, staff.id, code, now=now, client_ip=ip)
    if not result.ok:
        return _wrong_code(session, row, staff, ip, now)
    throttle.reset(session, "staff_code", staff.id)
    session.delete(row)
    session.flush()
    return _sign_in(session, staff, ip, now, method="enrolment", recovery_codes=result.recovery_codes)


# --- logout ------------------------------------------------------------------

def logout(session: Session, token: object, *, client_ip: object = None, now: datetime | None = None) -> None:
    """End a staff session (a customer token is left alone)."""
    info = resolve_session(session, token, now=now, kind=SubjectKind.STAFF)
    if info is None:
        return
    end_session(session, token)
    audit(session, actor_kind="staff", actor_id=info.staff_id, action="staff.logout", entity="staff_user",
          entity_id=info.staff_id, client_ip=client_address(client_ip))
