"""The desk's two follow-up lists behind its counts (services/desk/start.py): online
payments the gateway has not settled in time (IBOK_PAYMENT_PENDING_MINUTES), and
portal accounts in the §7 window before erasure. The conditions live here, once, and
the counts use them too."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from ibok_app.models import AccountStatus, Customer, OnlinePayment, PortalAccount, utcnow
from ibok_app.services.accounts.closure import CLOSURE_DAYS
from ibok_app.services.payments.expiry import ACTIVE as PAYMENT_ACTIVE
from ibok_app.services.payments.expiry import cutoff as payment_cutoff
from ibok_app.views.formats import datetime_pl, money
from ibok_app.views.labels import ACCOUNT_STATUS_LABELS
from ibok_app.views.labels import ONLINE_PAYMENT_STATUS_LABELS as PAYMENT_LABELS

WAITING_ERASURE = (AccountStatus.CLOSING, AccountStatus.LOCKED)
LIST_MAX = 200  # a follow-up list is short in a healthy portal; more is a symptom, not work


def pending_too_long(now: datetime) -> tuple:
    return (OnlinePayment.status.in_(PAYMENT_ACTIVE), OnlinePayment.updated_at < payment_cutoff(now))


def closing(now: datetime | None = None, *, erasure_due: bool = False) -> tuple:
    """Accounts in the §7 window; with `erasure_due`, those whose 14 days are over."""
    conds = (PortalAccount.status.in_(WAITING_ERASURE), PortalAccount.closing_requested_at.is_not(None))
    if erasure_due and now is not None:
        conds += (PortalAccount.closing_requested_at <= now - timedelta(days=CLOSURE_DAYS),)
    return conds


@dataclass(frozen=True)
class StuckPayment:
    customer_id: int
    customer_number: str
    customer_name: str
    order_id: str
    amount: str
    status_label: str
    started: str
    updated: str


@dataclass(frozen=True)
class ClosingAccount:
    customer_id: int
    customer_number: str
    customer_name: str
    status_label: str
    requested: str
    access_until: str
    erasure_due: bool


def stuck_payments(session: Session, now: datetime | None = None) -> list[StuckPayment]:
    """Oldest first: the longest waiting is the first to ask the gateway about."""
    now = now if isinstance(now, datetime) else utcnow()
    rows = session.exec(
        select(OnlinePayment, Customer).join(Customer, Customer.id == OnlinePayment.customer_id)
        .where(*pending_too_long(now)).order_by(OnlinePayment.updated_at, OnlinePayment.id).limit(LIST_MAX)
    ).all()
    return [StuckPayment(c.id, c.number, c.name, p.order_id, money(p.amount_gr + (p.fee_gr or 0)),
                         PAYMENT_LABELS.get(p.status, str(p.status)), datetime_pl(p.created_at),
                         datetime_pl(p.updated_at)) for p, c in rows]


def closing_accounts(session: Session, now: datetime | None = None) -> list[ClosingAccount]:
    """Soonest erasure first."""
    now = now if isinstance(now, datetime) else utcnow()
    rows = session.exec(
        select(PortalAccount, Customer).join(Customer, Customer.id == PortalAccount.customer_id)
        .where(*closing()).order_by(PortalAccount.closing_requested_at, PortalAccount.id).limit(LIST_MAX)
    ).all()
    out = []
    for a, c in rows:
        until = a.closing_requested_at + timedelta(days=CLOSURE_DAYS)
        out.append(ClosingAccount(c.id, c.number, c.name, ACCOUNT_STATUS_LABELS.get(a.status, str(a.status)),
                                  datetime_pl(a.closing_requested_at), datetime_pl(until), until <= now))
    return out
