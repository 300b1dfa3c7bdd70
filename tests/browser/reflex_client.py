"""A client speaking Reflex's websocket protocol as a browser tab does (Socket.IO v5
at /_event), for tests that act as an attacker would: any token, any cookie, any
event name and payload."""
from __future__ import annotations

import asyncio
import json

import socketio

from ibok_app.routes import SESSION_COOKIE

HYDRATE = "reflex___state____state.hydrate_and_load"


def handler_name(state_cls, handler: str) -> str:
    return f"{state_cls.get_full_name()}.{handler}"


class ReflexTab:
    """`async with ReflexTab(url, token, cookie=...) as tab:` then `await tab.send(...)`;
    everything the server sent is in `tab.received` (decoded) and `tab.text()` (JSON)."""

    def __init__(self, url: str, token: str, *, cookie: str | None = None) -> None:
        self.url, self.token, self.cookie = url, token, cookie
        self.received: list[dict] = []
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("event", self._on_event, namespace="/_event")

    async def _on_event(self, data) -> None:
        self.received.append(json.loads(data) if isinstance(data, str) else data)

    async def __aenter__(self) -> ReflexTab:
        headers = {"Origin": self.url}
        if self.cookie is not None:
            headers["Cookie"] = f"{SESSION_COOKIE}={self.cookie}"
        await self.sio.connect(f"{self.url}?token={self.token}", socketio_path="_event",
                               namespaces=["/_event"], transports=["websocket"], headers=headers,
                               wait_timeout=10)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.sio.disconnect()

    async def send(self, name: str, payload: object = None, *, path: str = "/panel",
                   settle: float = 1.5) -> None:
        """Emit one event and give the server `settle` seconds to answer."""
        await self.sio.emit("event", {"name": name, "payload": {} if payload is None else payload,
                                      "router_data": {"pathname": path, "query": {}, "asPath": path}},
                            namespace="/_event")
        await asyncio.sleep(settle)

    async def send_raw(self, data: object, settle: float = 0.5) -> None:
        await self.sio.emit("event", data, namespace="/_event")
        await asyncio.sleep(settle)

    def text(self) -> str:
        return json.dumps(self.received, ensure_ascii=False)


def run(coro):
    """Playwright's sync API owns this thread's loop: run the client on its own."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
