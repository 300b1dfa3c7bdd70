"""Security headers for every HTTP response (Reflex sets none itself).

`security_headers(app)` is a pure ASGI middleware factory, used as the last entry
of `rx.App(api_transformer=[make_api(), security_headers])` so it wraps the API
routes, Reflex's backend and the compiled frontend alike. Websockets pass through
untouched. A header a route already set is never overwritten.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ibok_app import routes
from ibok_app.config import PROJECT_ROOT, Settings, settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]

# Pages of the customer zone and the staff zone, and the API: never stored by a
# browser or proxy (a shared computer must not show someone's invoices from cache).
# A prefix covers itself and everything under it ("/faktury", "/faktury/12").
NO_STORE_PREFIXES: tuple[str, ...] = (routes.API_PREFIX, *routes.PRIVATE_PAGES, routes.STAFF_PREFIX)

# Where the portal's own forms may post to, besides itself. The payment gateway's
# origin belongs here (or in Settings.payment_gateway_url, picked up below): the
# customer's browser POSTs the payment form straight to the gateway.
FORM_ACTION_ORIGINS: tuple[str, ...] = ()

# Reflex's production HTML carries inline <script>s (theme, router context, module
# bootstrap, streaming markers). They are static files of the build, so they are
# allowed by their SHA-256 (read from the build at the first request), never by
# 'unsafe-inline'. Without a build (development) the fallback keeps pages working.
# Reflex's client also runs events sent by the backend (rx.toast, rx.call_script,
# rx.set_clipboard returned from a handler) through eval(): 'unsafe-eval' stays.
SCRIPT_SRC_FALLBACK = "'self' 'unsafe-inline' 'unsafe-eval'"
BUILD_DIR = PROJECT_ROOT / ".web" / "build" / "client"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def inline_script_hashes(build_dir: Path = BUILD_DIR) -> list[str]:
    """CSP sources for every inline script of the built pages."""
    found = set()
    for page in build_dir.rglob("*.html") if build_dir.is_dir() else ():
        for body in _INLINE_SCRIPT.findall(page.read_text(encoding="utf-8", errors="replace")):
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def script_src(hashes: list[str]) -> str:
    return " ".join(["'self'", "'unsafe-eval'", *hashes]) if hashes else SCRIPT_SRC_FALLBACK


HSTS = "max-age=31536000; includeSubDomains"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def form_action_sources(cfg: Settings) -> list[str]:
    sources = ["'self'", *FORM_ACTION_ORIGINS]
    gateway = _origin(getattr(cfg, "payment_gateway_url", "") or "")
    if gateway and gateway not in sources:
        sources.append(gateway)
    return sources


def connect_sources(cfg: Settings) -> list[str]:
    """'self' plus the public URL's origin, over HTTP and websocket (Reflex's /_event).

    Older Safari does not let 'self' cover ws:/wss:, so the websocket origin is named.
    """
    sources = ["'self'"]
    origin = _origin(cfg.public_url)
    if origin:
        sources += [origin, "ws" + origin[4:]]  # http->ws, https->wss
    return sources


def content_security_policy(cfg: Settings, script_hashes: list[str] | None = None) -> str:
    directives = [
        "default-src 'self'",
        f"script-src {script_src(script_hashes or [])}",
        "style-src 'self' 'unsafe-inline'",  # emotion/Radix inject <style> at run time
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src {' '.join(connect_sources(cfg))}",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        f"form-action {' '.join(form_action_sources(cfg))}",
        "object-src 'none'",
    ]
    if cfg.secure_cookies:  # served over https
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


def header_list(cfg: Settings, script_hashes: list[str] | None = None) -> list[tuple[bytes, bytes]]:
    """The headers added to every HTTP response, lower-case names (ASGI form)."""
    headers = {
        "content-security-policy": content_security_policy(cfg, script_hashes),
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "x-frame-options": "DENY",
        "permissions-policy": "camera=(), microphone=(), geolocation=()",
        "cross-origin-opener-policy": "same-origin",
    }
    if cfg.secure_cookies:  # HSTS over plain http is ignored at best, a trap at worst
        headers["strict-transport-security"] = HSTS
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


def needs_no_store(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in NO_STORE_PREFIXES)


_NO_STORE = [(b"cache-control", b"no-store")]


def security_headers(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so that its HTTP responses carry the security headers."""
    common: list[tuple[bytes, bytes]] = []

    async def middleware(scope: Scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if not common:  # the first request: the frontend build is complete by now
            common[:] = header_list(settings(), inline_script_hashes())
        extra = _NO_STORE if needs_no_store(scope.get("path", "")) else []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in (*common, *extra) if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
