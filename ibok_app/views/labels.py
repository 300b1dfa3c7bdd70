"""The Polish labels a customer reads, in one place: what a stored code (an enum member
of ibok_app.models, or a status derived in SQL) is called on the pages, in the PDFs,
in the e-mails and in the data export (§8).

Every page, PDF and export takes its labels from here, so the same code reads the same
wherever it appears. The services that show them import them (under their old names:
services/billing/documents.py TYPE_LABELS, services/readings/rules.py KIND_LABELS...);
views sits below every services package, so billing, readings and accounts may all
import it without importing each other. The same code can read differently in two
places on purpose (CaseStatus.NEW is "Nowe" for a ticket, "Przyjęta" for a complaint):
then there are two maps, named by what they label.

The order of a map is the order of the choices a page offers. tests/test_labels.py
fails when a code has no label or a label names no code.
"""
from __future__ import annotations

from ibok_app.models import (
    AccountStatus,
    AnnouncementKind,
    CaseStatus,
    CustomerStatus,
    DocumentType,
    MeterKind,
    OnlinePaymentMode,
    OnlinePaymentStatus,
    PaymentMethod,
    ReadingSource,
    ReadingStatus,
    SubjectKind,
    TicketCategory,
)

# --- documents and payments ------------------------------------------------------

DOCUMENT_TYPE_LABELS: dict[DocumentType, str] = {
    DocumentType.INVOICE: "Faktura VAT",
    DocumentType.CORRECTION: "Faktura korygująca",
    DocumentType.ACCOUNTING_NOTE: "Nota księgowa",
    DocumentType.INTEREST_NOTE: "Nota odsetkowa",
}
DOCUMENT_TYPE_TITLES: dict[DocumentType, str] = {  # heading of the printed document
    DocumentType.INVOICE: "FAKTURA VAT",
    DocumentType.CORRECTION: "FAKTURA KORYGUJĄCA",
    DocumentType.ACCOUNTING_NOTE: "NOTA KSIĘGOWA",
    DocumentType.INTEREST_NOTE: "NOTA ODSETKOWA",
}
# The payment status of a document is derived in SQL, not stored: its codes are the
# texts services/billing/documents.py (PAID, PARTLY_PAID, ...) produces.
DOCUMENT_STATUS_LABELS: dict[str, str] = {
    "paid": "zapłacona",
    "partly_paid": "częściowo zapłacona",
    "unpaid": "niezapłacona",
    "overdue": "po terminie",
    "settled": "rozliczona",
}
PAYMENT_METHOD_LABELS: dict[PaymentMethod, str] = {
    PaymentMethod.TRANSFER: "przelew",
    PaymentMethod.CASH: "gotówka",
    PaymentMethod.ONLINE: "płatność online",
    PaymentMethod.OFFSET: "kompensata",
}
ONLINE_PAYMENT_STATUS_LABELS: dict[OnlinePaymentStatus, str] = {
    OnlinePaymentStatus.STARTED: "w toku",
    OnlinePaymentStatus.PENDING: "w toku",
    OnlinePaymentStatus.SUCCESS: "zaksięgowana",
    OnlinePaymentStatus.FAILURE: "odrzucona",
    OnlinePaymentStatus.EXPIRED: "wygasła",
}
ONLINE_PAYMENT_MODE_LABELS: dict[OnlinePaymentMode, str] = {
    OnlinePaymentMode.ALL_DUE: "wszystkie należności",
    OnlinePaymentMode.DOCUMENTS: "wybrane dokumenty",
    OnlinePaymentMode.AMOUNT: "wybrana kwota",
}

# --- meters and readings ---------------------------------------------------------

METER_KIND_LABELS: dict[MeterKind, str] = {MeterKind.MAIN: "główny", MeterKind.GARDEN: "ogrodowy"}
READING_SOURCE_LABELS: dict[ReadingSource, str] = {
    ReadingSource.CUSTOMER: "klient",
    ReadingSource.INSPECTOR: "inkasent",
    ReadingSource.ESTIMATE: "szacowany",
}
READING_STATUS_LABELS: dict[ReadingStatus, str] = {
    ReadingStatus.ACCEPTED: "przyjęty",
    ReadingStatus.TO_VERIFY: "do weryfikacji",
    ReadingStatus.REJECTED: "odrzucony",
}

# --- tickets and complaints ------------------------------------------------------

TICKET_CATEGORY_LABELS: dict[TicketCategory, str] = {
    TicketCategory.FAILURE: "Awaria",
    TicketCategory.NO_WATER: "Brak wody",
    TicketCategory.LOW_PRESSURE: "Niskie ciśnienie",
    TicketCategory.LEAK: "Wyciek",
    TicketCategory.METER: "Wymiana lub uszkodzenie wodomierza",
    TicketCategory.SEAL: "Plomba",
    TicketCategory.WATER_QUALITY: "Jakość wody",
    TicketCategory.OTHER: "Inne",
}
TICKET_STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.NEW: "Nowe",
    CaseStatus.IN_PROGRESS: "W realizacji",
    CaseStatus.RESOLVED: "Załatwione",
    CaseStatus.REJECTED: "Odrzucone",
}
COMPLAINT_STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.NEW: "Przyjęta",
    CaseStatus.IN_PROGRESS: "W rozpatrzeniu",
    CaseStatus.RESOLVED: "Uwzględniona",
    CaseStatus.REJECTED: "Odrzucona",
}
STAFF_AUTHOR = "Biuro Obsługi Klienta"  # who answers a ticket, as the customer sees it
# Who wrote a ticket message ("staff" when TicketMessage.from_staff_id is set), as the export names them.
TICKET_MESSAGE_AUTHOR_LABELS: dict[str, str] = {"customer": "Klient", "staff": STAFF_AUTHOR}

# --- announcements ---------------------------------------------------------------

ANNOUNCEMENT_KIND_LABELS: dict[AnnouncementKind, str] = {
    AnnouncementKind.INFO: "Informacja",
    AnnouncementKind.OUTAGE: "Awaria",
    AnnouncementKind.MAINTENANCE: "Prace planowe",
}

# --- the customer and the portal account (read in the data export) ----------------

CUSTOMER_STATUS_LABELS: dict[CustomerStatus, str] = {
    CustomerStatus.ACTIVE: "aktywny",
    CustomerStatus.TERMINATED: "umowa rozwiązana",
}
ACCOUNT_STATUS_LABELS: dict[AccountStatus, str] = {
    AccountStatus.PENDING: "oczekuje na aktywację",
    AccountStatus.ACTIVE: "aktywne",
    AccountStatus.CLOSING: "w trakcie rezygnacji",
    AccountStatus.CLOSED: "zamknięte",
    AccountStatus.LOCKED: "zablokowane przez Biuro Obsługi Klienta",
}
SUBJECT_KIND_LABELS: dict[SubjectKind, str] = {SubjectKind.CUSTOMER: "klient", SubjectKind.STAFF: "pracownik"}
# Who did something in the audit log, stored as text (AuditLog.actor_kind).
AUDIT_ACTOR_LABELS: dict[str, str] = {"customer": "klient", "staff": "pracownik", "system": "system"}
