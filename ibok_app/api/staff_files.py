"""Authenticated downloads for the back office: the photo of a reading to verify, a
The caller is the staff session in the
`ibok_staff` cookie (SameSite=Strict); each route names the roles that may use it and
goes through services/staff/authorization.authorize, so a refusal is audited like a
refused handler. Anything else answers 404, never a hint."""
from __future__ import annotations

import logging
from collections.abc import Callable

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from ibok_app.api.customer_files import FileAnswer, file_response, not_found
from ibok_app.db import session_scope
from ibok_app.routes import STAFF_SESSION_COOKIE
from ibok_app.services.billing.document_detail import staff_document_pdf
from ibok_app.services.common.audit import audit
from ibok_app.services.desk.audit_log import AUDIT_FILTERS, audit_csv
from ibok_app.services.desk.readings_queue import staff_open_reading_photo
from ibok_app.services.staff import roles
from ibok_app.services.staff.authorization import authorize

log = logging.getLogger(__name__)

READING_PHOTO = "/api/admin/odczyty/{id}/zdjecie"
AUDIT_CSV = "/api/admin/dziennik.csv"
DOCUMENT_PDF = "/api/admin/dokumenty/{id}/pdf"  # a customer's document, from the customer card  # the audit log page's filters as query parameters

# fetch(session, the request, the staff member's id, client address) -> FileAnswer | None;
# the request's path and query parameters are untrusted text.
StaffFetch = Callable[[Session, Request, int, str | None], FileAnswer | None]


def staff_file_route(path: str, fetch: StaffFetch, *, action: str, allowed: frozenset) -> Route:
    def endpoint(request: Request) -> Response:  # sync: Starlette runs it in a thread
        token = request.cookies.get(STAFF_SESSION_COOKIE, "")
        client = request.client.host if request.client else None
        try:
            with session_scope() as session:
                ctx = authorize(session, token, action=action, allowed=allowed, client_ip=client)
                if ctx is None:
                    return not_found()
                found = fetch(session, request, ctx.staff_id, client)
        except Exception:  # noqa: BLE001 - never a stack trace to the browser
            log.exception("staff download %s failed", path)
            return PlainTextResponse("Plik chwilowo niedostępny.", status_code=503,
                                     headers={"Cache-Control": "no-store"})
        return not_found() if found is None else file_response(found, found.inline)

    return Route(path, endpoint, methods=["GET"])


def _reading_photo(session: Session, request: Request, staff_id: int, client: str | None) -> FileAnswer | None:
    found = staff_open_reading_photo(session, request.path_params.get("id"))
    if found is None:
        return None
    data, media_type = found
    return FileAnswer("odczyt-zdjecie." + ("png" if media_type == "image/png" else "jpg"), data, media_type,
                      inline=True)


def _document_pdf(session: Session, request: Request, staff_id: int, client: str | None) -> FileAnswer | None:
    """A customer's document; the download is audited (who read whose data)."""
    found = staff_document_pdf(session, request.path_params.get("id"))
    if found is None:
        return None
    customer_id, pdf = found
    audit(session, actor_kind="staff", actor_id=staff_id, action="customer.document_downloaded",
          entity="document", entity_id=int(request.path_params["id"]), customer_id=customer_id, client_ip=client)
    return FileAnswer(pdf.filename, pdf.content, pdf.media_type)


def _audit_csv(session: Session, request: Request, staff_id: int, client: str | None) -> FileAnswer:
    q = request.query_params
    text = audit_csv(session, **{name: q.get(param, "")[:100] or None for name, param in AUDIT_FILTERS.items()},
                     sort=q.get("sort", "")[:20])
    return FileAnswer("dziennik-zdarzen.csv", text.encode("utf-8"), "text/csv; charset=utf-8")


def staff_routes() -> list[BaseRoute]:
    return [staff_file_route(READING_PHOTO, _reading_photo, action="readings.photo", allowed=roles.READ),
            staff_file_route(AUDIT_CSV, _audit_csv, action="audit.export", allowed=roles.AUDIT),
            staff_file_route(DOCUMENT_PDF, _document_pdf, action="customers.document", allowed=roles.READ)]
