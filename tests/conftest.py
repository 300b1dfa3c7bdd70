"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL when
IBOK_TEST_DATABASE_URL is set) and an isolated var/ directory per test session."""
from __future__ import annotations

import os

import pytest
from sqlmodel import Session, SQLModel
from support import fresh_database

import ibok_app.models  # noqa: F401


@pytest.fixture(scope="session")
def ibok_env(tmp_path_factory):
    """Environment for the whole test session: var dir, database URL, migrated schema."""
    tmp = tmp_path_factory.mktemp("ibok")
    url, drop = fresh_database(tmp)
    saved = dict(os.environ)
    os.environ.update({
        "IBOK_VAR_DIR": str(tmp / "var"),
        "IBOK_DATABASE_URL": url,
        "IBOK_SECRET_KEY": "test-secret-key-not-for-production",
        "IBOK_PUBLIC_URL": "http://localhost:3999",
    })
    for key in ("IBOK_SMTP_HOST", "IBOK_SMS_API_URL", "IBOK_PASSWORD_MIN_LENGTH"):
        os.environ.pop(key, None)
    from ibok_app.config import reset_settings
    from ibok_app.migrations import upgrade_to_head

    reset_settings()
    upgrade_to_head()
    yield {"database_url": url, "var_dir": tmp / "var"}
    from ibok_app.db import engine

    engine().dispose()
    drop()
    os.environ.clear()
    os.environ.update(saved)
    reset_settings()


def _truncate_all() -> None:
    from ibok_app.db import engine

    with engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def db(ibok_env):
    """An empty, migrated database for one test; emptied again afterwards."""
    _truncate_all()
    yield ibok_env
    _truncate_all()


@pytest.fixture
def session(db):
    """A SQLModel session on the test database (commit yourself when needed)."""
    from ibok_app.db import engine

    with Session(engine(), expire_on_commit=False) as s:
        yield s
