"""The served portal over plain HTTP: security headers, no-store on customer pages,
the websocket refusing foreign origins, health and the public terms PDF."""
from __future__ import annotations

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


def test_websocket_handshake_refuses_a_foreign_origin(portal):
    url = portal.url + "/_event/?EIO=4&transport=polling"
    own = requests.get(url, headers={"Origin": portal.url}, timeout=10)
    foreign = requests.get(url, headers={"Origin": "https://evil.example"}, timeout=10)
    assert own.status_code == 200
    assert foreign.status_code == 400


def test_customer_downloads_need_a_session(portal):
    for path in ("/api/dokumenty/1.pdf", "/api/umowy/1.pdf", "/api/odczyty.csv", "/api/moje-dane.json"):
        r = requests.get(portal.url + path, cookies={"ibok_session": "made-up"}, timeout=10)
        assert r.status_code == 404, path
