"""Authenticated downloads for the customer zone (documents, contracts, exports, photos).

The caller is the portal session in the `ibok_session` cookie (SameSite=Strict, so a
foreign site cannot make the browser send it). Every file is fetched by a service
scoped to the customer id of that session; anything else — no session, another
customer's id, a made-up id — answers the same 404.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ibok_app.db import session_scope
from ibok_app.routes import SESSION_COOKIE
from ibok_app.services.accounts.portal_access import customer_context

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileAnswer:
    filename: str
    content: bytes
    media_type: str
    inline: bool = False


# fetch(session, customer_id, object_id_from_path_or_None) -> FileAnswer-like | None
Fetch = Callable[[Session, int, str | None], object]


def not_found() -> Response:
    return PlainTextResponse("Nie znaleziono.", status_code=404, headers={"Cache-Control": "no-store"})


def file_response(found: object, inline: bool) -> Response:
    filename = getattr(found, "filename")
    disposition = "inline" if inline or getattr(found, "inline", False) else "attachment"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return Response(
        getattr(found, "content"),
        media_type=getattr(found, "media_type", "application/octet-stream"),
        headers={
            "Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def customer_file_route(path: str, fetch: Fetch, *, inline: bool = False) -> Route:
    """A GET route serving `fetch(...)` to the logged-in customer, 404 otherwise.

    `path` may contain one `{id}` segment; it reaches `fetch` as an untrusted string.
    """

    def endpoint(request: Request) -> Response:  # sync: Starlette runs it in a thread
        token = request.cookies.get(SESSION_COOKIE, "")
        if not token:
            return not_found()
        try:
            with session_scope() as session:
                ctx = customer_context(session, token)
                if ctx is None or not ctx.ready:
                    return not_found()
                found = fetch(session, ctx.customer_id, request.path_params.get("id"))
        except Exception:  # noqa: BLE001 - never a stack trace to the browser
            log.exception("download %s failed", path)
            return PlainTextResponse("Plik chwilowo niedostępny.", status_code=503,
                                     headers={"Cache-Control": "no-store"})
        if found is None:
            return not_found()
        return file_response(found, inline)

    return Route(path, endpoint, methods=["GET"])
