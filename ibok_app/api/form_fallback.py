"""A form submitted natively, before the app connected, lands here harmlessly.

Every form is `method="post"` (components/forms.py: portal_form), so such a
submission carries its fields in the body, never in the URL, the history or an
access log. The frontend is static files that refuse POST, so this middleware
answers a POST to a page (anything not under /api or Reflex's /_ endpoints) with
303 See Other to the same page: the browser loads it again, the app connects, and
the body (the password too) is never read.
"""
from __future__ import annotations

from ibok_app import routes
from ibok_app.api.security_headers import ASGIApp

# The API, Reflex's own endpoints, and the payment simulator's forms (it stands in
# for the gateway, whose pages take POSTs).
PASS_THROUGH_PREFIXES = (routes.API_PREFIX, "/_", routes.PAYMENT_SIMULATOR)


def is_page_post(scope) -> bool:
    path = scope.get("path", "")
    return scope.get("type") == "http" and scope.get("method") == "POST" \
        and not path.startswith(PASS_THROUGH_PREFIXES)


def form_fallback(app: ASGIApp) -> ASGIApp:
    async def answered(scope, receive, send):
        if not is_page_post(scope):
            return await app(scope, receive, send)
        query = scope.get("query_string", b"")
        location = scope.get("path", "/") + ("?" + query.decode("latin-1") if query else "")
        if not location.startswith("/") or location.startswith("//"):
            location = "/"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0"),
                                (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": b""})

    return answered
