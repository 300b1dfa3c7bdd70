"""Tariffs, documents (invoices, corrections, notes), payments and online transactions.

Money is integer grosze everywhere (`*_gr`): exact on every database.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Index, text
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
    STARTED = "started"  # the customer left for the gateway
    PENDING = "pending"  # the gateway reported the payment under way
    SUCCESS = "success"  # paid: one Payment row was recorded
    FAILURE = "failure"  # refused or cancelled at the gateway
    EXPIRED = "expired"  # no ITN within IBOK_PAYMENT_PENDING_MINUTES (a late SUCCESS still counts)


_ACTIVE = text("status IN ('started', 'pending')")


class OnlinePaymentMode(StrEnum):
    ALL_DUE = "all"  # everything due
    DOCUMENTS = "documents"  # the documents the customer ticked
    AMOUNT = "amount"  # an amount of the customer's choice (allocated oldest due first)


class OnlinePayment(SQLModel, table=True):
    """A transaction started at the payment gateway (Autopay ITN updates it).

    At most one active (started/pending) transaction per customer and choice: the
    database refuses a second one, so a double click or a second tab reuses the
    first instead of charging twice."""

    __tablename__ = "online_payment"
    __table_args__ = (
        Index("ux_online_payment_active_choice", "customer_id", "choice_key", unique=True,
              sqlite_where=_ACTIVE, postgresql_where=_ACTIVE),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    order_id: str = Field(max_length=32, unique=True, index=True)
    amount_gr: int  # credited to the customer's account
    fee_gr: int = 0  # charged on top at the gateway (IBOK_PAYMENT_FEE)
    currency: str = Field(default="PLN", max_length=3)
    mode: OnlinePaymentMode = Field(default=OnlinePaymentMode.AMOUNT, sa_type=enum_column(20))
    choice_key: str = Field(max_length=64)  # what was chosen, for reusing a transaction
    description: str = Field(max_length=79)
    status: OnlinePaymentStatus = Field(default=OnlinePaymentStatus.STARTED, sa_type=enum_column(20), index=True)
    remote_id: Optional[str] = Field(default=None, max_length=40)
    gateway_id: Optional[str] = Field(default=None, max_length=10)
    status_details: Optional[str] = Field(default=None, max_length=100)
    payment_id: Optional[int] = Field(default=None, foreign_key="payment.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)  # the last ITN (expiry counts from it)


class OnlinePaymentDocument(SQLModel, table=True):
    """A document an online transaction pays. While `active`, no other transaction may
    take the same document (a partial unique index): "płatność w toku"."""

    __tablename__ = "online_payment_document"
    __table_args__ = (
        Index("ux_online_payment_document_active", "document_id", unique=True,
              sqlite_where=text("active"), postgresql_where=text("active")),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    online_payment_id: int = Field(foreign_key="online_payment.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    position: int  # the order of allocation (oldest due first)
    outstanding_gr: int  # left to pay when the customer chose it
    active: bool = True  # False once the transaction ended (success, failure, expiry)
