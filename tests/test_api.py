"""HTTP side: health, terms PDF download and security headers, through an ASGI stack
composed the way Reflex composes it (our Starlette with the inner app mounted at "",
wrapped by the header middleware)."""
from __future__ import annotations

import io
import os
import warnings
from contextlib import contextmanager
from datetime import datetime

import pytest
from pypdf import PdfReader
from starlette.applications import Starlette
from starlette.exceptions import StarletteDeprecationWarning
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

with warnings.catch_warnings():  # Starlette prefers "httpx2"; plain httpx (Reflex's) works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

from ibok_app.api import make_api, security_headers
from ibok_app.config import reset_settings
from ibok_app.db import engine, engine_for
from ibok_app.services.accounts import terms as terms_service

PAGE = "<!DOCTYPE html><html><body><div id='root'></div></body></html>"


def _page(request):
    return HTMLResponse(PAGE)


def _asset(request):
    return Response("console.log(1)", media_type="text/javascript",
                    headers={"Cache-Control": "public, max-age=31536000, immutable"})


def _framed(request):
    # A route that chose its own value: the middleware must leave it alone.
    return HTMLResponse(PAGE, headers={"X-Frame-Options": "SAMEORIGIN"})


def _api_json(request):
    return JSONResponse({"saldo_gr": 12345})


async def _event(websocket):
    await websocket.accept()
    await websocket.send_text("hello")
    await websocket.close()


def _reflex_stand_in() -> Starlette:
    """What Reflex serves under our routes: pages, assets, a websocket."""
    return Starlette(routes=[
        Route("/", _page), Route("/logowanie", _page), Route("/panel", _page),
        Route("/faktury/12", _page), Route("/panelowy", _page), Route("/ramka", _framed),
        Route("/assets/app-1234.js", _asset), Route("/api/inne", _api_json),
        WebSocketRoute("/_event", _event),
    ])


def _client() -> TestClient:
    api = make_api()
    api.mount("", _reflex_stand_in())  # as rx.App(api_transformer=[make_api(), ...]) does
    return TestClient(security_headers(api))


@contextmanager
def _env(**values: str):
    """Change IBOK_* settings for one block and put everything back afterwards."""
    saved = {k: os.environ.get(k) for k in values}
    engine().dispose()
    os.environ.update(values)
    reset_settings()
    engine_for.cache_clear()
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
        engine().dispose()
        reset_settings()
        engine_for.cache_clear()


@pytest.fixture
def client(db):
    terms_service.clear_pdf_cache()
    with _client() as c:
        yield c


@pytest.fixture
def shipped_terms(session):
    terms_service.ensure_shipped_terms(session)
    session.commit()


def _text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


# --- health -------------------------------------------------------------------

def test_health_reports_ok_with_a_working_database(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {"status": "ok", "database": "ok"}
    assert r.headers["cache-control"] == "no-store"


def test_health_is_503_without_leaking_the_database_url(db):
    with _env(IBOK_DATABASE_URL="postgresql+psycopg://nobody:tajne@127.0.0.1:1/x"):
        with _client() as c:
            r = c.get("/api/health")
    assert r.status_code == 503
    assert r.json()["status"] == "error"
    for secret in ("nobody", "tajne", "127.0.0.1", "psycopg", "postgresql"):
        assert secret not in r.text
    # and the real database is back for the tests after this one
    with _client() as c:
        assert c.get("/api/health").status_code == 200


# --- terms PDF ----------------------------------------------------------------

@pytest.mark.parametrize("path", ["/regulamin.pdf", "/api/regulamin.pdf"])
def test_terms_pdf_download(client, shipped_terms, path):
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == 'attachment; filename="regulamin-ibok-v1.pdf"'
    assert r.content.startswith(b"%PDF-")
    text, pages = _text(r.content)
    assert pages >= 3
    for phrase in (
        "Regulamin Internetowego Biura Obsługi Klienta",
        'Przedsiębiorstwa Usług Komunalnych "USKOM" Sp. z o.o. w Kożuchowie',
        "§ 4", "Rejestracja", "„Nie pamiętam hasła”", "okno „wyloguj”",
        "https://ibok.uskom.eu/ – w formie umożliwiającej jego pozyskiwanie, odtwarzanie i wydrukowanie",
        "Zgłoszenia odczytu wodomierza", "Prawem właściwym jest prawo polskie.",
        "Wersja 1", "obowiązuje od 01.01.2024",
        "ul. Elektryczna 9, 67-120 Kożuchów", "NIP 9250003346", "KRS 0000096178",
        "Strona 1 z", f"Strona {pages} z {pages}",
    ):
        assert phrase in text, phrase
    # the title is printed once, not again as the body's first line
    assert text.startswith("Regulamin Internetowego Biura Obsługi Klienta Wersja 1 · obowiązuje od "
                           '01.01.2024 Przedsiębiorstwa Usług Komunalnych "USKOM"')


def test_terms_pdf_is_404_without_terms(client):
    r = client.get("/regulamin.pdf")
    assert r.status_code == 404
    assert "nie został jeszcze opublikowany" in r.text
    assert "content-security-policy" in r.headers


def test_terms_pdf_follows_the_version_in_force(client, shipped_terms, session):
    first = client.get("/regulamin.pdf")
    again = client.get("/regulamin.pdf")
    assert again.content == first.content
    assert client.get("/regulamin.pdf", headers={"If-None-Match": first.headers["etag"]}).status_code == 304

    terms_service.publish(session, "Regulamin IBOK", "§ 1\nNowe zasady\n • Źdźbło, gęśl i żółć.\n",
                          published_at=datetime(2025, 3, 1, 12, 0))
    session.commit()
    r = client.get("/regulamin.pdf")
    assert r.headers["content-disposition"] == 'attachment; filename="regulamin-ibok-v2.pdf"'
    assert r.headers["etag"] != first.headers["etag"]
    text, _ = _text(r.content)
    assert "Źdźbło, gęśl i żółć." in text
    assert "Wersja 2" in text and "obowiązuje od 01.03.2025" in text
    assert "Kożuchowie" not in text  # the old body is not served from the cache


def test_terms_not_yet_in_force_are_not_served(client, shipped_terms, session):
    terms_service.publish(session, "Regulamin IBOK", "§ 1\nPrzyszłe zasady\n",
                          published_at=datetime(2099, 1, 1))
    session.commit()
    r = client.get("/regulamin.pdf")
    assert r.headers["content-disposition"].endswith('"regulamin-ibok-v1.pdf"')


# --- security headers ---------------------------------------------------------

COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
}


def _csp(headers) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else ""
            for d in (p.strip() for p in headers["content-security-policy"].split(";"))}


@pytest.mark.parametrize("path", ["/", "/api/health", "/regulamin.pdf", "/assets/app-1234.js", "/nie-ma"])
def test_security_headers_on_every_kind_of_response(client, shipped_terms, path):
    from ibok_app.api.security_headers import inline_script_hashes, script_src

    r = client.get(path)
    for name, value in COMMON.items():
        assert r.headers[name] == value, name
    csp = _csp(r.headers)
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'self'"
    assert csp["form-action"].split()[0] == "'self'"
    # the built pages' inline scripts by hash (the fallback only where nothing is built)
    assert csp["script-src"] == script_src(inline_script_hashes()) and "*" not in csp["script-src"]
    assert csp["img-src"] == "'self' data: blob:"
    assert csp["connect-src"] == "'self' http://localhost:3999 ws://localhost:3999"
    assert "strict-transport-security" not in r.headers  # public URL is http here
    assert "upgrade-insecure-requests" not in csp


def test_hsts_and_wss_only_for_an_https_public_url(db):
    with _env(IBOK_PUBLIC_URL="https://ibok.uskom.eu"):
        with _client() as c:
            r = c.get("/")
    assert r.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    csp = _csp(r.headers)
    assert csp["connect-src"] == "'self' https://ibok.uskom.eu wss://ibok.uskom.eu"
    assert "upgrade-insecure-requests" in csp


def _customer_zone_pages() -> list[str]:
    """Every page whose on_load is a customer-zone state, from the app's own registry."""
    import ibok_app.ibok_app as ibok
    from ibok_app.state.login import LoginState
    from ibok_app.state.session import SessionState

    ibok.app._apply_decorated_pages()
    found = []
    for route, page in ibok.app._unevaluated_pages.items():
        loads = page.on_load if isinstance(page.on_load, list) else [page.on_load]
        states = {getattr(h, "state_full_name", "") for h in loads if h is not None}
        private = any(name.startswith(SessionState.get_full_name() + ".") for name in states)
        public = any(name == LoginState.get_full_name() or name.endswith("confirm_email_state") for name in states)
        if private and not public:
            found.append("/" + route.replace("[faktura]", "12"))
    assert len(found) >= 10
    return found


@pytest.mark.parametrize("path", [*_customer_zone_pages(), "/panel/", "/api/inne", "/api/health", "/admin/x"])
def test_customer_zone_and_api_are_not_stored(client, path):
    assert client.get(path).headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/logowanie", "/panelowy"])
def test_public_pages_get_no_cache_control(client, path):
    assert "cache-control" not in client.get(path).headers


def test_route_headers_are_not_overwritten(client, shipped_terms):
    asset = client.get("/assets/app-1234.js")
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    framed = client.get("/ramka")
    assert framed.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
    pdf = client.get("/api/regulamin.pdf")  # public document: revalidated, not "no-store"
    assert pdf.headers.get_list("cache-control") == ["no-cache"]


def test_websocket_passes_through_untouched(client):
    with client.websocket_connect("/_event") as ws:
        assert ws.receive_text() == "hello"
        assert not any(name.lower() == b"content-security-policy" for name, _ in ws.extra_headers or [])


def test_inline_script_hashes_of_a_build(tmp_path):
    import base64
    import hashlib

    from ibok_app.api.security_headers import inline_script_hashes, script_src

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<script>one()</script><script src="/x.js"></script>'
                                               '<SCRIPT type="module">two()</SCRIPT>', encoding="utf-8")
    (tmp_path / "b.html").write_text("<script>one()</script>", encoding="utf-8")
    expected = sorted(f"'sha256-{base64.b64encode(hashlib.sha256(b).digest()).decode()}'"
                      for b in (b"one()", b"two()"))
    assert inline_script_hashes(tmp_path) == expected
    assert "'unsafe-inline'" not in script_src(expected) and "'unsafe-eval'" in script_src(expected)
    assert inline_script_hashes(tmp_path / "missing") == [] and "'unsafe-inline'" in script_src([])
