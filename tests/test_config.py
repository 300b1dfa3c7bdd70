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


def test_payments_default_to_the_simulator_on_a_laptop(ibok_env, monkeypatch):
    monkeypatch.setenv("IBOK_PUBLIC_URL", "http://localhost:3999")
    p = load_settings().payments
    assert p.simulated and p.enabled and p.fee_gr == 0 and p.max_amount_gr == 2_000_000
    assert p.pending_minutes == 30
    assert load_settings().payment_gateway_url == "http://localhost:3999/symulator-platnosci"


def test_behind_https_the_simulator_is_off_unless_asked_for(ibok_env, monkeypatch):
    monkeypatch.setenv("IBOK_PUBLIC_URL", "https://ibok.example.pl")
    assert not load_settings().payments.enabled
    monkeypatch.setenv("IBOK_PAYMENT_SIMULATOR", "1")
    assert load_settings().payments.enabled


def test_a_real_gateway_is_configuration_only(ibok_env, monkeypatch):
    monkeypatch.setenv("IBOK_PAYMENT_GATEWAY_URL", "https://testpay.autopay.eu/")
    monkeypatch.setenv("IBOK_PAYMENT_SERVICE_ID", "902345")
    monkeypatch.setenv("IBOK_PAYMENT_SHARED_KEY", "klucz-z-panelu")
    monkeypatch.setenv("IBOK_PAYMENT_FEE", "1,50")
    monkeypatch.setenv("IBOK_PAYMENT_MAX_AMOUNT", "5000")
    s = load_settings()
    assert not s.payments.simulated and s.payments.enabled
    assert s.payment_gateway_url == "https://testpay.autopay.eu"
    assert (s.payments.service_id, s.payments.fee_gr, s.payments.max_amount_gr) == ("902345", 150, 500_000)


@pytest.mark.parametrize("env", [
    {"IBOK_PAYMENT_GATEWAY_URL": "https://pay.example"},  # no ServiceID or key
    {"IBOK_PAYMENT_GATEWAY_URL": "http://pay.example", "IBOK_PAYMENT_SERVICE_ID": "1", "IBOK_PAYMENT_SHARED_KEY": "k"},
    {"IBOK_PAYMENT_SERVICE_ID": "abc"},
    {"IBOK_PAYMENT_FEE": "1,505"},
    {"IBOK_PAYMENT_FEE": "-1"},
    {"IBOK_PAYMENT_MAX_AMOUNT": "0,50"},
    {"IBOK_PAYMENT_PENDING_MINUTES": "0"},
])
def test_payment_settings_that_cannot_work_are_refused(ibok_env, monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError):
        load_settings()
