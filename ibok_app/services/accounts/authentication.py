"""Login with the password or a temporary password (§4), throttled per address,
per account for unknown browsers and per known browser (devices.py). Unknown logins
and wrong passwords get the same answer after the same bcrypt work."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from ibok_app.models import (
    AccountStatus,
    PortalAccount,
    utcnow,
)
from ibok_app.services.accounts import devices
from ibok_app.services.accounts.passwords import (
    hash_password,
    needs_rehash,
    verify_password,
)
from ibok_app.services.accounts.sessions import create_session
from ibok_app.services.accounts.terms import (
    needs_acceptance,
)
from ibok_app.services.common import throttle
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import bounded_text, client_address

# A customer being closed (§7) may still log in and read for 14 days.
CAN_LOG_IN = (AccountStatus.ACTIVE, AccountStatus.CLOSING)
MSG_BAD_LOGIN = "Nieprawidłowy login lub hasło."
MSG_NOT_ACTIVATED = ("Konto nie zostało jeszcze aktywowane. Otwórz link aktywacyjny "
                     "z wiadomości e-mail wysłanej po rejestracji.")

@dataclass(frozen=True)
class LoginResult:
    ok: bool
    message: str
    token: str | None = None
    must_change_password: bool = False
    needs_terms: bool = False
    retry_after: int = 0
    device_cookie: str = ""  # after a login: the browser's device cookie (devices.py)


# --- login -------------------------------------------------------------------

def _too_many(wait: int) -> LoginResult:
    return LoginResult(False, "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za "
                       f"{throttle.wait_text(wait)}.", retry_after=wait)


def login(session: Session, *, login: object, password: object, client_ip: str | None = None,
          device_cookie: object = None, now: datetime | None = None) -> LoginResult:
    """Log a customer in with the password or an unexpired temporary password.

    Unknown login and wrong password get the same message after the same bcrypt work.
    Failures count per client address, and per account only from browsers that never
    logged in to it (a known browser, by its `device_cookie`, has a bucket of its own).
    """
    now = now or utcnow()
    ip = client_address(client_ip)
    login_text = bounded_text(login, 100)
    device = devices.device_id(device_cookie, login_text)
    buckets = ([("login_ip", ip)] if ip else []) + (
        [("login_device", device) if device else ("login_account", login_text)] if login_text else [])
    wait = max([throttle.retry_after(session, scope, key, now) for scope, key in buckets], default=0)
    if wait:
        return _too_many(wait)

    account, password_ok, temp_ok = _check_password(session, login_text, password, now)
    if not (password_ok or temp_ok):
        for scope, key in buckets:
            throttle.record_failure(session, scope, key, now)
        return LoginResult(False, MSG_BAD_LOGIN)
    if account.status == AccountStatus.PENDING:
        return LoginResult(False, MSG_NOT_ACTIVATED)

    # Only the account's own counter is reset: resetting the address's counter would
    # let someone with one valid account keep guessing others from that address.
    throttle.reset(session, *buckets[-1])
    token = _sign_in(session, account, password, temp_ok, ip, now)
    return LoginResult(True, "Zalogowano.", token=token, must_change_password=account.must_change_password,
                       needs_terms=needs_acceptance(session, account.id),
                       device_cookie=device_cookie if device else devices.issue(login_text))


def _check_password(session: Session, login_text: str, password: object,
                    now: datetime) -> tuple[PortalAccount | None, bool, bool]:
    """(the account, its password matched, its unexpired temporary password matched),
    after the same bcrypt work whether the login exists or not."""
    account = None
    if login_text:
        account = session.exec(select(PortalAccount).where(PortalAccount.login == login_text)).first()
    password_ok = temp_ok = False
    if account is None or account.status not in (*CAN_LOG_IN, AccountStatus.PENDING):
        verify_password(password, None)  # same work as for a real account
    else:
        password_ok = verify_password(password, account.password_hash)
        if (not password_ok and account.temp_password_hash and account.temp_password_expires_at
                and account.temp_password_expires_at > now):
            temp_ok = verify_password(password, account.temp_password_hash)
    return account, password_ok, temp_ok


def _sign_in(session: Session, account: PortalAccount, password: object, temp_ok: bool,
             ip: str | None, now: datetime) -> str:
    """A new session of the account; a temporary password is used up (a new password
    must be chosen), an old-cost hash is renewed. Returns the session token."""
    if temp_ok:
        account.temp_password_hash = None
        account.temp_password_expires_at = None
        account.must_change_password = True
    elif needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.last_login_at = now
    session.add(account)
    session.flush()
    token = create_session(session, account_id=account.id, client_ip=ip, now=now)
    if temp_ok:
        audit(session, actor_kind="customer", actor_id=account.id, action="password.temporary_used",
              entity="portal_account", entity_id=account.id, customer_id=account.customer_id, client_ip=ip)
    return token
