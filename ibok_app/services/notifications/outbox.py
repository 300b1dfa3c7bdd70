"""Outbox: e-mails and SMS are stored in the same transaction as the change that
causes them, then delivered by a worker, so nothing is lost while SMTP is down."""
from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session

from ibok_app.models import OutboxChannel, OutboxMessage, OutboxStatus, utcnow
from ibok_app.services.common.inputs import normalise_phone

SUBJECT_MAX = 200  # OutboxMessage.subject column length


def enqueue_email(session: Session, to: str, subject: str, text: str, html: str | None = None) -> int:
    subject = " ".join((subject or "").split())
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1] + "…"
    msg = OutboxMessage(channel=OutboxChannel.EMAIL, recipient=(to or "").strip()[:254], subject=subject,
                        body_text=text, body_html=html)
    session.add(msg)
    session.flush()
    return msg.id


def enqueue_sms(session: Session, to: str, text: str) -> int:
    """Stores the number as +48XXXXXXXXX (the portal's one form) when it is a Polish
    one; anything else is kept as given and ends FAILED at delivery with a clear reason."""
    recipient = normalise_phone(to) or (to or "").strip()[:254]
    msg = OutboxMessage(channel=OutboxChannel.SMS, recipient=recipient, body_text=text)
    session.add(msg)
    session.flush()
    return msg.id


def requeue_failed(session: Session, message_ids: list[int] | None = None) -> int:
    """Give FAILED messages (all, or the given ids) a fresh set of attempts, e.g. after
    a long mail server outage. Returns how many were requeued; the caller commits."""
    stmt = update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
    if message_ids is not None:
        ids = [i for i in message_ids if isinstance(i, int) and not isinstance(i, bool)]
        if not ids:
            return 0
        stmt = stmt.where(OutboxMessage.id.in_(ids))
    result = session.exec(stmt.values(status=OutboxStatus.PENDING, attempts=0,
                                      next_attempt_at=utcnow()))
    return result.rowcount or 0
