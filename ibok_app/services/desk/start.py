"""The desk's start page: how much work waits in each queue (one call, one transaction,
so the numbers agree). Each count links to its queue in the pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from ibok_app.models import (
    Complaint,
    MeterReading,
    OnlinePayment,
    PortalAccount,
    ReadingStatus,
    Ticket,
    utcnow,
)
from ibok_app.services.cases.complaints import due_conditions
from ibok_app.services.cases.shared import OPEN_STATUSES as TICKET_OPEN
from ibok_app.services.desk.follow_up import closing, pending_too_long
from ibok_app.views.formats import today_in_warsaw
from ibok_app.views.labels import TICKET_STATUS_LABELS


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class DeskCounts:
    readings_to_verify: int
    tickets_open: int
    tickets_by_status: tuple[StatusCount, ...]  # the open statuses, each even when 0
    complaints_due_soon: int  # open, deadline today or within complaints.DUE_SOON_DAYS days
    complaints_overdue: int  # open, deadline passed (§5)
    payments_pending_too_long: int  # started/pending past IBOK_PAYMENT_PENDING_MINUTES
    accounts_awaiting_erasure: int  # §7 window running (customer's or company's closure)
    accounts_erasure_due: int  # of those, the 14 days are over: the next housekeeping erases


def _count(session: Session, stmt) -> int:
    return int(session.exec(stmt).one() or 0)


def desk_counts(session: Session, now: datetime | None = None) -> DeskCounts:
    now = now if isinstance(now, datetime) else utcnow()
    today = today_in_warsaw(now)
    readings = _count(session, select(func.count()).select_from(MeterReading)
                      .where(MeterReading.status == ReadingStatus.TO_VERIFY))
    per_status = dict(session.exec(
        select(Ticket.status, func.count()).where(Ticket.status.in_(TICKET_OPEN)).group_by(Ticket.status)
    ).all())
    by_status = tuple(StatusCount(s.value, TICKET_STATUS_LABELS[s], int(per_status.get(s.value, 0)))
                      for s in TICKET_OPEN)
    overdue = _count(session, select(func.count()).select_from(Complaint).where(*due_conditions("overdue", today)))
    due_soon = _count(session, select(func.count()).select_from(Complaint).where(*due_conditions("soon", today)))
    payments = _count(session, select(func.count()).select_from(OnlinePayment).where(*pending_too_long(now)))
    waiting = _count(session, select(func.count()).select_from(PortalAccount).where(*closing()))
    due = _count(session, select(func.count()).select_from(PortalAccount).where(*closing(now, erasure_due=True)))
    return DeskCounts(
        readings_to_verify=readings, tickets_open=sum(c.count for c in by_status), tickets_by_status=by_status,
        complaints_due_soon=due_soon, complaints_overdue=overdue, payments_pending_too_long=payments,
        accounts_awaiting_erasure=waiting, accounts_erasure_due=due,
    )
