"""Shared column helpers: UTC timestamps and string enums stored as text."""
from __future__ import annotations

import enum
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no zone, so every stored time is UTC by convention."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class StrEnum(str, enum.Enum):
    def __str__(self) -> str:
        return self.value


def enum_column(length: int = 20):
    """Enums are stored as their text value in a VARCHAR, never a native DB enum:
    adding a status later is then a code change, not a type migration."""
    from sqlalchemy import String

    return String(length)
