"""Personal data export downloads of "Moje dane" (§8, right to data portability).

Served by customer_file_route, so the customer id always comes from the session.
"""
from __future__ import annotations

from sqlmodel import Session

from ibok_app.api.customer_files import FileAnswer
from ibok_app.models import Customer, utcnow
from ibok_app.services.accounts import export as data_export

EXPORT_JSON_PATH = "/api/moje-dane.json"
EXPORT_ZIP_PATH = "/api/moje-dane.zip"


def _filename(session: Session, customer_id: int, ext: str) -> str | None:
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    return f"ibok-moje-dane-{customer.number}-{utcnow():%Y%m%d}.{ext}"


def fetch_export_json(session: Session, customer_id: int, _id: str | None) -> FileAnswer | None:
    name = _filename(session, customer_id, "json")
    if name is None:
        return None
    return FileAnswer(name, data_export.export_json(session, customer_id), "application/json; charset=utf-8")


def fetch_export_zip(session: Session, customer_id: int, _id: str | None) -> FileAnswer | None:
    name = _filename(session, customer_id, "zip")
    if name is None:
        return None
    return FileAnswer(name, data_export.export_csv_zip(session, customer_id), "application/zip")
