"""Resignation and erasure (§7): password, 14-day window, what is erased and what stays."""
from __future__ import annotations

import io
from datetime import datetime, timedelta

from PIL import Image
from sqlmodel import select

from ibok_app.config import settings
from ibok_app.models import (
    AccountStatus,
    AuditLog,
    Complaint,
    Document,
    OutboxMessage,
    PortalAccount,
    TermsAcceptance,
    Ticket,
    TicketMessage,
    UserSession,
)
from ibok_app.services.accounts import closure as account_closure
from ibok_app.services.accounts import sessions, terms
from ibok_app.services.cases import complaints, tickets
from ibok_app.services.common import photos as meter_photos
from tests.factories import billing as billing
from tests.factories.cases import (
    KNOWN_PASSWORD,
    customer_with_account,
    emails_to,
    staff,
)

NOW = datetime(2026, 6, 1, 10, 0)  # 12:00 in Warsaw (CEST)


def test_closure_needs_the_password(session):
    who = customer_with_account(session)
    for wrong in ("nie-to-haslo", "", None, ["x"]):
        result = account_closure.request_closure(session, who.account_id, password=wrong, now=NOW)
        assert not result.ok and "password" in result.field_errors
    account = session.get(PortalAccount, who.account_id)
    assert account.status == AccountStatus.ACTIVE and account.closing_requested_at is None
    assert session.exec(select(OutboxMessage)).all() == []
    assert not account_closure.request_closure(session, 999999, password=KNOWN_PASSWORD, now=NOW).ok


def test_closure_starts_the_14_day_window_keeps_this_session_and_emails(session):
    who = customer_with_account(session, email="anna@example.com")
    mine = sessions.create_session(session, account_id=who.account_id, now=NOW)
    other_device = sessions.create_session(session, account_id=who.account_id, now=NOW)
    result = account_closure.request_closure(session, who.account_id, password=KNOWN_PASSWORD,
                                             keep_token=mine, now=NOW)
    assert result.ok, result.message
    assert result.access_until == NOW + timedelta(days=14)
    account = session.get(PortalAccount, who.account_id)
    assert account.status == AccountStatus.CLOSING and account.closing_requested_at == NOW
    later = NOW + timedelta(minutes=5)
    # still allowed in with this session, to download documents; other devices are out
    assert sessions.resolve_session(session, mine, now=later) is not None
    assert sessions.resolve_session(session, other_device, now=later) is None
    mail = emails_to(session, "anna@example.com")[-1]
    assert "15.06.2026 12:00" in mail.body_text  # access until, Warsaw time
    assert "14 dni" in mail.body_text and "5 lat" in mail.body_text and "pobierz" in mail.body_text
    entry = session.exec(select(AuditLog).where(AuditLog.action == "account.closure_requested")).one()
    assert entry.customer_id == who.customer_id
    again = account_closure.request_closure(session, who.account_id, password=KNOWN_PASSWORD, now=NOW)
    assert not again.ok and "już złożona" in again.message


def test_closure_info_for_the_ui(session):
    who = customer_with_account(session)
    assert account_closure.closure_info(session, who.account_id, now=NOW).closing is False
    account_closure.request_closure(session, who.account_id, password=KNOWN_PASSWORD, now=NOW)
    info = account_closure.closure_info(session, who.account_id, now=NOW + timedelta(days=3, hours=1))
    assert info.closing and info.access_until_date_text == "15.06.2026" and info.days_left == 11
    assert info.access_until_text == "15.06.2026 12:00"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buf, "PNG")
    return buf.getvalue()


def test_erasure_after_14_days_removes_portal_data_and_keeps_billing(session):
    who = customer_with_account(session, email="anna@example.com")
    bystander = customer_with_account(session, email="ktos@example.com")
    worker = staff(session)
    doc = billing.document(session, who.customer, number="FV/2026/05/000123")
    photo = meter_photos.store_photo(_png(), customer_id=who.customer_id)
    tid = tickets.create_ticket(session, who.customer_id, category="leak", service_point_id=who.point.id,
                                description="Wyciek w piwnicy pod schodami.", contact_phone="600100200",
                                photo_path=photo, now=NOW).ticket_id
    tickets.add_customer_message(session, who.customer_id, tid, "Mój numer do furtki to 1234.", now=NOW)
    tickets.staff_set_status(session, worker.id, tid, "resolved", "Naprawione.", now=NOW)
    complaints.create_complaint(session, who.customer_id, subject="Faktura", description="Zła kwota na fakturze.",
                                now=NOW)
    terms.ensure_shipped_terms(session)
    terms.record_acceptance(session, who.account_id, terms.current_terms(session).id, client_ip="192.0.2.1")
    token = sessions.create_session(session, account_id=who.account_id, now=NOW)
    account_closure.request_closure(session, who.account_id, password=KNOWN_PASSWORD, keep_token=token,
                                    now=NOW, client_ip="192.0.2.1")
    bystander_mail = tickets.create_ticket(session, bystander.customer_id, category="other",
                                           service_point_id=bystander.point.id,
                                           description="Pytanie o przyłącze wody.", contact_phone=None, now=NOW)
    assert bystander_mail.ok

    assert account_closure.erase_due_accounts(session, now=NOW + timedelta(days=13, hours=23)) == 0
    assert session.get(PortalAccount, who.account_id) is not None

    assert account_closure.erase_due_accounts(session, now=NOW + timedelta(days=14)) == 1
    session.expire_all()
    assert session.get(PortalAccount, who.account_id) is None
    assert session.exec(select(UserSession).where(UserSession.account_id == who.account_id)).all() == []
    assert session.exec(select(TermsAcceptance)).all() == []
    assert sessions.resolve_session(session, token, now=NOW + timedelta(days=14)) is None
    ticket = session.get(Ticket, tid)
    assert ticket.description == account_closure.ERASED_TEXT
    assert ticket.contact_phone is None and ticket.photo_path is None
    assert not (settings().files_dir / photo).exists()
    bodies = {(m.from_staff_id is not None, m.body) for m in session.exec(select(TicketMessage)).all()}
    assert bodies == {(False, account_closure.ERASED_TEXT),
                      (True, "Status zgłoszenia: Załatwione.\n\nNaprawione.")}
    assert ticket.number == "ZG/2026/000001" and ticket.status == "resolved"
    # billing stays: documents and complaints belong to the water contract
    assert session.get(Document, doc.id) is not None
    assert session.exec(select(Complaint)).one().customer_id == who.customer_id
    # nothing is sent to, or kept for, the erased address; the other customer's mail stays
    assert emails_to(session, "anna@example.com") == []
    assert len(emails_to(session, "ktos@example.com")) == 1
    entries = session.exec(select(AuditLog).where(AuditLog.customer_id == who.customer_id)).all()
    assert all(e.client_ip is None for e in entries)
    assert "account.erased" in {e.action for e in entries}
    assert all(e.before_json is None for e in entries if e.entity == "portal_account")
    assert session.get(PortalAccount, bystander.account_id) is not None
    assert account_closure.erase_due_accounts(session, now=NOW + timedelta(days=30)) == 0


def test_active_accounts_are_never_erased(session):
    who = customer_with_account(session)
    assert account_closure.erase_due_accounts(session, now=NOW + timedelta(days=400)) == 0
    assert session.get(PortalAccount, who.account_id).status == AccountStatus.ACTIVE
