"""What /panel shows: who the customer is and where their account stands today."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from ibok_app.models import Customer
from ibok_app.services.billing import balance as balance_service
from ibok_app.services.notifications.announcements import (
    AnnouncementView,
    visible_announcements,
)
from ibok_app.views.formats import address_line, date_pl, money


@dataclass(frozen=True)
class DashboardView:
    customer_name: str
    customer_number: str
    address: str
    balance: str  # "1 234,56 zł"; positive = to pay
    balance_label: str  # "Do zapłaty" / "Nadpłata" / "Rozliczone"
    overdue: str  # "" when nothing is overdue
    next_due: str  # "" when nothing is due
    to_pay: bool = False  # something is owed: "Zapłać online" is offered
    announcements: list[AnnouncementView] = field(default_factory=list)


def dashboard(session: Session, customer_id: int, today: date | None = None) -> DashboardView | None:
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    bal = balance_service.balance(session, customer_id, today=today)
    return DashboardView(
        customer_name=customer.name,
        customer_number=customer.number,
        address=address_line(customer.street, customer.postal_code, customer.city),
        balance=bal.balance_display,
        balance_label=bal.label,
        to_pay=bal.balance_gr > 0,
        overdue=money(bal.overdue_gr) if bal.overdue_gr > 0 else "",
        next_due=date_pl(bal.next_due_date) if bal.next_due_date else "",
        announcements=visible_announcements(session),
    )
