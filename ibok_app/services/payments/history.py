"""What the customer (and the office) see of online transactions: the list on
Płatności, the result on the return page, and the reconciliation of those the
gateway never reported on."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from ibok_app.bootstrap import integrations
from ibok_app.models import Customer, OnlinePayment, OnlinePaymentStatus, utcnow
from ibok_app.services.common import queries
from ibok_app.services.common.paging import paginate
from ibok_app.services.payments.expiry import ACTIVE, cutoff, expire_stale
from ibok_app.views.formats import datetime_pl, money
from ibok_app.views.labels import ONLINE_PAYMENT_STATUS_LABELS as STATUS_LABELS

S = OnlinePaymentStatus
WAITING, BOOKED, REFUSED, EXPIRED, INVALID = "waiting", "booked", "refused", "expired", "invalid"
OUTCOME = {S.STARTED: WAITING, S.PENDING: WAITING, S.SUCCESS: BOOKED, S.FAILURE: REFUSED, S.EXPIRED: EXPIRED}
MAX_ROWS = 50


@dataclass(frozen=True)
class OnlineRow:
    order_id: str
    started_display: str
    amount_display: str  # credited amount (plus the fee, if any, in `fee_display`)
    fee_display: str
    status: str
    status_label: str


def _row(tx) -> OnlineRow:
    return OnlineRow(tx.order_id, datetime_pl(tx.created_at), money(tx.amount_gr),
                     money(tx.fee_gr) if tx.fee_gr else "", str(tx.status), STATUS_LABELS.get(tx.status, ""))


@functools.cache
def _newest_query():
    t = OnlinePayment.__table__
    return (select(t.c.order_id, t.c.created_at, t.c.updated_at, t.c.amount_gr, t.c.fee_gr, t.c.status)
            .where(t.c.customer_id == bindparam("customer_id"))
            .order_by(t.c.created_at.desc(), t.c.id.desc()).limit(bindparam("size")))


def online_history(session: Session, customer_id: int, limit: int = 20) -> list[OnlineRow]:
    """The customer's online transactions, newest first. One the gateway never
    reported on past its time is expired first (else the minute's job does it), so it
    never shows as still waiting."""
    size = max(1, min(limit, MAX_ROWS))
    found = queries.rows(session, _newest_query(), customer_id=customer_id, size=size)
    stale_before = cutoff()
    if any(tx.status in ACTIVE and tx.updated_at < stale_before for tx in found):
        expire_stale(session)
        found = queries.rows(session, _newest_query(), customer_id=customer_id, size=size)
    return [_row(tx) for tx in found]


@dataclass(frozen=True)
class OnlinePage:
    rows: list[OnlineRow]
    total: int
    page: int
    pages: int


def online_page(session: Session, customer_id: int, *, page: object = 1, page_size: object = 20) -> OnlinePage:
    """One page of the customer's online transactions, newest first, paged in SQL
    (the customer_id index), with the total (the office's customer card)."""
    expire_stale(session)
    mine = OnlinePayment.customer_id == customer_id
    total = int(session.exec(select(func.count()).select_from(OnlinePayment).where(mine)).one())
    page_no, size, pages = paginate(total, page, page_size)
    rows = session.exec(select(OnlinePayment).where(mine)
                        .order_by(OnlinePayment.created_at.desc(), OnlinePayment.id.desc())
                        .offset((page_no - 1) * size).limit(size)).all()
    return OnlinePage([_row(tx) for tx in rows], total, page_no, pages)


@dataclass(frozen=True)
class ReturnView:
    outcome: str  # waiting / booked / refused / expired / invalid
    order_id: str = ""
    amount_display: str = ""


def return_view(session: Session, customer_id: int, params: object) -> ReturnView:
    """The gateway sent the customer back: a good hash and one of their transactions,
    else INVALID (a tampered link changes and shows nothing)."""
    if not isinstance(params, dict) or not integrations().payments.return_ok(params):
        return ReturnView(INVALID)
    expire_stale(session)
    tx = session.exec(select(OnlinePayment).where(OnlinePayment.order_id == params["OrderID"],
                                                  OnlinePayment.customer_id == customer_id)).first()
    if tx is None:
        return ReturnView(INVALID)
    return ReturnView(OUTCOME.get(tx.status, WAITING), tx.order_id, money(tx.amount_gr + tx.fee_gr))


@dataclass(frozen=True)
class StaleRow:
    order_id: str
    customer_number: str
    amount_display: str
    status: str
    started: str
    last_change: str


def reconcile(session: Session, now: datetime | None = None) -> tuple[list[StaleRow], list[int]]:
    """Transactions still started/pending past their expiry (as they were), then
    expired: the rows for the report and the ids expired."""
    now = now or utcnow()
    rows = session.exec(
        select(OnlinePayment, Customer.number).join(Customer, Customer.id == OnlinePayment.customer_id)
        .where(OnlinePayment.status.in_(ACTIVE), OnlinePayment.updated_at < cutoff(now))
        .order_by(OnlinePayment.updated_at)
    ).all()
    report = [StaleRow(tx.order_id, number, money(tx.amount_gr + tx.fee_gr), str(tx.status),
                       datetime_pl(tx.created_at), datetime_pl(tx.updated_at)) for tx, number in rows]
    return report, expire_stale(session, now)

