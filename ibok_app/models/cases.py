"""Operational tickets (zgłoszenia eksploatacyjne, §9 h) and complaints (reklamacje, §5)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlmodel import Field, SQLModel

from ibok_app.models.common import StrEnum, enum_column, utcnow


class TicketCategory(StrEnum):
    FAILURE = "failure"
    NO_WATER = "no_water"
    LOW_PRESSURE = "low_pressure"
    LEAK = "leak"
    METER = "meter"
    SEAL = "seal"
    WATER_QUALITY = "water_quality"
    OTHER = "other"


class CaseStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"


class Ticket(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    number: str = Field(max_length=30, unique=True, index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    service_point_id: Optional[int] = Field(default=None, foreign_key="service_point.id")
    category: TicketCategory = Field(sa_type=enum_column(20))
    description: str = Field(max_length=4000)
    contact_phone: Optional[str] = Field(default=None, max_length=20)
    photo_path: Optional[str] = Field(default=None, max_length=200)
    status: CaseStatus = Field(default=CaseStatus.NEW, sa_type=enum_column(20), index=True)
    assigned_to_id: Optional[int] = Field(default=None, foreign_key="staff_user.id", index=True)  # who works it
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TicketMessage(SQLModel, table=True):
    __tablename__ = "ticket_message"
    id: Optional[int] = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    from_staff_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    body: str = Field(max_length=4000)
    internal: bool = False  # an office note: never shown to the customer nor exported to them
    created_at: datetime = Field(default_factory=utcnow)


class Complaint(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    number: str = Field(max_length=30, unique=True, index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    document_id: Optional[int] = Field(default=None, foreign_key="document.id")
    subject: str = Field(max_length=200)
    description: str = Field(max_length=4000)
    received_on: date
    answer_due_on: date = Field(index=True)  # received + 14 days (§5)
    status: CaseStatus = Field(default=CaseStatus.NEW, sa_type=enum_column(20), index=True)
    answer: Optional[str] = Field(default=None, max_length=4000)
    answered_at: Optional[datetime] = None
    answered_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    photo_path: Optional[str] = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
