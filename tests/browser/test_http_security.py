"""The served portal over plain HTTP: security headers, no-store on customer pages,
the websocket refusing foreign origins, health and the public terms PDF."""
from __future__ import annotations

import base64
import os
import socket
from urllib.parse import urlsplit

import requests


def test_pages_carry_security_headers(portal):
    for path in ("/logowanie/", "/panel/", "/regulamin.pdf", "/api/health"):
        r = requests.get(portal.url + path, timeout=10)
        assert r.status_code == 200, path
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"]
    assert "no-store" in requests.get(portal.url + "/panel/", timeout=10).headers["Cache-Control"]
    assert requests.get(portal.url + "/api/health", timeout=10).json()["status"] == "ok"


def _websocket_status(portal_url: str, origin: str) -> int:
    """Status code of a raw websocket handshake on Reflex's event endpoint."""
    host, port = urlsplit(portal_url).hostname, urlsplit(portal_url).port
    request = (f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}:{port}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
               f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n")
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request.encode())
        status_line = sock.recv(4096).split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


def test_websocket_handshake_refuses_a_foreign_origin(portal):
    assert _websocket_status(portal.url, portal.url) == 101
    assert _websocket_status(portal.url, "https://evil.example") != 101


def test_the_event_endpoint_refuses_long_polling(portal):
    """Every tab's state tree comes over a websocket, which client_address caps per
    address; an Engine.IO polling session would open one past the cap."""
    opened = requests.get(portal.url + "/_event/?EIO=4&transport=polling", timeout=10)
    assert opened.status_code == 400
    assert "sid" not in opened.text
    assert _websocket_status(portal.url, portal.url) == 101  # the same endpoint, the allowed way


def test_customer_downloads_need_a_session(portal):
    for path in ("/api/dokumenty/1.pdf", "/api/umowy/1.pdf", "/api/odczyty.csv", "/api/moje-dane.json"):
        r = requests.get(portal.url + path, cookies={"ibok_session": "made-up"}, timeout=10)
        assert r.status_code == 404, path


def test_inline_scripts_are_allowed_by_hash_only(portal, demo_accounts, page):
    """Issue 6: script-src names the built pages' inline scripts by SHA-256, never
    'unsafe-inline', and no page trips over it."""
    policy = requests.get(portal.url + "/logowanie/", timeout=10).headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    from browser_helpers import open_page, sign_in

    sign_in(page, portal, demo_accounts["registered"][0])
    for path in ("/panel", "/odczyty", "/faktury", "/moje-dane", "/regulamin"):
        open_page(page, portal.url + path)
    assert violations == []
