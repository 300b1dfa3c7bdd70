"""Plain HTTP routes beside Reflex: health check and the terms PDF.

`make_api()` is handed to `rx.App(api_transformer=[make_api(), security_headers])`;
Reflex mounts its own app under it at "", so these paths win over the frontend's.
It must stay a factory: a module-level Starlette breaks when the app is reloaded.
"""
from __future__ import annotations

import hashlib
import logging

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from ibok_app import routes
from ibok_app.config import settings
from ibok_app.db import session_scope
from ibok_app.integrations.terms_pdf import terms_filename
from ibok_app.services.accounts.terms import current_terms_pdf

log = logging.getLogger(__name__)


def health(request: Request) -> JSONResponse:
    """Liveness plus a trivial query, for monitoring. Says nothing about the setup."""
    try:
        with session_scope() as session:
            session.connection().execute(text("SELECT 1")).scalar_one()
    except Exception as exc:  # any failure to reach the database is "error"
        log.warning("health check: database unreachable (%s)", type(exc).__name__)
        return JSONResponse({"status": "error", "database": "error"}, status_code=503,
                            headers={"Cache-Control": "no-store"})
    return JSONResponse({"status": "ok", "database": "ok"}, headers={"Cache-Control": "no-store"})


def terms_pdf(request: Request) -> Response:
    """The terms in force as a PDF download (public: §1 wants them printable)."""
    try:
        with session_scope() as session:
            found = current_terms_pdf(session)
    except Exception:
        log.exception("terms PDF: could not load or render the terms")
        return PlainTextResponse("Regulamin jest chwilowo niedostępny. Spróbuj ponownie za chwilę.",
                                 status_code=503, headers={"Cache-Control": "no-store"})
    if found is None:
        return PlainTextResponse("Regulamin nie został jeszcze opublikowany.", status_code=404)
    terms, pdf = found
    etag = '"' + hashlib.sha256(pdf).hexdigest()[:32] + '"'
    # "no-cache": browsers may keep it but must ask again, so a new version shows at once.
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = f'attachment; filename="{terms_filename(terms.version)}"'
    return Response(pdf, media_type="application/pdf", headers=headers)


def logo(request: Request) -> Response:
    """The company's logo (IBOK_LOGO_FILE), cached for a day; 404 when there is none."""
    path = settings().company.logo_file
    if not path.is_file():
        return PlainTextResponse("Nie znaleziono.", status_code=404)
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


def public_routes() -> list[BaseRoute]:
    return [
        Route(routes.LOGO, logo, methods=["GET"]),
        Route("/api/health", health, methods=["GET"]),
        Route("/regulamin.pdf", terms_pdf, methods=["GET"]),
        Route("/api/regulamin.pdf", terms_pdf, methods=["GET"]),
    ]


def document_routes() -> list[BaseRoute]:
    """Extension point: authenticated downloads (invoices, contracts, complaint photos).

    Each such route checks the portal session itself, scopes the file by the
    customer id from that session and answers 404 for anything not the caller's.
    Keep them under /api/ so the security middleware marks them "no-store".
    Each area adds its routes in ibok_app/api/customer_routes.py.
    """
    from ibok_app.api.customer_routes import customer_routes
    from ibok_app.api.staff_files import staff_routes

    return [*customer_routes(), *staff_routes()]


def gateway_routes() -> list[BaseRoute]:
    """The payment gateway's notifications, and the simulator while it stands in for the gateway."""
    from ibok_app.api.payment_notifications import payment_routes
    from ibok_app.api.payment_simulator import simulator_routes

    return [*payment_routes(), *simulator_routes()]


def make_api() -> Starlette:
    """A fresh Starlette app with IBOK's HTTP routes (one per call, see module doc)."""
    return Starlette(routes=[*public_routes(), *document_routes(), *gateway_routes()])
