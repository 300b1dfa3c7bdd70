"""Shared column helpers: UTC timestamps and string enums stored as text."""
from __future__ import annotations

import enum
from datetime import datetime, timezone

from sqlalchemy import DateTime, Index, func
from sqlalchemy import column as sa_column
from sqlalchemy.types import TypeDecorator


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


class NaiveUTCDateTime(TypeDecorator):
    """The project's time convention on sqlmodel 0.0.50, which maps `datetime` fields to
    UTCDateTime (refuses naive values, returns aware ones): same column type (DateTime
    with time zone), but it accepts naive-UTC or aware values and returns naive UTC,
    like utcnow()."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(timezone.utc).replace(tzinfo=None)


def use_naive_utc(metadata) -> None:
    """Give every sqlmodel UTCDateTime column the naive-UTC type (called once, after all
    tables are defined and before any statement is compiled)."""
    from sqlmodel.sql.sqltypes import UTCDateTime

    for table in metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, UTCDateTime):
                column.type = NaiveUTCDateTime()


def trigram_index(name: str, column: str) -> Index:
    """An index for the desk's case-insensitive "contains" search (services/desk/customers.py):
    a pg_trgm GIN index on lower(column) on PostgreSQL (migration 0006 creates the
    extension), a plain expression index on SQLite, where it is small and harmless."""
    expr = func.lower(sa_column(column)).label(f"{column}_lower")
    return Index(name, expr, postgresql_using="gin", postgresql_ops={f"{column}_lower": "gin_trgm_ops"})
