"""Apply alembic migrations from Python (CLI, app start-up, tests)."""
from __future__ import annotations

from alembic.config import Config

from alembic import command
from ibok_app.config import PROJECT_ROOT, settings


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["url"] = url or settings().database_url
    return cfg


def upgrade_to_head(url: str | None = None) -> None:
    settings().var_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")
