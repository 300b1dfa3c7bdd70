"""The readings history as CSV (§9 b), served by customer_file_route: the customer
id always comes from the session, so there is nothing to choose from the URL."""
from __future__ import annotations

from sqlmodel import Session

from ibok_app.api.customer_files import FileAnswer
from ibok_app.models import Customer
from ibok_app.services.readings.history import history_csv

READINGS_CSV = "/api/odczyty.csv"


def fetch_readings_csv(session: Session, customer_id: int, _id: str | None) -> FileAnswer | None:
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    return FileAnswer(f"odczyty-{customer.number}.csv", history_csv(session, customer_id).encode("utf-8"),
                      "text/csv; charset=utf-8")
