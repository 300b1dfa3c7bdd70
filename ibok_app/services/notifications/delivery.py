"""Outbox delivery: sends due e-mails and SMS, retries with exponential backoff,
gives up after MAX_ATTEMPTS.

Concurrency: a message is claimed by one conditional UPDATE (still PENDING, same
attempt count, due) that moves next_attempt_at a lease ahead and counts the attempt.
Only one worker's UPDATE can match, on SQLite (writes serialised) and on PostgreSQL
(the second UPDATE waits for the row lock and re-checks the condition). Sending then
happens outside any transaction, so a slow SMTP server never holds a database lock;
a worker that dies mid-send leaves the message to be retried once the lease ends.
"""
from __future__ import annotations

import asyncio
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import requests
from sqlalchemy import update
from sqlmodel import select

from ibok_app import bootstrap
from ibok_app.config import settings
from ibok_app.db import session_scope
from ibok_app.integrations.mail import (
    OUTBOX_ID_HEADER,
    MailSender,
    build_message,
)
from ibok_app.integrations.outbound import DeliveryError, PermanentDeliveryError
from ibok_app.integrations.sms import SmsSender
from ibok_app.models import OutboxChannel, OutboxMessage, OutboxStatus, utcnow
from ibok_app.services.common import leases

log = logging.getLogger(__name__)

BATCH = 100  # messages per pass of the background worker
MAX_ATTEMPTS = 12  # with the delays below: given up about 20 hours after the first try
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=6)
LEASE = timedelta(minutes=10)  # longer than any send can take (SMTP timeout 30 s)
ERROR_MAX = 500  # OutboxMessage.last_error column length
_EXPECTED_ERRORS = (DeliveryError, OSError, smtplib.SMTPException, requests.RequestException)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0  # gave up: FAILED
    retried: int = 0  # still PENDING, tried again later

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.retried

    def __str__(self) -> str:
        return f"Wysłano: {self.sent}, ponowienie później: {self.retried}, porzucono: {self.failed}"


def retry_delay(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most 6 hours."""
    exponent = min(max(attempts, 1) - 1, 20)
    return min(FIRST_RETRY * (2 ** exponent), MAX_RETRY_DELAY)


@dataclass(frozen=True)
class _Claim:
    id: int
    channel: str
    recipient: str
    subject: str
    body_text: str
    body_html: str | None
    attempts: int  # including this one


class _Senders:
    """Takes each sender from the composition root only when a message of its channel comes up."""

    def __init__(self, mail: MailSender | None, sms: SmsSender | None) -> None:
        self._mail, self._sms = mail, sms

    def mail(self) -> MailSender:
        if self._mail is None:
            self._mail = bootstrap.integrations().mail
        return self._mail

    def sms(self) -> SmsSender:
        if self._sms is None:
            self._sms = bootstrap.integrations().sms
        return self._sms


def deliver_due(limit: int = 100, now: datetime | None = None, mail_sender: MailSender | None = None,
                sms_sender: SmsSender | None = None) -> DeliveryReport:
    """Send up to `limit` PENDING messages whose next_attempt_at <= now (default: the
    current UTC time). Commits itself: one short transaction per claim and per result."""
    fixed = now.astimezone(timezone.utc).replace(tzinfo=None) if now and now.tzinfo else now
    clock: Callable[[], datetime] = (lambda: fixed) if fixed is not None else utcnow
    senders = _Senders(mail_sender, sms_sender)
    report = DeliveryReport()
    for msg_id, attempts in _due(max(int(limit), 0), clock()):
        claim = _claim(msg_id, attempts, clock())
        if claim is None:
            continue  # another worker took it
        error = _send(claim, senders)
        if error is None:
            _mark_sent(claim, clock())
            report.sent += 1
        elif _give_up(claim, error):
            _mark_failed(claim, _clean(error))
            report.failed += 1
        else:
            _schedule_retry(claim, _clean(error), clock())
            report.retried += 1
    return report


def _due(limit: int, now: datetime) -> list[tuple[int, int]]:
    if limit == 0:
        return []
    with session_scope() as session:
        rows = session.exec(
            select(OutboxMessage.id, OutboxMessage.attempts)
            .where(OutboxMessage.status == OutboxStatus.PENDING,
                   OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        ).all()
    return [(row[0], row[1]) for row in rows]


def _claim(msg_id: int, seen_attempts: int, now: datetime) -> _Claim | None:
    # The UPDATE comes first in its transaction: on SQLite a read before it could make
    # the write fail with "database is locked" when another worker wrote in between.
    with session_scope() as session:
        result = session.exec(
            update(OutboxMessage)
            .where(OutboxMessage.id == msg_id,
                   OutboxMessage.status == OutboxStatus.PENDING,
                   OutboxMessage.attempts == seen_attempts,
                   OutboxMessage.next_attempt_at <= now)
            .values(attempts=seen_attempts + 1, next_attempt_at=now + LEASE)
        )
        if result.rowcount != 1:
            return None
        row = session.get(OutboxMessage, msg_id)
        return _Claim(id=row.id, channel=str(row.channel), recipient=row.recipient,
                      subject=row.subject or "", body_text=row.body_text, body_html=row.body_html,
                      attempts=row.attempts)


def _send(claim: _Claim, senders: _Senders) -> Exception | None:
    """None when sent, else the error (never raises for a single message)."""
    try:
        if claim.channel == OutboxChannel.EMAIL.value:
            message = build_message(claim.recipient, claim.subject, claim.body_text, claim.body_html)
            message[OUTBOX_ID_HEADER] = str(claim.id)
            senders.mail().send(message)
        elif claim.channel == OutboxChannel.SMS.value:
            senders.sms().send(claim.recipient, claim.body_text, ref=str(claim.id))
        else:
            raise PermanentDeliveryError(f"Nieznany kanał wysyłki: {claim.channel}")
    except _EXPECTED_ERRORS as exc:
        log.warning("Outbox %s: próba %s nieudana: %s", claim.id, claim.attempts, _clean(exc))
        return exc
    except Exception as exc:  # a bug or a bad setting must not stop the other messages
        log.exception("Outbox %s: nieoczekiwany błąd wysyłki", claim.id)
        return exc
    return None


def _give_up(claim: _Claim, error: Exception) -> bool:
    return isinstance(error, PermanentDeliveryError) or claim.attempts >= MAX_ATTEMPTS


def _clean(error: Exception) -> str:
    """One line, no credentials, fits the column."""
    text = str(error) if isinstance(error, DeliveryError) else f"{type(error).__name__}: {error}"
    s = settings()
    for secret in (s.smtp_password, s.sms_token):
        if secret:
            text = text.replace(secret, "***")
    text = " ".join(text.split()) or type(error).__name__
    return text if len(text) <= ERROR_MAX else text[: ERROR_MAX - 1] + "…"


def _mark_sent(claim: _Claim, now: datetime) -> None:
    # No attempt check: the message did go out, even if our lease had run out meanwhile.
    with session_scope() as session:
        session.exec(
            update(OutboxMessage)
            .where(OutboxMessage.id == claim.id, OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SENT, sent_at=now, last_error=None)
        )


def _still_ours(claim: _Claim):
    return (OutboxMessage.id == claim.id, OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.attempts == claim.attempts)


def _mark_failed(claim: _Claim, error: str) -> None:
    with session_scope() as session:
        session.exec(update(OutboxMessage).where(*_still_ours(claim))
                     .values(status=OutboxStatus.FAILED, last_error=error))


def _schedule_retry(claim: _Claim, error: str, now: datetime) -> None:
    with session_scope() as session:
        session.exec(update(OutboxMessage).where(*_still_ours(claim))
                     .values(next_attempt_at=now + retry_delay(claim.attempts),
                             last_error=error))


def _deliver_batch() -> bool:
    """One pass; True when the batch was full (more may be waiting)."""
    report = deliver_due(BATCH)
    if report.handled:
        log.info("Outbox: %s", report)
    return report.handled >= BATCH


async def run_worker(stop: asyncio.Event | None = None, interval_s: float = 5.0) -> None:
    """Deliver the outbox every `interval_s` seconds until `stop` is set or the task is
    cancelled, in one worker process at a time (services/common/leases.py). The
    blocking work runs in a thread so the event loop stays responsive."""
    log.info("Wysyłka poczty i SMS uruchomiona (co %.0f s)", interval_s)
    await leases.run_exclusively("outbox", _deliver_batch, interval_s=interval_s, stop=stop, logger=log,
                                 failure="Outbox: przebieg wysyłki nieudany")
    log.info("Wysyłka poczty i SMS zatrzymana")
