"""Invoices, corrections and notes of one customer (§9 e): the list, the detail and the PDF.

Every query is scoped by the customer id from the server-side session: a document of
another customer, or an id that does not exist, both come back as None.

The payment status of a document is derived in SQL by `ledger_query()`; that query is the
single place of the rule (the list, its status filter, the detail and the balance all
read it), so pagination and filters stay in the database for customers with many
documents.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_decimal
from sqlalchemy import case, func, or_
from sqlmodel import Session, select

from ibok_app.models import (
    Customer,
    Document,
    DocumentLine,
    DocumentType,
    Payment,
    PaymentAllocation,
    PaymentMethod,
    ServicePoint,
)
from ibok_app.services.formats import LOCALE, WARSAW, date_pl, money

TYPE_LABELS = {
    DocumentType.INVOICE: "Faktura VAT",
    DocumentType.CORRECTION: "Faktura korygująca",
    DocumentType.ACCOUNTING_NOTE: "Nota księgowa",
    DocumentType.INTEREST_NOTE: "Nota odsetkowa",
}
TYPE_TITLES = {  # heading of the printed document
    DocumentType.INVOICE: "FAKTURA VAT",
    DocumentType.CORRECTION: "FAKTURA KORYGUJĄCA",
    DocumentType.ACCOUNTING_NOTE: "NOTA KSIĘGOWA",
    DocumentType.INTEREST_NOTE: "NOTA ODSETKOWA",
}
# Invoices under the VAT act; notes are not (interest is outside VAT).
VAT_DOCUMENT_TYPES = frozenset({DocumentType.INVOICE, DocumentType.CORRECTION})

PAID, PARTLY_PAID, UNPAID, OVERDUE, SETTLED = "paid", "partly_paid", "unpaid", "overdue", "settled"
STATUS_LABELS = {
    PAID: "zapłacona",
    PARTLY_PAID: "częściowo zapłacona",
    UNPAID: "niezapłacona",
    OVERDUE: "po terminie",
    SETTLED: "rozliczona",
}
METHOD_LABELS = {
    PaymentMethod.TRANSFER: "przelew",
    PaymentMethod.CASH: "gotówka",
    PaymentMethod.ONLINE: "płatność online",
    PaymentMethod.OFFSET: "kompensata",
}
NOT_SUBJECT_TO_VAT = "np."  # a line outside VAT (vat_rate None), e.g. interest
MAX_PAGE_SIZE = 100
_MAX_ID = 2**31 - 1  # an INTEGER primary key: anything larger cannot exist


# ---------------------------------------------------------------- small helpers

def today_in_warsaw() -> date:
    """"Today" for due dates is the calendar day in Poland, not in UTC."""
    return datetime.now(WARSAW).date()


def as_id(value: object) -> int | None:
    """An id sent by a browser (int or digit string) or None; never raises."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        n = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,10}\s*", value):
        n = int(value)
    else:
        return None
    return n if 0 < n <= _MAX_ID else None


def as_page(value: object, default: int = 1) -> int:
    n = as_id(value)
    return n if n is not None else default


def paginate(total: int, page: object, page_size: object, default_size: int = 20) -> tuple[int, int, int]:
    """(page, page_size, pages) with the page clamped into 1..pages."""
    size = min(as_page(page_size, default_size), MAX_PAGE_SIZE)
    pages = max(1, math.ceil(total / size))
    return min(as_page(page), pages), size, pages


def label_of(mapping: dict, value: object, default: str = "") -> str:
    """Polish label for an enum value loaded from a VARCHAR column (a plain str)."""
    for key, label in mapping.items():
        if key == value or getattr(key, "value", key) == value:
            return label
    return default


def vat_rate_display(rate: int | None) -> str:
    return NOT_SUBJECT_TO_VAT if rate is None else f"{rate}%"


def _is_m3(unit: str) -> bool:
    return unit.strip().lower() in {"m3", "m³"}


def unit_display(unit: str) -> str:
    return "m³" if _is_m3(unit) else unit.strip()


def quantity_number(quantity_milli: int, unit: str) -> str:
    """m³ always with 3 decimals ("12,345"), other units without trailing zeros ("1")."""
    value = Decimal(quantity_milli) / 1000
    return format_decimal(value, format="#,##0.000" if _is_m3(unit) else "#,##0.###", locale=LOCALE)


def quantity_display(quantity_milli: int, unit: str) -> str:
    return f"{quantity_number(quantity_milli, unit)} {unit_display(unit)}".strip()


def amount_display(gr: int) -> str:
    """An amount without the currency, for tables headed "zł": "1 234,56"."""
    return format_decimal(Decimal(gr) / 100, format="#,##0.00", locale=LOCALE)


# ---------------------------------------------------------------- the status rule

def _status_case(gross, amount_due, paid, due_date, today: date):
    """The status rule, as one SQL CASE.

    - a document lowering an amount (negative gross, e.g. a correction), or one whose
      amount was wholly cancelled by such corrections, is "settled";
    - otherwise it is "paid" once its allocations cover the amount due;
    - an uncovered amount after the due date is "overdue" (due today is not overdue);
    - "partly_paid" when something was allocated, else "unpaid".
    """
    return case(
        (or_(gross <= 0, amount_due <= 0), SETTLED),
        (amount_due - paid <= 0, PAID),
        (due_date < today, OVERDUE),
        (paid > 0, PARTLY_PAID),
        else_=UNPAID,
    )


def ledger_query(customer_id: int, today: date):
    """One row per document of the customer: paid_gr (sum of allocations),
    outstanding_gr (amount due after lowering corrections minus paid) and status.

    Built on Core tables, not ORM attributes: it is rebuilt on every call and ORM
    column adaptation would cost more than the query itself."""
    doc, alloc = Document.__table__, PaymentAllocation.__table__
    corr = doc.alias("corr")
    paid_sq = (
        select(alloc.c.document_id, func.sum(alloc.c.amount_gr).label("paid_gr"))
        .select_from(doc.join(alloc, alloc.c.document_id == doc.c.id))
        .where(doc.c.customer_id == customer_id)
        .group_by(alloc.c.document_id)
        .subquery("paid")
    )
    lowered_sq = (
        select(corr.c.corrected_document_id.label("document_id"), func.sum(corr.c.gross_gr).label("lowered_gr"))
        .where(corr.c.customer_id == customer_id, corr.c.corrected_document_id.is_not(None), corr.c.gross_gr < 0)
        .group_by(corr.c.corrected_document_id)
        .subquery("lowered")
    )
    paid = func.coalesce(paid_sq.c.paid_gr, 0)
    amount_due = doc.c.gross_gr + func.coalesce(lowered_sq.c.lowered_gr, 0)
    return (
        select(
            doc.c.id, doc.c.number, doc.c.doc_type, doc.c.issue_date, doc.c.due_date, doc.c.gross_gr,
            paid.label("paid_gr"),
            (amount_due - paid).label("outstanding_gr"),
            _status_case(doc.c.gross_gr, amount_due, paid, doc.c.due_date, today).label("status"),
        )
        .select_from(
            doc.outerjoin(paid_sq, paid_sq.c.document_id == doc.c.id)
            .outerjoin(lowered_sq, lowered_sq.c.document_id == doc.c.id)
        )
        .where(doc.c.customer_id == customer_id)
        .subquery("ledger")
    )


# ---------------------------------------------------------------- the list

@dataclass(frozen=True)
class DocumentRow:
    id: int
    number: str
    doc_type: str
    type_label: str
    issue_date: date
    issue_date_display: str
    due_date: date
    due_date_display: str
    gross_gr: int
    gross_display: str
    paid_gr: int
    paid_display: str
    outstanding_gr: int
    status: str
    status_label: str


@dataclass(frozen=True)
class DocumentPage:
    rows: list[DocumentRow]
    total: int
    page: int
    pages: int
    years_available: list[int]


def _row(r) -> DocumentRow:
    paid = int(r.paid_gr or 0)
    return DocumentRow(
        id=r.id, number=r.number, doc_type=str(r.doc_type),
        type_label=label_of(TYPE_LABELS, r.doc_type, "Dokument"),
        issue_date=r.issue_date, issue_date_display=date_pl(r.issue_date),
        due_date=r.due_date, due_date_display=date_pl(r.due_date),
        gross_gr=int(r.gross_gr), gross_display=money(int(r.gross_gr)),
        paid_gr=paid, paid_display=money(paid),
        outstanding_gr=int(r.outstanding_gr), status=r.status,
        status_label=STATUS_LABELS.get(r.status, ""),
    )


def _valid_doc_type(value: object) -> str | None:
    return next((t.value for t in DocumentType if value == t or value == t.value), None)


def _valid_year(value: object) -> int | None:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return value
    return None


def years_available(session: Session, customer_id: int) -> list[int]:
    year = func.extract("year", Document.issue_date)
    rows = session.exec(
        select(year).where(Document.customer_id == customer_id).group_by(year).order_by(year.desc())
    ).all()
    return [int(y) for y in rows if y is not None]


def list_documents(
    session: Session,
    customer_id: int,
    *,
    doc_type: object = None,
    year: object = None,
    status: object = None,
    page: object = 1,
    page_size: object = 20,
    today: date | None = None,
) -> DocumentPage:
    """The customer's documents, newest first. Unknown filter values are ignored;
    the page is clamped to the existing ones."""
    ledger = ledger_query(customer_id, today or today_in_warsaw())
    conds = []
    if (t := _valid_doc_type(doc_type)) is not None:
        conds.append(ledger.c.doc_type == t)
    if (y := _valid_year(year)) is not None:
        conds.append(ledger.c.issue_date.between(date(y, 1, 1), date(y, 12, 31)))
    if isinstance(status, str) and status in STATUS_LABELS:
        conds.append(ledger.c.status == status)
    total = int(session.exec(select(func.count()).select_from(ledger).where(*conds)).one())
    page_no, size, pages = paginate(total, page, page_size)
    rows = session.exec(
        select(*ledger.c).where(*conds)
        .order_by(ledger.c.issue_date.desc(), ledger.c.id.desc())
        .offset((page_no - 1) * size).limit(size)
    ).all()
    return DocumentPage([_row(r) for r in rows], total, page_no, pages, years_available(session, customer_id))


def unpaid_documents(session: Session, customer_id: int, today: date | None = None) -> list[DocumentRow]:
    """Documents with something left to pay (unpaid, partly paid, overdue), oldest due first."""
    ledger = ledger_query(customer_id, today or today_in_warsaw())
    rows = session.exec(
        select(*ledger.c).where(ledger.c.status.in_((UNPAID, PARTLY_PAID, OVERDUE)))
        .order_by(ledger.c.due_date, ledger.c.id)
    ).all()
    return [_row(r) for r in rows]


# ---------------------------------------------------------------- the detail

@dataclass(frozen=True)
class LineView:
    position: int
    description: str
    quantity_milli: int
    quantity: str  # number only, "12,345"
    unit: str  # as shown ("m³")
    quantity_display: str  # "12,345 m³"
    unit_net_gr: int
    unit_net_display: str
    vat_rate: int | None
    vat_rate_display: str
    net_gr: int
    net_display: str
    vat_gr: int
    vat_display: str
    gross_gr: int
    gross_display: str


@dataclass(frozen=True)
class Totals:
    net_gr: int
    vat_gr: int
    gross_gr: int
    net_display: str = ""
    vat_display: str = ""
    gross_display: str = ""

    @classmethod
    def of(cls, net_gr: int, vat_gr: int, gross_gr: int) -> Totals:
        return cls(net_gr, vat_gr, gross_gr, money(net_gr), money(vat_gr), money(gross_gr))


@dataclass(frozen=True)
class VatSummaryRow:
    vat_rate: int | None
    vat_rate_display: str
    totals: Totals


@dataclass(frozen=True)
class SettlementView:
    """A payment (or its part) allocated to the document."""
    paid_on: date
    date_display: str
    amount_gr: int
    amount_display: str
    method_label: str
    reference: str


@dataclass(frozen=True)
class CorrectionInfo:
    corrected_id: int
    corrected_number: str
    corrected_issue_date: date
    corrected_issue_date_display: str
    reason: str
    before: Totals  # the corrected document as issued
    difference: Totals  # this correction
    after: Totals


@dataclass(frozen=True)
class DocumentDetail:
    id: int
    number: str
    doc_type: str
    type_label: str
    title: str
    is_vat_invoice: bool
    issue_date: date
    issue_date_display: str
    sale_date: date | None
    sale_date_display: str
    period_from: date | None
    period_to: date | None
    period_display: str
    due_date: date
    due_date_display: str
    totals: Totals
    paid_gr: int
    paid_display: str
    outstanding_gr: int
    outstanding_display: str
    status: str
    status_label: str
    lines: list[LineView]
    vat_summary: list[VatSummaryRow]
    ksef_number: str
    service_point_address: str
    correction: CorrectionInfo | None = None
    corrected_number: str = ""  # shortcut of correction.corrected_number
    correction_numbers: list[str] = field(default_factory=list)  # corrections of this document
    payments: list[SettlementView] = field(default_factory=list)


def _line_view(line: DocumentLine) -> LineView:
    return LineView(
        position=line.position, description=line.description,
        quantity_milli=line.quantity_milli,
        quantity=quantity_number(line.quantity_milli, line.unit), unit=unit_display(line.unit),
        quantity_display=quantity_display(line.quantity_milli, line.unit),
        unit_net_gr=line.unit_net_gr, unit_net_display=money(line.unit_net_gr),
        vat_rate=line.vat_rate, vat_rate_display=vat_rate_display(line.vat_rate),
        net_gr=line.net_gr, net_display=money(line.net_gr),
        vat_gr=line.vat_gr, vat_display=money(line.vat_gr),
        gross_gr=line.gross_gr, gross_display=money(line.gross_gr),
    )


def vat_summary(lines: list[DocumentLine] | list[LineView]) -> list[VatSummaryRow]:
    """Net, VAT and gross per rate (art. 106e ust. 1 pkt 13-14), highest rate first,
    lines outside VAT last."""
    sums: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for line in lines:
        s = sums[line.vat_rate]
        s[0] += line.net_gr
        s[1] += line.vat_gr
        s[2] += line.gross_gr
    order = sorted(sums, key=lambda r: (r is None, -(r or 0)))
    return [VatSummaryRow(r, vat_rate_display(r), Totals.of(*sums[r])) for r in order]


def _address(street: str, postal_code: str, city: str) -> str:
    return f"{street}, {postal_code} {city}".strip(", ")


def _period_display(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{date_pl(start)} – {date_pl(end)}"
    return date_pl(start or end)


def document_detail(session: Session, customer_id: int, document_id: object,
                    today: date | None = None) -> DocumentDetail | None:
    """The whole document, or None when the id is not one of the customer's documents."""
    doc_id = as_id(document_id)
    if doc_id is None:
        return None
    doc = session.exec(
        select(Document).where(Document.id == doc_id, Document.customer_id == customer_id)
    ).first()
    if doc is None:
        return None
    ledger = ledger_query(customer_id, today or today_in_warsaw())
    state = session.exec(select(*ledger.c).where(ledger.c.id == doc_id)).one()
    lines = session.exec(
        select(DocumentLine).where(DocumentLine.document_id == doc_id)
        .order_by(DocumentLine.position, DocumentLine.id)
    ).all()
    doc_type = str(doc.doc_type)
    is_vat = _valid_doc_type(doc_type) in {t.value for t in VAT_DOCUMENT_TYPES}
    totals = Totals.of(doc.net_gr, doc.vat_gr, doc.gross_gr)

    correction = None
    if doc.corrected_document_id is not None:
        original = session.exec(
            select(Document).where(Document.id == doc.corrected_document_id,
                                   Document.customer_id == customer_id)
        ).first()
        if original is not None:
            before = Totals.of(original.net_gr, original.vat_gr, original.gross_gr)
            correction = CorrectionInfo(
                corrected_id=original.id, corrected_number=original.number,
                corrected_issue_date=original.issue_date,
                corrected_issue_date_display=date_pl(original.issue_date),
                reason=doc.correction_reason or "",
                before=before, difference=totals,
                after=Totals.of(before.net_gr + totals.net_gr, before.vat_gr + totals.vat_gr,
                                before.gross_gr + totals.gross_gr),
            )
    correction_numbers = list(session.exec(
        select(Document.number).where(Document.corrected_document_id == doc_id,
                                      Document.customer_id == customer_id)
        .order_by(Document.issue_date, Document.id)
    ).all())

    address = ""
    if doc.service_point_id is not None:
        sp = session.exec(select(ServicePoint).where(ServicePoint.id == doc.service_point_id,
                                                     ServicePoint.customer_id == customer_id)).first()
        if sp is not None:
            address = _address(sp.street, sp.postal_code, sp.city)

    settlements = session.exec(
        select(Payment.paid_on, Payment.method, Payment.reference, PaymentAllocation.amount_gr)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(PaymentAllocation.document_id == doc_id, Payment.customer_id == customer_id)
        .order_by(Payment.paid_on, Payment.id)
    ).all()

    paid, outstanding = int(state.paid_gr), int(state.outstanding_gr)
    return DocumentDetail(
        id=doc.id, number=doc.number, doc_type=doc_type,
        type_label=label_of(TYPE_LABELS, doc_type, "Dokument"),
        title=label_of(TYPE_TITLES, doc_type, "DOKUMENT"), is_vat_invoice=is_vat,
        issue_date=doc.issue_date, issue_date_display=date_pl(doc.issue_date),
        sale_date=doc.sale_date, sale_date_display=date_pl(doc.sale_date),
        period_from=doc.period_from, period_to=doc.period_to,
        period_display=_period_display(doc.period_from, doc.period_to),
        due_date=doc.due_date, due_date_display=date_pl(doc.due_date),
        totals=totals, paid_gr=paid, paid_display=money(paid),
        outstanding_gr=outstanding, outstanding_display=money(max(outstanding, 0)),
        status=state.status, status_label=STATUS_LABELS.get(state.status, ""),
        lines=[_line_view(l) for l in lines],
        # notes are not VAT invoices: no VAT summary on them
        vat_summary=vat_summary(lines) if is_vat else [],
        ksef_number=doc.ksef_number or "",
        service_point_address=address,
        correction=correction,
        corrected_number=correction.corrected_number if correction else "",
        correction_numbers=correction_numbers,
        payments=[
            SettlementView(s.paid_on, date_pl(s.paid_on), int(s.amount_gr), money(int(s.amount_gr)),
                           label_of(METHOD_LABELS, s.method), s.reference or "")
            for s in settlements
        ],
    )


# ---------------------------------------------------------------- the PDF

@dataclass(frozen=True)
class PdfFile:
    filename: str
    content: bytes
    media_type: str = "application/pdf"


def safe_filename(stem: str) -> str:
    """ASCII-only file name for Content-Disposition ("FV/2024/01/0001" -> "FV-2024-01-0001")."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")
    return f"{cleaned or 'dokument'}.pdf"


def document_pdf(session: Session, customer_id: int, document_id: object) -> PdfFile | None:
    """The document as a PDF for download; None when it is not the customer's (answer 404)."""
    from ibok_app.config import settings
    from ibok_app.integrations.document_pdf import render_document_pdf

    detail = document_detail(session, customer_id, document_id)
    if detail is None:
        return None
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    return PdfFile(safe_filename(detail.number), render_document_pdf(detail, customer, settings().company))
