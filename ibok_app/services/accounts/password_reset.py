"""Forgotten passwords ("Nie pamiętam hasła": a temporary password by e-mail,
valid 24 h, the old one working until it is used) and password changes (§4)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from ibok_app.models import (
    PortalAccount,
    utcnow,
)
from ibok_app.services.accounts.authentication import CAN_LOG_IN
from ibok_app.services.accounts.passwords import (
    PASSWORDS_DIFFER,
    generate_temporary_password,
    hash_password,
    password_problem,
    verify_password,
)
from ibok_app.services.accounts.registration import MSG_FIX_FIELDS
from ibok_app.services.accounts.sessions import end_other_sessions
from ibok_app.services.common import throttle
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import (
    bounded_text,
    client_address,
    normalise_email,
)
from ibok_app.services.notifications import emails
from ibok_app.services.notifications.outbox import enqueue_email

TEMP_PASSWORD_VALID = timedelta(hours=24)
_RESET_MAX_ACCOUNTS = 5  # one e-mail address may serve several customer numbers
MSG_RESET = "Jeśli konto istnieje, wysłaliśmy na jego adres e-mail hasło tymczasowe."
PASSWORD_CHANGED = "Hasło zostało zmienione. Sesje na innych urządzeniach zostały zakończone."


@dataclass(frozen=True)
class ChangeResult:
    ok: bool
    message: str
    field_errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountSummary:
    account_id: int
    customer_id: int
    login: str
    email: str
    must_change_password: bool
    status: str


# --- forgotten password ------------------------------------------------------

def request_password_reset(session: Session, *, login_or_email: object, client_ip: str | None = None,
                           now: datetime | None = None) -> str:
    """"Nie pamiętam hasła": e-mail a temporary password (24 h, single use) to the
    account's address. The answer is the same whatever happened, so it reveals
    neither whether an account exists nor whether the request was throttled."""
    now = now or utcnow()
    ip = client_address(client_ip)
    value = bounded_text(login_or_email, 254)
    if not value:
        return MSG_RESET
    if ip:
        if throttle.retry_after(session, "reset_ip", ip, now):
            return MSG_RESET
        throttle.record_failure(session, "reset_ip", ip, now)  # every request counts

    if "@" in value:
        email = normalise_email(value) or value.lower()
        accounts = session.exec(select(PortalAccount).where(PortalAccount.email == email)
                                .order_by(PortalAccount.id).limit(_RESET_MAX_ACCOUNTS)).all()
    else:
        accounts = session.exec(select(PortalAccount).where(PortalAccount.login == value)).all()

    sent = 0
    for account in accounts:
        if account.status not in CAN_LOG_IN:
            continue
        if throttle.retry_after(session, "reset_account", account.id, now):
            continue
        throttle.record_failure(session, "reset_account", account.id, now)
        send_temporary_password(session, account, now)
        audit(session, actor_kind="customer", actor_id=account.id, action="password.reset_requested",
              entity="portal_account", entity_id=account.id, customer_id=account.customer_id, client_ip=ip)
        sent += 1
    if not sent:
        hash_password(generate_temporary_password())  # same time as a real reset
    session.flush()
    return MSG_RESET


def send_temporary_password(session: Session, account: PortalAccount, now: datetime | None = None) -> None:
    """E-mail a new temporary password (24 h, single use) to the account's address; the
    current password keeps working until the temporary one is used. No checks: the
    caller decided (the customer's request above, or the office's desk)."""
    now = now or utcnow()
    temporary = generate_temporary_password()
    account.temp_password_hash = hash_password(temporary)
    account.temp_password_expires_at = now + TEMP_PASSWORD_VALID
    session.add(account)
    subject, text, html = emails.temporary_password_email(
        login=account.login, password=temporary,
        valid_hours=int(TEMP_PASSWORD_VALID.total_seconds() // 3600))
    enqueue_email(session, account.email, subject, text, html)
    session.flush()


# --- password change ---------------------------------------------------------

def change_password(session: Session, *, account_id: int, current: object, new: object, confirm: object,
                    keep_token: str | None = None) -> ChangeResult:
    """Set a new password. `account_id` comes from the server-side session, never
    from the browser. The current password is required unless the customer has
    just logged in with a temporary password (must_change_password). Field errors are
    keyed by the form's field names: current_password, new_password, new_password_confirm."""
    account = None
    if isinstance(account_id, int) and not isinstance(account_id, bool):
        account = session.get(PortalAccount, account_id)
    if account is None or account.status not in CAN_LOG_IN:
        return ChangeResult(False, "Nie można zmienić hasła tego konta.")
    wait = throttle.retry_after(session, "login_account", account.login)
    if wait:
        return ChangeResult(False, "Zbyt wiele nieudanych prób. Spróbuj ponownie za "
                            f"{throttle.wait_text(wait)}.")
    if not account.must_change_password and not verify_password(current, account.password_hash):
        throttle.record_failure(session, "login_account", account.login)
        return ChangeResult(False, MSG_FIX_FIELDS, {"current_password": "Obecne hasło jest nieprawidłowe."})
    problem = password_problem(new, login=account.login, confirm=confirm)
    if problem:
        return ChangeResult(False, MSG_FIX_FIELDS, {"new_password_confirm" if problem == PASSWORDS_DIFFER else "new_password": problem})
    if verify_password(new, account.password_hash):
        return ChangeResult(False, MSG_FIX_FIELDS, {"new_password": "Nowe hasło musi być inne niż obecne."})

    now = utcnow()
    was_forced = account.must_change_password
    account.password_hash = hash_password(new)
    account.must_change_password = False
    account.temp_password_hash = None
    account.temp_password_expires_at = None
    session.add(account)
    session.flush()
    throttle.reset(session, "login_account", account.login)
    ended = end_other_sessions(session, account_id=account.id, keep_token=keep_token)
    subject, text, html = emails.password_changed_email(login=account.login, changed_at=now)
    enqueue_email(session, account.email, subject, text, html)
    audit(session, actor_kind="customer", actor_id=account.id, action="password.changed",
          entity="portal_account", entity_id=account.id, customer_id=account.customer_id,
          after={"after_temporary": was_forced, "other_sessions_ended": ended})
    return ChangeResult(True, PASSWORD_CHANGED)


def account_summary(session: Session, account_id: int) -> AccountSummary | None:
    account = session.get(PortalAccount, account_id) if isinstance(account_id, int) else None
    if account is None:
        return None
    return AccountSummary(account_id=account.id, customer_id=account.customer_id, login=account.login,
                          email=account.email, must_change_password=account.must_change_password,
                          status=str(account.status))

