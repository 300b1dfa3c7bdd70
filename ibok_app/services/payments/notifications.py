"""The gateway's Instant Transaction Notifications (ITN): verified, then applied as a
forward-only status transition.

    started ─▶ pending ─▶ success | failure        expired ─▶ success | failure

SUCCESS records ONE payment, allocated to the chosen documents (for an amount of the
customer's choice: oldest due first), the rest an overpayment; in the same database
transaction. The transition is one conditional UPDATE (`WHERE status IN (...)`), so
of two identical ITNs at the same moment, or a replay, exactly one moves the row and
credits the money; on PostgreSQL the second waits for the first's row lock and then
finds nothing to update, on SQLite the database's single writer does the same.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, select

from ibok_app.bootstrap import integrations
from ibok_app.integrations.autopay import Itn, amount_grosze
from ibok_app.models import (
    Document,
    OnlinePayment,
    OnlinePaymentDocument,
    OnlinePaymentMode,
    OnlinePaymentStatus,
    Payment,
    PaymentAllocation,
    PaymentMethod,
    PortalAccount,
    utcnow,
)
from ibok_app.services.billing.documents import ledger_query, unpaid_documents
from ibok_app.services.common.audit import audit
from ibok_app.services.notifications.outbox import enqueue_email
from ibok_app.services.notifications.payment_emails import payment_receipt_email
from ibok_app.services.payments.allocation import Allocation, allocate
from ibok_app.services.payments.expiry import release_documents
from ibok_app.views.formats import today_in_warsaw

log = logging.getLogger(__name__)

S = OnlinePaymentStatus
# Which statuses each ITN status may move a transaction from (forward only).
ALLOWED_FROM = {
    "PENDING": (S.STARTED,),
    "SUCCESS": (S.STARTED, S.PENDING, S.EXPIRED),
    "FAILURE": (S.STARTED, S.PENDING, S.EXPIRED),
}
TARGET = {"PENDING": S.PENDING, "SUCCESS": S.SUCCESS, "FAILURE": S.FAILURE}


@dataclass(frozen=True)
class ItnOutcome:
    confirmed: bool
    order_id: str
    reason: str  # for the log: never a secret, never the customer's data
    credited: bool = False


def _refuse(itn: Itn, reason: str) -> ItnOutcome:
    return ItnOutcome(False, itn.order_id, reason)


def _check(session: Session, itn: Itn) -> tuple[OnlinePayment | None, str]:
    gateway = integrations().payments
    if not itn.hash_ok(gateway.shared_key):
        return None, "wrong hash"
    if itn.service_id != gateway.service_id:
        return None, "another ServiceID"
    tx = session.exec(select(OnlinePayment).where(OnlinePayment.order_id == itn.order_id)).first()
    if tx is None:
        return None, "unknown order"
    if amount_grosze(itn.amount) != tx.amount_gr + tx.fee_gr:
        return None, "amount differs"
    if itn.currency != tx.currency:
        return None, "currency differs"
    return tx, ""


def _paid_on(payment_date: str) -> date:
    try:
        return datetime.strptime(payment_date[:8], "%Y%m%d").date()
    except ValueError:
        return today_in_warsaw()


def _outstanding_of(session: Session, tx: OnlinePayment) -> list[tuple[int, int]]:
    """(document, left to pay now) in the order to settle them."""
    if tx.mode == OnlinePaymentMode.AMOUNT:  # a StrEnum equals its stored text
        return [(d.id, d.outstanding_gr) for d in unpaid_documents(session, tx.customer_id)]
    chosen = session.exec(select(OnlinePaymentDocument.document_id).where(
        OnlinePaymentDocument.online_payment_id == tx.id).order_by(OnlinePaymentDocument.position)).all()
    ledger, params = ledger_query(tx.customer_id, today_in_warsaw())
    now_due = dict(session.exec(select(ledger.c.id, ledger.c.outstanding_gr).where(ledger.c.id.in_(chosen)),
                                params=params).all())
    return [(doc_id, int(now_due.get(doc_id, 0))) for doc_id in chosen]


def _record_payment(session: Session, tx: OnlinePayment, itn: Itn) -> Allocation:
    split = allocate(tx.amount_gr, _outstanding_of(session, tx))
    payment = Payment(customer_id=tx.customer_id, paid_on=_paid_on(itn.payment_date), amount_gr=tx.amount_gr,
                      method=PaymentMethod.ONLINE, reference=f"Autopay {tx.order_id}")
    session.add(payment)
    session.flush()
    for document_id, gr in split.parts:
        session.add(PaymentAllocation(payment_id=payment.id, document_id=document_id, amount_gr=gr))
    session.exec(update(OnlinePayment).where(OnlinePayment.id == tx.id).values(payment_id=payment.id))
    return split


def _send_receipt(session: Session, tx: OnlinePayment, split: Allocation) -> None:
    account = session.exec(select(PortalAccount).where(PortalAccount.customer_id == tx.customer_id)).first()
    if account is None:
        return
    numbers = []
    if split.parts:
        by_id = dict(session.exec(select(Document.id, Document.number).where(
            Document.id.in_([d for d, _ in split.parts]))).all())
        numbers = [by_id[d] for d, _ in split.parts]
    enqueue_email(session, account.email, *payment_receipt_email(
        order_id=tx.order_id, amount_gr=tx.amount_gr, fee_gr=tx.fee_gr, documents=numbers,
        overpayment_gr=split.overpayment_gr))


def apply_itn(session: Session, itn: Itn, now: datetime | None = None) -> ItnOutcome:
    """Verify the ITN and apply it once; CONFIRMED when the portal now agrees with it."""
    tx, problem = _check(session, itn)
    if tx is None:
        return _refuse(itn, problem)
    target, before = TARGET[itn.status], str(tx.status)
    moved = session.exec(
        update(OnlinePayment)
        .where(OnlinePayment.id == tx.id, OnlinePayment.status.in_(ALLOWED_FROM[itn.status]))
        .values(status=target, remote_id=itn.remote_id[:40] or None, gateway_id=itn.gateway_id[:10] or None,
                status_details=itn.status_details[:100] or None, updated_at=now or utcnow())
    ).rowcount
    if moved != 1:
        session.refresh(tx)
        if tx.status == target:
            return ItnOutcome(True, itn.order_id, "already applied")  # a replay: credited once
        return _refuse(itn, f"{itn.status} after {tx.status}")
    session.refresh(tx)
    credited = False
    if target is S.SUCCESS:
        split = _record_payment(session, tx, itn)
        _send_receipt(session, tx, split)
        credited = True
    if target in (S.SUCCESS, S.FAILURE):
        release_documents(session, [tx.id])
    audit(session, actor_kind="system", actor_id=None, action=f"online_payment.{target}",
          entity="online_payment", entity_id=tx.id, customer_id=tx.customer_id,
          before={"status": before}, after={"status": str(target), "remote_id": itn.remote_id})
    return ItnOutcome(True, itn.order_id, f"moved to {target}", credited)
