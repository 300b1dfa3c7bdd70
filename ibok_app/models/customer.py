"""Customers of the utility, their service points, meters and readings."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlmodel import Field, SQLModel

from ibok_app.models.common import StrEnum, enum_column, trigram_index, utcnow


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    TERMINATED = "terminated"  # water/sewage contract ended (§7: 14 days of access)


class Customer(SQLModel, table=True):
    __table_args__ = (trigram_index("ix_customer_number_search", "number"),
                      trigram_index("ix_customer_name_search", "name"),
                      trigram_index("ix_customer_street_search", "street"))
    id: Optional[int] = Field(default=None, primary_key=True)
    number: str = Field(max_length=20, unique=True, index=True)  # "kod nabywcy" = login
    name: str = Field(max_length=200)
    is_business: bool = False
    nip: Optional[str] = Field(default=None, max_length=10)
    street: str = Field(max_length=200)
    postal_code: str = Field(max_length=6)
    city: str = Field(max_length=100)
    corr_street: Optional[str] = Field(default=None, max_length=200)
    corr_postal_code: Optional[str] = Field(default=None, max_length=6)
    corr_city: Optional[str] = Field(default=None, max_length=100)
    status: CustomerStatus = Field(default=CustomerStatus.ACTIVE, sa_type=enum_column(20))
    terminated_at: Optional[datetime] = None
    created_at: datetime = Field(default_factory=utcnow)


class ServicePoint(SQLModel, table=True):
    """A supplied property ("punkt poboru") with its own meters and tariff group."""

    __tablename__ = "service_point"
    __table_args__ = (trigram_index("ix_service_point_street_search", "street"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    code: str = Field(max_length=30, unique=True)
    street: str = Field(max_length=200)
    postal_code: str = Field(max_length=6)
    city: str = Field(max_length=100)
    has_sewage: bool = True
    tariff_id: Optional[int] = Field(default=None, foreign_key="tariff.id")


class MeterKind(StrEnum):
    MAIN = "main"
    GARDEN = "garden"  # sub-meter: water only, no sewage charge


class Meter(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    service_point_id: int = Field(foreign_key="service_point.id", index=True)
    serial: str = Field(max_length=40, index=True)
    kind: MeterKind = Field(default=MeterKind.MAIN, sa_type=enum_column(10))
    digits: int = 5  # integer digits on the register: a reading may not exceed them
    installed_on: date
    removed_on: Optional[date] = None
    certification_expires_on: date


class ReadingSource(StrEnum):
    CUSTOMER = "customer"
    INSPECTOR = "inspector"
    ESTIMATE = "estimate"


class ReadingStatus(StrEnum):
    ACCEPTED = "accepted"
    TO_VERIFY = "to_verify"  # plausible but unusual: staff review ("do weryfikacji")
    REJECTED = "rejected"


class MeterReading(SQLModel, table=True):
    __tablename__ = "meter_reading"
    id: Optional[int] = Field(default=None, primary_key=True)
    meter_id: int = Field(foreign_key="meter.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    read_on: date = Field(index=True)
    # litres (m³ × 1000): exact on every database, shown as m³ with 3 decimals
    value_l: int
    source: ReadingSource = Field(default=ReadingSource.CUSTOMER, sa_type=enum_column(20))
    status: ReadingStatus = Field(default=ReadingStatus.ACCEPTED, sa_type=enum_column(20), index=True)
    for_next_period: bool = False
    photo_path: Optional[str] = Field(default=None, max_length=200)
    note: Optional[str] = Field(default=None, max_length=500)
    # why the office rejected it (services/desk/readings_queue.py): shown on Odczyty, e-mailed
    rejection_reason: Optional[str] = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
