"""The customer's contact data and notification preferences (§6, §8).

- Changing the phone or the e-mail address needs the current password (someone at
  an unattended, logged-in computer must not redirect the customer's notifications).
  Wrong passwords count against the same throttle as logins ("login_account").
- A new phone number applies at once. A new e-mail address applies only after the
  link sent to it is opened (48 h): until then `pending_email` holds it and only the
  SHA-256 of the link's token is stored. The old address is told about the request.
  Saving the form with the current address (e.g. to change only the phone) leaves a
  pending change alone; the customer drops it with cancel_pending_email.
- Preferences are booleans whatever the browser sends; every change is audited with
  the values before and after.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.models import AccountStatus, Customer, PortalAccount, utcnow
from ibok_app.services.accounts.passwords import verify_password
from ibok_app.services.common import throttle
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import normalise_email, normalise_phone
from ibok_app.services.notifications import case_emails
from ibok_app.services.notifications.emails import hours_text
from ibok_app.services.notifications.outbox import enqueue_email
from ibok_app.views.formats import address_line, datetime_pl

EMAIL_TOKEN_HOURS = 48
CONFIRM_PATH = "/potwierdz-email"
PREFERENCE_FIELDS = ("notify_documents_email", "notify_documents_sms", "notify_outages_email",
                     "notify_outages_sms", "notify_readings_email", "notify_readings_sms", "einvoice_consent")
_SMS_FIELDS = ("notify_documents_sms", "notify_outages_sms", "notify_readings_sms")
_USABLE = (AccountStatus.ACTIVE, AccountStatus.CLOSING)
_TRUE_TEXTS = {"1", "true", "on", "yes", "tak", "t", "y"}
_NO_ACCOUNT = "Nie znaleziono konta. Zaloguj się ponownie."


@dataclass(frozen=True)
class ContactData:
    login: str
    email: str
    phone: str  # as stored, "+48600123456" or ""
    phone_text: str  # "+48 600 123 456"
    pending_email: str
    pending_until_text: str
    customer_name: str
    address: str
    correspondence_address: str


@dataclass(frozen=True)
class ChangeResult:
    ok: bool
    message: str
    field_errors: dict[str, str] = field(default_factory=dict)
    email_pending: bool = False


@dataclass(frozen=True)
class ConfirmResult:
    ok: bool
    message: str


@dataclass(frozen=True)
class Preferences:
    notify_documents_email: bool
    notify_documents_sms: bool
    notify_outages_email: bool
    notify_outages_sms: bool
    notify_readings_email: bool
    notify_readings_sms: bool
    einvoice_consent: bool
    has_phone: bool


def phone_text(phone: str | None) -> str:
    """"+48600123456" as "+48 600 123 456" (anything else unchanged)."""
    if phone and len(phone) == 12 and phone.startswith("+48") and phone[3:].isdigit():
        return f"+48 {phone[3:6]} {phone[6:9]} {phone[9:]}"
    return phone or ""


def mask_email(email: str) -> str:
    """j***@example.com: enough to recognise, not enough to harvest."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def as_bool(value: object) -> bool:
    """A checkbox value from a browser: True only for clear yes-values, never raises."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value == 1
    if isinstance(value, str) and len(value) <= 10:
        return value.strip().lower() in _TRUE_TEXTS
    return False


def _account(session: Session, account_id: int) -> PortalAccount | None:
    account = session.get(PortalAccount, account_id) if isinstance(account_id, int) else None
    return account if account is not None and account.status in _USABLE else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()




def contact_data(session: Session, account_id: int, now: datetime | None = None) -> ContactData | None:
    account = _account(session, account_id)
    if account is None:
        return None
    customer = session.get(Customer, account.customer_id)
    now = now or utcnow()
    pending = bool(account.pending_email and account.pending_email_expires_at
                   and account.pending_email_expires_at > now)
    return ContactData(
        login=account.login, email=account.email, phone=account.phone or "",
        phone_text=phone_text(account.phone),
        pending_email=account.pending_email if pending else "",
        pending_until_text=datetime_pl(account.pending_email_expires_at) if pending else "",
        customer_name=customer.name if customer else "",
        address=address_line(customer.street, customer.postal_code, customer.city) if customer else "",
        correspondence_address=address_line(customer.corr_street, customer.corr_postal_code,
                                        customer.corr_city) if customer else "",
    )


def _check_password(session: Session, account: PortalAccount, password: object,
                    now: datetime) -> str | None:
    """None when the password is right; otherwise the message for the field."""
    wait = throttle.retry_after(session, "login_account", account.login, now)
    if wait:
        return f"Zbyt wiele prób. Spróbuj ponownie za {throttle.wait_text(wait)}."
    if not isinstance(password, str) or not password:
        return "Podaj obecne hasło, aby potwierdzić zmianę."
    if not verify_password(password, account.password_hash):
        throttle.record_failure(session, "login_account", account.login, now)
        return "Nieprawidłowe hasło."
    throttle.reset(session, "login_account", account.login)
    return None


def verify_account_password(session: Session, account: PortalAccount, password: object,
                            now: datetime | None = None) -> str | None:
    """Shared with account_closure: the password check with throttling."""
    return _check_password(session, account, password, now or utcnow())


def change_contact(session: Session, account_id: int, *, email: object, phone: object,
                   current_password: object, client_ip: str | None = None,
                   now: datetime | None = None) -> ChangeResult:
    account = _account(session, account_id)
    if account is None:
        return ChangeResult(False, _NO_ACCOUNT)
    now = now or utcnow()
    errors: dict[str, str] = {}
    new_email = normalise_email(email)
    if new_email is None:
        errors["email"] = "Podaj poprawny adres e-mail, np. jan.kowalski@example.com."
    blank_phone = phone is None or (isinstance(phone, str) and not phone.strip())
    new_phone = None if blank_phone else normalise_phone(phone)
    if not blank_phone and new_phone is None:
        errors["phone"] = "Podaj numer telefonu: 9 cyfr, np. 601 234 567 lub +48 601 234 567."
    elif blank_phone and any(getattr(account, f) for f in _SMS_FIELDS):
        errors["phone"] = "Powiadomienia SMS są włączone: podaj numer telefonu albo najpierw je wyłącz."
    if errors:
        return ChangeResult(False, "Popraw zaznaczone pola.", errors)
    problem = _check_password(session, account, current_password, now)
    if problem:
        return ChangeResult(False, problem, {"current_password": problem})

    done: list[str] = []
    if new_phone != account.phone:
        audit(session, actor_kind="customer", actor_id=account.id, action="profile.phone",
              entity="portal_account", entity_id=account.id, customer_id=account.customer_id,
              before={"phone": account.phone}, after={"phone": new_phone}, client_ip=client_ip)
        account.phone = new_phone
        done.append("Zapisano numer telefonu." if new_phone else "Usunięto numer telefonu.")

    pending = False
    # the current address changes nothing: a pending change waits for its link or cancel_pending_email
    if new_email != account.email:
        _request_email_change(session, account, new_email, now, client_ip)
        pending = True
        done.append(f"Na adres {new_email} wysłaliśmy link potwierdzający, ważny {hours_text(EMAIL_TOKEN_HOURS)}. "
                    "Adres e-mail zmieni się po jego otwarciu.")
    session.add(account)
    session.flush()
    return ChangeResult(True, " ".join(done) or "Nie wprowadzono żadnych zmian.", {}, pending)


def _request_email_change(session: Session, account: PortalAccount, new_email: str, now: datetime,
                          client_ip: str | None) -> None:
    token = secrets.token_urlsafe(32)
    audit(session, actor_kind="customer", actor_id=account.id, action="profile.email_requested",
          entity="portal_account", entity_id=account.id, customer_id=account.customer_id,
          before={"email": account.email, "pending_email": account.pending_email},
          after={"email": account.email, "pending_email": new_email}, client_ip=client_ip)
    account.pending_email = new_email
    account.pending_email_token_hash = _hash(token)
    account.pending_email_expires_at = now + timedelta(hours=EMAIL_TOKEN_HOURS)
    link = f"{settings().public_url}{CONFIRM_PATH}?token={token}"
    subject, text, html = case_emails.email_change_confirm_email(
        login=account.login, new_email=new_email, link=link, valid_hours=EMAIL_TOKEN_HOURS)
    enqueue_email(session, new_email, subject, text, html)
    subject, text, html = case_emails.email_change_notice_email(
        login=account.login, new_email_masked=mask_email(new_email))
    enqueue_email(session, account.email, subject, text, html)


def cancel_pending_email(session: Session, account_id: int, *,
                         client_ip: str | None = None) -> ChangeResult:
    """Drop a requested e-mail change: its link stops working, the address stays as it is."""
    account = _account(session, account_id)
    if account is None:
        return ChangeResult(False, _NO_ACCOUNT)
    if not account.pending_email:
        return ChangeResult(True, "Nie ma oczekującej zmiany adresu e-mail.")
    audit(session, actor_kind="customer", actor_id=account.id, action="profile.email_cancelled",
          entity="portal_account", entity_id=account.id, customer_id=account.customer_id,
          before={"email": account.email, "pending_email": account.pending_email},
          after={"email": account.email, "pending_email": None}, client_ip=client_ip)
    dropped = account.pending_email
    account.pending_email = account.pending_email_token_hash = None
    account.pending_email_expires_at = None
    session.add(account)
    session.flush()
    return ChangeResult(True, f"Anulowano zmianę adresu e-mail na {dropped}. "
                              f"Wiadomości nadal wysyłamy na adres {account.email}.")


def confirm_email(session: Session, token: object, now: datetime | None = None) -> ConfirmResult:
    """Apply a pending e-mail change from the link's token (single use)."""
    invalid = ConfirmResult(False, "Link jest nieprawidłowy albo został już użyty.")
    if not isinstance(token, str) or not (20 <= len(token) <= 128) or not token.isascii():
        return invalid
    account = session.exec(
        select(PortalAccount).where(PortalAccount.pending_email_token_hash == _hash(token.strip()))
    ).first()
    if account is None or account.status not in _USABLE or not account.pending_email:
        return invalid
    now = now or utcnow()
    if account.pending_email_expires_at is None or account.pending_email_expires_at <= now:
        return ConfirmResult(False, "Link wygasł. Zaloguj się i zmień adres e-mail ponownie.")
    old, new = account.email, account.pending_email
    account.email = new
    account.pending_email = account.pending_email_token_hash = None
    account.pending_email_expires_at = None
    session.add(account)
    audit(session, actor_kind="customer", actor_id=account.id, action="profile.email_confirmed",
          entity="portal_account", entity_id=account.id, customer_id=account.customer_id,
          before={"email": old}, after={"email": new})
    return ConfirmResult(True, f"Adres e-mail został zmieniony na {new}.")


def _prefs(account: PortalAccount) -> dict[str, bool]:
    return {name: bool(getattr(account, name)) for name in PREFERENCE_FIELDS}


def preferences(session: Session, account_id: int) -> Preferences | None:
    account = _account(session, account_id)
    if account is None:
        return None
    return Preferences(**_prefs(account), has_phone=bool(account.phone))


def save_preferences(session: Session, account_id: int, *, notify_documents_email: object,
                     notify_documents_sms: object, notify_outages_email: object,
                     notify_outages_sms: object, notify_readings_email: object,
                     notify_readings_sms: object, einvoice_consent: object,
                     client_ip: str | None = None) -> ChangeResult:
    account = _account(session, account_id)
    if account is None:
        return ChangeResult(False, _NO_ACCOUNT)
    given = {
        "notify_documents_email": notify_documents_email, "notify_documents_sms": notify_documents_sms,
        "notify_outages_email": notify_outages_email, "notify_outages_sms": notify_outages_sms,
        "notify_readings_email": notify_readings_email, "notify_readings_sms": notify_readings_sms,
        "einvoice_consent": einvoice_consent,
    }
    after = {name: as_bool(given[name]) for name in PREFERENCE_FIELDS}
    if not account.phone and any(after[f] for f in _SMS_FIELDS):
        msg = "Aby otrzymywać SMS-y, najpierw podaj numer telefonu w danych kontaktowych."
        return ChangeResult(False, msg, {f: msg for f in _SMS_FIELDS if after[f]})
    before = _prefs(account)
    if after == before:
        return ChangeResult(True, "Nie wprowadzono żadnych zmian.")
    for name, value in after.items():
        setattr(account, name, value)
    session.add(account)
    changed = [n for n in PREFERENCE_FIELDS if before[n] != after[n]]
    audit(session, actor_kind="customer", actor_id=account.id, action="profile.preferences",
          entity="portal_account", entity_id=account.id, customer_id=account.customer_id,
          before={n: before[n] for n in changed}, after={n: after[n] for n in changed}, client_ip=client_ip)
    return ChangeResult(True, "Zapisano ustawienia powiadomień.")
