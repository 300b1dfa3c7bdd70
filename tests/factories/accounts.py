"""Rows the account tests need: customers, invoices and accounts, made directly with
the models. Known passwords are hashed once per test run (bcrypt is slow)."""
from __future__ import annotations

import functools
from datetime import date, timedelta

from sqlmodel import Session

from ibok_app.models import (
    AccountStatus,
    Customer,
    CustomerStatus,
    Document,
    DocumentType,
    PortalAccount,
    utcnow,
)
from ibok_app.services.accounts.passwords import hash_password
from tests.factories import customers

KNOWN_PASSWORD = "Zielona-Żaba-42"


@functools.cache
def known_hash(password: str = KNOWN_PASSWORD) -> str:
    return hash_password(password)


def make_customer(session: Session, number: str | None = None, *,
                  status: CustomerStatus = CustomerStatus.ACTIVE) -> Customer:
    return customers.customer(session, number=number, street="ul. Wodna 1", status=status)


def make_invoice(session: Session, customer: Customer, *, number: str | None = None, gross_gr: int = 12345,
                 issued: date | None = None, doc_type: DocumentType = DocumentType.INVOICE) -> Document:
    issued = issued or date.today() - timedelta(days=10)
    doc = Document(customer_id=customer.id, doc_type=doc_type, number=number or f"FV/{customers.next_number():05d}/2025",
                   issue_date=issued, due_date=issued + timedelta(days=14),
                   net_gr=round(gross_gr / 1.08), vat_gr=gross_gr - round(gross_gr / 1.08), gross_gr=gross_gr)
    session.add(doc)
    session.flush()
    return doc


def make_account(session: Session, customer: Customer | None = None, *,
                 status: AccountStatus = AccountStatus.ACTIVE, password_hash: str | None = None,
                 email: str | None = None) -> PortalAccount:
    customer = customer or make_customer(session)
    account = PortalAccount(customer_id=customer.id, login=customer.number,
                            email=email or f"{customer.number.lower()}@example.com",
                            phone="+48601234567", password_hash=password_hash or known_hash(),
                            status=status, activated_at=utcnow() if status != AccountStatus.PENDING else None)
    session.add(account)
    session.flush()
    return account
