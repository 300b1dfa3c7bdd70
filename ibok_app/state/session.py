"""The customer's session as seen by Reflex, and what authenticates an event.

The credential is the `ibok_session` cookie (an opaque token whose hash the server
keeps). The Reflex client token only names the tab's state tree: whoever presents it
gets that tree, so nothing in the tree may stand in for the cookie. An event is
authenticated by the token that ITS OWN websocket connection presented:

* the Cookie header of the connection's handshake, or
* the token this very connection established by logging in (the cookie is set from
  JavaScript after the handshake, so the handshake of that connection cannot carry it);

never by a value remembered from an earlier connection. `_auth_sid` ties the
remembered token to the connection (Socket.IO session id) that presented it. When an
event arrives on a connection that does not present the tree's token — another
client that only knows the tab's token, or a browser now holding another customer's
cookie — `ConnectionGuard` (registered in ibok_app.py, run before every event,
hydrate included) wipes every customer-zone substate first. See docs/architecture.md.
"""
from __future__ import annotations

import copy
import hmac
from collections.abc import Callable
from typing import Any

import reflex as rx

from ibok_app import routes, strings
from ibok_app.services.accounts import sessions
from ibok_app.services.accounts.portal_access import CustomerContext, customer_context
from ibok_app.state.base import FAILED, PAGE_LANE, ServiceCalls, ServiceFailed, T, _Failed, run_service
from ibok_app.state.cookies import BrowserCookies, cookie_value


def customer_zone_states() -> list[type[rx.State]]:
    """SessionState's descendants: every state that may hold customer data."""
    found, todo = [], list(SessionState.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found



# The browser's note of whether it was signed in, for the public header's first paint
# (components/layout.py SIGNED_IN_HINT): no secret, only which menu to wait for.
SIGNED_IN_KEY = "ibok-zalogowany"


def remember_signed_in(signed_in: bool) -> str:
    """The script that keeps the browser's note in step with the server's answer."""
    action = f"localStorage.setItem('{SIGNED_IN_KEY}', '1')" if signed_in else f"localStorage.removeItem('{SIGNED_IN_KEY}')"
    return f"try {{ {action}; }} catch (e) {{}}"


def _context_then(session, token: str, fn: Callable[..., T], args: tuple, kwargs: dict):
    """(context, fn's result); fn runs only for a customer who may use the portal."""
    ctx = customer_context(session, token)
    if ctx is None or not ctx.ready:
        return ctx, None
    return ctx, fn(session, ctx.customer_id, *args, **kwargs)


class SessionState(ServiceCalls, rx.State):
    """Base of every customer-zone state. Public vars hold only what the header shows."""

    customer_name: str = ""
    customer_login: str = ""
    logged_in: bool = False
    peeked: bool = False  # a public page has asked the server whether someone is logged in

    _auth_token: str = ""  # the token this tree was last authenticated with
    _auth_sid: str = ""  # the connection that presented it

    # ---- what the current connection presents --------------------------------------
    def _connection_id(self) -> str:
        return self.router.session.session_id or ""

    def _presented_token(self) -> str:
        sid = self._connection_id()
        if self._auth_token and sid and hmac.compare_digest(self._auth_sid, sid):
            return self._auth_token
        return cookie_value(self.router.headers.cookie, routes.SESSION_COOKIE)

    async def _session_root(self) -> SessionState:
        return self if type(self) is SessionState else await self.get_state(SessionState)

    async def _guard_connection(self) -> None:
        """Before any event: a tree authenticated by a token this connection does not
        present loses every customer's data (ConnectionGuard calls this)."""
        base = await self._session_root()
        if base._auth_token and not hmac.compare_digest(base._presented_token(), base._auth_token):
            await base._wipe()

    async def _wipe(self) -> None:
        """Forget the customer: reset every customer-zone substate of this tab.

        The browser's cookie is left alone here: this event may come from a client
        that is not the browser holding it (logout clears it on purpose).
        """
        base = await self._session_root()
        for cls in customer_zone_states():
            await base.get_state(cls)  # loaded, so that reset() reaches it (Redis loads lazily)
        base.customer_name, base.customer_login, base.logged_in = "", "", False
        base._auth_token, base._auth_sid = "", ""
        for substate in base.substates.values():
            substate.reset()

    async def _bind(self, token: str) -> None:
        """This connection presented (or just established) `token`: trust it from here on."""
        base = await self._session_root()
        base._auth_token, base._auth_sid = token, self._connection_id()

    async def _give_cookie(self, token: str) -> None:
        """The browser's copy of the credential (state/cookies.py)."""
        (await self.get_state(BrowserCookies)).session_token = token

    async def _current_token(self) -> str:
        """The token the current event was authenticated with (after _require_customer)."""
        return (await self._session_root())._auth_token

    # ---- resolving the customer -----------------------------------------------------
    async def _context(self) -> CustomerContext | None:
        """The customer of the current connection's credential, or None."""
        await self._guard_connection()
        token = (await self._session_root())._presented_token()
        if not token:
            return None
        try:
            ctx = await run_service(customer_context, token, lane=PAGE_LANE)  # a quick read, like a page's
        except ServiceFailed:
            return None
        if ctx is not None:
            await self._bind(token)
        return ctx

    def _remember(self, ctx: CustomerContext | None) -> None:
        self.logged_in = ctx is not None
        self.customer_name = ctx.customer_name if ctx else ""
        self.customer_login = ctx.login if ctx else ""

    async def _require_customer(self, *, allow_unready: bool = False):
        """(context, None) when the caller may proceed, else (None, redirect event).

        No session (none presented, expired, ended elsewhere) wipes the tab's
        customer data before redirecting to the login page. `allow_unready` is for
        the two pages that resolve the unready states: the forced password change and
        the acceptance of new terms.
        """
        return await self._admit(await self._context(), allow_unready=allow_unready)

    async def _admit(self, ctx: CustomerContext | None, *, allow_unready: bool = False):
        """_require_customer's answer for a resolved context."""
        if ctx is None:
            await self._wipe()
            await self._give_cookie("")
            url = self.router.url  # the query too: e.g. the gateway's return link survives a login
            target = (url.path + ("?" + url.query if url.query else "")) if url.path else routes.PANEL
            return None, rx.redirect(routes.login_url(next_path=target))
        self._remember(ctx)
        self._forget_other_pages(await self._session_root())
        if not allow_unready:
            if ctx.must_change_password:
                return None, rx.redirect(routes.CHANGE_PASSWORD)
            if ctx.needs_terms:
                return None, rx.redirect(routes.ACCEPT_TERMS)
        return ctx, None

    def _forget_other_pages(self, base: SessionState) -> None:
        """The tab keeps one page's data, not every page it visited: another page's
        lists go back to empty (it loads them again when shown). A state tree per tab
        lives in the server's memory, so this bounds what an idle session costs."""
        todo = list(base.substates.values())
        while todo:
            state = todo.pop()
            todo.extend(state.substates.values())
            if state is self or not getattr(state, "loaded", False):
                continue
            defaults = type(state).get_fields()
            for name in state.base_vars:
                if isinstance(getattr(state, name), (list, dict)) and name in defaults:
                    setattr(state, name, copy.deepcopy(defaults[name].default_value()))
            state.loaded = False

    async def _require_customer_with(self, fn: Callable[..., T], *args: Any, error: str = "message",
                                     **kwargs: Any) -> tuple[CustomerContext | None, T | _Failed | None, Any]:
        """_require_customer and `fn(session, customer_id, *args, **kwargs)` in ONE
        transaction and one trip to a worker thread: a page's load. Returns
        (context, result, None), or (None, None, redirect) like _require_customer.
        When `fn` fails, result is FAILED and strings.GENERIC_ERROR goes into `error`."""
        await self._guard_connection()
        token = (await self._session_root())._presented_token()
        if not token:
            _, redirect = await self._admit(None)
            return None, None, redirect
        try:
            ctx, result = await run_service(_context_then, token, fn, args, kwargs, lane=PAGE_LANE)
        except ServiceFailed:  # fn failed and took the transaction with it: check the session alone
            ctx, redirect = await self._require_customer()
            if redirect:
                return None, None, redirect
            setattr(self, error, strings.GENERIC_ERROR)
            return ctx, FAILED, None
        if ctx is not None:
            await self._bind(token)
        ctx, redirect = await self._admit(ctx)
        return (None, None, redirect) if redirect else (ctx, result, None)

    async def _sign_in(self, token: str) -> None:
        """A login on this connection: give the browser its cookie and bind the token."""
        await self._wipe()  # nothing of an earlier customer of this tab survives
        await self._give_cookie(token)
        self.logged_in = True
        await self._bind(token)

    @rx.event
    async def peek(self):
        """Public pages: whether someone is logged in, for the header only. Never
        redirects; a tab without a live session keeps no customer data."""
        ctx = await self._context()
        if ctx is None:
            await self._wipe()
        self._remember(ctx)
        self.peeked = True
        return rx.call_script(remember_signed_in(ctx is not None))

    @rx.event
    async def logout(self):
        token = (await self._session_root())._presented_token()
        await self._wipe()
        await self._give_cookie("")
        if token:
            try:
                await run_service(sessions.end_session, token)
            except ServiceFailed:
                pass
        return [rx.call_script(remember_signed_in(False)), rx.redirect(routes.login_url(logged_out=True))]
