"""Transactions the gateway never reported on: after IBOK_PAYMENT_PENDING_MINUTES
without an ITN a started or pending transaction expires and frees its documents.
A SUCCESS that arrives later is still credited (the money arrived)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.db import session_scope
from ibok_app.models import OnlinePayment, OnlinePaymentDocument, OnlinePaymentStatus, utcnow
from ibok_app.services.common import leases

log = logging.getLogger(__name__)
ACTIVE = (OnlinePaymentStatus.STARTED, OnlinePaymentStatus.PENDING)


def cutoff(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(minutes=settings().payments.pending_minutes)


def release_documents(session: Session, online_payment_ids: list[int]) -> None:
    """The documents of those transactions that have ended may be chosen again."""
    if online_payment_ids:
        ended = select(OnlinePayment.id).where(OnlinePayment.id.in_(online_payment_ids),
                                               OnlinePayment.status.not_in(ACTIVE))
        session.exec(update(OnlinePaymentDocument)
                     .where(OnlinePaymentDocument.online_payment_id.in_(ended), OnlinePaymentDocument.active)
                     .values(active=False))


def expire_stale(session: Session, now: datetime | None = None) -> list[int]:
    """Expire what waited too long; the ids of the transactions looked at."""
    limit = cutoff(now)
    stale = list(session.exec(select(OnlinePayment.id).where(
        OnlinePayment.status.in_(ACTIVE), OnlinePayment.updated_at < limit)).all())
    if stale:
        # Conditional: an ITN that moved one of them meanwhile keeps its own status.
        session.exec(update(OnlinePayment)
                     .where(OnlinePayment.id.in_(stale), OnlinePayment.status.in_(ACTIVE),
                            OnlinePayment.updated_at < limit)
                     .values(status=OnlinePaymentStatus.EXPIRED))
        release_documents(session, stale)
    return stale


def expire_now() -> int:
    """One pass in its own transaction (the app's loop and `cli housekeeping`)."""
    with session_scope() as session:
        return len(expire_stale(session))


async def run_periodically(interval_s: float = 60.0) -> None:
    """The app's loop, in one worker process at a time: documents of abandoned payments
    are freed within a minute of expiry."""
    await leases.run_exclusively("payment_expiry", expire_now, interval_s=interval_s, logger=log,
                                 failure="expiring online payments failed")
