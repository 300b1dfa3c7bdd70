"""Contact data and preferences (§6, §8): password-confirmed changes, e-mail change
confirmed from the new mailbox, preferences coerced to booleans, audit entries."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from sqlmodel import select

from ibok_app.models import AuditLog, OutboxMessage, PortalAccount
from ibok_app.services.accounts import profile
from tests.factories.cases import KNOWN_PASSWORD, customer_with_account, emails_to

NOW = datetime(2026, 4, 1, 8, 0)


def _token(body: str) -> str:
    m = re.search(r"http://localhost:3999/potwierdz-email\?token=([A-Za-z0-9_-]+)", body)
    assert m, body
    return m.group(1)


def test_contact_data_shows_current_values(session):
    who = customer_with_account(session, email="anna@example.com")
    data = profile.contact_data(session, who.account_id)
    assert (data.login, data.email, data.phone_text, data.pending_email) == (
        who.customer.number, "anna@example.com", "+48 601 234 567", "")
    assert data.customer_name == "Anna Nowak" and data.address == "ul. Żeromskiego 5, 67-120 Kożuchów"
    assert profile.contact_data(session, 999999) is None
    assert profile.contact_data(session, "1") is None


def test_change_needs_the_current_password(session):
    who = customer_with_account(session, email="anna@example.com")
    for wrong in ("zle-haslo", "", None, {"p": 1}):
        result = profile.change_contact(session, who.account_id, email="nowy@example.com",
                                        phone="600 100 200", current_password=wrong, now=NOW)
        assert not result.ok
        assert result.field_errors["current_password"] in ("Nieprawidłowe hasło.",
                                                           "Podaj obecne hasło, aby potwierdzić zmianę.")
    account = session.get(PortalAccount, who.account_id)
    assert (account.email, account.phone, account.pending_email) == ("anna@example.com", "+48601234567", None)
    assert session.exec(select(OutboxMessage)).all() == []
    assert session.exec(select(AuditLog)).all() == []


def test_phone_change_applies_at_once_and_is_audited(session):
    who = customer_with_account(session, email="anna@example.com")
    result = profile.change_contact(session, who.account_id, email="anna@example.com", phone="+48 600-100-200",
                                    current_password=KNOWN_PASSWORD, client_ip="203.0.113.5", now=NOW)
    assert result.ok and result.message == "Zapisano numer telefonu." and not result.email_pending
    assert session.get(PortalAccount, who.account_id).phone == "+48600100200"
    entry = session.exec(select(AuditLog).where(AuditLog.action == "profile.phone")).one()
    assert json.loads(entry.before_json) == {"phone": "+48601234567"}
    assert json.loads(entry.after_json) == {"phone": "+48600100200"}
    assert entry.client_ip == "203.0.113.5" and entry.customer_id == who.customer_id
    assert session.exec(select(OutboxMessage)).all() == []  # no e-mail for a phone change


def test_invalid_values_are_refused_before_the_password_check(session):
    who = customer_with_account(session)
    result = profile.change_contact(session, who.account_id, email="to nie jest adres", phone="12 34",
                                    current_password=KNOWN_PASSWORD, now=NOW)
    assert set(result.field_errors) == {"email", "phone"}
    blank = profile.change_contact(session, who.account_id, email=who.account.email, phone="",
                                   current_password=KNOWN_PASSWORD, now=NOW)
    assert blank.ok and session.get(PortalAccount, who.account_id).phone is None


def test_email_change_applies_only_after_confirmation(session):
    who = customer_with_account(session, email="anna@example.com")
    result = profile.change_contact(session, who.account_id, email="Anna.Nowa@Example.com", phone="601234567",
                                    current_password=KNOWN_PASSWORD, now=NOW)
    assert result.ok and result.email_pending
    assert "anna.nowa@example.com" in result.message and "48 godzin" in result.message
    account = session.get(PortalAccount, who.account_id)
    assert account.email == "anna@example.com"  # not yet
    assert account.pending_email == "anna.nowa@example.com"
    assert account.pending_email_expires_at == NOW + timedelta(hours=48)
    to_new = emails_to(session, "anna.nowa@example.com")
    to_old = emails_to(session, "anna@example.com")
    assert len(to_new) == 1 and len(to_old) == 1
    token = _token(to_new[0].body_text)
    assert token not in to_old[0].body_text and "a***@example.com" in to_old[0].body_text
    assert account.pending_email_token_hash != token and len(account.pending_email_token_hash) == 64
    assert profile.contact_data(session, who.account_id, now=NOW).pending_email == "anna.nowa@example.com"

    confirmed = profile.confirm_email(session, token, now=NOW + timedelta(hours=47))
    assert confirmed.ok and confirmed.message == "Adres e-mail został zmieniony na anna.nowa@example.com."
    account = session.get(PortalAccount, who.account_id)
    assert account.email == "anna.nowa@example.com"
    assert (account.pending_email, account.pending_email_token_hash) == (None, None)
    assert not profile.confirm_email(session, token, now=NOW + timedelta(hours=47)).ok  # single use
    actions = [a.action for a in session.exec(select(AuditLog).order_by(AuditLog.id)).all()]
    assert actions == ["profile.email_requested", "profile.email_confirmed"]


def test_expired_or_bad_confirmation_link(session):
    who = customer_with_account(session, email="anna@example.com")
    profile.change_contact(session, who.account_id, email="nowy@example.com", phone="601234567",
                           current_password=KNOWN_PASSWORD, now=NOW)
    token = _token(emails_to(session, "nowy@example.com")[0].body_text)
    late = profile.confirm_email(session, token, now=NOW + timedelta(hours=48, seconds=1))
    assert not late.ok and "wygasł" in late.message
    assert session.get(PortalAccount, who.account_id).email == "anna@example.com"
    for junk in (None, "", "x" * 500, 42, {"token": token}, token[:-1] + ("B" if token.endswith("A") else "A")):
        assert not profile.confirm_email(session, junk, now=NOW).ok


def test_saving_the_current_address_keeps_the_pending_change(session):
    """Changing only the phone while a new address waits for its link must not drop it."""
    who = customer_with_account(session, email="anna@example.com")
    profile.change_contact(session, who.account_id, email="nowy@example.com", phone="601234567",
                           current_password=KNOWN_PASSWORD, now=NOW)
    token = _token(emails_to(session, "nowy@example.com")[0].body_text)
    result = profile.change_contact(session, who.account_id, email="Anna@Example.com", phone="600 100 200",
                                    current_password=KNOWN_PASSWORD, now=NOW + timedelta(hours=1))
    assert result.ok and result.message == "Zapisano numer telefonu." and not result.email_pending
    account = session.get(PortalAccount, who.account_id)
    assert (account.email, account.phone, account.pending_email) == (
        "anna@example.com", "+48600100200", "nowy@example.com")
    assert account.pending_email_expires_at == NOW + timedelta(hours=48)  # the same request, not a new one
    assert len(emails_to(session, "nowy@example.com")) == 1
    assert profile.confirm_email(session, token, now=NOW + timedelta(hours=2)).ok  # the link still works
    assert session.get(PortalAccount, who.account_id).email == "nowy@example.com"


def test_cancel_pending_email_drops_the_link_and_is_audited(session):
    who = customer_with_account(session, email="anna@example.com")
    profile.change_contact(session, who.account_id, email="nowy@example.com", phone="601234567",
                           current_password=KNOWN_PASSWORD, now=NOW)
    token = _token(emails_to(session, "nowy@example.com")[0].body_text)

    result = profile.cancel_pending_email(session, who.account_id, client_ip="203.0.113.9")
    assert result.ok and "Anulowano" in result.message and "anna@example.com" in result.message
    account = session.get(PortalAccount, who.account_id)
    assert account.email == "anna@example.com"
    assert (account.pending_email, account.pending_email_token_hash, account.pending_email_expires_at) == (
        None, None, None)
    assert profile.contact_data(session, who.account_id, now=NOW).pending_email == ""
    assert not profile.confirm_email(session, token, now=NOW + timedelta(hours=1)).ok
    assert session.get(PortalAccount, who.account_id).email == "anna@example.com"
    entry = session.exec(select(AuditLog).where(AuditLog.action == "profile.email_cancelled")).one()
    assert json.loads(entry.before_json) == {"email": "anna@example.com", "pending_email": "nowy@example.com"}
    assert json.loads(entry.after_json) == {"email": "anna@example.com", "pending_email": None}
    assert entry.client_ip == "203.0.113.9" and entry.customer_id == who.customer_id

    # nothing pending (again): a plain answer, no second audit entry
    again = profile.cancel_pending_email(session, who.account_id)
    assert again.ok and again.message == "Nie ma oczekującej zmiany adresu e-mail."
    assert len(session.exec(select(AuditLog).where(AuditLog.action == "profile.email_cancelled")).all()) == 1


def test_cancel_pending_email_for_an_unknown_account(session):
    for junk in (999999, "1", None, {"id": 1}):
        result = profile.cancel_pending_email(session, junk)
        assert not result.ok and "Zaloguj się" in result.message


def test_preferences_are_coerced_to_booleans_saved_and_audited(session):
    who = customer_with_account(session)
    result = profile.save_preferences(
        session, who.account_id, notify_documents_email="false", notify_documents_sms="on",
        notify_outages_email={"x": 1}, notify_outages_sms=1, notify_readings_email=None,
        notify_readings_sms="tak", einvoice_consent=True, client_ip="198.51.100.7")
    assert result.ok, result.message
    prefs = profile.preferences(session, who.account_id)
    assert prefs == profile.Preferences(
        notify_documents_email=False, notify_documents_sms=True, notify_outages_email=False,
        notify_outages_sms=True, notify_readings_email=False, notify_readings_sms=True,
        einvoice_consent=True, has_phone=True)
    entry = session.exec(select(AuditLog).where(AuditLog.action == "profile.preferences")).one()
    assert json.loads(entry.before_json)["einvoice_consent"] is False
    assert json.loads(entry.after_json)["einvoice_consent"] is True
    assert json.loads(entry.after_json)["notify_documents_email"] is False
    again = profile.save_preferences(session, who.account_id, **{f: getattr(prefs, f)
                                                                  for f in profile.PREFERENCE_FIELDS})
    assert again.ok and again.message == "Nie wprowadzono żadnych zmian."
    assert len(session.exec(select(AuditLog)).all()) == 1


def test_sms_needs_a_phone_number(session):
    who = customer_with_account(session, phone=None)
    result = profile.save_preferences(
        session, who.account_id, notify_documents_email=True, notify_documents_sms=True,
        notify_outages_email=True, notify_outages_sms=False, notify_readings_email=True,
        notify_readings_sms=False, einvoice_consent=False)
    assert not result.ok and set(result.field_errors) == {"notify_documents_sms"}
    assert session.get(PortalAccount, who.account_id).notify_documents_sms is False
    assert profile.preferences(session, 999999) is None
