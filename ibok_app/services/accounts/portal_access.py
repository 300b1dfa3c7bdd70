"""Who is calling: the one place that turns a session token into a customer context.

Every customer page and handler asks this first; the customer id it returns is the
only one used to scope queries (never an id sent by the browser).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ibok_app.models import AccountStatus, Customer, PortalAccount, SubjectKind
from ibok_app.services.accounts import sessions, terms


@dataclass(frozen=True)
class CustomerContext:
    account_id: int
    customer_id: int
    login: str
    customer_name: str
    must_change_password: bool
    needs_terms: bool
    closing: bool

    @property
    def ready(self) -> bool:
        """May use the portal: no forced password change and current terms accepted."""
        return not self.must_change_password and not self.needs_terms


USABLE = (AccountStatus.ACTIVE, AccountStatus.CLOSING)


def customer_context(session: Session, token: object) -> CustomerContext | None:
    info = sessions.resolve_session(session, token, kind=SubjectKind.CUSTOMER)  # never a staff token
    if info is None or info.account_id is None:
        return None
    account = session.get(PortalAccount, info.account_id)
    if account is None or account.status not in USABLE:
        return None
    customer = session.get(Customer, account.customer_id)
    if customer is None:
        return None
    return CustomerContext(
        account_id=account.id,
        customer_id=customer.id,
        login=account.login,
        customer_name=customer.name,
        must_change_password=account.must_change_password,
        needs_terms=terms.needs_acceptance(session, account.id),
        closing=account.status == AccountStatus.CLOSING,
    )
