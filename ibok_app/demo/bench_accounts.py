"""Ready portal accounts in bulk for the load benchmark (`seed-demo --accounts N`).

A thousand real bcrypt hashes would take minutes, so every benchmark account gets
the same password hashed ONCE with a fixed salt. That is acceptable for demo data
only and is also how the benchmark finds its accounts again: the stored hash equals
`bench_hash()` (a portal user who registers on the demo database is never picked).
"""
from __future__ import annotations

import functools
from datetime import timedelta

import bcrypt
from sqlalchemy import func, select
from sqlmodel import Session

from ibok_app.models import AccountStatus, Customer, CustomerStatus, PortalAccount, TermsAcceptance, utcnow
from ibok_app.services.accounts import passwords, terms

BENCH_PASSWORD = "Kropla-benchmark-2026"
_FIXED_SALT = b"$2b$12$IBOKbenchmarkSaltXXXXu"  # 22 characters after the cost: demo data only


@functools.lru_cache(maxsize=1)
def bench_hash() -> str:
    return bcrypt.hashpw(passwords._prehash(BENCH_PASSWORD), _FIXED_SALT).decode("ascii")


def bench_logins(session: Session, limit: int) -> list[str]:
    """Up to `limit` logins of benchmark accounts, in customer order."""
    return list(session.execute(
        select(PortalAccount.login).where(PortalAccount.password_hash == bench_hash(),
                                          PortalAccount.status == AccountStatus.ACTIVE.value)
        .order_by(PortalAccount.customer_id).limit(limit)
    ).scalars())


def ensure_bench_accounts(session: Session, count: int) -> int:
    """Make at least `count` benchmark accounts exist, each for an active customer
    who had none, with the current terms accepted. Returns how many were added."""
    have = session.execute(select(func.count()).select_from(PortalAccount)
                           .where(PortalAccount.password_hash == bench_hash())).scalar_one()
    missing = max(0, count - have)
    if not missing:
        return 0
    candidates = session.execute(
        select(Customer.id, Customer.number)
        .outerjoin(PortalAccount, PortalAccount.customer_id == Customer.id)
        .where(PortalAccount.id.is_(None), Customer.status == CustomerStatus.ACTIVE.value)
        .order_by(Customer.id).limit(missing)
    ).all()
    now = utcnow()
    current = terms.current_terms(session, now=now)
    accounts = [PortalAccount(customer_id=cid, login=number, email=f"klient.{number}@example.com",
                              password_hash=bench_hash(), status=AccountStatus.ACTIVE,
                              created_at=now - timedelta(days=30), activated_at=now - timedelta(days=30))
                for cid, number in candidates]
    session.add_all(accounts)
    session.flush()
    if current is not None:
        session.add_all([TermsAcceptance(account_id=a.id, terms_version_id=current.id,
                                         accepted_at=now - timedelta(days=30)) for a in accounts])
    session.flush()
    return len(accounts)
