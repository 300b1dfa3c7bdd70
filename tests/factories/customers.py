"""The one builder of customers and service points."""
from __future__ import annotations

import itertools

from sqlmodel import Session

from ibok_app.models import Customer, CustomerStatus, ServicePoint, Tariff

_seq = itertools.count(1)


def next_number() -> int:
    return next(_seq)


def customer(session: Session, *, number: str | None = None, name: str | None = None,
             street: str = "ul. Żeromskiego 5", postal_code: str = "67-120", city: str = "Kożuchów",
             status: CustomerStatus = CustomerStatus.ACTIVE, **kw) -> Customer:
    n = next_number()
    row = Customer(number=number or f"T{n:06d}", name=name or f"Klient {n}", street=street,
                   postal_code=postal_code, city=city, status=status, **kw)
    session.add(row)
    session.flush()
    return row


def service_point(session: Session, owner: Customer, street: str = "ul. Łąkowa 12", *,
                  has_sewage: bool = True, tariff_row: Tariff | None = None) -> ServicePoint:
    row = ServicePoint(customer_id=owner.id, code=f"PP{next_number():06d}", street=street,
                       postal_code="67-120", city="Kożuchów", has_sewage=has_sewage,
                       tariff_id=tariff_row.id if tariff_row else None)
    session.add(row)
    session.flush()
    return row
