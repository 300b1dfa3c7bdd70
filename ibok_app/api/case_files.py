"""Authenticated download of a ticket's photo (§9 h): the caller's own ticket only, 404 otherwise.
Registered in customer_routes.py with customer_file_route(TICKET_PHOTO, fetch_ticket_photo, inline=True)."""
from __future__ import annotations

from sqlmodel import Session

from ibok_app.api.customer_files import FileAnswer
from ibok_app.services.cases import tickets

TICKET_PHOTO = "/api/zgloszenia/{id}/zdjecie"


def fetch_ticket_photo(session: Session, customer_id: int, ticket_id: str | None) -> FileAnswer | None:
    found = tickets.open_ticket_photo(session, customer_id, ticket_id)
    if found is None:
        return None
    data, media_type = found
    ext = "png" if media_type == "image/png" else "jpg"
    return FileAnswer(f"zgloszenie-zdjecie.{ext}", data, media_type, inline=True)
