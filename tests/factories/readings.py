"""Small builders of customers, service points, meters, readings and tariffs for the
readings tests. Each flushes so that ids are available; the test commits if needed."""
from __future__ import annotations

import itertools
from datetime import date

from sqlmodel import Session

from ibok_app.models import (
    Customer,
    Meter,
    MeterKind,
    MeterReading,
    ReadingSource,
    ReadingStatus,
    ServicePoint,
    Tariff,
)
from tests.factories import customers

_seq = itertools.count(1)


def customer(session: Session, name: str = "Jan Kowalski") -> Customer:
    return customers.customer(session, name=name, street="ul. Słoneczna 1")


def tariff(session: Session, *, water: int = 523, sewage: int = 871, subscription: int = 1250,
           vat: int = 8, valid_from: date = date(2020, 1, 1), name: str = "Taryfa 2026") -> Tariff:
    row = Tariff(name=name, valid_from=valid_from, water_price_gr=water, sewage_price_gr=sewage,
                 subscription_gr=subscription, vat_rate=vat)
    session.add(row)
    session.flush()
    return row


def service_point(session: Session, owner: Customer, *, has_sewage: bool = True,
                  tariff_row: Tariff | None = None, street: str = "ul. Polna 7") -> ServicePoint:
    return customers.service_point(session, owner, street, has_sewage=has_sewage, tariff_row=tariff_row)


def meter(session: Session, sp: ServicePoint, *, kind: MeterKind = MeterKind.MAIN, digits: int = 5,
          installed_on: date = date(2020, 1, 1), removed_on: date | None = None,
          certification_expires_on: date = date(2030, 1, 1), serial: str | None = None) -> Meter:
    row = Meter(service_point_id=sp.id, serial=serial or f"WM{next(_seq):08d}", kind=kind,
                digits=digits, installed_on=installed_on, removed_on=removed_on,
                certification_expires_on=certification_expires_on)
    session.add(row)
    session.flush()
    return row


def reading(session: Session, m: Meter, owner: Customer, read_on: date, value_l: int, *,
            status: ReadingStatus = ReadingStatus.ACCEPTED,
            source: ReadingSource = ReadingSource.CUSTOMER, photo_path: str | None = None) -> MeterReading:
    row = MeterReading(meter_id=m.id, customer_id=owner.id, read_on=read_on, value_l=value_l,
                       status=status, source=source, photo_path=photo_path)
    session.add(row)
    session.flush()
    return row


def household(session: Session, **meter_kw):
    """A customer with one service point and one main meter: (customer, service point, meter)."""
    c = customer(session)
    sp = service_point(session, c)
    return c, sp, meter(session, sp, **meter_kw)
