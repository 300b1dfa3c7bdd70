"""Data portability (§8, art. 20 GDPR): everything the portal holds about one
customer, as JSON or as a zip of CSV files with a README.txt, in Polish.

Both formats use the same Polish names: a file of the zip and its key in the JSON
(`dokumenty`), a CSV column and its key in the JSON (`kwota_brutto_zl`); ASCII
snake_case, so they stay easy to use in programs. Values a customer reads (statuses,
document types, reading sources, payment methods) are the portal's Polish labels in
both. They differ in how numbers and dates are written:

- CSV (for a spreadsheet, Polish Excel first): UTF-8 with BOM, semicolons, dates
  dd.mm.rrrr, times dd.mm.rrrr gg:mm:ss in Polish time, amounts in złoty with a
  decimal comma ("1234,56"), m³ with 3 decimals ("123,456"), "tak"/"nie";
- JSON (for programs): dates and times ISO 8601 (times in UTC, "+00:00"), amounts
  and m³ as decimal strings with a dot ("1234.56"), true/false.

Secrets never leave: no password hashes, no token hashes (any column whose name
holds "hash" or "token" is dropped) and no internal file paths (a photo is reported
as `zdjecie_dolaczone`). Audit entries are scrubbed the same way.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from sqlmodel import Session, SQLModel, select

from ibok_app.config import settings
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
    TermsVersion,
    Ticket,
    TicketMessage,
    UserSession,
    utcnow,
)
from ibok_app.services.accounts.profile import PREFERENCE_FIELDS
from ibok_app.services.common.audit import scrub
from ibok_app.views.formats import date_pl, to_warsaw
from ibok_app.views.labels import (
    ACCOUNT_STATUS_LABELS,
    AUDIT_ACTOR_LABELS,
    COMPLAINT_STATUS_LABELS,
    CUSTOMER_STATUS_LABELS,
    DOCUMENT_TYPE_LABELS,
    METER_KIND_LABELS,
    ONLINE_PAYMENT_MODE_LABELS,
    ONLINE_PAYMENT_STATUS_LABELS,
    PAYMENT_METHOD_LABELS,
    READING_SOURCE_LABELS,
    READING_STATUS_LABELS,
    SUBJECT_KIND_LABELS,
    TICKET_CATEGORY_LABELS,
    TICKET_MESSAGE_AUTHOR_LABELS,
    TICKET_STATUS_LABELS,
)

FORMAT = "ibok-eksport"
FORMAT_VERSION = 2  # 2: Polish names and labels (1 had English keys and codes)
_SECRET_PARTS = ("hash", "token")
# Columns kept out of the export: (internal table, column). A ticket message's
# `internal` flag: internal notes are not exported at all, so it would always be "nie".
NOT_EXPORTED_COLUMNS = {("ticket_messages", "internal")}
# Audit entries about the office's internal notes on a ticket (services/cases/tickets.py
# INTERNAL_NOTE_ACTION; accounts sits below cases, so the code is repeated here and
# tests/test_desk_cases.py pins them equal).
NOT_EXPORTED_ACTIONS = ("ticket.internal_note",)


# --- values -------------------------------------------------------------------

@dataclass(frozen=True)
class Money:
    """An amount in grosze, written in złoty."""

    gr: int


@dataclass(frozen=True)
class Milli:
    """A quantity × 1000 (litres as m³, quantities of invoice lines), written with 3 decimals."""

    value: int


# Labels of stored codes, per table and column: the same code can read differently
# (CaseStatus.NEW is "Nowe" for a ticket, "Przyjęta" for a complaint). All come from
# views/labels.py, so a code reads here as it does on the portal's pages.
VALUE_LABELS: dict[tuple[str, str], dict] = {
    ("customer", "status"): CUSTOMER_STATUS_LABELS,
    ("account", "status"): ACCOUNT_STATUS_LABELS,
    ("meters", "kind"): METER_KIND_LABELS,
    ("meter_readings", "source"): READING_SOURCE_LABELS,
    ("meter_readings", "status"): READING_STATUS_LABELS,
    ("documents", "doc_type"): DOCUMENT_TYPE_LABELS,
    ("payments", "method"): PAYMENT_METHOD_LABELS,
    ("online_payments", "mode"): ONLINE_PAYMENT_MODE_LABELS,
    ("online_payments", "status"): ONLINE_PAYMENT_STATUS_LABELS,
    ("tickets", "category"): TICKET_CATEGORY_LABELS,
    ("tickets", "status"): TICKET_STATUS_LABELS,
    ("ticket_messages", "author"): TICKET_MESSAGE_AUTHOR_LABELS,
    ("complaints", "status"): COMPLAINT_STATUS_LABELS,
    ("sessions", "subject_kind"): SUBJECT_KIND_LABELS,
    ("audit_log", "actor_kind"): AUDIT_ACTOR_LABELS,
}


def _label(labels: dict, value: Any) -> Any:
    """The label of a code (an enum member or its stored text); an unknown code as it is."""
    for code, text in labels.items():
        if code == value or getattr(code, "value", code) == getattr(value, "value", value):
            return text
    return getattr(value, "value", value)


# --- tables and their columns ---------------------------------------------------

@dataclass(frozen=True)
class Table:
    name: str  # Polish: file name in the zip (name.csv) and key in the JSON
    title: str  # what it holds (README.txt)
    source: str  # where the data come from (README.txt)
    columns: dict[str, tuple[str, str]]  # internal key -> (Polish column, description)


_ID = ("id", "identyfikator wiersza w IBOK (łączy pliki, np. z kolumną id_dokumentu)")
_CUSTOMER_ID = ("id_klienta", "identyfikator klienta (kolumna id w pliku klient.csv)")
_POINT_ID = ("id_punktu_poboru", "punkt poboru (kolumna id w pliku punkty_poboru.csv); puste: nie dotyczy")
_DOCUMENT_ID = ("id_dokumentu", "dokument (kolumna id w pliku dokumenty.csv)")
_ACCOUNT_ID = ("id_konta", "konto IBOK (kolumna id w pliku konto.csv)")
_STAFF_ID = ("id_pracownika", "pracownik Biura Obsługi Klienta (numer wewnętrzny); puste: nie dotyczy")
_CREATED = ("zapisano", "kiedy zapisano wiersz w IBOK")
_IP = ("adres_ip", "adres IP urządzenia, z którego to zrobiono")
_STREET = ("ulica", "ulica i numer domu / lokalu")
_POSTAL = ("kod_pocztowy", "kod pocztowy")
_CITY = ("miejscowosc", "miejscowość")
_PREFERENCE_COLUMNS = {
    "notify_documents_email": ("powiadomienia_dokumenty_email", "nowe dokumenty: powiadomienie e-mailem"),
    "notify_documents_sms": ("powiadomienia_dokumenty_sms", "nowe dokumenty: powiadomienie SMS-em"),
    "notify_outages_email": ("powiadomienia_awarie_email", "awarie i prace: powiadomienie e-mailem"),
    "notify_outages_sms": ("powiadomienia_awarie_sms", "awarie i prace: powiadomienie SMS-em"),
    "notify_readings_email": ("przypomnienia_odczyt_email", "przypomnienia o odczycie e-mailem"),
    "notify_readings_sms": ("przypomnienia_odczyt_sms", "przypomnienia o odczycie SMS-em"),
    "einvoice_consent": ("zgoda_na_e_fakture", "zgoda na faktury elektroniczne zamiast papierowych"),
}
_FROM_BILLING = "system rozliczeniowy przedsiębiorstwa (te same dane widzisz w IBOK)"
_FROM_PORTAL = "dane podane przez Ciebie w IBOK"
_FROM_LOG = "zapis działania IBOK (bezpieczeństwo konta, rozliczalność zmian)"

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("klient", "dane klienta", _FROM_BILLING, {
        "id": _ID,
        "number": ("numer_klienta", "numer klienta (kod nabywcy), zarazem login w IBOK"),
        "name": ("nazwa", "imię i nazwisko albo nazwa firmy"),
        "is_business": ("firma", "tak: klient prowadzi działalność (faktury z NIP)"),
        "nip": ("nip", "NIP firmy"),
        "street": _STREET, "postal_code": _POSTAL, "city": _CITY,
        "corr_street": ("adres_korespondencyjny_ulica", "adres do korespondencji, jeśli inny: ulica"),
        "corr_postal_code": ("adres_korespondencyjny_kod_pocztowy", "adres do korespondencji: kod pocztowy"),
        "corr_city": ("adres_korespondencyjny_miejscowosc", "adres do korespondencji: miejscowość"),
        "status": ("status", "aktywny albo umowa rozwiązana"),
        "terminated_at": ("umowa_rozwiazana", "kiedy rozwiązano umowę na dostawę wody"),
        "created_at": _CREATED,
    }),
    Table("konto", "konto IBOK (bez haseł i tokenów)", _FROM_PORTAL, {
        "id": _ID, "customer_id": _CUSTOMER_ID,
        "login": ("login", "login (numer klienta)"),
        "email": ("email", "adres e-mail konta"),
        "phone": ("telefon", "numer telefonu do SMS-ów"),
        "temp_password_expires_at": ("haslo_tymczasowe_wazne_do",
                                     "do kiedy ważne jest wysłane hasło tymczasowe (samo hasło nie jest eksportowane)"),
        "must_change_password": ("wymagana_zmiana_hasla", "tak: przy logowaniu trzeba ustawić nowe hasło"),
        "status": ("status", "oczekuje na aktywację, aktywne, w trakcie rezygnacji albo zamknięte"),
        "activation_expires_at": ("link_aktywacyjny_wazny_do", "do kiedy ważny jest link aktywacyjny"),
        "pending_email": ("nowy_email_do_potwierdzenia", "nowy adres e-mail czekający na potwierdzenie"),
        "pending_email_expires_at": ("nowy_email_link_wazny_do", "do kiedy ważny jest link potwierdzający nowy adres"),
        **_PREFERENCE_COLUMNS,
        "created_at": ("zalozono", "kiedy założono konto"),
        "activated_at": ("aktywowano", "kiedy aktywowano konto"),
        "closing_requested_at": ("rezygnacja_zlozona", "kiedy złożono rezygnację z IBOK (§7)"),
        "last_login_at": ("ostatnie_logowanie", "ostatnie udane logowanie"),
    }),
    Table("zgody_i_powiadomienia", "zgody i ustawienia powiadomień", _FROM_PORTAL, dict(_PREFERENCE_COLUMNS)),
    Table("punkty_poboru", "punkty poboru (nieruchomości, do których dostarczamy wodę)", _FROM_BILLING, {
        "id": _ID, "customer_id": _CUSTOMER_ID,
        "code": ("kod_punktu", "kod punktu poboru"),
        "street": _STREET, "postal_code": _POSTAL, "city": _CITY,
        "has_sewage": ("odprowadzanie_sciekow", "tak: odbieramy też ścieki"),
        "tariff_id": ("id_taryfy", "taryfa (numer wewnętrzny)"),
    }),
    Table("wodomierze", "wodomierze w punktach poboru", _FROM_BILLING, {
        "id": _ID, "service_point_id": _POINT_ID,
        "serial": ("numer_wodomierza", "numer fabryczny wodomierza"),
        "kind": ("rodzaj", "główny albo ogrodowy (podlicznik: woda bez ścieków)"),
        "digits": ("liczba_cyfr", "liczba cyfr całkowitych licznika"),
        "installed_on": ("data_montazu", "data montażu"),
        "removed_on": ("data_demontazu", "data demontażu; puste: wodomierz pracuje"),
        "certification_expires_on": ("legalizacja_do", "do kiedy ważna jest legalizacja"),
    }),
    Table("odczyty", "odczyty wodomierzy", "odczyty podane przez Ciebie w IBOK, odczyty inkasenta i szacunki", {
        "id": _ID,
        "meter_id": ("id_wodomierza", "wodomierz (kolumna id w pliku wodomierze.csv)"),
        "customer_id": _CUSTOMER_ID,
        "read_on": ("data_odczytu", "dzień odczytu"),
        "value_m3": ("stan_m3", "stan licznika w m³ (3 miejsca po przecinku)"),
        "source": ("zrodlo", "kto podał odczyt: klient, inkasent albo szacowany"),
        "status": ("status", "przyjęty, do weryfikacji albo odrzucony"),
        "for_next_period": ("na_kolejny_okres", "tak: odczyt spoza okna odczytowego, liczony w następnym okresie"),
        "photo_attached": ("zdjecie_dolaczone", "tak: do odczytu dołączono zdjęcie licznika"),
        "note": ("uwagi", "uwagi"),
        "rejection_reason": ("powod_odrzucenia", "dlaczego Biuro Obsługi Klienta nie przyjęło odczytu"),
        "created_at": _CREATED,
    }),
    Table("dokumenty", "faktury, korekty i noty", _FROM_BILLING, {
        "id": _ID, "customer_id": _CUSTOMER_ID, "service_point_id": _POINT_ID,
        "doc_type": ("rodzaj", "Faktura VAT, Faktura korygująca, Nota księgowa albo Nota odsetkowa"),
        "number": ("numer", "numer dokumentu"),
        "issue_date": ("data_wystawienia", "data wystawienia"),
        "sale_date": ("data_sprzedazy", "data sprzedaży"),
        "period_from": ("okres_od", "początek okresu rozliczeniowego"),
        "period_to": ("okres_do", "koniec okresu rozliczeniowego"),
        "due_date": ("termin_platnosci", "termin płatności"),
        "net_pln": ("kwota_netto_zl", "kwota netto w zł"),
        "vat_pln": ("kwota_vat_zl", "podatek VAT w zł"),
        "gross_pln": ("kwota_brutto_zl", "kwota brutto w zł (ujemna: korekta zmniejszająca)"),
        "ksef_number": ("numer_ksef", "numer faktury w Krajowym Systemie e-Faktur"),
        "corrected_document_id": ("id_dokumentu_korygowanego", "korygowany dokument (kolumna id w tym pliku)"),
        "correction_reason": ("przyczyna_korekty", "przyczyna korekty"),
        "created_at": _CREATED,
    }),
    Table("pozycje_dokumentow", "pozycje dokumentów", _FROM_BILLING, {
        "id": _ID, "document_id": _DOCUMENT_ID,
        "position": ("lp", "liczba porządkowa pozycji"),
        "description": ("opis", "nazwa towaru lub usługi"),
        "quantity": ("ilosc", "ilość (3 miejsca po przecinku)"),
        "unit": ("jednostka", "jednostka miary"),
        "unit_net_pln": ("cena_netto_zl", "cena jednostkowa netto w zł"),
        "vat_rate": ("stawka_vat_proc", "stawka VAT w %; puste: poza VAT (np. odsetki)"),
        "net_pln": ("wartosc_netto_zl", "wartość netto w zł"),
        "vat_pln": ("kwota_vat_zl", "podatek VAT w zł"),
        "gross_pln": ("wartosc_brutto_zl", "wartość brutto w zł"),
    }),
    Table("platnosci", "wpłaty zaksięgowane na Twoim koncie", _FROM_BILLING, {
        "id": _ID, "customer_id": _CUSTOMER_ID,
        "paid_on": ("data_wplaty", "dzień wpłaty"),
        "amount_pln": ("kwota_zl", "kwota w zł"),
        "method": ("sposob_platnosci", "przelew, gotówka, płatność online albo kompensata"),
        "reference": ("tytul", "tytuł wpłaty"),
        "created_at": _CREATED,
    }),
    Table("rozliczenie_platnosci", "na które dokumenty zaliczono wpłaty", _FROM_BILLING, {
        "id": _ID,
        "payment_id": ("id_platnosci", "wpłata (kolumna id w pliku platnosci.csv)"),
        "document_id": _DOCUMENT_ID,
        "amount_pln": ("kwota_zl", "kwota zaliczona na dokument, w zł"),
    }),
    Table("platnosci_internetowe", "płatności internetowe (Autopay) rozpoczęte w IBOK",
          "IBOK i bramka płatności Autopay (jej potwierdzenia)", {
        "id": _ID, "customer_id": _CUSTOMER_ID,
        "order_id": ("numer_transakcji", "numer transakcji nadany przez IBOK"),
        "amount_pln": ("kwota_zl", "kwota zaliczana na należności, w zł"),
        "fee_pln": ("oplata_zl", "opłata za płatność doliczona w bramce, w zł"),
        "currency": ("waluta", "waluta"),
        "mode": ("zakres", "wszystkie należności, wybrane dokumenty albo wybrana kwota"),
        "choice_key": ("klucz_wyboru", "zapis techniczny tego, co wybrano do zapłaty"),
        "description": ("opis", "opis płatności przekazany do bramki"),
        "status": ("status", "w toku, zaksięgowana, odrzucona albo wygasła"),
        "remote_id": ("numer_w_bramce", "numer transakcji w bramce Autopay"),
        "gateway_id": ("kanal_platnosci", "kanał płatności w bramce (numer)"),
        "status_details": ("szczegoly_statusu", "szczegóły statusu podane przez bramkę"),
        "payment_id": ("id_platnosci", "zaksięgowana wpłata (kolumna id w pliku platnosci.csv)"),
        "created_at": ("rozpoczeto", "kiedy rozpoczęto płatność"),
        "updated_at": ("zaktualizowano", "ostatnia wiadomość od bramki"),
    }),
    Table("umowy", "umowy na dostawę wody i odprowadzanie ścieków", _FROM_BILLING, {
        "id": _ID, "customer_id": _CUSTOMER_ID, "service_point_id": _POINT_ID,
        "number": ("numer", "numer umowy"),
        "signed_on": ("data_zawarcia", "data zawarcia"),
        "subject": ("przedmiot", "przedmiot umowy"),
        "valid_from": ("obowiazuje_od", "początek obowiązywania"),
        "valid_to": ("obowiazuje_do", "koniec obowiązywania; puste: bezterminowo"),
    }),
    Table("aneksy", "aneksy do umów", _FROM_BILLING, {
        "id": _ID,
        "contract_id": ("id_umowy", "umowa (kolumna id w pliku umowy.csv)"),
        "number": ("numer", "numer aneksu"),
        "signed_on": ("data_zawarcia", "data zawarcia"),
        "subject": ("przedmiot", "czego dotyczy aneks"),
        "valid_from": ("obowiazuje_od", "początek obowiązywania"),
        "valid_to": ("obowiazuje_do", "koniec obowiązywania; puste: bezterminowo"),
    }),
    Table("zgloszenia", "zgłoszenia eksploatacyjne (awarie, wycieki, wodomierze…)", _FROM_PORTAL, {
        "id": _ID,
        "number": ("numer", "numer zgłoszenia"),
        "customer_id": _CUSTOMER_ID, "service_point_id": _POINT_ID,
        "category": ("rodzaj", "rodzaj zgłoszenia"),
        "description": ("opis", "opis podany w zgłoszeniu"),
        "contact_phone": ("telefon_kontaktowy", "telefon do kontaktu w sprawie zgłoszenia"),
        "photo_attached": ("zdjecie_dolaczone", "tak: do zgłoszenia dołączono zdjęcie"),
        "status": ("status", "Nowe, W realizacji, Załatwione albo Odrzucone"),
        "assigned_to_id": ("id_pracownika", "pracownik prowadzący zgłoszenie (numer wewnętrzny); puste: nie przypisano"),
        "created_at": ("zgloszono", "kiedy złożono zgłoszenie"),
        "updated_at": ("zaktualizowano", "ostatnia zmiana zgłoszenia"),
    }),
    Table("wiadomosci_zgloszen", "wiadomości w zgłoszeniach", "Ty i Biuro Obsługi Klienta, w IBOK", {
        "id": _ID,
        "ticket_id": ("id_zgloszenia", "zgłoszenie (kolumna id w pliku zgloszenia.csv)"),
        "from_staff_id": _STAFF_ID,
        "body": ("tresc", "treść wiadomości"),
        "created_at": ("wyslano", "kiedy wysłano wiadomość"),
        "author": ("autor", "Klient albo Biuro Obsługi Klienta"),
    }),
    Table("reklamacje", "reklamacje (§5 regulaminu)", "Twoje reklamacje złożone w IBOK i nasze odpowiedzi", {
        "id": _ID,
        "number": ("numer", "numer reklamacji"),
        "customer_id": _CUSTOMER_ID,
        "document_id": ("id_dokumentu", "reklamowany dokument (kolumna id w pliku dokumenty.csv); puste: brak"),
        "subject": ("temat", "temat reklamacji"),
        "description": ("opis", "treść reklamacji"),
        "received_on": ("data_przyjecia", "dzień przyjęcia reklamacji"),
        "answer_due_on": ("termin_odpowiedzi", "termin odpowiedzi (14 dni, §5)"),
        "status": ("status", "Przyjęta, W rozpatrzeniu, Uwzględniona albo Odrzucona"),
        "answer": ("odpowiedz", "nasza odpowiedź"),
        "answered_at": ("data_odpowiedzi", "kiedy udzieliliśmy odpowiedzi"),
        "answered_by_id": _STAFF_ID,
        "photo_attached": ("zdjecie_dolaczone", "tak: do reklamacji dołączono zdjęcie"),
        "created_at": _CREATED,
    }),
    Table("akceptacje_regulaminu", "akceptacje regulaminu IBOK", _FROM_LOG, {
        "id": _ID, "account_id": _ACCOUNT_ID,
        "terms_version_id": ("id_wersji_regulaminu", "wersja regulaminu (numer wewnętrzny)"),
        "accepted_at": ("zaakceptowano", "kiedy zaakceptowano regulamin"),
        "client_ip": _IP,
        "terms_version": ("wersja_regulaminu", "numer wersji regulaminu"),
    }),
    Table("sesje", "aktywne sesje logowania", _FROM_LOG, {
        "id": _ID,
        "subject_kind": ("rodzaj_uzytkownika", "klient"),
        "account_id": _ACCOUNT_ID,
        "staff_id": _STAFF_ID,
        "created_at": ("zalogowano", "kiedy zalogowano"),
        "last_seen_at": ("ostatnia_aktywnosc", "ostatnia aktywność w sesji"),
        "expires_at": ("wygasa", "kiedy sesja wygaśnie najpóźniej"),
        "client_ip": _IP,
    }),
    Table("dziennik_zmian", "dziennik zmian dotyczących Ciebie", _FROM_LOG, {
        "id": _ID,
        "at": ("czas", "kiedy"),
        "actor_kind": ("kto", "klient, pracownik albo system"),
        "actor_id": ("id_wykonujacego", "konto klienta albo pracownika, który wykonał czynność (numer wewnętrzny)"),
        "action": ("czynnosc", "kod czynności, np. ticket.status (zmiana statusu zgłoszenia)"),
        "entity": ("obiekt", "czego dotyczy czynność (nazwa tabeli)"),
        "entity_id": ("id_obiektu", "identyfikator tego obiektu"),
        "customer_id": _CUSTOMER_ID,
        "client_ip": _IP,
        "before": ("przed", "wartości przed zmianą (zapis JSON, bez haseł i tokenów)"),
        "after": ("po", "wartości po zmianie (zapis JSON, bez haseł i tokenów)"),
    }),
)}

# internal table name (as collected) -> Polish table name
_TABLE_OF = {
    "customer": "klient", "account": "konto", "preferences": "zgody_i_powiadomienia",
    "service_points": "punkty_poboru", "meters": "wodomierze", "meter_readings": "odczyty",
    "documents": "dokumenty", "document_lines": "pozycje_dokumentow", "payments": "platnosci",
    "payment_allocations": "rozliczenie_platnosci", "online_payments": "platnosci_internetowe",
    "contracts": "umowy", "contract_annexes": "aneksy", "tickets": "zgloszenia",
    "ticket_messages": "wiadomosci_zgloszen", "complaints": "reklamacje",
    "terms_acceptances": "akceptacje_regulaminu", "sessions": "sesje", "audit_log": "dziennik_zmian",
}


# --- collecting (internal names, typed values) ----------------------------------------

def _record(row: SQLModel, **extra: Any) -> dict[str, Any]:
    """One row with typed values (Money, Milli, dates, enums), renaming units and dropping secrets."""
    out: dict[str, Any] = {}
    for column in row.__table__.columns:
        name = column.name
        value = getattr(row, name)
        if any(part in name for part in _SECRET_PARTS):
            continue
        if name == "photo_path":
            out["photo_attached"] = bool(value)
        elif name.endswith("_gr"):
            out[f"{name[:-3]}_pln"] = None if value is None else Money(value)
        elif name == "value_l":
            out["value_m3"] = Milli(value)
        elif name == "quantity_milli":
            out["quantity"] = Milli(value)
        else:
            out[name] = value
    out.update(extra)
    return out


def _without(record: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        record.pop(name, None)
    return record


def _audit_record(row: AuditLog) -> dict[str, Any]:
    def parsed(raw: str | None) -> Any:
        if raw is None:
            return None
        try:
            return scrub(json.loads(raw))
        except ValueError:
            return None

    rec = _record(row)
    rec.pop("before_json", None)
    rec.pop("after_json", None)
    rec["before"] = parsed(row.before_json)
    rec["after"] = parsed(row.after_json)
    return rec


def _rows(session: Session, stmt) -> list:
    return list(session.exec(stmt).all())


def _owned(session: Session, model: type[SQLModel], customer_id: int, *order_by) -> list:
    """The customer's rows of `model` (which has a customer_id)."""
    return _rows(session, select(model).where(model.customer_id == customer_id).order_by(*order_by))


def _of(session: Session, model: type[SQLModel], parent_key, parents: list, *order_by) -> list:
    """The rows of `model` whose `parent_key` names one of `parents` (none without parents)."""
    if not parents:
        return []
    return _rows(session, select(model).where(parent_key.in_([p.id for p in parents])).order_by(*order_by))


def collect(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every table of the export as a flat list of records with internal (English) keys
    and typed values, all scoped by customer_id."""
    t: dict[str, list[dict[str, Any]]] = {name: [] for name in _TABLE_OF}
    customer = session.get(Customer, customer_id)
    if customer is None:
        return t
    t["customer"] = [_record(customer)]
    account = session.exec(select(PortalAccount).where(PortalAccount.customer_id == customer_id)).first()
    if account is not None:
        t.update(_account_tables(session, account))
    t.update(_meter_tables(session, customer_id))
    t.update(_billing_tables(session, customer_id))
    t.update(_contract_and_case_tables(session, customer_id))
    t["audit_log"] = [_audit_record(a) for a in _owned(session, AuditLog, customer_id, AuditLog.at, AuditLog.id)
                      if a.action not in NOT_EXPORTED_ACTIONS]
    return t


def _account_tables(session: Session, account: PortalAccount) -> dict[str, list[dict[str, Any]]]:
    versions = dict(_rows(session, select(TermsVersion.id, TermsVersion.version)))
    acceptances = _rows(session, select(TermsAcceptance).where(TermsAcceptance.account_id == account.id)
                        .order_by(TermsAcceptance.accepted_at))
    sessions = _rows(session, select(UserSession).where(UserSession.account_id == account.id)
                     .order_by(UserSession.id))
    return {
        "account": [_record(account)],
        "preferences": [{name: bool(getattr(account, name)) for name in PREFERENCE_FIELDS}],
        "terms_acceptances": [_record(a, terms_version=versions.get(a.terms_version_id)) for a in acceptances],
        "sessions": [_record(s) for s in sessions],
    }


def _meter_tables(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    points = _owned(session, ServicePoint, customer_id, ServicePoint.id)
    return {
        "service_points": [_record(p) for p in points],
        "meters": [_record(m) for m in _of(session, Meter, Meter.service_point_id, points, Meter.id)],
        "meter_readings": [_record(r) for r in _owned(session, MeterReading, customer_id,
                                                      MeterReading.read_on, MeterReading.id)],
    }


def _billing_tables(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    docs = _owned(session, Document, customer_id, Document.issue_date, Document.id)
    payments = _owned(session, Payment, customer_id, Payment.paid_on, Payment.id)
    lines = _of(session, DocumentLine, DocumentLine.document_id, docs, DocumentLine.document_id,
                DocumentLine.position)
    allocations = _of(session, PaymentAllocation, PaymentAllocation.payment_id, payments, PaymentAllocation.id)
    return {
        "documents": [_record(d) for d in docs],
        "document_lines": [_record(line) for line in lines],
        "payments": [_record(p) for p in payments],
        "payment_allocations": [_record(a) for a in allocations],
        "online_payments": [_record(o) for o in _owned(session, OnlinePayment, customer_id, OnlinePayment.id)],
    }


def _contract_and_case_tables(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    contracts = _owned(session, Contract, customer_id, Contract.id)
    tickets = _owned(session, Ticket, customer_id, Ticket.id)
    annexes = _of(session, ContractAnnex, ContractAnnex.contract_id, contracts, ContractAnnex.contract_id,
                  ContractAnnex.id)
    # The office's internal notes are not the customer's: neither the rows nor the column.
    messages = [m for m in _of(session, TicketMessage, TicketMessage.ticket_id, tickets, TicketMessage.ticket_id,
                               TicketMessage.created_at, TicketMessage.id) if not m.internal]
    return {
        "contracts": [_record(c) for c in contracts],
        "contract_annexes": [_record(a) for a in annexes],
        "tickets": [_record(x) for x in tickets],
        "ticket_messages": [_without(_record(m, author="staff" if m.from_staff_id else "customer"), "internal")
                            for m in messages],
        "complaints": [_record(c) for c in _owned(session, Complaint, customer_id, Complaint.id)],
    }


def polish_tables(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    """The export's tables under their Polish names, with Polish column names and the
    labels of coded values; numbers and dates still typed (each format writes them)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for internal, records in collect(session, customer_id).items():
        table = TABLES[_TABLE_OF[internal]]
        out[table.name] = [_polish_record(internal, table, rec) for rec in records]
    return out


def _polish_record(internal: str, table: Table, rec: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in rec.items():
        labels = VALUE_LABELS.get((internal, key))
        if labels is not None and value is not None:
            value = _label(labels, value)
        # A column added to a model after this table was written keeps its own name:
        # tests/test_data_export.py fails until it gets a Polish one.
        row[table.columns.get(key, (key, ""))[0]] = value
    return row


# --- JSON ------------------------------------------------------------------------------

def _json_value(v: Any) -> Any:
    if isinstance(v, Money):
        return f"{Decimal(v.gr) / 100:.2f}"
    if isinstance(v, Milli):
        return f"{Decimal(v.value) / 1000:.3f}"
    if isinstance(v, datetime):
        return (v if v.tzinfo else v.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return getattr(v, "value", v)  # an enum without a label: its code


def _json_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _json_value(v) for k, v in rec.items()} for rec in records]


def _children(parents: list[dict], children: list[dict], key: str, name: str) -> list[dict]:
    by_parent: dict[Any, list[dict]] = {}
    for child in children:
        by_parent.setdefault(child[key], []).append(child)
    return [{**p, name: by_parent.get(p["id"], [])} for p in parents]


def _header(now: datetime) -> dict[str, Any]:
    c = settings().company
    return {"format": FORMAT, "wersja_formatu": FORMAT_VERSION, "utworzono": _json_value(now),
            "administrator_danych": {"nazwa": c.name, "adres": c.address, "email_ochrona_danych": c.privacy_email}}


def export_json(session: Session, customer_id: int, now: datetime | None = None) -> bytes:
    """UTF-8 JSON of everything the portal holds about the customer: the tables of the
    CSV zip under the same Polish names, children nested in their parents."""
    t = {name: _json_records(records) for name, records in polish_tables(session, customer_id).items()}

    def one(name: str) -> dict[str, Any] | None:
        return t[name][0] if t[name] else None

    doc = {
        **_header(now or utcnow()),
        "klient": one("klient"),
        "konto": one("konto"),
        "zgody_i_powiadomienia": one("zgody_i_powiadomienia"),
        "punkty_poboru": _children(t["punkty_poboru"], t["wodomierze"], "id_punktu_poboru", "wodomierze"),
        "odczyty": t["odczyty"],
        "dokumenty": _children(t["dokumenty"], t["pozycje_dokumentow"], "id_dokumentu", "pozycje"),
        "platnosci": _children(t["platnosci"], t["rozliczenie_platnosci"], "id_platnosci", "rozliczenie"),
        "platnosci_internetowe": t["platnosci_internetowe"],
        "umowy": _children(t["umowy"], t["aneksy"], "id_umowy", "aneksy"),
        "zgloszenia": _children(t["zgloszenia"], t["wiadomosci_zgloszen"], "id_zgloszenia", "wiadomosci"),
        "reklamacje": t["reklamacje"],
        "akceptacje_regulaminu": t["akceptacje_regulaminu"],
        "sesje": t["sesje"],
        "dziennik_zmian": t["dziennik_zmian"],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


# --- CSV zip ---------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _decimal_comma(value: Decimal, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def _cell(value: Any) -> str:
    """CSV cell in Polish conventions. Text that a spreadsheet would run as a formula
    gets a leading apostrophe (numbers like "-25,00" and "+48600100200" stay as they are)."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return _decimal_comma(Decimal(value.gr) / 100, 2)
    if isinstance(value, Milli):
        return _decimal_comma(Decimal(value.value) / 1000, 3)
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, datetime):
        local = to_warsaw(value)
        return f"{date_pl(local.date())} {local:%H:%M:%S}"
    if isinstance(value, date):
        return date_pl(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    s = str(getattr(value, "value", value))
    if s.startswith(_FORMULA_START) and not _is_number(s):
        return "'" + s
    return s


def _is_number(s: str) -> bool:
    try:
        Decimal(s.replace(",", ".", 1))
    except ArithmeticError:
        return False
    return s.strip() == s


def _csv(table: Table, records: list[dict[str, Any]]) -> bytes:
    """One table as CSV: its documented columns (also without rows), then any other."""
    columns = [polish for polish, _about in table.columns.values()]
    for rec in records:
        columns += [k for k in rec if k not in columns]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for rec in records:
        writer.writerow([_cell(rec.get(c)) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


def _readme(now: datetime) -> str:
    c = settings().company
    lines = [
        f"Kopia Twoich danych z Internetowego Biura Obsługi Klienta (IBOK) {c.short_name}",
        f"Utworzono: {_cell(now)} (czas polski)",
        "",
        "SKĄD TE DANE",
        ("Regulamin IBOK (§8) daje Ci prawo dostępu do Twoich danych i prawo do ich przenoszenia. "
         "Ten plik ZIP zawiera wszystko, co IBOK przechowuje o Tobie: dane z systemu rozliczeniowego "
         "przedsiębiorstwa (klient, punkty poboru, wodomierze, dokumenty, wpłaty, umowy), dane podane "
         "przez Ciebie w IBOK (konto, zgody, odczyty, zgłoszenia, reklamacje, płatności internetowe) "
         "i zapis działania IBOK (akceptacje regulaminu, sesje logowania, dziennik zmian)."),
        "Hasła, tokeny i ścieżki plików na serwerze nie są eksportowane.",
        f"Administrator danych: {c.name}, {c.address}.",
        f"Pytania o przetwarzanie danych osobowych: {c.privacy_email}",
        "",
        "JAK CZYTAĆ PLIKI CSV",
        "- Kodowanie UTF-8 ze znacznikiem BOM: Excel poprawnie pokaże polskie litery.",
        ("- Separator: średnik (;), tak jak oczekuje go Excel w polskich ustawieniach. Plik otwiera się "
         "w Excelu dwukrotnym kliknięciem; w innym programie wybierz separator „średnik”."),
        "- Pierwszy wiersz każdego pliku to nazwy kolumn; plik bez danych ma tylko ten wiersz.",
        "- Daty: dd.mm.rrrr; daty z godziną: dd.mm.rrrr gg:mm:ss w czasie polskim.",
        ("- Kwoty: w złotych, z przecinkiem dziesiętnym i bez odstępów między tysiącami (np. 1234,56); "
         "kwota ujemna zaczyna się od minusa. Stany wodomierzy i ilości: 3 miejsca po przecinku (np. 123,456)."),
        "- tak / nie: pola zaznaczone lub nie; puste pole: brak wartości albo nie dotyczy.",
        ("- Tekst zaczynający się od =, +, - lub @ ma na początku apostrof ('), aby arkusz nie potraktował "
         "go jak formuły."),
        ("- Pliki łączą się przez identyfikatory: np. id_dokumentu w pozycje_dokumentow.csv to kolumna id "
         "w dokumenty.csv."),
        "",
        ("Te same dane można pobrać w IBOK jako jeden plik JSON (dla programów): ma te same nazwy tabel "
         "i kolumn, daty w formacie ISO 8601 (czas UTC) i kwoty z kropką dziesiętną (np. 1234.56)."),
        "",
        "PLIKI I KOLUMNY",
    ]
    for table in TABLES.values():
        lines += ["", f"{table.name}.csv — {table.title}", f"  Źródło: {table.source}."]
        lines += [f"  {polish} — {about}" for polish, about in table.columns.values()]
    return "\r\n".join(lines) + "\r\n"


def export_csv_zip(session: Session, customer_id: int, now: datetime | None = None) -> bytes:
    """A zip with one semicolon-separated CSV per table (UTF-8 with BOM, Polish names,
    formats and labels) and a README.txt in Polish describing them."""
    now = now or utcnow()
    t = polish_tables(session, customer_id)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", ("\ufeff" + _readme(now)).encode("utf-8"))
        for name, table in TABLES.items():
            zf.writestr(f"{name}.csv", _csv(table, t[name]))
    return buf.getvalue()
