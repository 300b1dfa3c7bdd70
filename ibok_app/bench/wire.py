"""Reflex's websocket protocol as a browser tab speaks it, lean enough to run a
thousand tabs in one process: Engine.IO v4 / Socket.IO v5 framing over one aiohttp
websocket at /_event, written by hand because a full python-socketio client per tab
costs the load generator more CPU than the server it measures.

What a tab does (see .web/utils/state.js):
* connect with `?token=<tab token>`; the hydrate event rides in the CONNECT packet's
  auth (`{"event": …}`), so the server hydrates as soon as the namespace opens;
* a client-side navigation sends `update_vars_internal` (the cookies the page knows)
  and `on_load_internal`; the page is loaded when the root state's `is_hydrated`
  turns true again;
* the server answers with "event" messages holding `{"delta": …, "events": …}`.
"""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp

ROOT = "reflex___state____state"
HYDRATE = f"{ROOT}.hydrate_and_load"
UPDATE_VARS = f"{ROOT}.reflex___state____update_vars_internal_state.update_vars_internal"
ON_LOAD = f"{ROOT}.reflex___state____on_load_internal_state.on_load_internal"
HYDRATED_VAR = "is_hydrated_rx_state_"
NAMESPACE = "/_event"


def event(name: str, payload: dict | None = None, *, path: str = "/") -> dict:
    return {"name": name, "payload": payload or {},
            "router_data": {"pathname": path, "query": {}, "asPath": path}}


def find_var(delta: dict, suffix: str) -> object | None:
    """The value of the first var whose name ends with `suffix` in a delta, else None."""
    for values in delta.values():
        if isinstance(values, dict):
            for key, value in values.items():
                if key.endswith(suffix):
                    return value
    return None


@dataclass
class Tab:
    """One browser tab: one websocket, its token, the cookies the page would send."""

    base_url: str  # http://host:port
    token: str
    cookies: dict[str, str] = field(default_factory=dict)  # name -> value, for the handshake
    cookie_vars: dict[str, str] = field(default_factory=dict)  # state var -> value, as the page sends them
    on_update: Callable[[dict], None] | None = None
    ws: aiohttp.ClientWebSocketResponse | None = None
    _hydrated: asyncio.Event = field(default_factory=asyncio.Event)
    _reader: asyncio.Task | None = None
    closed_reason: str = ""

    async def open(self, http: aiohttp.ClientSession, boot: dict, *, timeout: float = 30) -> float:
        """Connect and hydrate with `boot` (a hydrate_and_load event); returns seconds
        from the websocket handshake to the hydrated page."""
        url = self.base_url.replace("http", "ws", 1) + f"/_event/?EIO=4&transport=websocket&token={self.token}"
        headers = {"Origin": self.base_url}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        self.ws = await http.ws_connect(url, headers=headers, timeout=aiohttp.ClientWSTimeout(ws_close=5),
                                        autoping=False, max_msg_size=0)
        opening = await self.ws.receive(timeout=timeout)
        if opening.type != aiohttp.WSMsgType.TEXT or not opening.data.startswith("0"):
            raise ConnectionError(f"no Engine.IO handshake: {opening.type}")
        self._hydrated.clear()
        await self.ws.send_str(f"40{NAMESPACE}," + json.dumps({"event": boot}))
        self._reader = asyncio.create_task(self._read())
        await asyncio.wait_for(self._hydrated.wait(), timeout)
        return time.perf_counter() - started

    async def navigate(self, path: str, *, timeout: float = 30) -> float:
        """A client-side navigation to `path`; returns seconds until it is hydrated."""
        started = time.perf_counter()
        self._hydrated.clear()
        events = []
        if self.cookie_vars:
            events.append(event(UPDATE_VARS, {"vars": dict(self.cookie_vars)}, path=path))
        events.append(event(ON_LOAD, path=path))
        for ev in events:
            await self.emit(ev)
        await asyncio.wait_for(self._hydrated.wait(), timeout)
        return time.perf_counter() - started

    async def call(self, name: str, payload: dict, *, path: str, until: Callable[[dict], bool],
                   timeout: float = 30) -> float:
        """Send one handler event; returns seconds until an update satisfies `until`."""
        started = time.perf_counter()
        seen = asyncio.Event()
        previous = self.on_update

        def watch(update: dict) -> None:
            if previous:
                previous(update)
            if until(update):
                seen.set()

        self.on_update = watch
        try:
            await self.emit(event(name, payload, path=path))
            await asyncio.wait_for(seen.wait(), timeout)
        finally:
            self.on_update = previous
        return time.perf_counter() - started

    async def emit(self, data: dict) -> None:
        assert self.ws is not None
        await self.ws.send_str(f"42{NAMESPACE}," + json.dumps(["event", data]))

    async def _read(self) -> None:
        assert self.ws is not None
        async for msg in self.ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            data = msg.data
            if data == "2":  # Engine.IO ping: answer or the server drops us
                await self.ws.send_str("3")
            elif data.startswith(f"42{NAMESPACE},"):
                name, *args = json.loads(data[len(NAMESPACE) + 3:])
                if name == "event" and args:
                    update = json.loads(args[0]) if isinstance(args[0], str) else args[0]
                    self._on_update(update)
            elif data.startswith(f"44{NAMESPACE}"):  # connect refused
                self.closed_reason = data
                break
        self.closed_reason = self.closed_reason or "closed"

    def _on_update(self, update: dict) -> None:
        delta = update.get("delta") or {}
        if find_var(delta, HYDRATED_VAR) is True:
            self._hydrated.set()
        if self.on_update:
            self.on_update(update)

    async def close(self) -> None:
        if self.ws is not None and not self.ws.closed:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
