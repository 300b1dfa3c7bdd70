"""Data portability (§8): the export holds the customer's data, only theirs, and no secrets."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime

from sqlmodel import select

from ibok_app.models import Meter, MeterReading, PortalAccount, UserSession
from ibok_app.services.accounts import export as data_export
from ibok_app.services.accounts import profile, sessions, terms
from ibok_app.services.cases import complaints, tickets
from tests.factories import billing as billing
from tests.factories.cases import KNOWN_PASSWORD, customer_with_account, staff

NOW = datetime(2026, 5, 4, 10, 0)


def _rich_customer(session):
    who = customer_with_account(session, email="anna@example.com")
    meter = Meter(service_point_id=who.point.id, serial="WM-778899", installed_on=date(2020, 1, 1),
                  certification_expires_on=date(2030, 1, 1))
    session.add(meter)
    session.flush()
    session.add(MeterReading(meter_id=meter.id, customer_id=who.customer_id, read_on=date(2026, 4, 30),
                             value_l=123456))
    doc = billing.document(session, who.customer, gross_gr=123456, number="FV/2026/04/000777")
    billing.payment(session, who.customer, 100000, allocate=[(doc, 100000)], reference="Przelew kwiecień")
    contract = billing.contract(session, who.customer, who.point, number="UM/2020/0042")
    billing.annex(session, contract, number="A/0042/1")
    worker = staff(session)
    tid = tickets.create_ticket(session, who.customer_id, category="leak", service_point_id=who.point.id,
                                description="Wyciek przy wodomierzu w piwnicy.", contact_phone="600100200",
                                now=NOW).ticket_id
    tickets.staff_set_status(session, worker.id, tid, "in_progress", "Przyjedziemy jutro.", now=NOW)
    complaints.create_complaint(session, who.customer_id, subject="Zawyżony odczyt",
                                description="Odczyt na fakturze jest wyższy niż na liczniku.", now=NOW)
    terms.ensure_shipped_terms(session)
    terms.record_acceptance(session, who.account_id, terms.current_terms(session).id, client_ip="192.0.2.10")
    sessions.create_session(session, account_id=who.account_id, client_ip="192.0.2.10", now=NOW)
    profile.change_contact(session, who.account_id, email="nowa@example.com", phone="601234567",
                           current_password=KNOWN_PASSWORD, now=NOW)  # leaves a pending token hash
    session.flush()
    return who


def _secrets(session, who) -> list[str]:
    account = session.get(PortalAccount, who.account_id)
    assert account.pending_email_token_hash and account.password_hash
    tokens = [s.token_hash for s in session.exec(select(UserSession)).all()]
    assert tokens
    return [account.password_hash, account.pending_email_token_hash, *tokens]


def test_json_export_has_everything_about_the_customer(session):
    who = _rich_customer(session)
    other = customer_with_account(session, name="Obcy Klient")
    billing.document(session, other.customer, number="FV/2026/04/999999")
    raw = data_export.export_json(session, who.customer_id, now=NOW)
    doc = json.loads(raw.decode("utf-8"))
    assert doc["format"] == "ibok-export" and doc["exported_at"] == "2026-05-04T10:00:00+00:00"
    assert doc["customer"]["number"] == who.customer.number and doc["customer"]["name"] == "Anna Nowak"
    assert doc["account"]["email"] == "anna@example.com" and doc["account"]["pending_email"] == "nowa@example.com"
    assert doc["preferences"]["notify_documents_email"] is True
    assert doc["service_points"][0]["meters"][0]["serial"] == "WM-778899"
    assert doc["meter_readings"][0]["value_m3"] == "123.456" and doc["meter_readings"][0]["read_on"] == "2026-04-30"
    invoice = doc["documents"][0]
    assert invoice["number"] == "FV/2026/04/000777" and invoice["gross_pln"] == "1234.56"
    assert invoice["issue_date"] == "2024-01-10" and invoice["lines"][0]["quantity"] == "1.000"
    assert doc["payments"][0]["amount_pln"] == "1000.00"
    assert doc["payments"][0]["allocations"][0]["amount_pln"] == "1000.00"
    assert doc["contracts"][0]["annexes"][0]["number"] == "A/0042/1"
    ticket = doc["tickets"][0]
    assert ticket["number"] == "ZG/2026/000001" and ticket["contact_phone"] == "+48600100200"
    assert [m["author"] for m in ticket["messages"]] == ["staff"]
    assert doc["complaints"][0]["answer_due_on"] == "2026-05-18"
    assert doc["terms_acceptances"][0]["terms_version"] == 1
    assert doc["sessions"][0]["client_ip"] == "192.0.2.10"
    assert {a["action"] for a in doc["audit_log"]} >= {"ticket.status", "profile.email_requested"}
    assert "FV/2026/04/999999" not in raw.decode("utf-8") and "Obcy Klient" not in raw.decode("utf-8")


def test_json_export_has_no_password_hash_or_tokens(session):
    who = _rich_customer(session)
    raw = data_export.export_json(session, who.customer_id, now=NOW).decode("utf-8")
    for secret in _secrets(session, who):
        assert secret not in raw
    for key in ("password_hash", "temp_password_hash", "activation_token_hash", "pending_email_token_hash",
                "token_hash", "photo_path"):
        assert f'"{key}"' not in raw


def test_csv_zip_has_one_semicolon_csv_per_table_with_bom(session):
    who = _rich_customer(session)
    blob = data_export.export_csv_zip(session, who.customer_id, now=NOW)
    zf = zipfile.ZipFile(io.BytesIO(blob))
    names = set(zf.namelist())
    assert names == {"README.txt", *(f"{t}.csv" for t in data_export.TABLES)}
    raw = zf.read("documents.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["number"] == "FV/2026/04/000777" and rows[0]["gross_pln"] == "1234.56"
    lines = list(csv.DictReader(io.StringIO(zf.read("ticket_messages.csv").decode("utf-8-sig")), delimiter=";"))
    assert lines[0]["body"] == "Status zgłoszenia: W realizacji.\n\nPrzyjedziemy jutro."
    everything = b"".join(zf.read(n) for n in names).decode("utf-8")
    for secret in _secrets(session, who):
        assert secret not in everything
    assert "password_hash" not in everything


def test_csv_cells_cannot_become_spreadsheet_formulas(session):
    who = customer_with_account(session)
    tickets.create_ticket(session, who.customer_id, category="other", service_point_id=who.point.id,
                          description='=HYPERLINK("http://evil.example","kliknij")', contact_phone=None, now=NOW)
    billing.document(session, who.customer, gross_gr=-2500, number="FK/2026/1")
    zf = zipfile.ZipFile(io.BytesIO(data_export.export_csv_zip(session, who.customer_id, now=NOW)))
    ticket = next(csv.DictReader(io.StringIO(zf.read("tickets.csv").decode("utf-8-sig")), delimiter=";"))
    assert ticket["description"].startswith("'=HYPERLINK")
    doc = next(csv.DictReader(io.StringIO(zf.read("documents.csv").decode("utf-8-sig")), delimiter=";"))
    assert doc["gross_pln"] == "-25.00"  # numbers stay numbers


def test_unknown_customer_gives_an_empty_export(session):
    doc = json.loads(data_export.export_json(session, 424242, now=NOW))
    assert doc["customer"] is None and doc["documents"] == []
