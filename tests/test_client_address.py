"""The real client address behind a proxy, and the cap on websockets per address
(api/client_address.py)."""
from __future__ import annotations

import asyncio
from ipaddress import ip_network

import pytest
from state_support import run

from ibok_app.api.client_address import client_address, real_client
from ibok_app.config import ConfigError, reset_settings, trusted_proxies_from_env

NGINX = [ip_network("10.0.0.5/32")]


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy():
    assert real_client("203.0.113.7", "198.51.100.1", []) == "203.0.113.7"
    assert real_client("203.0.113.7", "198.51.100.1", NGINX) == "203.0.113.7"  # sent by the client itself
    assert real_client("10.0.0.5", "198.51.100.1", NGINX) == "198.51.100.1"


def test_a_client_cannot_hide_behind_an_address_it_puts_in_the_header():
    # the client sent "1.2.3.4"; nginx appended the address it really saw
    assert real_client("10.0.0.5", "1.2.3.4, 198.51.100.1", NGINX) == "198.51.100.1"
    chain = [ip_network("10.0.0.0/24")]
    assert real_client("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.0.0.9", chain) == "198.51.100.1"
    assert real_client("10.0.0.5", "10.0.0.8", chain) == "10.0.0.8"  # all proxies: the leftmost
    assert real_client("10.0.0.5", "nie-adres", NGINX) == "10.0.0.5"
    assert real_client("10.0.0.5", "", NGINX) == "10.0.0.5"


def test_trusted_proxies_setting(monkeypatch):
    monkeypatch.setenv("IBOK_TRUSTED_PROXIES", "127.0.0.1, 10.1.0.0/16 ::1")
    assert [str(n) for n in trusted_proxies_from_env()] == ["127.0.0.1/32", "10.1.0.0/16", "::1/128"]
    monkeypatch.setenv("IBOK_TRUSTED_PROXIES", "nginx.local")
    with pytest.raises(ConfigError, match="IBOK_TRUSTED_PROXIES"):
        trusted_proxies_from_env()


def _scope(kind: str, peer: str, forwarded: str = "") -> dict:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": kind, "path": "/_event/", "client": (peer, 5000), "headers": headers}


def test_middleware_rewrites_the_client_and_caps_open_websockets(monkeypatch, ibok_env):
    monkeypatch.setenv("IBOK_TRUSTED_PROXIES", "10.0.0.5")
    monkeypatch.setenv("IBOK_MAX_CONNECTIONS_PER_ADDRESS", "2")
    reset_settings()
    seen, release = [], asyncio.Event()

    async def app(scope, receive, send):
        seen.append(scope["client"][0])
        if scope["type"] == "websocket":
            await release.wait()  # an open websocket lives as long as the app call

    async def scenario():
        wrapped = client_address(app)
        sent = []

        async def receive():
            return {"type": "websocket.connect"}

        async def send(message):
            sent.append(message)

        await wrapped(_scope("http", "10.0.0.5", "198.51.100.1"), receive, send)
        await wrapped(_scope("http", "203.0.113.9", "198.51.100.1"), receive, send)
        sockets = [asyncio.create_task(wrapped(_scope("websocket", "10.0.0.5", "198.51.100.1"), receive, send))
                   for _ in range(2)]
        await asyncio.sleep(0.05)
        await wrapped(_scope("websocket", "10.0.0.5", "198.51.100.1"), receive, send)  # the third: refused
        other = asyncio.create_task(wrapped(_scope("websocket", "10.0.0.5", "198.51.100.2"), receive, send))
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.gather(*sockets, other)
        await wrapped(_scope("websocket", "10.0.0.5", "198.51.100.1"), receive, send)  # closed ones free the cap
        return sent

    try:
        sent = run(scenario())  # a fresh loop: a browser test may own this thread's
    finally:
        monkeypatch.delenv("IBOK_TRUSTED_PROXIES")
        monkeypatch.delenv("IBOK_MAX_CONNECTIONS_PER_ADDRESS")
        reset_settings()
    assert seen[:2] == ["198.51.100.1", "203.0.113.9"]
    assert seen[2:] == ["198.51.100.1", "198.51.100.1", "198.51.100.2", "198.51.100.1"]
    assert sent == [{"type": "websocket.close", "code": 1008, "reason": "too many connections"}]
