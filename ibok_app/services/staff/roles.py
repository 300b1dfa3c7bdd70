"""Staff roles and the sets of roles allowed to do things: the one place they are defined.

Handlers name one of these sets in `authorize(..., allowed=...)`; nothing else
compares roles.
"""
from __future__ import annotations

from ibok_app.models import StaffRole

READ = frozenset({StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.AUDITOR})  # see the desk, customer cards
WORK = frozenset({StaffRole.ADMIN, StaffRole.OPERATOR})  # change things: answers, readings, customer accounts
ADMIN = frozenset({StaffRole.ADMIN})  # staff accounts and settings
AUDIT = frozenset({StaffRole.ADMIN, StaffRole.AUDITOR})  # browse and export the audit log

ROLE_LABELS = {
    StaffRole.ADMIN: "Administrator",
    StaffRole.OPERATOR: "Operator",
    StaffRole.AUDITOR: "Audytor",
}
ROLE_DESCRIPTIONS = {
    StaffRole.ADMIN: "wszystko, także konta pracowników i ustawienia",
    StaffRole.OPERATOR: "obsługa klientów: zgłoszenia, reklamacje, odczyty, konta klientów",
    StaffRole.AUDITOR: "tylko odczyt, także dziennik zdarzeń",
}


def parse_role(value: object) -> StaffRole | None:
    """A role from whatever was sent ("admin", StaffRole.ADMIN), or None."""
    if isinstance(value, StaffRole):
        return value
    if not isinstance(value, str) or len(value) > 20:
        return None
    try:
        return StaffRole(value.strip().lower())
    except ValueError:
        return None


def role_label(value: object) -> str:
    role = parse_role(value)
    return ROLE_LABELS[role] if role else "—"
