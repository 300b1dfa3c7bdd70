"""The browser's cookies, as Reflex sees them: one leaf state holding all three.

Reflex sets a cookie from an `rx.Cookie` var, and the browser sends every such var
back with each navigation (`update_vars_internal`). To apply them Reflex loads each
state holding one, with every state below it: with Redis, one read per state. So the
cookies live together in one leaf, outside the customer and staff zones: a page load
reads one small state for them, not both zones (docs/benchmarks.md). It also means a
logout, which wipes a zone, leaves the device cookie alone.

None of these copies is read to authenticate: the browser sends them back from any
connection. The session cookies authenticate through the connection's own handshake
(state/session.py, state/staff_session.py).
"""
from __future__ import annotations

import reflex as rx

from ibok_app import routes
from ibok_app.config import settings
from ibok_app.services.accounts import devices

MAX_TOKEN_LENGTH = 200  # ours are 43 characters; anything longer is not a token


def cookie_value(header: object, name: str) -> str:
    """The value of cookie `name` in a Cookie request header ("" when absent)."""
    if not isinstance(header, str):
        return ""
    for part in header.split(";"):
        key, sep, value = part.strip().partition("=")
        if sep and key == name:
            value = value.strip().strip('"')
            return value if len(value) <= MAX_TOKEN_LENGTH else ""
    return ""


class BrowserCookies(rx.State):
    """Sets and clears the browser's cookies: the customer's and the staff member's
    session (set at login, cleared at logout) and the device cookie
    (services/accounts/devices.py)."""

    session_token: str = rx.Cookie("", name=routes.SESSION_COOKIE, path="/", same_site="strict",
                                   secure=settings().secure_cookies)
    staff_token: str = rx.Cookie("", name=routes.STAFF_SESSION_COOKIE, path="/", same_site="strict",
                                 secure=settings().secure_cookies)
    device_cookie: str = rx.Cookie("", name=routes.DEVICE_COOKIE, path="/", same_site="strict",
                                   max_age=devices.MAX_AGE_DAYS * 24 * 3600,
                                   secure=settings().secure_cookies)

    def _presented_device(self) -> str:
        """The device cookie: the connection's own header first; the browser's copy
        sent on hydrate else."""
        return cookie_value(self.router.headers.cookie, routes.DEVICE_COOKIE) or self.device_cookie[:MAX_TOKEN_LENGTH]
