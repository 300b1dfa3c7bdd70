"""Settings read from the environment (IBOK_*), with embedded defaults.

One frozen object per process; `settings()` caches it. Tests call `reset_settings()`
after changing the environment.
"""
from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from ibok_app import routes

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "ibok_app" / "data"  # files shipped with the code (terms, fonts, password list)
PASSWORD_FLOOR = 6  # the terms (§2) promise at least 6 characters


class ConfigError(ValueError):
    """A setting has a value the portal refuses to run with."""


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _int(name: str, default: int) -> int:
    raw = _env(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _grosze(name: str, default: int) -> int:
    """An amount in złoty ("20000", "1,50", "1.50") as integer grosze."""
    raw = _env(name).replace(" ", "").replace(",", ".")
    if not raw:
        return default
    whole, _, frac = raw.partition(".")
    if not whole.isdigit() or (frac and not (frac.isdigit() and len(frac) <= 2)):
        raise ConfigError(f"{name} must be an amount in złoty such as 20000 or 1,50, got {raw!r}")
    return int(whole) * 100 + int((frac + "00")[:2])


def _positive(name: str, default: int) -> int:
    value = _int(name, default)
    if value < 1:
        raise ConfigError(f"{name} must be at least 1, got {value}")
    return value


def _bool(name: str, default: bool) -> bool:
    raw = _env(name).lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "on", "tak"}


@dataclass(frozen=True)
class Company:
    name: str
    short_name: str
    address: str
    nip: str
    krs: str
    regon: str
    phone: str
    email: str
    privacy_email: str
    website: str
    bank_account: str
    emergency_phone: str  # the 24/7 line for failures and danger (pogotowie wodociągowe)
    logo_file: Path  # PNG shown on the home page and on documents


# The built-in payment simulator's merchant (usable on a laptop; a real gateway gives
# its own ServiceID and key in the merchant panel).
SIMULATOR_SERVICE_ID = "100200"
SIMULATOR_SHARED_KEY = "symulator-ibok-klucz-tylko-do-testow"


@dataclass(frozen=True)
class Payments:
    gateway_url: str  # "" = the built-in simulator at {public_url}/symulator-platnosci
    service_id: str
    shared_key: str
    fee_gr: int  # added to what the customer pays at the gateway
    max_amount_gr: int
    min_amount_gr: int
    pending_minutes: int  # without an ITN for this long, a transaction expires
    simulator_allowed: bool  # the simulator credits documents with no money: never by accident

    @property
    def simulated(self) -> bool:
        return not self.gateway_url

    @property
    def enabled(self) -> bool:
        return bool(self.gateway_url) or self.simulator_allowed


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    database_url: str
    port: int
    public_url: str
    secret_key: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_from: str
    smtp_starttls: bool
    sms_api_url: str
    sms_token: str
    sms_sender: str
    mail_backend: str  # "package.module:attribute", see bootstrap.py; "" = built in
    sms_backend: str
    password_min_length: int
    session_idle_minutes: int
    session_absolute_hours: int
    staff_session_idle_minutes: int
    staff_session_absolute_hours: int
    bcrypt_rounds: int
    outbox_interval_s: float
    cases_per_hour: int  # tickets, and complaints, one customer may file in an hour
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...]  # whose X-Forwarded-For is believed
    max_connections_per_address: int  # open websockets per client address and worker; 0 = no cap
    company: Company
    payments: Payments

    @property
    def payment_gateway_url(self) -> str:
        """Where the customer's browser posts the payment form (its origin joins CSP form-action)."""
        return self.payments.gateway_url or self.public_url + routes.PAYMENT_SIMULATOR

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    @property
    def sms_dir(self) -> Path:
        return self.var_dir / "sms"

    @property
    def files_dir(self) -> Path:
        """Customer files (photos): outside Reflex's public upload folder."""
        return self.var_dir / "files"

    @property
    def secure_cookies(self) -> bool:
        return self.public_url.startswith("https://")


def _secret_key(var_dir: Path) -> str:
    """IBOK_SECRET_KEY, or a key generated once into var/ and kept there."""
    key = _env("IBOK_SECRET_KEY")
    if key:
        return key
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting at once keep the first one's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def trusted_proxies_from_env() -> tuple[IPv4Network | IPv6Network, ...]:
    """IBOK_TRUSTED_PROXIES: the reverse proxies (addresses or networks, separated by
    commas or spaces) whose X-Forwarded-For header names the real client. Empty: the
    header is ignored, whoever sends it."""
    networks = []
    for item in _env("IBOK_TRUSTED_PROXIES").replace(",", " ").split():
        try:
            networks.append(ip_network(item, strict=False))
        except ValueError as exc:
            raise ConfigError(f"IBOK_TRUSTED_PROXIES: {item!r} is not an IP address or network") from exc
    return tuple(networks)


@dataclass(frozen=True)
class Topology:
    """How the server runs (read by rxconfig.py before Reflex starts its workers)."""

    redis_url: str  # "" = the embedded single process, states in its memory
    workers: int | None  # Granian worker processes; None = Reflex's choice (2 × cores + 1 with Redis)
    state_expiry_s: int  # a tab's state tree is dropped after this long unused

    @property
    def state_manager_mode(self) -> str:
        return "redis" if self.redis_url else "memory"


def topology_from_env() -> Topology:
    """IBOK_REDIS_URL set: Reflex's Redis state manager and several workers (IBOK_WORKERS);
    unset: one process keeping tab states in memory (several processes could not share
    them, so IBOK_WORKERS above 1 needs Redis). A tab's tree outlives the customer's idle
    session limit by a minute: an idle tab's tree goes when its session would anyway."""
    redis_url = _env("IBOK_REDIS_URL")
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"IBOK_REDIS_URL must start with redis://, rediss:// or unix://, got {redis_url!r}")
    workers = _int("IBOK_WORKERS", 0) or None
    if workers is not None and workers < 1:
        raise ConfigError(f"IBOK_WORKERS must be at least 1, got {workers}")
    if workers and workers > 1 and not redis_url:
        raise ConfigError("IBOK_WORKERS above 1 needs IBOK_REDIS_URL: workers share the tabs' state through Redis")
    if not redis_url:
        workers = 1
    idle_minutes = _positive("IBOK_SESSION_IDLE_MINUTES", 30)
    return Topology(redis_url=redis_url, workers=workers, state_expiry_s=idle_minutes * 60 + 60)


def public_url_from_env() -> str:
    """IBOK_PUBLIC_URL, else the local address on IBOK_PORT (rxconfig.py reads it too)."""
    return (_env("IBOK_PUBLIC_URL") or f"http://localhost:{_int('IBOK_PORT', 3000)}").rstrip("/")


def load_company() -> Company:
    """The utility shown in pages, e-mails and documents."""
    return Company(
        name=_env("IBOK_COMPANY_NAME", 'Przedsiębiorstwo Usług Komunalnych "USKOM" Sp. z o.o.'),
        short_name=_env("IBOK_COMPANY_SHORT_NAME", "USKOM"),
        address=_env("IBOK_COMPANY_ADDRESS", "ul. Elektryczna 9, 67-120 Kożuchów"),
        nip=_env("IBOK_COMPANY_NIP", "9250003346"),
        krs=_env("IBOK_COMPANY_KRS", "0000096178"),
        regon=_env("IBOK_COMPANY_REGON", "970397667"),
        phone=_env("IBOK_COMPANY_PHONE", "68 355 22 08"),
        email=_env("IBOK_COMPANY_EMAIL", "sekretariat@uskom.eu"),
        privacy_email=_env("IBOK_COMPANY_PRIVACY_EMAIL", "iod@uskom.eu"),
        website=_env("IBOK_COMPANY_WEBSITE", "https://uskom.eu/"),
        bank_account=_env("IBOK_COMPANY_BANK_ACCOUNT", "12 1020 5402 0000 0102 0000 1234"),
        emergency_phone=_env("IBOK_EMERGENCY_PHONE", "994"),
        logo_file=Path(_env("IBOK_LOGO_FILE") or DATA_DIR / "logo.png").resolve(),
    )


def load_payments(public_url: str) -> Payments:
    gateway = _env("IBOK_PAYMENT_GATEWAY_URL").rstrip("/")
    service_id, key = _env("IBOK_PAYMENT_SERVICE_ID"), _env("IBOK_PAYMENT_SHARED_KEY")
    if gateway and not (gateway.startswith("https://") and service_id and key):
        raise ConfigError("IBOK_PAYMENT_GATEWAY_URL needs https:// and IBOK_PAYMENT_SERVICE_ID "
                          "and IBOK_PAYMENT_SHARED_KEY from the gateway's merchant panel")
    if service_id and not service_id.isdigit():
        raise ConfigError(f"IBOK_PAYMENT_SERVICE_ID must be digits, got {service_id!r}")
    max_gr = _grosze("IBOK_PAYMENT_MAX_AMOUNT", 2_000_000)
    if max_gr < 100:
        raise ConfigError("IBOK_PAYMENT_MAX_AMOUNT must be at least 1,00 zł")
    minutes = _int("IBOK_PAYMENT_PENDING_MINUTES", 30)
    if minutes < 1:
        raise ConfigError("IBOK_PAYMENT_PENDING_MINUTES must be at least 1")
    return Payments(
        gateway_url=gateway,
        service_id=service_id or SIMULATOR_SERVICE_ID,
        shared_key=key or SIMULATOR_SHARED_KEY,
        fee_gr=_grosze("IBOK_PAYMENT_FEE", 0),
        max_amount_gr=max_gr,
        min_amount_gr=100,
        pending_minutes=minutes,
        # On a laptop (http) the simulator stands in; behind https only when asked for.
        simulator_allowed=not gateway and _bool("IBOK_PAYMENT_SIMULATOR", not public_url.startswith("https://")),
    )


def load_settings() -> Settings:
    var_dir = Path(_env("IBOK_VAR_DIR") or PROJECT_ROOT / "var").resolve()
    port = _int("IBOK_PORT", 3000)
    min_len = _int("IBOK_PASSWORD_MIN_LENGTH", 8)
    if min_len < PASSWORD_FLOOR:
        raise ConfigError(
            f"IBOK_PASSWORD_MIN_LENGTH={min_len} is below the terms' floor of {PASSWORD_FLOOR}"
        )
    if min_len > 64:
        raise ConfigError("IBOK_PASSWORD_MIN_LENGTH above 64 would refuse every password")
    rounds = _int("IBOK_BCRYPT_ROUNDS", 12)
    if rounds < 12:
        raise ConfigError("IBOK_BCRYPT_ROUNDS below 12 is not allowed")
    cases_per_hour = _int("IBOK_CASES_PER_HOUR", 10)
    if cases_per_hour < 1:
        raise ConfigError("IBOK_CASES_PER_HOUR must be at least 1")
    return Settings(
        var_dir=var_dir,
        database_url=_env("IBOK_DATABASE_URL") or f"sqlite:///{var_dir / 'ibok.db'}",
        port=port,
        public_url=public_url_from_env(),
        secret_key=_secret_key(var_dir),
        smtp_host=_env("IBOK_SMTP_HOST"),
        smtp_port=_int("IBOK_SMTP_PORT", 587),
        smtp_user=_env("IBOK_SMTP_USER"),
        smtp_password=_env("IBOK_SMTP_PASSWORD"),
        smtp_from=_env("IBOK_SMTP_FROM", "IBOK USKOM <ibok@uskom.eu>"),
        smtp_starttls=_bool("IBOK_SMTP_STARTTLS", True),
        sms_api_url=_env("IBOK_SMS_API_URL").rstrip("/"),
        sms_token=_env("IBOK_SMS_TOKEN"),
        sms_sender=_env("IBOK_SMS_SENDER", "USKOM"),
        mail_backend=_env("IBOK_MAIL_BACKEND"),
        sms_backend=_env("IBOK_SMS_BACKEND"),
        password_min_length=min_len,
        session_idle_minutes=_int("IBOK_SESSION_IDLE_MINUTES", 30),
        session_absolute_hours=_int("IBOK_SESSION_ABSOLUTE_HOURS", 12),
        staff_session_idle_minutes=_positive("IBOK_STAFF_SESSION_IDLE_MINUTES", 15),
        staff_session_absolute_hours=_positive("IBOK_STAFF_SESSION_ABSOLUTE_HOURS", 8),
        bcrypt_rounds=rounds,
        outbox_interval_s=max(0.5, float(_env("IBOK_OUTBOX_INTERVAL_SECONDS") or 5)),
        cases_per_hour=cases_per_hour,
        trusted_proxies=trusted_proxies_from_env(),
        max_connections_per_address=max(0, _int("IBOK_MAX_CONNECTIONS_PER_ADDRESS", 200)),
        company=load_company(),
        payments=load_payments(public_url_from_env()),
    )


@functools.lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()


def reset_settings() -> None:
    settings.cache_clear()
