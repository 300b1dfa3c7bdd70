"""Who is calling: the one place that turns a session token into a customer context.

Every customer page and handler asks this first; the customer id it returns is the
only one used to scope queries (never an id sent by the browser).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, select

from ibok_app.models import AccountStatus, Customer, PortalAccount, SubjectKind, UserSession, utcnow
from ibok_app.services.accounts import sessions, terms
from ibok_app.services.common import queries


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


@functools.cache
def _context_query():
    """Built once: the statement's cache key and compiled form are then reused on every
    event instead of being rebuilt (a third of this function's CPU); plain columns,
    no ORM object (the ORM's loading cost as much again)."""
    us = UserSession.__table__
    now = bindparam("now", type_=us.c.last_seen_at.type)
    return (
        select(us.c.id, us.c.account_id, us.c.subject_kind, us.c.expires_at, us.c.last_seen_at,
               PortalAccount.login, PortalAccount.status, PortalAccount.must_change_password,
               Customer.id.label("customer_id"), Customer.name,
               terms.needs_acceptance_clause(PortalAccount.id, now).label("needs_terms"))
        .join(PortalAccount, PortalAccount.id == us.c.account_id)
        .join(Customer, Customer.id == PortalAccount.customer_id)
        .where(us.c.token_hash == bindparam("token_hash"), us.c.subject_kind == SubjectKind.CUSTOMER.value)
    )


def customer_context(session: Session, token: object, now: datetime | None = None) -> CustomerContext | None:
    """One query on every event: the session (never a staff one) with its account, the
    customer and whether the current terms are accepted. A session past its limits, or
    whose account is no longer usable, is ended."""
    if not sessions.plausible(token):
        return None
    now = now or utcnow()
    row = queries.first(session, _context_query(), token_hash=sessions.token_hash(token), now=now)
    if row is None:
        return None
    if not sessions.still_live(session, row, now):
        return None
    if row.status not in USABLE:
        sessions.end(session, row)
        return None
    sessions.touch(session, row, now)
    return CustomerContext(
        account_id=row.account_id,
        customer_id=row.customer_id,
        login=row.login,
        customer_name=row.name,
        must_change_password=bool(row.must_change_password),
        needs_terms=bool(row.needs_terms),
        closing=row.status == AccountStatus.CLOSING,
    )
