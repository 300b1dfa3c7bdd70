"""The composition root: the one place that decides which implementation stands
behind each outside service, from the settings.

| service | setting | built in |
|---|---|---|
| e-mail | `IBOK_MAIL_BACKEND` | SMTP when `IBOK_SMTP_HOST` is set, else `.eml` files in var/mail |
| SMS | `IBOK_SMS_BACKEND` | the SMSAPI-style HTTP gateway when `IBOK_SMS_API_URL` is set, else files in var/sms |
| payments | `IBOK_PAYMENT_GATEWAY_URL` | Autopay at that URL, else the built-in simulator at {public URL}/symulator-platnosci |

A utility plugs in its own gateway without editing IBOK by naming a callable as
`package.module:attribute` (like Django's EMAIL_BACKEND): it is called with the
Settings and returns the sender (a class whose `__init__` takes the settings will
do). `ibok_app.integrations.memory` has in-memory senders for tests and demos.
The payment gateway is the Autopay protocol (integrations/autopay.py) at a URL: the
real gateway's or the simulator's; only configuration tells them apart.

Services ask `integrations()`; nothing else reads these settings.
"""
from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

from ibok_app.config import ConfigError, Settings, settings
from ibok_app.integrations.autopay import Gateway
from ibok_app.integrations.mail import MailSender, mail_sender_from_settings
from ibok_app.integrations.sms import SmsSender, sms_sender_from_settings


@dataclass(frozen=True)
class Integrations:
    mail: MailSender
    sms: SmsSender
    payments: Gateway


def load_backend(path: str, setting: str) -> Callable[[Settings], object]:
    """The callable named by `package.module:attribute`; a clear ConfigError otherwise."""
    module_name, sep, attribute = path.partition(":")
    if not sep or not module_name or not attribute:
        raise ConfigError(f"{setting} must look like package.module:attribute, got {path!r}")
    try:
        found = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"{setting}={path!r} cannot be loaded: {exc}") from exc
    if not callable(found):
        raise ConfigError(f"{setting}={path!r} is not callable")
    return found


def _chosen(path: str, setting: str, builtin: Callable[[], object], cfg: Settings) -> object:
    return load_backend(path, setting)(cfg) if path else builtin()


def build(cfg: Settings) -> Integrations:
    return Integrations(
        mail=_chosen(cfg.mail_backend, "IBOK_MAIL_BACKEND", mail_sender_from_settings, cfg),
        sms=_chosen(cfg.sms_backend, "IBOK_SMS_BACKEND", sms_sender_from_settings, cfg),
        payments=payment_gateway(cfg),
    )


def payment_gateway(cfg: Settings) -> Gateway:
    p = cfg.payments
    return Gateway(url=cfg.payment_gateway_url, service_id=p.service_id, shared_key=p.shared_key,
                   simulated=p.simulated)


_lock = threading.Lock()
_built: tuple[Settings, Integrations] | None = None


def integrations() -> Integrations:
    """The integrations for the settings in force (rebuilt after reset_settings())."""
    global _built
    cfg = settings()
    with _lock:
        if _built is None or _built[0] is not cfg:
            _built = (cfg, build(cfg))
        return _built[1]
