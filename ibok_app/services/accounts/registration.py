"""Registration proved by invoice data, and activation by an e-mailed link (§4).

A customer registers against one of their recent invoices (number and gross amount);
nothing is saved unless everything matches, and attempts are throttled per address
and per customer number. The caller commits."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

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
from ibok_app.services.accounts.authentication import CAN_LOG_IN
from ibok_app.services.accounts.passwords import (
    PASSWORDS_DIFFER,
    hash_password,
    password_problem,
)
from ibok_app.services.accounts.sessions import end_other_sessions
from ibok_app.services.accounts.terms import (
    current_terms,
    ensure_shipped_terms,
    record_acceptance,
)
from ibok_app.services.common import throttle
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import (
    bounded_text,
    client_address,
    normalise_email,
    normalise_phone,
    token_hash,
)
from ibok_app.services.notifications import emails
from ibok_app.services.notifications.emails import hours_text
from ibok_app.services.notifications.outbox import enqueue_email
from ibok_app.views.formats import parse_amount_gr

_WHITESPACE = re.compile(r"\s+")
ACTIVATION_VALID = timedelta(hours=48)
ACTIVATION_HOURS = int(ACTIVATION_VALID.total_seconds() // 3600)
INVOICE_WINDOW_MONTHS = 24  # registration proves knowledge of a recent invoice…
INVOICE_NEWEST = 6  # …one of the customer's six newest
MSG_FIX_FIELDS = "Popraw zaznaczone pola formularza."
MSG_NO_MATCH = ("Podane dane nie zgadzają się z danymi z faktury. "
                "Sprawdź numer klienta, numer faktury i kwotę brutto.")
MSG_ACCOUNT_EXISTS = ("Dla tego numeru klienta konto w IBOK już istnieje. Zaloguj się "
                      "albo skorzystaj z opcji „Nie pamiętam hasła”.")
MSG_ACCOUNT_LOCKED = ("Konto w IBOK dla tego numeru klienta zostało zablokowane. "
                      "Skontaktuj się z Biurem Obsługi Klienta.")
MSG_BAD_ACTIVATION = "Link aktywacyjny jest nieprawidłowy albo został już użyty."
MSG_EXPIRED_ACTIVATION = ("Link aktywacyjny wygasł. Zarejestruj się ponownie, "
                          "a wyślemy nowy link.")

@dataclass(frozen=True)
class RegistrationResult:
    ok: bool
    message: str
    field_errors: dict[str, str] = field(default_factory=dict)
    login: str | None = None
    retry_after: int = 0
    email: str = ""  # where the activation link went (the normalised address)


@dataclass(frozen=True)
class ActivationResult:
    ok: bool
    message: str
    login: str | None = None


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
    ip = client_address(client_ip)
    number = bounded_text(customer_number, 20)
    invoice = bounded_text(invoice_number, 40)
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
        return _too_many(wait)

    customer = _matching_customer(session, number, invoice, amount_gr, now.date())
    if customer is None:
        for scope, key in buckets:
            throttle.record_failure(session, scope, key, now)
        return RegistrationResult(False, MSG_NO_MATCH)

    existing = session.exec(select(PortalAccount).where(PortalAccount.customer_id == customer.id)).first()
    if existing is not None and existing.status in CAN_LOG_IN:
        return RegistrationResult(False, MSG_ACCOUNT_EXISTS, login=existing.login)
    if existing is not None and existing.status == AccountStatus.LOCKED:  # registering again never unlocks
        return RegistrationResult(False, MSG_ACCOUNT_LOCKED)
    token = secrets.token_urlsafe(32)
    account = _pending_account(session, existing, customer, token, email=email_norm, phone=phone_norm,
                               password=password, now=now)
    if account is None:  # a simultaneous registration for the same customer won
        return RegistrationResult(False, "Nie udało się założyć konta. Spróbuj ponownie za chwilę.")
    terms = _accept_current_terms(session, account.id, ip, now)
    _send_activation_link(session, account, token)
    audit(session, actor_kind="customer", actor_id=account.id,
          action="account.re_registered" if existing is not None else "account.registered",
          entity="portal_account", entity_id=account.id, customer_id=customer.id,
          after={"status": AccountStatus.PENDING.value, "email": account.email, "phone": account.phone,
                 "terms_version": terms.version if terms else None}, client_ip=ip)
    return _registered(account)


def _too_many(wait: int) -> RegistrationResult:
    return RegistrationResult(False, "Zbyt wiele nieudanych prób rejestracji. Spróbuj ponownie "
                              f"za {throttle.wait_text(wait)}.", retry_after=wait)


def _registered(account: PortalAccount) -> RegistrationResult:
    return RegistrationResult(
        True,
        f"Konto zostało założone. Na adres {account.email} wysłaliśmy link aktywacyjny, ważny "
        f"{hours_text(ACTIVATION_HOURS)}. Twój login to numer klienta: {account.login}.",
        login=account.login, email=account.email,
    )


def _pending_account(session: Session, existing: PortalAccount | None, customer: Customer, token: str, *,
                     email: str, phone: str, password: str, now: datetime) -> PortalAccount | None:
    """The customer's account saved PENDING with the activation token's hash; None
    when a simultaneous registration for the same customer won.

    PENDING (expired or not) and CLOSED rows are replaced: this person just proved
    knowledge of the invoice, and a stale pending registration must not block them.
    """
    account = _prepare_account(existing, customer)
    account.email = email
    account.phone = phone
    account.password_hash = hash_password(password)
    account.status = AccountStatus.PENDING
    account.activation_token_hash = token_hash(token)
    account.activation_expires_at = now + ACTIVATION_VALID
    account.created_at = now
    try:
        with session.begin_nested():
            session.add(account)
            session.flush()
    except IntegrityError:
        return None
    if existing is not None:
        end_other_sessions(session, account_id=account.id)  # leftovers of a closed account
    return account


def _accept_current_terms(session: Session, account_id: int, ip: str | None, now: datetime):
    """Registration accepts the terms in force (the shipped ones on a fresh database)."""
    terms = current_terms(session, now)
    if terms is None:
        ensure_shipped_terms(session)
        terms = current_terms(session, now)
    if terms is not None:
        record_acceptance(session, account_id, terms.id, ip)
    return terms


def renew_activation_link(session: Session, account: PortalAccount, now: datetime | None = None) -> bool:
    """A new activation link (48 h) for a PENDING account, e-mailed to its address; the
    old link stops working. False for any other account (the office's "send again")."""
    if account.status != AccountStatus.PENDING:
        return False
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    account.activation_token_hash = token_hash(token)
    account.activation_expires_at = now + ACTIVATION_VALID
    session.add(account)
    session.flush()
    _send_activation_link(session, account, token)
    return True


def _send_activation_link(session: Session, account: PortalAccount, token: str) -> None:
    link = f"{settings().public_url}/aktywacja?token={token}"
    subject, text, html = emails.activation_email(login=account.login, link=link, valid_hours=ACTIVATION_HOURS)
    enqueue_email(session, account.email, subject, text, html)


def activate(session: Session, token: object, now: datetime | None = None) -> ActivationResult:
    """Use an activation link: single use, valid 48 hours."""
    now = now or utcnow()
    if not isinstance(token, str) or not 20 <= len(token) <= 128 or not token.isascii():
        return ActivationResult(False, MSG_BAD_ACTIVATION)
    account = session.exec(
        select(PortalAccount).where(PortalAccount.activation_token_hash == token_hash(token.strip()))
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


