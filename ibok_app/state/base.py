"""Running services from event handlers: off the event loop, in one transaction,
and never letting an exception reach the browser."""
from __future__ import annotations

import asyncio
import contextvars
import logging
import os
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, Final, TypeVar

import reflex as rx

from ibok_app import strings
from ibok_app.db import session_scope
from ibok_app.services.common import photos as meter_photos

log = logging.getLogger("ibok")
T = TypeVar("T")


class ServiceFailed(Exception):
    """A service raised; already logged. Handlers show strings.GENERIC_ERROR."""


def _in_transaction(fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
    with session_scope() as session:
        return fn(session, *args, **kwargs)


# Page loads have their own threads: asyncio's default pool has cores + 4 threads, and
# during a burst of logins every one of them waits for bcrypt, so the pages' reads
# queued behind the logins although the CPU was free (p95 12 s in a login storm).
# Two, not more: a page's queries take a few milliseconds, and more threads only fight
# the event loop for the GIL (8 threads: 16.3 ms of CPU per page load at 60 loads/s,
# p95 243 ms; 2 threads: 10.5 ms, p95 113 ms; docs/benchmarks.md). Two so that one
# slow page does not hold up every other.
PAGE_LANE = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ibok-pages")

# Customer logins wait for bcrypt (integrations/bcrypt_pool.py, one process per core)
# with a thread each. In asyncio's default pool a burst of logins filled its queue, and
# every other service call behind them (a public page's session check, a reading being
# sent) waited for the whole burst: the home page's p95 was 9.6 s while 200 customers
# logged in over 30 s (docs/benchmarks.md). Their own lane, three threads per bcrypt
# process: while one login reads the database, the others keep the bcrypt pool fed.
PASSWORD_THREADS = 3 * (os.cpu_count() or 1)
PASSWORD_LANE = ThreadPoolExecutor(max_workers=PASSWORD_THREADS, thread_name_prefix="ibok-passwords")


async def run_service(fn: Callable[..., T], *args: Any, lane: Executor | None = None, **kwargs: Any) -> T:
    """Call `fn(session, *args, **kwargs)` in a worker thread inside session_scope(),
    on `lane` when given (else asyncio's default pool).

    bcrypt and database I/O block; the event loop must keep serving other customers.
    """
    try:
        if lane is not None:
            context = contextvars.copy_context()
            return await asyncio.get_running_loop().run_in_executor(
                lane, context.run, _in_transaction, fn, args, kwargs)
        return await asyncio.to_thread(_in_transaction, fn, args, kwargs)
    except Exception as exc:  # noqa: BLE001 - the browser gets a polite message instead
        log.exception("service %s failed", getattr(fn, "__name__", fn))
        raise ServiceFailed from exc


class _Failed:
    def __repr__(self) -> str:
        return "FAILED"


FAILED: Final = _Failed()
"""What ServiceCalls._call returns when the service failed (a service may return None)."""


class ServiceCalls:
    """A plain base of every portal state (no vars, no handlers, so Reflex's state
    tree does not see it): the one way a handler calls a service.

    A handler sets its busy var and yields (the spinner shows), then::

        result = await self._call(profile.change_contact, ctx.account_id, email=email,
                                  busy="contact_busy", error="contact_message")
        if result is FAILED:
            return

    `_call` runs `fn` through run_service, clears the var named by `busy` either way
    and, when the service fails, puts strings.GENERIC_ERROR into the var named by
    `error` and returns FAILED. It never raises. (`busy` and `error` are its own
    keywords: a service taking arguments of those names cannot be called through it.)
    """

    async def _call(self, fn: Callable[..., T], *args: Any, busy: str | None = None,
                    error: str = "message", **kwargs: Any) -> T | _Failed:
        try:
            return await run_service(fn, *args, **kwargs)
        except ServiceFailed:
            setattr(self, error, strings.GENERIC_ERROR)
            return FAILED
        finally:
            if busy:
                setattr(self, busy, False)


# After a refused submit: focus the first invalid field (else the form's error) and
# scroll it into view, so a keyboard or phone user lands on what to correct. If the
# user has moved on to another field meanwhile, focus stays where they put it: a fast
# typist's next keystrokes must never land in the field focus was pulled to.
_FIRST_ERROR = ("(() => { const before = document.activeElement; "
                "setTimeout(() => { if (document.activeElement !== before) return; "
                "const el = document.querySelector('main [aria-invalid=\"true\"]') || "
                "document.querySelector('main .alert--error:not(:empty)'); if (!el) return; "
                "if (!el.matches('input, select, textarea, button')) el.setAttribute('tabindex', '-1'); "
                "el.focus({preventScroll: true}); el.scrollIntoView({block: 'center'}); }, 60); })()")


def show_first_error():
    """The event a handler yields after setting its errors (see _FIRST_ERROR)."""
    return rx.call_script(_FIRST_ERROR)


def form_value(form: object, name: str, limit: int = 10_000) -> str:
    """A form field as a string, whatever the browser sent (missing, non-string, huge)."""
    if not isinstance(form, dict):
        return ""
    value = form.get(name, "")
    if not isinstance(value, str):
        return ""
    return value[:limit]


def form_checked(form: object, name: str) -> bool:
    return isinstance(form, dict) and form.get(name) in ("on", True, "true")


async def discard_draft_photo(path: str, customer_id: int) -> None:
    """Delete a photo uploaded but never sent (kept if a saved reading or ticket uses it)."""
    if not path:
        return

    try:
        await run_service(meter_photos.discard_photo, path, customer_id=customer_id)
    except ServiceFailed:
        pass  # logged; an orphan file is no reason to bother the customer
