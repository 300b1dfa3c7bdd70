"""Staff accounts for the back-office tests, made directly with the model."""
from __future__ import annotations

import itertools

from sqlmodel import Session

from ibok_app.models import StaffRole, StaffUser
from tests.factories.accounts import KNOWN_PASSWORD, known_hash

PASSWORD = KNOWN_PASSWORD
_numbers = itertools.count(1)


def staff(session: Session, role: StaffRole = StaffRole.OPERATOR, *, login: str | None = None,
          active: bool = True, totp_secret: str | None = None) -> StaffUser:
    n = next(_numbers)
    user = StaffUser(login=login or f"pracownik.{n}", full_name=f"Ewa Kowalczyk {n}", email=f"ewa{n}@uskom.eu",
                     password_hash=known_hash(), role=role, active=active, totp_secret=totp_secret)
    session.add(user)
    session.flush()
    return user
