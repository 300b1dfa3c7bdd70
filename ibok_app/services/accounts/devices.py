"""Browsers known to an account ("device cookies", OWASP's answer to lockout attacks).

After a successful login the browser gets a long-lived cookie signed with the
server's secret and bound to the login. A later login from that browser is throttled
per device instead of per account, so someone guessing the password elsewhere can
slow down unknown browsers only, never lock the owner out of the one they use.
Nothing is stored: the signature is the proof. A stolen device cookie gains nothing
but its own throttle bucket (it is not a credential).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from ibok_app.config import settings

VERSION = "d1"
MAX_AGE_DAYS = 365
_MAX_LENGTH = 120


def _mac(login: str, nonce: str) -> str:
    key = hashlib.sha256(f"ibok-device:{settings().secret_key}".encode()).digest()
    return hmac.new(key, f"{VERSION}.{login}.{nonce}".encode(), hashlib.sha256).hexdigest()[:32]


def issue(login: str) -> str:
    """A new device cookie value for `login`."""
    nonce = secrets.token_urlsafe(12)
    return f"{VERSION}.{nonce}.{_mac(login, nonce)}"


def device_id(cookie: object, login: str) -> str | None:
    """The device's id when `cookie` is a valid device cookie of `login`, else None."""
    if not isinstance(cookie, str) or len(cookie) > _MAX_LENGTH or not login:
        return None
    parts = cookie.split(".")
    if len(parts) != 3 or parts[0] != VERSION:
        return None
    nonce, mac = parts[1], parts[2]
    return nonce if hmac.compare_digest(_mac(login, nonce), mac) else None
