"""Rows the ticket / complaint / profile / export / closure tests need.

Customers get numbers "C…" (other factory modules use "K…") so they can be mixed
with factories_billing's documents, payments and contracts in one test.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ibok_app.models import (
    AccountStatus,
    Customer,
    OutboxMessage,
    PortalAccount,
    ServicePoint,
    StaffRole,
    StaffUser,
)
from tests.factories import customers
from tests.factories.accounts import KNOWN_PASSWORD, known_hash

__all__ = ["KNOWN_PASSWORD", "Who", "customer_with_account", "emails_to", "service_point", "staff"]


@dataclass
class Who:
    customer: Customer
    account: PortalAccount
    point: ServicePoint

    @property
    def customer_id(self) -> int:
        return self.customer.id

    @property
    def account_id(self) -> int:
        return self.account.id


service_point = customers.service_point


def customer_with_account(session: Session, *, name: str = "Anna Nowak", email: str | None = None,
                          phone: str | None = "+48601234567",
                          status: AccountStatus = AccountStatus.ACTIVE) -> Who:
    customer = customers.customer(session, name=name)
    n = customers.next_number()
    account = PortalAccount(customer_id=customer.id, login=customer.number,
                            email=email or f"klient{n}@example.com", phone=phone,
                            password_hash=known_hash(), status=status)
    session.add(account)
    session.flush()
    return Who(customer, account, service_point(session, customer))


def staff(session: Session, *, active: bool = True) -> StaffUser:
    n = customers.next_number()
    user = StaffUser(login=f"pracownik{n}", full_name=f"Ewa Kowalczyk {n}", email=f"ewa{n}@uskom.eu",
                     password_hash=known_hash(), role=StaffRole.OPERATOR, active=active)
    session.add(user)
    session.flush()
    return user


def emails_to(session: Session, address: str) -> list[OutboxMessage]:
    return list(session.exec(
        select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)
    ).all())
