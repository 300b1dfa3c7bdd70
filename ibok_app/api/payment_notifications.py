"""POST /api/platnosci/itn — the gateway's Instant Transaction Notifications.

Server to server: no session, no cookie; the hash signed with the shared key is the
only credential. The body is read up to 64 KB (more is refused unread), the XML is
parsed with defusedxml, and the answer is the gateway's `confirmationList`.
Logged: the order id, the status and why it was refused; never the key, the hash or
the customer's e-mail.
"""
from __future__ import annotations

import logging
import time
from urllib.parse import parse_qs

import anyio
from sqlalchemy.exc import OperationalError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ibok_app import routes
from ibok_app.bootstrap import integrations
from ibok_app.db import session_scope
from ibok_app.integrations.autopay import MAX_ITN_BYTES, ItnError, parse_itn
from ibok_app.services.payments.notifications import ItnOutcome, apply_itn

log = logging.getLogger("ibok.payments")
TRIES = 3  # SQLite's single writer may be busy a moment


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _bad(reason: str) -> Response:
    log.warning("ITN refused: %s", reason)
    return PlainTextResponse("Bad request", status_code=400, headers={"Cache-Control": "no-store"})


def _apply(itn) -> ItnOutcome:  # noqa: ANN001
    for attempt in range(1, TRIES + 1):
        try:
            with session_scope() as session:
                return apply_itn(session, itn)
        except OperationalError:
            if attempt == TRIES:
                raise
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


def itn_endpoint_sync(body: bytes) -> Response:
    try:
        fields = parse_qs(body.decode("ascii"), max_num_fields=20, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        return _bad("not a form")
    try:
        itn = parse_itn((fields.get("transactions") or [""])[0])
    except ItnError as exc:
        return _bad(str(exc))
    try:
        outcome = _apply(itn)
    except Exception:  # noqa: BLE001 - the gateway retries; the log has the cause
        log.exception("ITN for order %s could not be applied", itn.order_id[:40])
        outcome = ItnOutcome(False, itn.order_id, "internal error")
    log_level = logging.INFO if outcome.confirmed else logging.WARNING
    log.log(log_level, "ITN %s for order %s: %s (%s)", itn.status, itn.order_id[:40],
            "CONFIRMED" if outcome.confirmed else "NOTCONFIRMED", outcome.reason)
    xml = integrations().payments.confirmation(itn.order_id[:40], outcome.confirmed)
    return Response(xml, media_type="application/xml", headers={"Cache-Control": "no-store"})


async def itn_endpoint(request: Request) -> Response:
    try:
        body = await read_body(request, MAX_ITN_BYTES)
    except BodyTooLarge:
        return _bad("body over 64 KB")
    return await anyio.to_thread.run_sync(itn_endpoint_sync, body)


def payment_routes() -> list[Route]:
    return [Route(routes.PAYMENT_ITN, itn_endpoint, methods=["POST"])]
