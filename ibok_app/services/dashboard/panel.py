"""The Panel's view: one call, one transaction, so its numbers agree. It is the page
customers open most, so each part is one prebuilt statement (docs/benchmarks.md)."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam
from sqlmodel import Session, select

from ibok_app import routes
from ibok_app.models import Customer, DocumentType
from ibok_app.services.billing import balance as balance_service
from ibok_app.services.billing.documents import DocumentRow, ledger_query, row_view
from ibok_app.services.cases.shared import open_cases
from ibok_app.services.common import queries
from ibok_app.services.notifications.announcements import (
    AnnouncementView,
    customer_places,
    for_customer,
    visible_announcements,
)
from ibok_app.services.readings.history import newest_reading
from ibok_app.services.readings.window import reading_window
from ibok_app.views.formats import address_line, date_pl, today_in_warsaw
from ibok_app.views.labels import COMPLAINT_STATUS_LABELS, TICKET_CATEGORY_LABELS, TICKET_STATUS_LABELS

MAX_CASES = 5


@dataclass(frozen=True)
class OpenCase:
    kind_label: str  # "Zgłoszenie" / "Reklamacja"
    number: str
    title: str
    status: str
    status_label: str
    href: str


@dataclass(frozen=True)
class DashboardView:
    customer_name: str
    customer_number: str
    address: str
    balance: str  # "1 234,56 zł" without sign: the label says which way
    balance_label: str  # "Do zapłaty" / "Nadpłata" / "Rozliczone"
    overdue: str  # "" when nothing is overdue
    next_due: str  # "" when nothing is due
    to_pay: bool = False  # something is owed: "Zapłać online" is offered
    latest: DocumentRow | None = None  # the newest invoice
    last_reading: str = ""  # "12,345 m³ z 01.11.2026 (wodomierz 12345678)"
    window_open: bool = False
    window_text: str = ""  # "Podaj odczyt do 31.12" / "Następny odczyt: 25–31.12.2026"
    open_cases: list[OpenCase] = field(default_factory=list)
    announcements: list[AnnouncementView] = field(default_factory=list)


@functools.cache
def _latest_invoice_query():
    ledger, _ = ledger_query(0, date.min)
    return (select(*ledger.c).where(ledger.c.doc_type == DocumentType.INVOICE.value)
            .order_by(ledger.c.issue_date.desc(), ledger.c.id.desc()).limit(1))


@functools.cache
def _customer_query():
    c = Customer.__table__
    return select(c.c.name, c.c.number, c.c.street, c.c.postal_code, c.c.city).where(c.c.id == bindparam("id"))


def _latest_invoice(session: Session, customer_id: int, today: date) -> DocumentRow | None:
    _, params = ledger_query(customer_id, today)
    row = queries.first(session, _latest_invoice_query(), **params)
    return row_view(row) if row is not None else None


def _window() -> tuple[bool, str]:
    w = reading_window()
    if w.open:
        return True, f"Podaj odczyt do {w.closes_on:%d.%m}"
    span = f"{w.opens_on:%d.%m}–{date_pl(w.closes_on)}" if w.opens_on.year == w.closes_on.year \
        else f"{date_pl(w.opens_on)}–{date_pl(w.closes_on)}"
    return False, f"Następny odczyt: {span}"


def _open_cases(session: Session, customer_id: int) -> list[OpenCase]:
    cases = []
    for kind, case_id, number, title, status in open_cases(session, customer_id, MAX_CASES):
        if kind == "ticket":
            cases.append(OpenCase("Zgłoszenie", number, TICKET_CATEGORY_LABELS.get(title, title), status,
                                  TICKET_STATUS_LABELS.get(status, status), f"{routes.TICKETS}?id={case_id}"))
        else:
            cases.append(OpenCase("Reklamacja", number, title, status, COMPLAINT_STATUS_LABELS.get(status, status),
                                  routes.COMPLAINTS))
    return cases


def dashboard(session: Session, customer_id: int, today: date | None = None) -> DashboardView | None:
    customer = queries.first(session, _customer_query(), id=customer_id)
    if customer is None:
        return None
    today = today or today_in_warsaw()
    bal = balance_service.balance(session, customer_id, today=today)
    window_open, window_text = _window()
    return DashboardView(
        customer_name=customer.name,
        customer_number=customer.number,
        address=address_line(customer.street, customer.postal_code, customer.city),
        balance=bal.balance_display,
        balance_label=bal.label,
        overdue=bal.overdue_display if bal.overdue_gr > 0 else "",
        next_due=bal.next_due_display if bal.next_due_date else "",
        to_pay=bal.balance_gr > 0,
        latest=_latest_invoice(session, customer_id, today),
        last_reading=newest_reading(session, customer_id),
        window_open=window_open,
        window_text=window_text,
        open_cases=_open_cases(session, customer_id),
        announcements=for_customer(visible_announcements(session), customer_places(session, customer_id)),
    )
