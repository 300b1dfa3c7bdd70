"""Throttling of failed attempts: free attempts, growing delays, caps, decay, races."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, select

from ibok_app.db import engine
from ibok_app.models import ThrottleBucket
from ibok_app.services.common import throttle
from ibok_app.services.common.throttle import (
    POLICIES,
    record_failure,
    reset,
    retry_after,
)

T0 = datetime(2025, 3, 1, 12, 0, 0)


def _fail(session, scope, key, times, now=T0):
    for _ in range(times):
        record_failure(session, scope, key, now)


def test_free_attempts_then_doubling_delays_capped_per_account(session):
    policy = POLICIES["login_account"]
    _fail(session, "login_account", "K1", policy.free)
    assert retry_after(session, "login_account", "K1", T0) == 0
    waits = []
    for _ in range(10):
        record_failure(session, "login_account", "K1", T0)
        waits.append(retry_after(session, "login_account", "K1", T0))
    assert waits[:5] == [2, 4, 8, 16, 32]
    assert waits[5:] == [60] * 5  # a guesser cannot lock the customer out for long
    assert max(waits) <= 60


def test_address_delays_grow_to_fifteen_minutes(session):
    _fail(session, "login_ip", "10.0.0.1", 40)
    assert retry_after(session, "login_ip", "10.0.0.1", T0) == 900


def test_block_ends_after_the_delay(session):
    _fail(session, "login_account", "K1", POLICIES["login_account"].free + 3)  # 8 s
    assert retry_after(session, "login_account", "K1", T0 + timedelta(seconds=3)) == 5
    assert retry_after(session, "login_account", "K1", T0 + timedelta(seconds=8)) == 0


def test_failures_are_forgotten_after_quiet_time(session):
    policy = POLICIES["register_ip"]
    _fail(session, "register_ip", "ip", policy.free + 2)
    assert retry_after(session, "register_ip", "ip", T0) > 0
    later = T0 + policy.forget_after
    assert retry_after(session, "register_ip", "ip", later) == 0
    record_failure(session, "register_ip", "ip", later)  # counts from one again
    assert retry_after(session, "register_ip", "ip", later) == 0
    bucket = session.exec(select(ThrottleBucket).where(ThrottleBucket.key == "ip")).one()
    assert bucket.failures == 1


def test_scopes_and_keys_are_separate_and_reset_works(session):
    _fail(session, "login_account", "K1", 8)
    assert retry_after(session, "login_account", "K2", T0) == 0
    assert retry_after(session, "login_ip", "K1", T0) == 0
    reset(session, "login_account", "K1")
    assert retry_after(session, "login_account", "K1", T0) == 0
    record_failure(session, "login_account", "K1", T0)
    assert retry_after(session, "login_account", "K1", T0) == 0  # back to the free attempts


def test_long_keys_are_truncated_not_refused(session):
    key = "x" * 5000
    _fail(session, "login_ip", key, 12)
    assert retry_after(session, "login_ip", key, T0) > 0
    session.commit()


def test_unknown_scope_is_a_programming_error(session):
    with pytest.raises(ValueError):
        retry_after(session, "nope", "k")


def test_wait_text():
    assert throttle.wait_text(5) == "5 s"
    assert throttle.wait_text(60) == "1 min"
    assert throttle.wait_text(61) == "2 min"
    assert throttle.wait_text(900) == "15 min"


def test_concurrent_first_failures_all_count(db):
    """Many requests failing at once for a new key: one row, every failure counted."""
    n = 6
    barrier = threading.Barrier(n)
    errors = []

    def worker():
        try:
            with Session(engine()) as s:
                barrier.wait()
                record_failure(s, "login_ip", "203.0.113.9", T0)
                s.commit()
        except Exception as exc:  # noqa: BLE001 - any error in a thread is reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with Session(engine()) as s:
        rows = s.exec(select(ThrottleBucket).where(ThrottleBucket.key == "203.0.113.9")).all()
    assert len(rows) == 1
    assert rows[0].failures == n
