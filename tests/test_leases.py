"""Periodic jobs run in exactly one worker process (services/common/leases.py): the
lease rules, then three real processes ticking the same job against one database."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

from ibok_app.models import utcnow
from ibok_app.services.common import leases

TTL = timedelta(seconds=30)


def test_one_holder_at_a_time_renewed_by_it_taken_over_after_expiry(session):
    now = utcnow()
    assert leases.take_turn(session, "outbox", ttl=TTL, holder="a", now=now)
    assert not leases.take_turn(session, "outbox", ttl=TTL, holder="b", now=now)
    assert leases.take_turn(session, "outbox", ttl=TTL, holder="a", now=now + timedelta(seconds=20))
    # renewed at +20 s: still a's at +45 s, b's once a stopped renewing
    assert not leases.take_turn(session, "outbox", ttl=TTL, holder="b", now=now + timedelta(seconds=45))
    assert leases.take_turn(session, "outbox", ttl=TTL, holder="b", now=now + timedelta(seconds=51))
    assert not leases.take_turn(session, "outbox", ttl=TTL, holder="a", now=now + timedelta(seconds=52))
    # each job has its own lease
    assert leases.take_turn(session, "housekeeping", ttl=TTL, holder="a", now=now + timedelta(seconds=52))


def test_release_lets_another_worker_take_the_job_at_once(session):
    assert leases.take_turn(session, "outbox", ttl=TTL, holder="a")
    leases.release(session, "outbox", holder="b")  # not b's to give up
    assert not leases.take_turn(session, "outbox", ttl=TTL, holder="b")
    leases.release(session, "outbox", holder="a")
    assert leases.take_turn(session, "outbox", ttl=TTL, holder="b")


WORKER = textwrap.dedent("""
    import asyncio, os, sys, time
    from datetime import timedelta
    from ibok_app.services.common import leases

    def work():
        with open(sys.argv[1], "a") as f:
            f.write(f"{os.getpid()} {time.time()}\\n")

    asyncio.run(leases.run_exclusively("probe", work, interval_s=0.1, ttl=timedelta(seconds=1.5)))
""")


def _runs(log: Path) -> list[tuple[int, float]]:
    if not log.exists():
        return []
    return [(int(pid), float(at)) for pid, at in (line.split() for line in log.read_text().splitlines())]


def test_three_workers_run_the_job_in_one_of_them_and_another_takes_over_when_it_dies(db, tmp_path):
    log = tmp_path / "runs.txt"
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(log)], env=dict(os.environ),
                                start_new_session=True) for _ in range(3)]
    try:
        deadline = time.time() + 60
        while len(_runs(log)) < 20 and time.time() < deadline:
            time.sleep(0.2)
        runs = _runs(log)
        assert len(runs) >= 20, "the job did not run"
        assert len({pid for pid, _ in runs}) == 1, "the job ran in more than one worker"
        holder = runs[0][0]
        assert holder in {w.pid for w in workers}

        os.kill(holder, signal.SIGKILL)  # the worker dies without giving the lease up
        killed_at = time.time()
        while time.time() < killed_at + 30:
            later = [(pid, at) for pid, at in _runs(log) if at > killed_at]
            if len(later) >= 10:
                break
            time.sleep(0.2)
        later = [(pid, at) for pid, at in _runs(log) if at > killed_at]
        assert len(later) >= 10, "no worker took the job over"
        assert len({pid for pid, _ in later}) == 1 and later[0][0] != holder
        assert later[0][1] - killed_at < 5  # within the lease's 1.5 s and a tick
    finally:
        for w in workers:
            if w.poll() is None:
                w.terminate()
        for w in workers:
            try:
                w.wait(timeout=10)
            except subprocess.TimeoutExpired:
                w.kill()
