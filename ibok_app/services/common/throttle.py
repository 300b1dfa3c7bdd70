"""Throttling of failed attempts, kept in the database (ThrottleBucket) so that it
holds across processes and restarts. Reflex events come over the websocket where
no HTTP rate limiter sees them: services call this themselves.

A bucket counts failures for (scope, key). The first `free` failures cost nothing;
each one after that blocks the key for a delay that doubles up to `max_seconds`.
After `forget_after` without a failure the bucket starts again from zero.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ibok_app.models import ThrottleBucket, utcnow


@dataclass(frozen=True)
class Policy:
    free: int  # failures allowed before any delay
    base_seconds: int  # delay after the first failure past `free`
    max_seconds: int  # the delay never grows beyond this
    forget_after: timedelta  # quiet time after which failures are forgotten


POLICIES: dict[str, Policy] = {
    # Per account, for browsers that never logged in to it: capped low, and the
    # owner's known browser is not counted here at all (devices.py).
    "login_account": Policy(free=5, base_seconds=2, max_seconds=60, forget_after=timedelta(hours=1)),
    # Per known browser of an account (services/devices.py): the owner's, apart from the guessers'.
    "login_device": Policy(free=5, base_seconds=2, max_seconds=60, forget_after=timedelta(hours=1)),
    # Per client address: the real brake on guessing across many accounts.
    "login_ip": Policy(free=10, base_seconds=2, max_seconds=900, forget_after=timedelta(hours=1)),
    # Registration = guessing invoice data: few tries, then long waits.
    "register_ip": Policy(free=5, base_seconds=30, max_seconds=900, forget_after=timedelta(hours=1)),
    # ...and per customer number, against the same guess spread over many addresses.
    "register_customer": Policy(free=5, base_seconds=30, max_seconds=900, forget_after=timedelta(hours=1)),
    # Password reset requests (each request counts, not only failures).
    "reset_ip": Policy(free=5, base_seconds=30, max_seconds=900, forget_after=timedelta(hours=1)),
    "reset_account": Policy(free=3, base_seconds=300, max_seconds=3600, forget_after=timedelta(hours=6)),
    # Staff login (/admin): per login as typed and per address, like customers'.
    "staff_login_account": Policy(free=5, base_seconds=5, max_seconds=900, forget_after=timedelta(hours=1)),
    "staff_login_ip": Policy(free=10, base_seconds=2, max_seconds=900, forget_after=timedelta(hours=1)),
    # Second-factor codes per staff member: a 6-digit code must not be guessable.
    "staff_code": Policy(free=3, base_seconds=30, max_seconds=900, forget_after=timedelta(hours=1)),
}

_KEY_MAX = 100  # ThrottleBucket.key column length


def _policy(scope: str) -> Policy:
    try:
        return POLICIES[scope]
    except KeyError:
        raise ValueError(f"unknown throttle scope {scope!r}") from None


def _key(key: object) -> str:
    """Keys come from the browser (a login as typed): keep them storable in any database."""
    text = str(key)[:_KEY_MAX].replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")


def delay_after(policy: Policy, failures: int) -> int:
    """Seconds blocked after the n-th failure in a row."""
    over = failures - policy.free
    if over <= 0:
        return 0
    # min() before the power keeps the number small for huge failure counts
    return min(policy.max_seconds, policy.base_seconds * 2 ** min(over - 1, 32))


def retry_after(session: Session, scope: str, key: object, now: datetime | None = None) -> int:
    """Seconds to wait before the next attempt is allowed; 0 = allowed now."""
    policy = _policy(scope)
    now = now or utcnow()
    bucket = session.exec(
        select(ThrottleBucket).where(ThrottleBucket.scope == scope, ThrottleBucket.key == _key(key))
        # the row may have been changed by UPDATEs that bypass the identity map
        .execution_options(populate_existing=True)
    ).first()
    if bucket is None or bucket.blocked_until is None:
        return 0
    if now - bucket.last_failure_at >= policy.forget_after:
        return 0
    if bucket.blocked_until <= now:
        return 0
    return max(1, math.ceil((bucket.blocked_until - now).total_seconds()))


def record_failure(session: Session, scope: str, key: object, now: datetime | None = None) -> None:
    """Count one failure. Concurrent callers are safe: the counter is incremented
    in one UPDATE, and two first failures racing to INSERT fall back to it."""
    policy = _policy(scope)
    now = now or utcnow()
    k = _key(key)
    if not _increment(session, scope, k, policy, now):
        try:
            with session.begin_nested():
                session.add(ThrottleBucket(scope=scope, key=k, failures=1, last_failure_at=now,
                                           blocked_until=_until(policy, 1, now)))
        except IntegrityError:  # another request inserted the same (scope, key) first
            _increment(session, scope, k, policy, now)


def _until(policy: Policy, failures: int, now: datetime) -> datetime | None:
    seconds = delay_after(policy, failures)
    return now + timedelta(seconds=seconds) if seconds else None


def _increment(session: Session, scope: str, key: str, policy: Policy, now: datetime) -> bool:
    where = (ThrottleBucket.scope == scope, ThrottleBucket.key == key)
    stale_before = now - policy.forget_after
    result = session.exec(
        update(ThrottleBucket).where(*where).values(
            failures=case((ThrottleBucket.last_failure_at <= stale_before, 1),
                          else_=ThrottleBucket.failures + 1),
            last_failure_at=now,
        ).execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:
        return False
    # The row is now locked by this transaction (PostgreSQL) or the database is
    # (SQLite): the count read back is this failure's own.
    failures = session.exec(select(ThrottleBucket.failures).where(*where)).one()
    session.exec(
        update(ThrottleBucket).where(*where).values(blocked_until=_until(policy, failures, now))
        .execution_options(synchronize_session=False)
    )
    return True


def reset(session: Session, scope: str, key: object) -> None:
    """Forget the failures of (scope, key), e.g. after a successful login."""
    _policy(scope)
    session.exec(
        update(ThrottleBucket).where(ThrottleBucket.scope == scope, ThrottleBucket.key == _key(key))
        .values(failures=0, blocked_until=None).execution_options(synchronize_session=False)
    )


def wait_text(seconds: int) -> str:
    """A wait in words for messages: "45 s", "3 min"."""
    if seconds < 60:
        return f"{max(1, seconds)} s"
    return f"{math.ceil(seconds / 60)} min"
