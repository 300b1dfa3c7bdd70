"""How much a customer's tab keeps on the server, page by page.

Reflex keeps one state tree per tab: in the worker's memory, or pickled in Redis with
several workers. This opens a fresh tree in this process, gives it a benchmark
customer's session cookie the way the websocket handshake does, and runs each customer
page's on_load handlers (the portal's own, against the real database), then weighs:

* every substate as Reflex pickles it for Redis (`BaseState._serialize`): the tree on
  each page, the page's own state there, and what that state still holds once the
  customer has moved on to the next page (`SessionState._forget_other_pages` puts its
  lists back to empty);
* Python memory per idle session (tracemalloc): `--sessions` trees that visited every
  page and stopped on the Panel, the way a customer leaves a tab open.

    python -m ibok_app.bench state --database-url postgresql+psycopg://…/ibok_bench
"""
from __future__ import annotations

import argparse
import asyncio
import contextvars
import gc
import inspect
import os
import sys
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

# The customer pages, in the order a customer might open them; the tour ends on the
# Panel, where the login sends a customer and where an idle tab usually stays.
PAGES = ("/panel", "/odczyty", "/faktury", "/platnosci", "/platnosci/zaplac", "/umowy",
         "/zgloszenia", "/reklamacje", "/moje-dane", "/panel")


@dataclass(frozen=True)
class PageWeight:
    path: str
    tree_bytes: int  # the whole tab's tree, pickled, while on the page
    page_state: str  # the page's own state (the one its on_load runs on)
    page_bytes: int  # that state, pickled, while on the page
    left_bytes: int  # that state, pickled, after the next page of the tour


def _weigh(root) -> dict[str, int]:
    """Every state of the tree by full name: its pickled size as Redis would store it."""
    sizes, todo = {}, [root]
    while todo:
        state = todo.pop()
        todo.extend(state.substates.values())
        sizes[state.get_full_name()] = len(state._serialize())
    return sizes


class _Tab:
    """A tab's state tree in this process, on one connection presenting `cookie`."""

    def __init__(self, app, cookie: str, sid: str) -> None:
        import reflex as rx

        from ibok_app.routes import SESSION_COOKIE

        self.app = app
        self.root = rx.State(_reflex_internal_init=True)
        self.headers = {"host": "localhost", "origin": "http://localhost",
                        "cookie": f"{SESSION_COOKIE}={cookie}"}
        self.sid = sid

    async def open(self, path: str) -> str:
        """Run the page's on_load handlers; returns the name of the state they ran on."""
        from ibok_app.state.connection_guard import ConnectionGuard

        data = {"sid": self.sid, "headers": self.headers, "ip": "127.0.0.1", "token": self.sid,
                "pathname": path, "query": {}}
        self.root.router_data = self.root._update_router_vars(data, self.root.router_data)
        name = ""
        for handler in _on_load(self.app, path):
            name = handler.state_full_name
            state = self.root.get_substate(name.split(".")[1:])
            await ConnectionGuard().preprocess(self.app, state, None)
            produced = handler.fn(state)
            if inspect.isasyncgen(produced):
                [_ async for _ in produced]
            elif inspect.isawaitable(produced):
                await produced
        return name


def _on_load(app, path: str) -> list:
    """The on_load handlers the page at `path` names in its @rx.page (Reflex turns them
    into the app's load events when it compiles, which this process does not do)."""
    for _render, kwargs in app._registration_context.decorated_pages:
        if kwargs.get("route") == path:
            handlers = kwargs.get("on_load") or []
            handlers = handlers if isinstance(handlers, (list, tuple)) else [handlers]
            return [getattr(h, "handler", h) for h in handlers]  # an EventSpec wraps its handler
    raise LookupError(f"no page at {path}")


def _run(coro):
    """On a fresh loop in a thread, with this thread's context (Reflex registers its
    states in a ContextVar)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(contextvars.copy_context().run, asyncio.run, coro).result()


def tour(app, cookie: str, sid: str = "bench-1") -> list[PageWeight]:
    """One tab through PAGES: the weights of each page."""
    tab = _Tab(app, cookie, sid)

    async def walk():
        seen = []
        for path in PAGES:
            state_name = await tab.open(path)
            seen.append((path, state_name, _weigh(tab.root)))
        return seen

    seen = _run(walk())
    weights = []
    for i, (path, state_name, sizes) in enumerate(seen[:-1]):
        after = seen[i + 1][2]
        weights.append(PageWeight(path, sum(sizes.values()), state_name, sizes[state_name], after[state_name]))
    return weights


def idle_session_memory(app, cookies: list[str]) -> float:
    """Bytes of Python memory per tab that toured every page and stayed on the Panel."""
    tabs = [_Tab(app, cookie, f"bench-{i}") for i, cookie in enumerate(cookies)]

    async def walk(tab):
        for path in PAGES:
            await tab.open(path)

    _run(walk(tabs[0]))  # the first tour fills the caches every tab shares: not a tab's cost
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for tab in tabs[1:]:
        _run(walk(tab))
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / max(1, len(tabs) - 1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ibok_app.bench state", description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default="", help="default: IBOK_DATABASE_URL")
    p.add_argument("--sessions", type=int, default=50, help="idle sessions for the memory figure")
    args = p.parse_args(argv)
    if args.database_url:
        os.environ["IBOK_DATABASE_URL"] = args.database_url

    from sqlmodel import select

    from ibok_app.db import session_scope
    from ibok_app.demo.bench_accounts import bench_logins
    from ibok_app.ibok_app import app
    from ibok_app.models import PortalAccount
    from ibok_app.services.accounts import sessions

    with session_scope() as s:
        logins = bench_logins(s, max(1, args.sessions))
        accounts = s.exec(select(PortalAccount.id).where(PortalAccount.login.in_(logins))).all()
        cookies = [sessions.create_session(s, account_id=a) for a in accounts]
    if not cookies:
        print("no benchmark accounts: run `python -m ibok_app.cli seed-demo --accounts N` first", file=sys.stderr)
        return 2
    try:
        weights = tour(app, cookies[0])
        per_session = idle_session_memory(app, cookies) if len(cookies) > 1 else None
    finally:
        with session_scope() as s:
            for cookie in cookies:
                sessions.end_session(s, cookie)
    print("A tab's state as Reflex pickles it (bytes): the whole tree on the page, the page's")
    print("own state there, and what that state keeps once the customer opens the next page")
    print(f"{'page':<20}{'tree':>8}{'page state':>12}{'after leaving':>15}  state")
    for w in weights:
        print(f"{w.path:<20}{w.tree_bytes:8d}{w.page_bytes:12d}{w.left_bytes:15d}  {w.page_state.rsplit('____', 1)[-1]}")
    if per_session is not None:
        print(f"Python memory per idle session (tracemalloc, {len(cookies) - 1} sessions that visited "
              f"every page and stayed on the Panel): {per_session / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
