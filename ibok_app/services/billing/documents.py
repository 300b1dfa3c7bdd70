"""Invoices, corrections and notes of one customer (§9 e): the list, the detail and the PDF.

Every query is scoped by the customer id from the server-side session: a document of
another customer, or an id that does not exist, both come back as None.

The payment status of a document is derived in SQL by `ledger_query()`; that query is the
single place of the rule (the list, its status filter, the detail and the balance all
read it), so pagination and filters stay in the database for customers with many
documents.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, case, func, or_
from sqlmodel import Session, select

from ibok_app.models import (
    Document,
    DocumentType,
    PaymentAllocation,
)
from ibok_app.services.common import queries
from ibok_app.services.common.paging import MAX_PAGE_SIZE, as_page, paginate  # noqa: F401 (re-exported)
from ibok_app.views.formats import date_pl, money, quantity_pl, today_in_warsaw
from ibok_app.views.labels import DOCUMENT_STATUS_LABELS, DOCUMENT_TYPE_LABELS, PAYMENT_METHOD_LABELS

# Invoices under the VAT act; notes are not (interest is outside VAT).
VAT_DOCUMENT_TYPES = frozenset({DocumentType.INVOICE, DocumentType.CORRECTION})

PAID, PARTLY_PAID, UNPAID, OVERDUE, SETTLED = "paid", "partly_paid", "unpaid", "overdue", "settled"
# The labels live in views/labels.py; pages/documents.py and billing/payments.py read them here.
TYPE_LABELS = DOCUMENT_TYPE_LABELS
STATUS_LABELS = DOCUMENT_STATUS_LABELS
METHOD_LABELS = PAYMENT_METHOD_LABELS
# Statuses with something left to pay: these documents can be paid online.
PAYABLE = (UNPAID, PARTLY_PAID, OVERDUE)
NOT_SUBJECT_TO_VAT = "np."  # a line outside VAT (vat_rate None), e.g. interest


# ---------------------------------------------------------------- small helpers

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
    return quantity_pl(Decimal(quantity_milli) / 1000, cubic_metres=_is_m3(unit))


def quantity_display(quantity_milli: int, unit: str) -> str:
    return f"{quantity_number(quantity_milli, unit)} {unit_display(unit)}".strip()


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

    Returns (subquery, params): the subquery is built once with bind parameters, so
    its cache key and compiled SQL are reused on every page load; execute what selects
    from it with `params` (`session.exec(stmt, params=params)`)."""
    return _ledger(), {"ledger_customer_id": customer_id, "ledger_today": today}


@functools.cache
def _ledger():
    """Built on Core tables, not ORM attributes (ORM column adaptation cost more than
    the query itself)."""
    doc, alloc = Document.__table__, PaymentAllocation.__table__
    corr = doc.alias("corr")
    customer_id = bindparam("ledger_customer_id", type_=doc.c.customer_id.type)
    today = bindparam("ledger_today", type_=doc.c.due_date.type)
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
    payable: bool  # something left to pay: "Zapłać online" is offered


@dataclass(frozen=True)
class DocumentPage:
    rows: list[DocumentRow]
    total: int
    page: int
    pages: int
    years_available: list[int]


def row_view(r) -> DocumentRow:
    paid = int(r.paid_gr or 0)
    return DocumentRow(
        id=r.id, number=r.number, doc_type=str(r.doc_type),
        type_label=label_of(TYPE_LABELS, r.doc_type, "Dokument"),
        issue_date=r.issue_date, issue_date_display=date_pl(r.issue_date),
        due_date=r.due_date, due_date_display=date_pl(r.due_date),
        gross_gr=int(r.gross_gr), gross_display=money(int(r.gross_gr)),
        paid_gr=paid, paid_display=money(paid),
        outstanding_gr=int(r.outstanding_gr), status=r.status,
        status_label=STATUS_LABELS.get(r.status, ""), payable=r.status in PAYABLE,
    )


def _valid_doc_type(value: object) -> str | None:
    return next((t.value for t in DocumentType if value == t or value == t.value), None)


def _valid_year(value: object) -> int | None:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return value
    return None


@functools.cache
def _years_query():
    doc = Document.__table__
    year = func.extract("year", doc.c.issue_date)
    return select(year).where(doc.c.customer_id == bindparam("customer_id")).group_by(year).order_by(year.desc())


def years_available(session: Session, customer_id: int) -> list[int]:
    return [int(y) for y, in queries.rows(session, _years_query(), customer_id=customer_id) if y is not None]


@functools.cache
def _list_queries(by_type: bool, by_year: bool, by_status: bool):
    """(count, page) of the ledger for one combination of filters, built once each: the
    filter values, the page and the customer are bind parameters."""
    ledger, _ = ledger_query(0, date.min)
    conds = []
    if by_type:
        conds.append(ledger.c.doc_type == bindparam("doc_type"))
    if by_year:
        conds.append(ledger.c.issue_date.between(bindparam("year_from", type_=ledger.c.issue_date.type),
                                                 bindparam("year_to", type_=ledger.c.issue_date.type)))
    if by_status:
        conds.append(ledger.c.status == bindparam("status"))
    count = select(func.count()).select_from(ledger).where(*conds)
    page = (select(*ledger.c).where(*conds).order_by(ledger.c.issue_date.desc(), ledger.c.id.desc())
            .offset(bindparam("skip")).limit(bindparam("size")))
    return count, page


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
    _, params = ledger_query(customer_id, today or today_in_warsaw())
    if (t := _valid_doc_type(doc_type)) is not None:
        params["doc_type"] = t
    if (y := _valid_year(year)) is not None:
        params["year_from"], params["year_to"] = date(y, 1, 1), date(y, 12, 31)
    if isinstance(status, str) and status in STATUS_LABELS:
        params["status"] = status
    count, rows = _list_queries("doc_type" in params, "year_from" in params, "status" in params)
    total = int(queries.one(session, count, **params)[0])
    page_no, size, pages = paginate(total, page, page_size)
    found = queries.rows(session, rows, skip=(page_no - 1) * size, size=size, **params)
    return DocumentPage([row_view(r) for r in found], total, page_no, pages, years_available(session, customer_id))


def unpaid_documents(session: Session, customer_id: int, today: date | None = None) -> list[DocumentRow]:
    """Documents with something left to pay (unpaid, partly paid, overdue), oldest due first."""
    ledger, params = ledger_query(customer_id, today or today_in_warsaw())
    rows = session.exec(
        select(*ledger.c).where(ledger.c.status.in_(PAYABLE))
        .order_by(ledger.c.due_date, ledger.c.id), params=params
    ).all()
    return [row_view(r) for r in rows]
