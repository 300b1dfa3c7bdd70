"""Settings: embedded defaults, and values the terms or security forbid are refused."""
import pytest

from ibok_app.cli import main
from ibok_app.config import ConfigError, load_settings, reset_settings


def test_defaults_work_with_nothing_configured(ibok_env, monkeypatch):
    monkeypatch.delenv("IBOK_DATABASE_URL", raising=False)
    s = load_settings()
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("ibok.db")
    assert s.password_min_length == 8 and s.port == 3000
    assert s.secret_key and not s.smtp_host


@pytest.mark.parametrize("name, value", [("IBOK_PASSWORD_MIN_LENGTH", "5"), ("IBOK_BCRYPT_ROUNDS", "10"),
                                         ("IBOK_PORT", "abc")])
def test_forbidden_values_are_refused(ibok_env, monkeypatch, capsys, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError):
        load_settings()
    reset_settings()
    assert main(["migrate"]) == 2
    assert "Błąd konfiguracji" in capsys.readouterr().err
    monkeypatch.delenv(name)
    reset_settings()
