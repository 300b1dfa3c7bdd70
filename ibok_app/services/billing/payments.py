"""The customer's payment history (§9 c) and the monthly charges/payments series for a chart."""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, literal, union_all
from sqlmodel import Session, select

from ibok_app.models import Document, Payment, PaymentAllocation
from ibok_app.services.billing.documents import METHOD_LABELS, label_of, paginate
from ibok_app.services.common import queries
from ibok_app.services.common.inputs import parse_id
from ibok_app.views.formats import date_pl, money, today_in_warsaw

MAX_MONTHS = 120


@dataclass(frozen=True)
class PaymentRow:
    id: int
    paid_on: date
    date_display: str
    amount_gr: int
    amount_display: str
    method: str
    method_label: str
    reference: str
    document_numbers: list[str]  # documents this payment settled


@dataclass(frozen=True)
class PaymentPage:
    rows: list[PaymentRow]
    total: int
    page: int
    pages: int


@functools.cache
def _history_queries():
    """(count, page, the documents each settled), built once: Płatności runs them on
    every load."""
    pay, alloc, doc = Payment.__table__, PaymentAllocation.__table__, Document.__table__
    customer_id = bindparam("customer_id")
    count = select(func.count()).select_from(pay).where(pay.c.customer_id == customer_id)
    page = (select(pay.c.id, pay.c.paid_on, pay.c.amount_gr, pay.c.method, pay.c.reference)
            .where(pay.c.customer_id == customer_id).order_by(pay.c.paid_on.desc(), pay.c.id.desc())
            .offset(bindparam("skip")).limit(bindparam("size")))
    settled = (select(alloc.c.payment_id, doc.c.number)
               .select_from(alloc.join(doc, doc.c.id == alloc.c.document_id))
               .where(alloc.c.payment_id.in_(bindparam("payment_ids", expanding=True)),
                      doc.c.customer_id == customer_id)
               .order_by(alloc.c.payment_id, doc.c.issue_date, doc.c.id))
    return count, page, settled


def payment_history(session: Session, customer_id: int, page: object = 1, page_size: object = 20) -> PaymentPage:
    """Payments newest first, each with the numbers of the documents it settled."""
    count, page_query, settled = _history_queries()
    total = int(queries.one(session, count, customer_id=customer_id)[0])
    page_no, size, pages = paginate(total, page, page_size)
    payments = queries.rows(session, page_query, customer_id=customer_id, skip=(page_no - 1) * size, size=size)
    numbers: dict[int, list[str]] = defaultdict(list)
    if payments:
        for payment_id, number in queries.rows(session, settled, customer_id=customer_id,
                                               payment_ids=[p.id for p in payments]):
            if number not in numbers[payment_id]:
                numbers[payment_id].append(number)
    rows = [
        PaymentRow(p.id, p.paid_on, date_pl(p.paid_on), p.amount_gr, money(p.amount_gr), str(p.method),
                   label_of(METHOD_LABELS, p.method), p.reference or "", numbers[p.id])
        for p in payments
    ]
    return PaymentPage(rows, total, page_no, pages)


@dataclass(frozen=True)
class MonthPoint:
    label: str  # "mm.rrrr"
    year: int
    month: int
    charges_gr: int
    payments_gr: int
    charges_zl: float  # for the chart only; never compute with these
    payments_zl: float


def _month_start(d: date, back: int) -> date:
    index = d.year * 12 + d.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


@functools.cache
def _monthly_query():
    """Charges and payments summed per calendar month in [start, end), one statement
    built once: rows of (what, year, month, sum)."""
    doc, pay = Document.__table__, Payment.__table__
    customer_id = bindparam("customer_id")
    start, end = bindparam("start", type_=doc.c.issue_date.type), bindparam("end", type_=doc.c.issue_date.type)

    def sums(what: str, amount, on, customer):
        year, month = func.extract("year", on), func.extract("month", on)
        return (select(literal(what).label("what"), year.label("y"), month.label("m"), func.sum(amount).label("s"))
                .where(customer == customer_id, on >= start, on < end).group_by(year, month))

    return union_all(sums("charges", doc.c.gross_gr, doc.c.issue_date, doc.c.customer_id),
                     sums("payments", pay.c.amount_gr, pay.c.paid_on, pay.c.customer_id))


def charges_and_payments_series(session: Session, customer_id: int, months: object = 36,
                                today: date | None = None) -> list[MonthPoint]:
    """Charges (documents by issue date, corrections with their sign) and payments
    per calendar month, oldest first, ending with the current month; empty months are 0."""
    n = min(parse_id(months) or 36, MAX_MONTHS)
    today = today or today_in_warsaw()
    start, end = _month_start(today, n - 1), _month_start(today, -1)
    sums: dict[str, dict[tuple[int, int], int]] = {"charges": {}, "payments": {}}
    for what, y, m, total in queries.rows(session, _monthly_query(), customer_id=customer_id, start=start, end=end):
        sums[what][(int(y), int(m))] = int(total or 0)
    charges, paid = sums["charges"], sums["payments"]
    points = []
    for back in range(n - 1, -1, -1):
        m = _month_start(today, back)
        c, p = charges.get((m.year, m.month), 0), paid.get((m.year, m.month), 0)
        points.append(MonthPoint(f"{m.month:02d}.{m.year}", m.year, m.month, c, p, c / 100, p / 100))
    return points
