"""Issue 6 (3): no form of the portal ever submits natively with its fields in the
URL — not before the app has connected (Enter right after the page is painted, as
autofill does, on a slow network), not on any page, found by walking the app's own
page registry rather than a list."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import requests
from browser_helpers import account_with, goto, sign_in

from ibok_app import routes

FAST_3G = {"offline": False, "latency": 560, "downloadThroughput": 180_000, "uploadThroughput": 84_000}


def page_paths() -> list[str]:
    """Every page the app registers (Reflex keeps them on the app object)."""
    from ibok_app.ibok_app import app

    app._apply_decorated_pages()
    paths = []
    for route in app._unevaluated_pages:
        path = "/" + ("" if route == "index" else route)
        paths.append(re.sub(r"\[[^]]+\]", "1", path))
    assert routes.LOGIN in paths and routes.READINGS in paths and len(paths) >= 15
    return sorted(paths)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.submit_disabled: list[bool] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(attrs)
        if tag == "button" and attrs.get("type") == "submit":
            self.submit_disabled.append("disabled" in attrs)


def test_every_served_form_posts_and_waits_for_the_app(portal):
    """The HTML as served, before any script runs."""
    seen = 0
    for path in page_paths():
        html = requests.get(f"{portal.url}{path}/", timeout=20).text
        parser = _Forms()
        parser.feed(html)
        for form in parser.forms:
            assert form.get("method", "").lower() == "post", (path, form)
        assert all(parser.submit_disabled), (path, "a submit button is enabled before the app connects")
        seen += len(parser.forms)
    assert seen >= 3  # login, registration, forgotten password at least are in the served HTML


def test_every_rendered_form_posts(portal, demo_accounts, page):
    """Logged in, every page with its data loaded: every form there is method POST."""
    sign_in(page, portal, account_with(demo_accounts, "several"))
    forms = 0
    for path in page_paths():
        if path in (routes.LOGIN, routes.ACTIVATE, routes.CONFIRM_EMAIL):
            continue  # they send a logged-in customer elsewhere or need a token
        goto(page, f"{portal.url}{path}")
        page.wait_for_timeout(300)
        methods = page.locator("form").evaluate_all("fs => fs.map(f => f.getAttribute('method'))")
        assert all(m == "post" for m in methods), (path, methods)
        forms += len(methods)
    assert forms >= 6


def test_enter_before_the_app_connects_puts_nothing_in_the_url(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{portal.url}{routes.LOGIN}", wait_until="commit")
    login = page.locator("input[name='login']")
    login.wait_for(state="attached", timeout=60_000)
    assert page.evaluate("document.querySelector('main')?.dataset.hydrated") != "1"  # not connected yet
    login.fill(account["login"])
    page.locator("input[name='password']").fill(account["password"])
    page.locator("input[name='password']").press("Enter")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                   "downloadThroughput": -1, "uploadThroughput": -1})
    page.wait_for_selector("main[data-hydrated='1']", timeout=60_000)
    page.wait_for_timeout(500)
    assert account["password"] not in page.url and "password=" not in page.url and "login=" not in page.url
    assert not [u for u in requested if "password" in u or account["password"] in u]
    # the form works as soon as the app is there
    page.locator("input[name='login']").fill(account["login"])
    page.locator("input[name='password']").fill(account["password"])
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_url(re.compile(r"/(panel|akceptacja-regulaminu)/?$"))


def test_a_native_post_to_a_page_answers_with_the_same_page(portal):
    r = requests.post(f"{portal.url}{routes.LOGIN}/?next=/faktury", data={"login": "1", "password": "tajne-haslo"},
                      allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"] == f"{routes.LOGIN}/?next=/faktury"
    assert "tajne" not in r.headers["location"]
    followed = requests.post(f"{portal.url}{routes.REGISTER}/", data={"x": "y"}, timeout=10)
    assert followed.status_code == 200 and followed.url.rstrip("/").endswith(routes.REGISTER)
