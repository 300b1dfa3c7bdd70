"""Calling Reflex state handlers as the websocket does, without a browser: a state
tree per tab, the connection's router data (its handshake Cookie header and
Socket.IO session id), and the events a handler yields."""
from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import itertools

import reflex as rx

from ibok_app.routes import SESSION_COOKIE, STAFF_SESSION_COOKIE

_sids = itertools.count(1)


def run(coro):
    """pytest-playwright may own the main thread's loop: run handlers on a fresh one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _drain(result):
    """The events a handler produced, flat: it may yield them, or return one or a list."""
    if inspect.isasyncgen(result):
        produced = [event async for event in result]
    elif inspect.isawaitable(result):
        produced = [await result]
    else:
        produced = [result]
    return [e for item in produced for e in (item if isinstance(item, list) else [item])]


def call(state, handler, *args):
    """Call an event handler like Reflex does (the ConnectionGuard first) and return
    the events it produced."""
    from ibok_app.state.connection_guard import ConnectionGuard

    async def guarded():
        await ConnectionGuard().preprocess(None, state, None)
        return await _drain(handler.fn(state, *args))

    return [e for e in run(guarded()) if e is not None]


def new_state(cls, *, cookie: str | None = None, staff_cookie: str | None = None):
    """A fresh tab's state tree; `cookie` / `staff_cookie`: the session cookies its
    connection presents."""
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    connect(state, cookie=cookie, staff_cookie=staff_cookie)
    return state


def connect(state, *, cookie: str | None = None, sid: str | None = None, staff_cookie: str | None = None) -> str:
    """A new websocket connection of the tab: new session id, handshake headers with
    the customer's and/or the staff session cookie when given. Returns the session id."""
    root = state._get_root_state()
    sid = sid or f"sid-{next(_sids)}"
    headers = {"host": "localhost", "origin": "http://localhost:3999"}
    cookies = ["other=1"]
    if cookie is not None:
        cookies.append(f"{SESSION_COOKIE}={cookie}")
    if staff_cookie is not None:
        cookies.append(f"{STAFF_SESSION_COOKIE}={staff_cookie}")
    if len(cookies) > 1:
        headers["cookie"] = "; ".join(cookies)
    data = {"sid": sid, "headers": headers, "ip": "127.0.0.1", "token": "client-token",
            "pathname": "/panel", "query": {}}
    merged = root._update_router_vars(data, root.router_data)
    root.router_data = merged
    return sid


def redirect_target(events) -> str | None:
    for event in events:
        for name, value in getattr(event, "args", ()):
            if name._js_expr == "path":
                return value._var_value
    return None


def _leaf(state, cls):
    return state._get_root_state().get_substate(cls.get_full_name().split(".")[1:])


def browser_cookie(state) -> str:
    """The customer session cookie the server gave this tab's browser."""
    from ibok_app.state.cookies import BrowserCookies
    return _leaf(state, BrowserCookies).session_token


def set_browser_cookie(state, token: str) -> None:
    from ibok_app.state.cookies import BrowserCookies
    _leaf(state, BrowserCookies).session_token = token


def staff_browser_cookie(state) -> str:
    """The staff session cookie the server gave this tab's browser."""
    from ibok_app.state.cookies import BrowserCookies
    return _leaf(state, BrowserCookies).staff_token


def login_token(account: dict) -> str:
    """Log in through LoginState as the login page does; the session token it set."""
    from ibok_app.state.login import LoginState

    state = new_state(LoginState)
    call(state, LoginState.submit, {"login": account["login"], "password": account["password"]})
    assert browser_cookie(state), state.message
    return browser_cookie(state)


def logged_in(cls, account):
    """A tab of `cls` whose connection presents a fresh session cookie of `account`."""
    token = login_token(account)
    state = new_state(cls, cookie=token)
    set_browser_cookie(state, token)  # what the browser's cookie var holds too
    return state


def navigate(state, url: str) -> None:
    """The tab moves to `url` (path and query), as the browser's navigation event does
    before on_load: the handlers read `self.router.url.query_parameters`."""
    from urllib.parse import parse_qsl, urlsplit
    root = state._get_root_state()
    parts = urlsplit(url)
    data = {**root.router_data, "pathname": parts.path, "asPath": url, "query": dict(parse_qsl(parts.query))}
    root.router_data = root._update_router_vars(data, root.router_data)
