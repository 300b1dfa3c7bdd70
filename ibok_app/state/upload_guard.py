"""POST /_upload authenticated like every event: by the cookie of its own request.

Reflex's upload endpoint builds the handler's event from the request body and the
`Reflex-Client-Token` header alone, and runs it against that tab's state tree with
the router data of the tab's last websocket event. Whoever knows a tab's token could
put a file into that customer's open form. This ASGI middleware lets an upload
through only when

* it names one of the portal's upload handlers (anything else: 404, one log line,
  instead of Reflex's traceback and bare 500), and
* the request's own `ibok_session` cookie is the token the tab's state tree is
  authenticated with (SessionState._auth_token).

The handler then checks the session itself, as every handler does.
"""
from __future__ import annotations

import hmac
import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse

from ibok_app.api.refusals import log_refused
from ibok_app.api.security_headers import ASGIApp
from ibok_app.routes import SESSION_COOKIE
from ibok_app.state.cookies import MAX_TOKEN_LENGTH
from ibok_app.state.session import SessionState

log = logging.getLogger("ibok.upload")
UPLOAD_PATH = "/_upload"


def upload_handlers() -> frozenset[str]:
    """Full names of the event handlers a browser may upload to."""
    from ibok_app.state.complaints import ComplaintsState
    from ibok_app.state.readings import ReadingsState
    from ibok_app.state.tickets import TicketsState

    return frozenset(f"{state.get_full_name()}.upload_photo"
                     for state in (ReadingsState, TicketsState, ComplaintsState))


async def tab_is_authenticated_by(client_token: str, session_token: str) -> bool:
    """Is the state tree of `client_token` authenticated with `session_token`?"""
    from reflex.istate.manager.token import BaseStateToken
    from reflex_base.registry import RegistrationContext

    manager = RegistrationContext.get().app.state_manager
    state = await manager.get_state(BaseStateToken(ident=client_token, cls=SessionState))
    base = await state._get_root_state().get_state(SessionState)
    return bool(base._auth_token) and hmac.compare_digest(base._auth_token, session_token)


def _not_found() -> PlainTextResponse:
    return PlainTextResponse("Nie znaleziono.", status_code=404, headers={"Cache-Control": "no-store"})


def upload_guard(app: ASGIApp) -> ASGIApp:
    async def guarded(scope, receive, send):
        if scope.get("type") != "http" or scope.get("path", "").rstrip("/") != UPLOAD_PATH:
            return await app(scope, receive, send)
        request = Request(scope)
        handler = request.headers.get("reflex-event-handler", "")
        client_token = request.headers.get("reflex-client-token", "")
        cookie = request.cookies.get(SESSION_COOKIE, "")
        if request.method == "POST" and handler in upload_handlers() and cookie \
                and 0 < len(client_token) <= MAX_TOKEN_LENGTH and len(cookie) <= MAX_TOKEN_LENGTH:
            try:
                if await tab_is_authenticated_by(client_token, cookie):
                    return await app(scope, receive, send)
            except Exception:  # noqa: BLE001 - a state that cannot be read is a refusal
                log.exception("upload guard: reading the tab's state failed")
        log_refused("upload", handler[:120], scope.get("client"))
        return await _not_found()(scope, receive, send)

    return guarded
