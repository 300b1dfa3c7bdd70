"""Running the page loads' prebuilt statements.

A page load runs a handful of small queries, and building a SQLAlchemy statement,
deriving its cache key and passing it through the ORM layer cost more CPU than the
query itself (docs/benchmarks.md). The hot ones are therefore built once (a function
under `functools.cache`, values as bind parameters) and run here on the session's
connection as Core statements: plain rows, no ORM objects.

These run inside the session's transaction but do not flush it first: call them
before adding ORM objects, or flush yourself.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Executable, Row
from sqlmodel import Session


def rows(session: Session, statement: Executable, **params: Any) -> list[Row]:
    return list(session.connection().execute(statement, params).all())


def first(session: Session, statement: Executable, **params: Any) -> Row | None:
    return session.connection().execute(statement, params).first()


def one(session: Session, statement: Executable, **params: Any) -> Row:
    return session.connection().execute(statement, params).one()
