"""Water supply / sewage contracts and their annexes."""
from __future__ import annotations

from datetime import date
from typing import Optional

from sqlmodel import Field, SQLModel


class Contract(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    service_point_id: Optional[int] = Field(default=None, foreign_key="service_point.id")
    number: str = Field(max_length=40, unique=True)
    signed_on: date
    subject: str = Field(max_length=300)
    valid_from: date
    valid_to: Optional[date] = None


class ContractAnnex(SQLModel, table=True):
    __tablename__ = "contract_annex"
    id: Optional[int] = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    number: str = Field(max_length=40)
    signed_on: date
    subject: str = Field(max_length=300)
    valid_from: date
    valid_to: Optional[date] = None
