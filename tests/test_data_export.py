"""Data portability (§8): the export holds the customer's data, only theirs, and no secrets."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime

from sqlmodel import select

from ibok_app.api import my_data_files
from ibok_app.models import (
    AuditLog,
    Complaint,
    Contract,
    ContractAnnex,
    Customer,
    Document,
    DocumentLine,
    Meter,
    MeterReading,
    OnlinePayment,
    Payment,
    PaymentAllocation,
    PortalAccount,
    ServicePoint,
    TermsAcceptance,
    Ticket,
    TicketMessage,
    UserSession,
)
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
    assert doc["format"] == "ibok-eksport" and doc["wersja_formatu"] == 2
    assert doc["utworzono"] == "2026-05-04T10:00:00+00:00"
    assert doc["klient"]["numer_klienta"] == who.customer.number and doc["klient"]["nazwa"] == "Anna Nowak"
    assert doc["konto"]["email"] == "anna@example.com" and doc["konto"]["nowy_email_do_potwierdzenia"] == "nowa@example.com"
    assert doc["konto"]["status"] == "aktywne"
    assert doc["zgody_i_powiadomienia"]["powiadomienia_dokumenty_email"] is True
    assert doc["punkty_poboru"][0]["wodomierze"][0]["numer_wodomierza"] == "WM-778899"
    reading = doc["odczyty"][0]
    assert reading["stan_m3"] == "123.456" and reading["data_odczytu"] == "2026-04-30"
    assert reading["zrodlo"] == "klient" and reading["status"] == "przyjęty"
    invoice = doc["dokumenty"][0]
    assert invoice["numer"] == "FV/2026/04/000777" and invoice["kwota_brutto_zl"] == "1234.56"
    assert invoice["rodzaj"] == "Faktura VAT"
    assert invoice["data_wystawienia"] == "2024-01-10" and invoice["pozycje"][0]["ilosc"] == "1.000"
    assert doc["platnosci"][0]["kwota_zl"] == "1000.00"
    assert doc["platnosci"][0]["rozliczenie"][0]["kwota_zl"] == "1000.00"
    assert doc["umowy"][0]["aneksy"][0]["numer"] == "A/0042/1"
    ticket = doc["zgloszenia"][0]
    assert ticket["numer"] == "ZG/2026/000001" and ticket["telefon_kontaktowy"] == "+48600100200"
    assert ticket["rodzaj"] == "Wyciek" and ticket["status"] == "W realizacji"
    assert [m["autor"] for m in ticket["wiadomosci"]] == ["Biuro Obsługi Klienta"]
    complaint = doc["reklamacje"][0]
    assert complaint["termin_odpowiedzi"] == "2026-05-18" and complaint["status"] == "Przyjęta"
    assert doc["akceptacje_regulaminu"][0]["wersja_regulaminu"] == 1
    assert doc["sesje"][0]["adres_ip"] == "192.0.2.10"
    assert {a["czynnosc"] for a in doc["dziennik_zmian"]} >= {"ticket.status", "profile.email_requested"}
    assert "FV/2026/04/999999" not in raw.decode("utf-8") and "Obcy Klient" not in raw.decode("utf-8")


def test_json_export_has_no_password_hash_or_tokens(session):
    who = _rich_customer(session)
    raw = data_export.export_json(session, who.customer_id, now=NOW).decode("utf-8")
    for secret in _secrets(session, who):
        assert secret not in raw
    for key in ("password_hash", "temp_password_hash", "activation_token_hash", "pending_email_token_hash",
                "token_hash", "photo_path"):
        assert f'"{key}"' not in raw


def _csv_rows(zf: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8-sig")), delimiter=";"))


def test_csv_zip_has_polish_file_names_readme_and_semicolon_csv_with_bom(session):
    who = _rich_customer(session)
    blob = data_export.export_csv_zip(session, who.customer_id, now=NOW)
    zf = zipfile.ZipFile(io.BytesIO(blob))
    names = set(zf.namelist())
    assert names == {"README.txt", *(f"{t}.csv" for t in data_export.TABLES)}
    assert {"klient.csv", "konto.csv", "dokumenty.csv", "odczyty.csv", "platnosci.csv", "zgloszenia.csv",
            "reklamacje.csv"} <= names
    raw = zf.read("dokumenty.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").split("\r\n")[0] == (
        "id;id_klienta;id_punktu_poboru;rodzaj;numer;data_wystawienia;data_sprzedazy;okres_od;okres_do;"
        "termin_platnosci;kwota_netto_zl;kwota_vat_zl;kwota_brutto_zl;numer_ksef;id_dokumentu_korygowanego;"
        "przyczyna_korekty;zapisano")
    [invoice] = _csv_rows(zf, "dokumenty.csv")
    assert invoice["numer"] == "FV/2026/04/000777" and invoice["kwota_brutto_zl"] == "1234,56"
    assert invoice["rodzaj"] == "Faktura VAT" and invoice["data_wystawienia"] == "10.01.2024"
    [reading] = _csv_rows(zf, "odczyty.csv")
    assert reading["stan_m3"] == "123,456" and reading["data_odczytu"] == "30.04.2026"
    assert reading["zrodlo"] == "klient" and reading["status"] == "przyjęty" and reading["zdjecie_dolaczone"] == "nie"
    [payment] = _csv_rows(zf, "platnosci.csv")
    assert payment["kwota_zl"] == "1000,00" and payment["sposob_platnosci"] == "przelew"
    [ticket] = _csv_rows(zf, "zgloszenia.csv")
    assert ticket["status"] == "W realizacji" and ticket["rodzaj"] == "Wyciek"
    assert ticket["zgloszono"] == "04.05.2026 12:00:00"  # 10:00 UTC is 12:00 in Warsaw in May
    assert _csv_rows(zf, "reklamacje.csv")[0]["status"] == "Przyjęta"
    [message] = _csv_rows(zf, "wiadomosci_zgloszen.csv")
    assert message["tresc"] == "Status zgłoszenia: W realizacji.\n\nPrzyjedziemy jutro."
    assert message["autor"] == "Biuro Obsługi Klienta"
    assert _csv_rows(zf, "klient.csv")[0]["numer_klienta"] == who.customer.number
    assert _csv_rows(zf, "zgody_i_powiadomienia.csv")[0]["powiadomienia_dokumenty_email"] == "tak"
    everything = b"".join(zf.read(n) for n in names).decode("utf-8")
    for secret in _secrets(session, who):
        assert secret not in everything
    assert "password_hash" not in everything


def test_readme_in_polish_explains_every_file_and_column(session):
    who = _rich_customer(session)
    zf = zipfile.ZipFile(io.BytesIO(data_export.export_csv_zip(session, who.customer_id, now=NOW)))
    readme = zf.read("README.txt").decode("utf-8-sig")
    assert "§8" in readme and "prawo do ich przenoszenia" in readme
    assert "UTF-8" in readme and "BOM" in readme and "średnik" in readme and "dd.mm.rrrr" in readme
    assert "1234,56" in readme and "iod@uskom.eu" in readme
    for name, table in data_export.TABLES.items():
        assert f"{name}.csv — {table.title}" in readme
        header = zf.read(f"{name}.csv").decode("utf-8-sig").split("\r\n")[0].split(";")
        for column in header:
            assert f"  {column} — " in readme, (name, column)


def test_empty_tables_still_have_their_header_row(session):
    who = customer_with_account(session)
    zf = zipfile.ZipFile(io.BytesIO(data_export.export_csv_zip(session, who.customer_id, now=NOW)))
    assert zf.read("reklamacje.csv").decode("utf-8-sig").startswith("id;numer;id_klienta;id_dokumentu;temat;")
    assert _csv_rows(zf, "reklamacje.csv") == []


def test_every_exported_column_has_a_polish_name():
    """A column added to a model must get a Polish name and a description in export.TABLES."""
    models = {
        "customer": Customer, "account": PortalAccount, "service_points": ServicePoint, "meters": Meter,
        "meter_readings": MeterReading, "documents": Document, "document_lines": DocumentLine,
        "payments": Payment, "payment_allocations": PaymentAllocation, "online_payments": OnlinePayment,
        "contracts": Contract, "contract_annexes": ContractAnnex, "tickets": Ticket,
        "ticket_messages": TicketMessage, "complaints": Complaint, "terms_acceptances": TermsAcceptance,
        "sessions": UserSession, "audit_log": AuditLog,
    }
    renamed = {"photo_path": "photo_attached", "value_l": "value_m3", "quantity_milli": "quantity",
               "before_json": "before", "after_json": "after"}
    for internal, model in models.items():
        table = data_export.TABLES[data_export._TABLE_OF[internal]]
        for column in model.__table__.columns:
            name = column.name
            if "hash" in name or "token" in name or (internal, name) in data_export.NOT_EXPORTED_COLUMNS:
                assert name not in table.columns
                continue
            key = renamed.get(name, f"{name[:-3]}_pln" if name.endswith("_gr") else name)
            assert key in table.columns, (internal, name)
        polish = [p for p, _about in table.columns.values()]
        assert len(polish) == len(set(polish)), table.name
        assert all(re.fullmatch(r"[a-z0-9_]+", p) and about for p, about in table.columns.values())
    assert set(data_export._TABLE_OF.values()) == set(data_export.TABLES)


def test_csv_cells_cannot_become_spreadsheet_formulas(session):
    who = customer_with_account(session)
    tickets.create_ticket(session, who.customer_id, category="other", service_point_id=who.point.id,
                          description='=HYPERLINK("http://evil.example","kliknij")', contact_phone=None, now=NOW)
    billing.document(session, who.customer, gross_gr=-2500, number="FK/2026/1")
    zf = zipfile.ZipFile(io.BytesIO(data_export.export_csv_zip(session, who.customer_id, now=NOW)))
    ticket = _csv_rows(zf, "zgloszenia.csv")[0]
    assert ticket["opis"].startswith("'=HYPERLINK")
    doc = _csv_rows(zf, "dokumenty.csv")[0]
    assert doc["kwota_brutto_zl"] == "-25,00"  # numbers stay numbers


def test_unknown_customer_gives_an_empty_export(session):
    doc = json.loads(data_export.export_json(session, 424242, now=NOW))
    assert doc["klient"] is None and doc["dokumenty"] == []


def test_download_routes_serve_the_polish_export(session):
    """api/my_data_files.py (the routes of Moje dane) hands out the same files."""
    who = _rich_customer(session)
    answer = my_data_files.fetch_export_zip(session, who.customer_id, None)
    assert answer.filename.startswith(f"ibok-moje-dane-{who.customer.number}-") and answer.filename.endswith(".zip")
    assert "dokumenty.csv" in zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    answer = my_data_files.fetch_export_json(session, who.customer_id, None)
    assert json.loads(answer.content)["klient"]["numer_klienta"] == who.customer.number
    assert my_data_files.fetch_export_zip(session, 424242, None) is None
