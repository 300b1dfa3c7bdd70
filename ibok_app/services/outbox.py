"""Outbox: e-mails and SMS are stored in the same transaction as the change that
causes them, then delivered by a worker, so nothing is lost while SMTP is down."""
from __future__ import annotations

from sqlmodel import Session

from ibok_app.models import OutboxChannel, OutboxMessage


def enqueue_email(session: Session, to: str, subject: str, text: str, html: str | None = None) -> int:
    msg = OutboxMessage(channel=OutboxChannel.EMAIL, recipient=to, subject=subject,
                        body_text=text, body_html=html)
    session.add(msg)
    session.flush()
    return msg.id


def enqueue_sms(session: Session, to: str, text: str) -> int:
    msg = OutboxMessage(channel=OutboxChannel.SMS, recipient=to, body_text=text)
    session.add(msg)
    session.flush()
    return msg.id
