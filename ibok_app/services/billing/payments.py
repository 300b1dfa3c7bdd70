"""The customer's payment history (§9 c) and the monthly charges/payments series for a chart."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from ibok_app.models import Document, Payment, PaymentAllocation
from ibok_app.services.billing.documents import METHOD_LABELS, label_of, paginate
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


def payment_history(session: Session, customer_id: int, page: object = 1, page_size: object = 20) -> PaymentPage:
    """Payments newest first, each with the numbers of the documents it settled."""
    total = int(session.exec(select(func.count()).select_from(Payment).where(Payment.customer_id == customer_id)).one())
    page_no, size, pages = paginate(total, page, page_size)
    payments = session.exec(
        select(Payment).where(Payment.customer_id == customer_id)
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
        .offset((page_no - 1) * size).limit(size)
    ).all()
    numbers: dict[int, list[str]] = defaultdict(list)
    if payments:
        for payment_id, number in session.exec(
            select(PaymentAllocation.payment_id, Document.number)
            .join(Document, Document.id == PaymentAllocation.document_id)
            .where(PaymentAllocation.payment_id.in_([p.id for p in payments]),
                   Document.customer_id == customer_id)
            .order_by(PaymentAllocation.payment_id, Document.issue_date, Document.id)
        ).all():
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


def _monthly_sums(session: Session, amount, on, customer_col, customer_id: int, start: date, end: date):
    year, month = func.extract("year", on), func.extract("month", on)
    rows = session.exec(
        select(year, month, func.sum(amount))
        .where(customer_col == customer_id, on >= start, on < end)
        .group_by(year, month)
    ).all()
    return {(int(y), int(m)): int(total or 0) for y, m, total in rows}


def charges_and_payments_series(session: Session, customer_id: int, months: object = 36,
                                today: date | None = None) -> list[MonthPoint]:
    """Charges (documents by issue date, corrections with their sign) and payments
    per calendar month, oldest first, ending with the current month; empty months are 0."""
    n = min(parse_id(months) or 36, MAX_MONTHS)
    today = today or today_in_warsaw()
    start, end = _month_start(today, n - 1), _month_start(today, -1)
    charges = _monthly_sums(session, Document.gross_gr, Document.issue_date, Document.customer_id,
                            customer_id, start, end)
    paid = _monthly_sums(session, Payment.amount_gr, Payment.paid_on, Payment.customer_id,
                         customer_id, start, end)
    points = []
    for back in range(n - 1, -1, -1):
        m = _month_start(today, back)
        c, p = charges.get((m.year, m.month), 0), paid.get((m.year, m.month), 0)
        points.append(MonthPoint(f"{m.month:02d}.{m.year}", m.year, m.month, c, p, c / 100, p / 100))
    return points
