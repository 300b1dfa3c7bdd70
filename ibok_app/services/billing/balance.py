"""The customer's settlement balance on the current day (§9 f).

balance = all documents (gross, corrections with their sign) − all payments.
Positive: to pay; negative: overpayment. Computed with SQL aggregates, so the cost
does not grow with what the page shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from ibok_app.models import Document, Payment
from ibok_app.services.billing.documents import OVERDUE, PARTLY_PAID, UNPAID, ledger_query
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


def balance(session: Session, customer_id: int, today: date | None = None) -> BalanceView:
    today = today or today_in_warsaw()
    charges = int(session.exec(
        select(func.coalesce(func.sum(Document.gross_gr), 0)).where(Document.customer_id == customer_id)
    ).one())
    paid = int(session.exec(
        select(func.coalesce(func.sum(Payment.amount_gr), 0)).where(Payment.customer_id == customer_id)
    ).one())
    ledger, params = ledger_query(customer_id, today)
    overdue_alloc, next_due = session.exec(
        select(
            func.coalesce(func.sum(ledger.c.outstanding_gr).filter(ledger.c.status == OVERDUE), 0),
            func.min(ledger.c.due_date).filter(ledger.c.status.in_((UNPAID, PARTLY_PAID))),
        ), params=params
    ).one()
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
