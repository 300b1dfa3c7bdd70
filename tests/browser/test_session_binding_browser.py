"""Issue 6: the session cookie of an event's own connection is the credential, never
the tab's Reflex token; no customer data stays in a tab's server state after logout.

The attacker here is a Socket.IO client speaking Reflex's protocol (reflex_client.py)
that knows a customer's tab token — it travels in the websocket URL and can end up in
logs — but not the customer's session cookie."""
from __future__ import annotations

import re

import requests
from browser_helpers import (
    account_with,
    open_page,
    portal_account,
    session_cookies,
    sign_in,
    tiny_jpeg,
)
from playwright.sync_api import expect
from reflex_client import HYDRATE, ReflexTab, handler_name, run
from sqlmodel import select

from ibok_app import routes
from ibok_app.models import Customer, Document
from ibok_app.state.my_data import MyDataState
from ibok_app.state.panel import PanelState
from ibok_app.state.readings import ReadingsState
from ibok_app.state.tickets import TicketsState


def _secrets(portal, login: str) -> list[str]:
    """Values of this customer that no stranger may see: name, e-mail, phone, street,
    the newest document's number."""
    account = portal_account(portal, login)
    with portal.session() as s:
        customer = s.get(Customer, account.customer_id)
        newest = s.exec(select(Document.number).where(Document.customer_id == customer.id)
                        .order_by(Document.issue_date.desc())).first()
    values = [customer.name, account.email, customer.street, newest]
    if account.phone:
        values.append(account.phone[-9:])
    return [v for v in values if v]


def _tab_token(page) -> str:
    token = page.evaluate("window.sessionStorage.getItem('token')")
    assert token and re.fullmatch(r"[0-9a-f-]{36}", token)
    return token


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [v for v in secrets if v in text or v.replace("+48", "") in text]


def test_a_tab_token_without_the_cookie_gets_no_data_and_cannot_upload(portal, demo_accounts, page, browser):
    account = account_with(demo_accounts, "several")
    secrets = _secrets(portal, account["login"])
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}{routes.MY_DATA}")
    expect(page.get_by_label("Adres e-mail")).to_have_value(portal_account(portal, account["login"]).email)
    token = _tab_token(page)
    upload = f"{portal.url}/_upload"
    photo = {"files": ("licznik.jpg", tiny_jpeg(), "image/jpeg")}
    readings_upload = handler_name(ReadingsState, "upload_photo")

    # the customer's own upload, with the cookie of the request, goes through
    open_page(page, f"{portal.url}{routes.READINGS}")
    own = requests.post(upload, headers={"Reflex-Client-Token": token, "Reflex-Event-Handler": readings_upload},
                        files=photo, cookies=session_cookies(page), timeout=20)
    assert own.status_code == 200, own.text

    # someone else's cookie, or none, with this tab's token: refused before any handler runs
    stranger = browser.new_context()
    try:
        other_page = stranger.new_page()
        sign_in(other_page, portal, account_with(demo_accounts, "one"))
        foreign = session_cookies(other_page)
    finally:
        stranger.close()
    for cookies in ({}, foreign, {"ibok_session": "zmyslony"}):
        refused = requests.post(upload, headers={"Reflex-Client-Token": token,
                                                 "Reflex-Event-Handler": readings_upload},
                                files=photo, cookies=cookies, timeout=20)
        assert refused.status_code == 404 and "Traceback" not in refused.text
    # a handler that takes no upload answers a plain 404, not a 500 with a traceback
    not_upload = requests.post(upload, headers={"Reflex-Client-Token": token,
                                                "Reflex-Event-Handler": handler_name(MyDataState, "load")},
                               files=photo, cookies=session_cookies(page), timeout=20)
    assert not_upload.status_code == 404 and "Traceback" not in not_upload.text

    async def attack() -> str:
        async with ReflexTab(portal.url, token) as tab:  # the token, no cookie
            await tab.send(handler_name(MyDataState, "load"), path=routes.MY_DATA)
            await tab.send(handler_name(PanelState, "load"), path=routes.PANEL)
            await tab.send(handler_name(TicketsState, "load"), path=routes.TICKETS)
            await tab.send(HYDRATE, {}, path=routes.MY_DATA)
            return tab.text()

    seen = run(attack())
    assert "logowanie" in seen  # sent to the login page...
    assert _leaks(seen, secrets) == []  # ...with nothing of the customer
    assert "licznik.jpg" not in seen  # the photo the customer attached stays hidden too


def test_after_logout_the_tab_state_holds_no_customer_data(portal, demo_accounts, page):
    account = account_with(demo_accounts, "garden")
    secrets = _secrets(portal, account["login"])
    sign_in(page, portal, account)
    for _label, path in routes.CUSTOMER_NAV:
        open_page(page, f"{portal.url}{path}")
    token = _tab_token(page)
    page.get_by_role("button", name="Wyloguj").first.click()
    page.wait_for_url(re.compile(r"/logowanie"))

    async def hydrate_as_the_same_tab() -> str:
        async with ReflexTab(portal.url, token) as tab:
            await tab.send(HYDRATE, {}, path=routes.PANEL, settle=2)
            return tab.text()

    seen = run(hydrate_as_the_same_tab())
    assert "is_hydrated" in seen  # a real hydrate answer...
    assert _leaks(seen, secrets) == []  # ...without the customer's data

    # the same tab reloaded in Chromium: nothing of the customer crosses the websocket
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    page.reload()
    page.wait_for_selector("main[data-hydrated='1']")
    page.wait_for_timeout(1000)
    assert frames and _leaks("".join(frames), secrets) == []
