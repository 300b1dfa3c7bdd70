"""Outbox delivery end to end: real SMTP server (aiosmtpd), real HTTP SMS gateway,
the test database (SQLite or PostgreSQL)."""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from datetime import timedelta

import pytest
from fake_servers import SmsGateway, SmtpServer, free_port, patched_env
from sqlalchemy import update
from sqlmodel import Session

from ibok_app.db import engine
from ibok_app.models import OutboxMessage, OutboxStatus, utcnow
from ibok_app.services.notifications import delivery
from ibok_app.services.notifications.delivery import (
    MAX_ATTEMPTS,
    DeliveryReport,
    deliver_due,
    retry_delay,
    run_worker,
)
from ibok_app.services.notifications.outbox import (
    enqueue_email,
    enqueue_sms,
    requeue_failed,
)

SUBJECT = "Przypomnienie o płatności — żółta kartka?"
TEXT = "Szanowny Panie Łukaszu,\nprosimy o wpłatę 123,45 zł do 30.11.2026.\nZespół BOK, Kożuchów"


def smtp_settings(port: int):
    return patched_env(IBOK_SMTP_HOST="127.0.0.1", IBOK_SMTP_PORT=str(port), IBOK_SMTP_STARTTLS="0",
                       IBOK_SMTP_USER=None, IBOK_SMTP_PASSWORD=None)


def add_email(session: Session, to: str = "klient@example.pl", subject: str = SUBJECT, text: str = TEXT,
              html: str | None = None) -> int:
    msg_id = enqueue_email(session, to, subject, text, html)
    session.commit()
    return msg_id


def row(msg_id: int) -> OutboxMessage:
    with Session(engine()) as s:
        return s.get(OutboxMessage, msg_id)


def text_of(part) -> str:
    return part.get_content().replace("\r\n", "\n").rstrip("\n")


def test_report_reads_in_polish():
    assert str(DeliveryReport(sent=3, failed=0, retried=1)) == "Wysłano: 3, ponowienie później: 1, porzucono: 0"


def test_retry_delay_doubles_up_to_six_hours():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(9) == timedelta(minutes=256)
    assert retry_delay(10) == timedelta(hours=6)
    assert retry_delay(1000) == timedelta(hours=6)


def test_email_with_polish_text_goes_out_over_smtp(session):
    msg_id = add_email(session, html="<p>Szanowny Panie Łukaszu</p>")
    with SmtpServer() as server, smtp_settings(server.port):
        report = deliver_due()
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    assert server.rcpt == [["klient@example.pl"]]
    got = server.messages[0]
    assert got["Subject"] == SUBJECT
    assert got["X-IBOK-Outbox-Id"] == str(msg_id)
    assert text_of(got.get_body(("plain",))) == TEXT
    assert "Łukaszu" in got.get_body(("html",)).get_content()
    assert server.raw[0].isascii()  # encoded for any relay
    sent = row(msg_id)
    assert sent.status == OutboxStatus.SENT
    assert sent.attempts == 1
    assert sent.sent_at is not None and sent.last_error is None


def test_smtp_down_keeps_message_then_sends_when_back(session):
    msg_id = add_email(session)
    port = free_port()  # nothing listens here yet
    now = utcnow()
    with smtp_settings(port):
        report = deliver_due(now=now)
    assert (report.sent, report.retried, report.failed) == (0, 1, 0)
    waiting = row(msg_id)
    assert waiting.status == OutboxStatus.PENDING
    assert waiting.attempts == 1
    assert waiting.next_attempt_at == now + timedelta(minutes=1)
    assert "127.0.0.1" in waiting.last_error

    with SmtpServer(port=port) as server, smtp_settings(port):
        too_early = deliver_due(now=now + timedelta(seconds=30))
        assert too_early.handled == 0 and server.messages == []
        report = deliver_due(now=now + timedelta(minutes=2))
    assert report.sent == 1
    assert [m["Subject"] for m in server.messages] == [SUBJECT]
    done = row(msg_id)
    assert (done.status, done.attempts, done.last_error) == (OutboxStatus.SENT, 2, None)


def test_gives_up_after_max_attempts_with_growing_delays(session):
    msg_id = add_email(session)
    now = utcnow()
    delays = []
    with smtp_settings(free_port()):
        for attempt in range(1, MAX_ATTEMPTS + 1):
            report = deliver_due(now=now)
            current = row(msg_id)
            assert current.attempts == attempt
            if attempt < MAX_ATTEMPTS:
                assert report.retried == 1 and current.status == OutboxStatus.PENDING
                next_at = current.next_attempt_at
                delays.append(next_at - now)
                now = next_at
            else:
                assert report.failed == 1
        assert deliver_due(now=now + timedelta(days=30)).handled == 0  # FAILED is never picked again
    assert current.status == OutboxStatus.FAILED
    assert current.last_error
    assert [d.total_seconds() / 60 for d in delays] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360]


def test_failed_message_can_be_requeued_after_an_outage(session):
    failed_id = add_email(session, subject="Po awarii")
    other_id = add_email(session, subject="Inna")
    now = utcnow()
    with smtp_settings(free_port()):
        for _ in range(MAX_ATTEMPTS):
            deliver_due(now=now)
            now += timedelta(hours=7)
    assert {row(failed_id).status, row(other_id).status} == {OutboxStatus.FAILED}
    assert requeue_failed(session, [failed_id, "1; DROP TABLE x"]) == 1
    session.commit()
    assert requeue_failed(session, []) == 0
    with SmtpServer() as server, smtp_settings(server.port):
        assert deliver_due().sent == 1
    assert [m["Subject"] for m in server.messages] == ["Po awarii"]
    assert (row(failed_id).status, row(failed_id).attempts) == (OutboxStatus.SENT, 1)
    assert row(other_id).status == OutboxStatus.FAILED


def test_bad_address_fails_at_once_without_retries(session):
    msg_id = add_email(session, to="to-nie-jest-adres")
    with SmtpServer() as server, smtp_settings(server.port):
        report = deliver_due()
    assert report.failed == 1 and server.messages == []
    failed = row(msg_id)
    assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 1)
    assert "adres" in failed.last_error


def test_messages_not_yet_due_are_left_alone(session):
    msg_id = add_email(session)
    with SmtpServer() as server, smtp_settings(server.port):
        report = deliver_due(now=utcnow() - timedelta(minutes=5))
    assert report.handled == 0 and server.messages == []
    assert row(msg_id).attempts == 0


def test_limit_is_respected_oldest_first(session):
    ids = [add_email(session, subject=f"Wiadomość {n}") for n in range(5)]
    with SmtpServer() as server, smtp_settings(server.port):
        assert deliver_due(limit=2).sent == 2
        assert [m["X-IBOK-Outbox-Id"] for m in server.messages] == [str(i) for i in ids[:2]]
        assert deliver_due(limit=0).handled == 0
        assert deliver_due(limit=10).sent == 3
    assert len(server.messages) == 5


def test_without_smtp_host_mail_lands_in_var_mail(session, db):
    msg_id = add_email(session)
    with patched_env(IBOK_SMTP_HOST=None):
        assert deliver_due().sent == 1
    files = sorted((db["var_dir"] / "mail").glob(f"*-{msg_id}.eml"))
    assert len(files) == 1
    assert SUBJECT.encode() not in files[0].read_bytes()  # encoded header, decoded below
    from email import message_from_bytes, policy

    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["Subject"] == SUBJECT


def test_two_workers_never_send_a_message_twice(session):
    ids = [add_email(session, to=f"k{n}@example.pl", subject=f"Nr {n}") for n in range(30)]
    reports: list[DeliveryReport] = []
    errors: list[BaseException] = []
    with SmtpServer() as server, smtp_settings(server.port):
        start = threading.Barrier(3)

        def worker() -> None:
            start.wait()
            try:
                reports.append(deliver_due())
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert errors == []
    received = sorted(int(m["X-IBOK-Outbox-Id"]) for m in server.messages)
    assert received == sorted(ids)  # each exactly once
    assert sum(r.sent for r in reports) == 30
    assert all(row(i).status == OutboxStatus.SENT and row(i).attempts == 1 for i in ids)


# --- SMS ---------------------------------------------------------------------

def sms_settings(gw: SmsGateway, token: str | None = None):
    return patched_env(IBOK_SMS_API_URL=gw.url, IBOK_SMS_TOKEN=token or gw.token, IBOK_SMS_SENDER="USKOM")


def test_sms_goes_out_through_the_gateway(session):
    msg_id = enqueue_sms(session, "+48 600-100-200", "Odczyt wodomierza: 123,456 m³ przyjęty. Dziękujemy!")
    session.commit()
    assert row(msg_id).recipient == "+48600100200"  # the portal's one form; the gateway gets 48…
    with SmsGateway() as gw, sms_settings(gw):
        assert deliver_due().sent == 1
    (req,) = gw.requests
    assert req["headers"]["Authorization"] == f"Bearer {gw.token}"
    assert req["form"]["to"] == "48600100200"
    assert req["form"]["message"] == "Odczyt wodomierza: 123,456 m³ przyjęty. Dziękujemy!"
    assert req["form"]["from"] == "USKOM"
    assert row(msg_id).status == OutboxStatus.SENT


def test_sms_gateway_error_with_http_200_is_retried_without_leaking_the_token(session):
    msg_id = enqueue_sms(session, "600100200", "Awaria: brak wody do 18:00")
    session.commit()
    secret = "tajny-token-XYZ-987"
    now = utcnow()
    with SmsGateway() as gw, sms_settings(gw, token=secret):
        gw.fail_with = (200, {"error": 101, "message": f"Authorization failed for {secret}"})
        report = deliver_due(now=now)
        assert report.retried == 1
        waiting = row(msg_id)
        assert (waiting.status, waiting.attempts) == (OutboxStatus.PENDING, 1)
        assert "101" in waiting.last_error
        assert secret not in waiting.last_error
        gw.fail_with = None
        gw.token = secret
        assert deliver_due(now=now + timedelta(minutes=1)).sent == 1
    assert len(gw.requests) == 2
    assert row(msg_id).status == OutboxStatus.SENT


def test_sms_to_invalid_number_fails_for_good(session):
    msg_id = enqueue_sms(session, "123", "x")
    session.commit()
    with SmsGateway() as gw, sms_settings(gw):
        assert deliver_due().failed == 1
    assert gw.requests == []
    assert "numer" in row(msg_id).last_error


def test_without_gateway_sms_lands_in_var_sms(session, db):
    msg_id = enqueue_sms(session, "600100200", "Zażółć")
    session.commit()
    with patched_env(IBOK_SMS_API_URL=None):
        assert deliver_due().sent == 1
    (file,) = (db["var_dir"] / "sms").glob(f"*-{msg_id}.json")
    assert json.loads(file.read_text(encoding="utf-8"))["message"] == "Zażółć"


# --- the background worker --------------------------------------------------

def _run_in_thread(coro_factory, timeout: float = 30.0):
    """asyncio.run in a thread of its own (another event loop may own the main thread)."""
    result: dict = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coro_factory())
        except BaseException as exc:
            result["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "worker did not stop"
    if "error" in result:
        raise result["error"]
    return result.get("value")


def test_worker_survives_errors_sends_and_stops(session, caplog):
    msg_id = add_email(session)
    caplog.set_level(logging.INFO, logger=delivery.__name__)

    async def scenario() -> float:
        stop = asyncio.Event()
        with SmtpServer() as server:
            with patched_env(IBOK_SMTP_PORT="nie-liczba"):  # every pass fails on settings
                task = asyncio.create_task(run_worker(stop, interval_s=0.05))
                await asyncio.sleep(0.3)
            assert not task.done()  # survived the failing passes
            with smtp_settings(server.port):
                for _ in range(200):
                    if server.messages:
                        break
                    await asyncio.sleep(0.05)
                stop.set()
                began = time.monotonic()
                await asyncio.wait_for(task, 5)
            assert [m["Subject"] for m in server.messages] == [SUBJECT]
        return time.monotonic() - began

    stopped_in = _run_in_thread(scenario)
    assert stopped_in < 2
    assert row(msg_id).status == OutboxStatus.SENT
    assert "przebieg wysyłki nieudany" in caplog.text


def test_worker_ends_on_cancellation(db):
    async def scenario() -> bool:
        task = asyncio.create_task(run_worker(interval_s=60))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return task.cancelled()

    assert _run_in_thread(scenario) is True


def test_requeue_outbox_command_gives_failed_messages_new_attempts(session, capsys):
    from ibok_app.cli import main

    failed = enqueue_email(session, "jan@example.com", "Temat", "Treść")
    kept = enqueue_email(session, "ewa@example.com", "Temat", "Treść")
    session.exec(update(OutboxMessage).where(OutboxMessage.id.in_([failed, kept]))
                 .values(status=OutboxStatus.FAILED, attempts=12))
    session.commit()
    assert main(["requeue-outbox", "--id", str(failed)]) == 0
    assert "Ponownie w kolejce: 1." in capsys.readouterr().out
    assert (row(failed).status, row(failed).attempts) == (OutboxStatus.PENDING, 0)
    assert row(kept).status == OutboxStatus.FAILED
