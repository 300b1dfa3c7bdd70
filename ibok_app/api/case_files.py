"""Authenticated downloads of the photos of tickets (§9 h) and complaints (§5): the
caller's own case only, 404 otherwise. Registered in customer_routes.py with
customer_file_route(..., inline=True)."""
from __future__ import annotations

from sqlmodel import Session

from ibok_app.api.customer_files import FileAnswer
from ibok_app.services.cases import complaints, tickets

TICKET_PHOTO = "/api/zgloszenia/{id}/zdjecie"
COMPLAINT_PHOTO = "/api/reklamacje/{id}/zdjecie"


def _photo(found: tuple[bytes, str] | None, stem: str) -> FileAnswer | None:
    if found is None:
        return None
    data, media_type = found
    ext = "png" if media_type == "image/png" else "jpg"
    return FileAnswer(f"{stem}.{ext}", data, media_type, inline=True)


def fetch_ticket_photo(session: Session, customer_id: int, ticket_id: str | None) -> FileAnswer | None:
    return _photo(tickets.open_ticket_photo(session, customer_id, ticket_id), "zgloszenie-zdjecie")


def fetch_complaint_photo(session: Session, customer_id: int, complaint_id: str | None) -> FileAnswer | None:
    return _photo(complaints.open_complaint_photo(session, customer_id, complaint_id), "reklamacja-zdjecie")
