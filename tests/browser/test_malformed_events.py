"""Issue 6 (5): garbage over the websocket or at /_upload is refused quietly: one
short log line per refused event at most, no tracebacks, and no error page that
names versions or paths."""
from __future__ import annotations

import requests
from reflex_client import ReflexTab, handler_name, run

from ibok_app.state.my_data import MyDataState

GARBAGE_EVENTS = [
    {"name": "no_such_state.no_such_handler", "payload": {}},
    {"name": handler_name(MyDataState, "no_such_handler"), "payload": {}},
    {"name": handler_name(MyDataState, "_context"), "payload": {}},
    {"name": handler_name(MyDataState, "load"), "payload": ["a", "list"]},
    {"name": handler_name(MyDataState, "save_contact"), "payload": {"form": [1, 2, 3], "extra": {"x": 1}}},
    {"name": 12, "payload": {}},
    {"payload": {}},
    ["not", "a", "dict"],
    "just a string",
    {"name": "x" * 5000, "payload": {"y": "z" * 50_000}},
]


def _log_tail(portal, start: int) -> str:
    return portal.log_path.read_text(errors="replace")[start:]


def test_garbage_events_do_not_fill_the_log(portal):
    start = len(portal.log_path.read_text(errors="replace"))

    async def send_garbage():
        async with ReflexTab(portal.url, "6f1c1f6e-0000-4000-8000-00000000beef") as tab:
            for _ in range(3):
                for event in GARBAGE_EVENTS:
                    await tab.send_raw(event, settle=0.05)
            await tab.send_raw({"name": "reflex___state____state.hydrate_and_load", "payload": {}}, settle=1)
            return tab.received

    received = run(send_garbage())
    assert received, "the connection still answers a real event after the garbage"
    tail = _log_tail(portal, start)
    assert "Traceback" not in tail, tail[-3000:]
    assert len(tail.splitlines()) <= 3 * len(GARBAGE_EVENTS), tail[-3000:]


def test_error_pages_name_no_versions_or_paths(portal):
    for method, path in [("GET", "/nie-ma-takiej-strony"), ("GET", "/_upload"), ("POST", "/_upload"),
                         ("GET", "/api/nie-ma"), ("DELETE", "/api/health"), ("GET", "/_event")]:
        r = requests.request(method, portal.url + path, timeout=10)
        assert r.status_code >= 400, (method, path)
        body = r.text.lower()
        for leak in ("traceback", "reflex 0.", "starlette", "granian", "/work/", "site-packages", "python"):
            assert leak not in body, (method, path, leak)
        assert not any(ch.isdigit() for ch in r.headers.get("server", "")), r.headers["server"]  # no version
