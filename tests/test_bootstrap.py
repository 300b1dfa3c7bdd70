"""The composition root: built-in backends by default, a third-party backend by a
dotted path, a clear refusal for a path that does not load."""
from __future__ import annotations

import pytest
from sqlmodel import select

from ibok_app import bootstrap
from ibok_app.cli import main
from ibok_app.config import ConfigError, reset_settings
from ibok_app.integrations.mail import FileMailSender
from ibok_app.integrations.memory import MemoryMailSender, MemorySmsSender
from ibok_app.integrations.sms import FileSmsSender
from ibok_app.models import OutboxMessage, OutboxStatus
from ibok_app.services.notifications import delivery
from ibok_app.services.notifications.outbox import enqueue_email, enqueue_sms


@pytest.fixture
def env(ibok_env, monkeypatch):
    yield monkeypatch
    for name in ("IBOK_MAIL_BACKEND", "IBOK_SMS_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    reset_settings()


def test_built_in_backends_with_nothing_configured(env):
    reset_settings()
    built = bootstrap.integrations()
    assert isinstance(built.mail, FileMailSender) and isinstance(built.sms, FileSmsSender)
    assert bootstrap.integrations() is built  # one per settings object


def test_a_dotted_path_plugs_in_another_backend_and_the_outbox_uses_it(env, session):
    env.setenv("IBOK_MAIL_BACKEND", "ibok_app.integrations.memory:MemoryMailSender")
    env.setenv("IBOK_SMS_BACKEND", "ibok_app.integrations.memory:MemorySmsSender")
    reset_settings()
    MemoryMailSender.sent.clear()
    MemorySmsSender.sent.clear()
    enqueue_email(session, "jan@example.com", "Temat", "Treść")
    enqueue_sms(session, "+48600123456", "Awaria sieci")
    session.commit()
    assert delivery.deliver_due().sent == 2
    assert [str(m["To"]) for m in MemoryMailSender.sent] == ["jan@example.com"]
    assert MemorySmsSender.sent == [("+48600123456", "Awaria sieci")]
    statuses = session.exec(select(OutboxMessage.status).execution_options(populate_existing=True)).all()
    assert set(statuses) == {OutboxStatus.SENT}


@pytest.mark.parametrize("path", ["nie_ma_modulu:Sender", "ibok_app.integrations.memory:NieMa",
                                  "ibok_app.integrations.memory", "ibok_app.config:PROJECT_ROOT"])
def test_a_backend_that_cannot_be_loaded_stops_every_command(env, capsys, path):
    env.setenv("IBOK_SMS_BACKEND", path)
    reset_settings()
    with pytest.raises(ConfigError):
        bootstrap.integrations()
    assert main(["housekeeping"]) == 2
    err = capsys.readouterr().err
    assert "Błąd konfiguracji" in err and "IBOK_SMS_BACKEND" in err and "Traceback" not in err
