"""Periodic jobs that must run in exactly one server process.

With several Granian workers every worker starts the app's lifespan tasks, so every
worker ticks every job. A tick runs the job only in the worker holding the job's
lease (one row of job_lease per job, in the shared database): the holder renews it
on each tick; a worker that dies stops renewing, and after `ttl` another worker's
tick takes the job over. Taking and renewing is one conditional UPDATE (or the first
INSERT), atomic on SQLite and PostgreSQL alike, so two workers never both win.
"""
from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ibok_app.db import session_scope
from ibok_app.models import JobLease, utcnow

log = logging.getLogger("ibok")

# This process, as the lease table names it (unique even when a pid is reused).
HOLDER = f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def take_turn(session: Session, name: str, *, ttl: timedelta, holder: str = HOLDER,
              now: datetime | None = None) -> bool:
    """True when `holder` holds the lease of job `name` for the next `ttl` (taken or
    renewed now); False while another live holder has it."""
    now = now or utcnow()
    taken = session.execute(
        update(JobLease)
        .where(JobLease.name == name, or_(JobLease.holder == holder, JobLease.expires_at <= now))
        .values(holder=holder, expires_at=now + ttl)
    ).rowcount
    if taken:
        return True
    if session.get(JobLease, name) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(JobLease(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:  # another worker inserted it first
        return False
    return True


def release(session: Session, name: str, *, holder: str = HOLDER) -> None:
    """Give the job up at shutdown, so another worker need not wait for the lease to run out."""
    session.execute(update(JobLease).where(JobLease.name == name, JobLease.holder == holder)
                    .values(expires_at=utcnow()))


def lease_ttl(interval_s: float) -> timedelta:
    """Long enough to cover a tick's interval and a slow run; short enough that a dead
    worker's job is taken over soon."""
    return timedelta(seconds=2 * interval_s + 60)


def _in_transaction(fn: Callable[..., object], *args, **kwargs):
    with session_scope() as session:
        return fn(session, *args, **kwargs)


async def run_exclusively(name: str, work: Callable[[], object], *, interval_s: float,
                          stop: asyncio.Event | None = None, logger: logging.Logger = log,
                          failure: str = "periodic job failed", ttl: timedelta | None = None) -> None:
    """Every `interval_s` seconds, run `work()` (in a thread) if this process holds the
    job's lease, until `stop` is set or the task is cancelled. `work` returning True
    means "more is waiting": run again at once. A failure (the database down, a bug)
    is logged to `logger` as `failure` and the loop goes on."""
    stop = stop or asyncio.Event()
    ttl = ttl or lease_ttl(interval_s)
    try:
        while not stop.is_set():
            again = False
            try:
                if await asyncio.to_thread(_in_transaction, take_turn, name, ttl=ttl):
                    again = bool(await asyncio.to_thread(work))
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - database down, a job's bug…: log, try next tick
                logger.exception("%s (%s)", failure, name)
            if again:
                continue
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval_s)
            except TimeoutError:
                pass
    finally:
        try:
            await asyncio.to_thread(_in_transaction, release, name)
        except Exception:  # noqa: BLE001 - shutting down; the lease runs out by itself
            pass
