"""Alembic environment: IBOK's models are the target, the URL comes from IBOK settings."""
from alembic import context
from sqlmodel import SQLModel

import ibok_app.models  # noqa: F401  (registers every table on SQLModel.metadata)
from ibok_app.db import engine_for
from ibok_app.config import settings

config = context.config
target_metadata = SQLModel.metadata


def _render_item(type_, obj, autogen_context):  # noqa: ANN001
    """Migrations name plain SQLAlchemy types, never the app's Python-side decorators,
    so an old migration keeps working whatever happens to the models."""
    from ibok_app.models.common import NaiveUTCDateTime

    if type_ == "type" and isinstance(obj, NaiveUTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _url() -> str:
    return config.attributes.get("url") or settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with engine_for(_url()).connect() as conn:
        _run(conn)
        conn.commit()


def _run(connection) -> None:  # noqa: ANN001
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table.
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True, render_item=_render_item)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
