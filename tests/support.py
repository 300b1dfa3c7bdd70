"""Helpers shared by the test packages (not fixtures)."""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(tmp: Path, name_hint: str = "test") -> tuple[str, Callable[[], None]]:
    """A new empty database and a function that drops it.

    SQLite file by default; with IBOK_TEST_DATABASE_URL (a PostgreSQL server URL) a
    scratch database on that server, so runs never see each other's rows.
    """
    server_url = os.environ.get("IBOK_TEST_DATABASE_URL", "").strip()
    if not server_url:
        return f"sqlite:///{tmp / f'{name_hint}.db'}", lambda: None
    name = f"ibok_{name_hint}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        from ibok_app.db import engine_for

        engine_for.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop
