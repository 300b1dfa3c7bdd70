"""Customer accounts (§4 of the terms): registration proved by invoice data,
activation by e-mail, login, temporary passwords ("Nie pamiętam hasła") and
password changes. The one place for these rules: the UI and the CLI call these.

Every function takes whatever a browser can send and answers with a Polish message;
none raises on input. The caller commits (each function only flushes), so that the
account, its e-mail in the outbox and its audit entry are stored together.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.models import (
    AccountStatus,
    Customer,
    CustomerStatus,
    Document,
    DocumentType,
    PortalAccount,
    utcnow,
)
from ibok_app.services import devices, emails, throttle
from ibok_app.services.audit import audit
from ibok_app.services.formats import parse_amount_gr
from ibok_app.services.outbox import enqueue_email
from ibok_app.services.passwords import (
    PASSWORDS_DIFFER,
    generate_temporary_password,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from ibok_app.services.sessions import create_session, end_other_sessions
from ibok_app.services.terms import (
    current_terms,
    ensure_shipped_terms,
    needs_acceptance,
    record_acceptance,
)

ACTIVATION_VALID = timedelta(hours=48)
TEMP_PASSWORD_VALID = timedelta(hours=24)
INVOICE_WINDOW_MONTHS = 24  # registration proves knowledge of a recent invoice…
INVOICE_NEWEST = 6  # …one of the customer's six newest
_RESET_MAX_ACCOUNTS = 5  # one e-mail address may serve several customer numbers
# A customer being closed (§7) may still log in and read for 14 days.
_CAN_LOG_IN = (AccountStatus.ACTIVE, AccountStatus.CLOSING)

MSG_FIX_FIELDS = "Popraw zaznaczone pola formularza."
MSG_NO_MATCH = ("Podane dane nie zgadzają się z danymi z faktury. "
                "Sprawdź numer klienta, numer faktury i kwotę brutto.")
MSG_ACCOUNT_EXISTS = ("Dla tego numeru klienta konto w IBOK już istnieje. Zaloguj się "
                      "albo skorzystaj z opcji „Nie pamiętam hasła”.")
MSG_BAD_LOGIN = "Nieprawidłowy login lub hasło."
MSG_NOT_ACTIVATED = ("Konto nie zostało jeszcze aktywowane. Otwórz link aktywacyjny "
                     "z wiadomości e-mail wysłanej po rejestracji.")
MSG_RESET = "Jeśli konto istnieje, wysłaliśmy na jego adres e-mail hasło tymczasowe."
MSG_BAD_ACTIVATION = "Link aktywacyjny jest nieprawidłowy albo został już użyty."
MSG_EXPIRED_ACTIVATION = ("Link aktywacyjny wygasł. Zarejestruj się ponownie, "
                          "a wyślemy nowy link.")

_PHONE_SEPARATORS = re.compile(r"[\s\-().\u00a0]")
_PHONE = re.compile(r"(?:\+48|0048)?([1-9]\d{8})")
_WHITESPACE = re.compile(r"\s+")


# --- results -----------------------------------------------------------------

@dataclass(frozen=True)
class RegistrationResult:
    ok: bool
    message: str
    field_errors: dict[str, str] = field(default_factory=dict)
    login: str | None = None
    retry_after: int = 0


@dataclass(frozen=True)
class ActivationResult:
    ok: bool
    message: str
    login: str | None = None


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    message: str
    token: str | None = None
    must_change_password: bool = False
    needs_terms: bool = False
    retry_after: int = 0
    device_cookie: str = ""  # after a login: the browser's device cookie (devices.py)


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


# --- input clean-up ----------------------------------------------------------

def _text(value: object, max_len: int) -> str | None:
    """Stripped text, or None for non-text, for text longer than a field can be, and
    for text no database column can hold (NUL, lone surrogates from broken JSON)."""
    if not isinstance(value, str) or len(value) > max_len + 20 or "\x00" in value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    value = value.strip()
    return value if len(value) <= max_len else None


def normalise_phone(value: object) -> str | None:
    """A Polish number (9 digits, optional +48/0048) as "+48XXXXXXXXX"; None if not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    m = _PHONE.fullmatch(_PHONE_SEPARATORS.sub("", value))
    return f"+48{m.group(1)}" if m else None


def normalise_email(value: object) -> str | None:
    """Syntax check only (no DNS); lower-cased ASCII form, fit for SMTP."""
    text = _text(value, 254)
    if not text:
        return None
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except (EmailNotValidError, UnicodeError, ValueError):
        return None
    email = checked.ascii_email.lower()
    return email if len(email) <= 254 else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _months_ago(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for d in (day.day, 30, 29, 28):  # 31 March minus a month is the last day of February
        try:
            return date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _same_number(a: str, b: str) -> bool:
    """Invoice numbers compared as people type them: case and spaces do not matter."""
    return _WHITESPACE.sub("", a).casefold() == _WHITESPACE.sub("", b).casefold()


def _ip(client_ip: object) -> str | None:
    return _text(client_ip, 45) or None


# --- registration ------------------------------------------------------------

def _registration_field_errors(customer_number, invoice_number, amount_gr, phone, email,
                               password, password_confirm, accepted_terms) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not customer_number:
        errors["customer_number"] = "Podaj numer klienta (kod nabywcy z faktury)."
    if not invoice_number:
        errors["invoice_number"] = "Podaj numer faktury."
    if amount_gr is None or amount_gr <= 0:
        errors["gross_amount"] = "Podaj kwotę brutto z faktury, np. 123,45."
    if phone is None:
        errors["phone"] = "Podaj numer telefonu: 9 cyfr, np. 601 234 567 lub +48 601 234 567."
    if email is None:
        errors["email"] = "Podaj poprawny adres e-mail, np. jan.kowalski@example.com."
    problem = password_problem(password, login=customer_number or "", confirm=password_confirm)
    if problem == PASSWORDS_DIFFER:
        errors["password_confirm"] = problem
    elif problem:
        errors["password"] = problem
    if accepted_terms is not True:
        errors["accepted_terms"] = "Aby założyć konto, zaakceptuj regulamin IBOK."
    return errors


def _matching_customer(session: Session, customer_number: str, invoice_number: str,
                       amount_gr: int, today: date) -> Customer | None:
    """The active customer whose recent VAT invoice has this number and gross amount."""
    customer = session.exec(select(Customer).where(Customer.number == customer_number)).first()
    if customer is None or customer.status != CustomerStatus.ACTIVE:
        return None
    newest = session.exec(
        select(Document).where(Document.customer_id == customer.id,
                               Document.doc_type == DocumentType.INVOICE.value)
        .order_by(Document.issue_date.desc(), Document.id.desc()).limit(INVOICE_NEWEST)
    ).all()
    cutoff = _months_ago(today, INVOICE_WINDOW_MONTHS)
    for doc in newest:
        if _same_number(doc.number, invoice_number) and doc.issue_date >= cutoff and doc.gross_gr == amount_gr:
            return customer
    return None


def _prepare_account(existing: PortalAccount | None, customer: Customer) -> PortalAccount:
    """A new account row, or a pending/closed one reset to a fresh registration."""
    if existing is None:
        return PortalAccount(customer_id=customer.id, login=customer.number, email="", password_hash="")
    defaults = PortalAccount(customer_id=customer.id, login=customer.number, email="", password_hash="")
    for name in ("notify_documents_email", "notify_documents_sms", "notify_outages_email",
                 "notify_outages_sms", "notify_readings_email", "notify_readings_sms", "einvoice_consent"):
        setattr(existing, name, getattr(defaults, name))
    existing.login = customer.number
    existing.temp_password_hash = None
    existing.temp_password_expires_at = None
    existing.must_change_password = False
    existing.pending_email = existing.pending_email_token_hash = None
    existing.pending_email_expires_at = None
    existing.activated_at = existing.closing_requested_at = existing.last_login_at = None
    return existing


def register(session: Session, *, customer_number: object, invoice_number: object, gross_amount: object,
             phone: object, email: object, password: object, password_confirm: object,
             accepted_terms: object, client_ip: str | None = None,
             now: datetime | None = None) -> RegistrationResult:
    """Create a PENDING account for a customer who proved knowledge of a recent invoice,
    and e-mail the activation link. Nothing is saved unless everything matches."""
    now = now or utcnow()
    ip = _ip(client_ip)
    number = _text(customer_number, 20)
    invoice = _text(invoice_number, 40)
    amount_gr = parse_amount_gr(gross_amount)
    phone_norm = normalise_phone(phone)
    email_norm = normalise_email(email)
    errors = _registration_field_errors(number, invoice, amount_gr, phone_norm, email_norm,
                                        password, password_confirm, accepted_terms)
    if errors:
        return RegistrationResult(False, MSG_FIX_FIELDS, errors)

    # per address, and per customer number: guesses of one invoice from many addresses are slowed too
    buckets = [("register_customer", number)] + ([("register_ip", ip)] if ip else [])
    wait = max(throttle.retry_after(session, scope, key, now) for scope, key in buckets)
    if wait:
        return RegistrationResult(False, "Zbyt wiele nieudanych prób rejestracji. Spróbuj ponownie "
                                  f"za {throttle.wait_text(wait)}.", retry_after=wait)

    customer = _matching_customer(session, number, invoice, amount_gr, now.date())
    if customer is None:
        for scope, key in buckets:
            throttle.record_failure(session, scope, key, now)
        return RegistrationResult(False, MSG_NO_MATCH)

    existing = session.exec(select(PortalAccount).where(PortalAccount.customer_id == customer.id)).first()
    if existing is not None and existing.status in _CAN_LOG_IN:
        return RegistrationResult(False, MSG_ACCOUNT_EXISTS, login=existing.login)
    replacing = existing is not None
    # PENDING (expired or not) and CLOSED rows are replaced: this person just proved
    # knowledge of the invoice, and a stale pending registration must not block them.
    account = _prepare_account(existing, customer)
    token = secrets.token_urlsafe(32)
    account.email = email_norm
    account.phone = phone_norm
    account.password_hash = hash_password(password)
    account.status = AccountStatus.PENDING
    account.activation_token_hash = _token_hash(token)
    account.activation_expires_at = now + ACTIVATION_VALID
    account.created_at = now
    try:
        with session.begin_nested():
            session.add(account)
            session.flush()
    except IntegrityError:  # a simultaneous registration for the same customer won
        return RegistrationResult(False, "Nie udało się założyć konta. Spróbuj ponownie za chwilę.")
    if replacing:
        end_other_sessions(session, account_id=account.id)  # leftovers of a closed account

    terms = current_terms(session, now)
    if terms is None:
        ensure_shipped_terms(session)
        terms = current_terms(session, now)
    if terms is not None:
        record_acceptance(session, account.id, terms.id, ip)

    link = f"{settings().public_url}/aktywacja?token={token}"
    subject, text, html = emails.activation_email(login=account.login, link=link,
                                                  valid_hours=int(ACTIVATION_VALID.total_seconds() // 3600))
    enqueue_email(session, account.email, subject, text, html)
    audit(session, actor_kind="customer", actor_id=account.id,
          action="account.re_registered" if replacing else "account.registered",
          entity="portal_account", entity_id=account.id, customer_id=customer.id,
          after={"status": AccountStatus.PENDING.value, "email": account.email, "phone": account.phone,
                 "terms_version": terms.version if terms else None}, client_ip=ip)
    return RegistrationResult(
        True,
        f"Konto zostało założone. Na adres {account.email} wysłaliśmy link aktywacyjny, ważny "
        f"48 godzin. Twój login to numer klienta: {account.login}.",
        login=account.login,
    )


def activate(session: Session, token: object, now: datetime | None = None) -> ActivationResult:
    """Use an activation link: single use, valid 48 hours."""
    now = now or utcnow()
    if not isinstance(token, str) or not 20 <= len(token) <= 128 or not token.isascii():
        return ActivationResult(False, MSG_BAD_ACTIVATION)
    account = session.exec(
        select(PortalAccount).where(PortalAccount.activation_token_hash == _token_hash(token.strip()))
    ).first()
    if account is None or account.status != AccountStatus.PENDING:
        return ActivationResult(False, MSG_BAD_ACTIVATION)
    if account.activation_expires_at is None or account.activation_expires_at <= now:
        return ActivationResult(False, MSG_EXPIRED_ACTIVATION)
    account.status = AccountStatus.ACTIVE
    account.activated_at = now
    account.activation_token_hash = None
    account.activation_expires_at = None
    session.add(account)
    session.flush()
    audit(session, actor_kind="customer", actor_id=account.id, action="account.activated",
          entity="portal_account", entity_id=account.id, customer_id=account.customer_id,
          before={"status": AccountStatus.PENDING.value}, after={"status": AccountStatus.ACTIVE.value})
    return ActivationResult(True, f"Konto zostało aktywowane. Zaloguj się: Twój login to {account.login}.",
                            login=account.login)


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
    ip = _ip(client_ip)
    login_text = _text(login, 100)
    device = devices.device_id(device_cookie, login_text)
    buckets = ([("login_ip", ip)] if ip else []) + (
        [("login_device", device) if device else ("login_account", login_text)] if login_text else [])
    wait = max([throttle.retry_after(session, scope, key, now) for scope, key in buckets], default=0)
    if wait:
        return _too_many(wait)

    account = None
    if login_text:
        account = session.exec(select(PortalAccount).where(PortalAccount.login == login_text)).first()
    password_ok = temp_ok = False
    if account is None or account.status not in (*_CAN_LOG_IN, AccountStatus.PENDING):
        verify_password(password, None)  # same work as for a real account
    else:
        password_ok = verify_password(password, account.password_hash)
        if (not password_ok and account.temp_password_hash and account.temp_password_expires_at
                and account.temp_password_expires_at > now):
            temp_ok = verify_password(password, account.temp_password_hash)

    if not (password_ok or temp_ok):
        for scope, key in buckets:
            throttle.record_failure(session, scope, key, now)
        return LoginResult(False, MSG_BAD_LOGIN)
    if account.status == AccountStatus.PENDING:
        return LoginResult(False, MSG_NOT_ACTIVATED)

    # Only the account's own counter is reset: resetting the address's counter would
    # let someone with one valid account keep guessing others from that address.
    throttle.reset(session, *buckets[-1])
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
    return LoginResult(True, "Zalogowano.", token=token, must_change_password=account.must_change_password,
                       needs_terms=needs_acceptance(session, account.id),
                       device_cookie=device_cookie if device else devices.issue(login_text))


# --- forgotten password ------------------------------------------------------

def request_password_reset(session: Session, *, login_or_email: object, client_ip: str | None = None,
                           now: datetime | None = None) -> str:
    """"Nie pamiętam hasła": e-mail a temporary password (24 h, single use) to the
    account's address. The answer is the same whatever happened, so it reveals
    neither whether an account exists nor whether the request was throttled."""
    now = now or utcnow()
    ip = _ip(client_ip)
    value = _text(login_or_email, 254)
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
        if account.status not in _CAN_LOG_IN:
            continue
        if throttle.retry_after(session, "reset_account", account.id, now):
            continue
        throttle.record_failure(session, "reset_account", account.id, now)
        temporary = generate_temporary_password()
        account.temp_password_hash = hash_password(temporary)
        account.temp_password_expires_at = now + TEMP_PASSWORD_VALID
        session.add(account)
        subject, text, html = emails.temporary_password_email(
            login=account.login, password=temporary,
            valid_hours=int(TEMP_PASSWORD_VALID.total_seconds() // 3600))
        enqueue_email(session, account.email, subject, text, html)
        audit(session, actor_kind="customer", actor_id=account.id, action="password.reset_requested",
              entity="portal_account", entity_id=account.id, customer_id=account.customer_id, client_ip=ip)
        sent += 1
    if not sent:
        hash_password(generate_temporary_password())  # same time as a real reset
    session.flush()
    return MSG_RESET


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
    if account is None or account.status not in _CAN_LOG_IN:
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
    return ChangeResult(True, "Hasło zostało zmienione. Sesje na innych urządzeniach zostały zakończone.")


def account_summary(session: Session, account_id: int) -> AccountSummary | None:
    account = session.get(PortalAccount, account_id) if isinstance(account_id, int) else None
    if account is None:
        return None
    return AccountSummary(account_id=account.id, customer_id=account.customer_id, login=account.login,
                          email=account.email, must_change_password=account.must_change_password,
                          status=str(account.status))
