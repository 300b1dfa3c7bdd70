"""Tariffs, documents (invoices, corrections, notes), payments and online transactions.

Money is integer grosze everywhere (`*_gr`): exact on every database.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlmodel import Field, SQLModel

from ibok_app.models.common import StrEnum, enum_column, utcnow


class Tariff(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    valid_from: date
    valid_to: Optional[date] = None
    water_price_gr: int  # net per m³
    sewage_price_gr: int  # net per m³
    subscription_gr: int  # net per billing period
    vat_rate: int = 8  # percent


class DocumentType(StrEnum):
    INVOICE = "invoice"  # faktura VAT
    CORRECTION = "correction"  # faktura korygująca
    ACCOUNTING_NOTE = "accounting_note"  # nota księgowa
    INTEREST_NOTE = "interest_note"  # nota odsetkowa (not a VAT invoice)


class Document(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    service_point_id: Optional[int] = Field(default=None, foreign_key="service_point.id")
    doc_type: DocumentType = Field(sa_type=enum_column(20), index=True)
    number: str = Field(max_length=40, unique=True, index=True)
    issue_date: date = Field(index=True)
    sale_date: Optional[date] = None
    period_from: Optional[date] = None
    period_to: Optional[date] = None
    due_date: date
    net_gr: int
    vat_gr: int
    gross_gr: int  # negative for a correction that lowers the amount
    ksef_number: Optional[str] = Field(default=None, max_length=35)
    corrected_document_id: Optional[int] = Field(default=None, foreign_key="document.id", index=True)
    correction_reason: Optional[str] = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow)


class DocumentLine(SQLModel, table=True):
    __tablename__ = "document_line"
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    position: int
    description: str = Field(max_length=200)
    quantity_milli: int  # quantity × 1000 (m³ to 3 decimals, or 1000 for one piece)
    unit: str = Field(max_length=10)
    unit_net_gr: int
    vat_rate: Optional[int] = None  # None: outside VAT (interest)
    net_gr: int
    vat_gr: int
    gross_gr: int


class PaymentMethod(StrEnum):
    TRANSFER = "transfer"
    CASH = "cash"
    ONLINE = "online"  # Autopay / Blue Media
    OFFSET = "offset"


class Payment(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    paid_on: date = Field(index=True)
    amount_gr: int
    method: PaymentMethod = Field(sa_type=enum_column(20))
    reference: Optional[str] = Field(default=None, max_length=100)
    created_at: datetime = Field(default_factory=utcnow)


class PaymentAllocation(SQLModel, table=True):
    __tablename__ = "payment_allocation"
    id: Optional[int] = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payment.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    amount_gr: int


class OnlinePaymentStatus(StrEnum):
    STARTED = "started"
    PENDING = "pending"
    SUCCESS = "success"
    FAILURE = "failure"


class OnlinePayment(SQLModel, table=True):
    """A transaction started at the payment gateway (Autopay ITN updates it)."""

    __tablename__ = "online_payment"
    id: Optional[int] = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    order_id: str = Field(max_length=32, unique=True, index=True)
    amount_gr: int
    description: str = Field(max_length=79)
    status: OnlinePaymentStatus = Field(default=OnlinePaymentStatus.STARTED, sa_type=enum_column(20))
    remote_id: Optional[str] = Field(default=None, max_length=40)
    gateway_id: Optional[str] = Field(default=None, max_length=10)
    payment_id: Optional[int] = Field(default=None, foreign_key="payment.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
