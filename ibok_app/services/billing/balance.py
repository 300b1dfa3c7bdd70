"""The customer's settlement balance on the current day (§9 f).

balance = all documents (gross, corrections with their sign) − all payments.
Positive: to pay; negative: overpayment. Computed with SQL aggregates, so the cost
does not grow with what the page shows, in one prebuilt statement (it is on every
Panel and Płatności load).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from ibok_app.models import Document, Payment
from ibok_app.services.billing.documents import OVERDUE, PARTLY_PAID, UNPAID, ledger_query
from ibok_app.services.common import queries
from ibok_app.views.formats import date_pl, money, today_in_warsaw

LABEL_TO_PAY = "Do zapłaty"
LABEL_CREDIT = "Nadpłata"
LABEL_SETTLED = "Rozliczone"


@dataclass(frozen=True)
class BalanceView:
    balance_gr: int  # documents − payments; > 0 to pay, < 0 overpayment
    overdue_gr: int  # unpaid part of documents past their due date
    next_due_date: date | None  # earliest due date of an open document not yet overdue
    is_credit: bool
    charges_gr: int  # sum of all documents
    payments_gr: int  # sum of all payments
    as_of: date
    label: str  # "Do zapłaty" / "Nadpłata" / "Rozliczone"
    balance_display: str  # amount without sign: the label says which way
    overdue_display: str
    next_due_display: str
    as_of_display: str


@functools.cache
def _totals():
    """(charges, paid, overdue, next due date): the documents' and payments' sums, and
    from the ledger the unpaid part past due and the earliest due date still open."""
    doc, pay = Document.__table__, Payment.__table__
    ledger, _ = ledger_query(0, date.min)
    customer_id = bindparam("ledger_customer_id")
    charges = select(func.coalesce(func.sum(doc.c.gross_gr), 0)).where(doc.c.customer_id == customer_id)
    paid = select(func.coalesce(func.sum(pay.c.amount_gr), 0)).where(pay.c.customer_id == customer_id)
    return select(
        charges.scalar_subquery(), paid.scalar_subquery(),
        func.coalesce(func.sum(ledger.c.outstanding_gr).filter(ledger.c.status == OVERDUE), 0),
        func.min(ledger.c.due_date).filter(ledger.c.status.in_((UNPAID, PARTLY_PAID))),
    ).select_from(ledger)


def balance(session: Session, customer_id: int, today: date | None = None) -> BalanceView:
    today = today or today_in_warsaw()
    _, params = ledger_query(customer_id, today)
    charges, paid, overdue_alloc, next_due = queries.one(session, _totals(), **params)
    charges, paid = int(charges), int(paid)
    total = charges - paid
    # A payment not yet allocated to documents still reduces what is owed: the overdue
    # amount can never exceed the balance.
    overdue = max(0, min(int(overdue_alloc), total))
    if total > 0:
        label = LABEL_TO_PAY
    elif total < 0:
        label = LABEL_CREDIT
    else:
        label = LABEL_SETTLED
    return BalanceView(
        balance_gr=total, overdue_gr=overdue, next_due_date=next_due, is_credit=total < 0,
        charges_gr=charges, payments_gr=paid, as_of=today, label=label,
        balance_display=money(abs(total)), overdue_display=money(overdue),
        next_due_display=date_pl(next_due), as_of_display=date_pl(today),
    )
