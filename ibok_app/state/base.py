"""Running services from event handlers: off the event loop, in one transaction,
and never letting an exception reach the browser."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from ibok_app.db import session_scope
from ibok_app.services.common import photos as meter_photos

log = logging.getLogger("ibok")
T = TypeVar("T")


class ServiceFailed(Exception):
    """A service raised; already logged. Handlers show strings.GENERIC_ERROR."""


def _in_transaction(fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
    with session_scope() as session:
        return fn(session, *args, **kwargs)


async def run_service(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call `fn(session, *args, **kwargs)` in a worker thread inside session_scope().

    bcrypt and database I/O block; the event loop must keep serving other customers.
    """
    try:
        return await asyncio.to_thread(_in_transaction, fn, args, kwargs)
    except Exception as exc:  # noqa: BLE001 - the browser gets a polite message instead
        log.exception("service %s failed", getattr(fn, "__name__", fn))
        raise ServiceFailed from exc


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
