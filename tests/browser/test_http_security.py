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


def test_customer_downloads_need_a_session(portal):
    for path in ("/api/dokumenty/1.pdf", "/api/umowy/1.pdf", "/api/odczyty.csv", "/api/moje-dane.json"):
        r = requests.get(portal.url + path, cookies={"ibok_session": "made-up"}, timeout=10)
        assert r.status_code == 404, path
