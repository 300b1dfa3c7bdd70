"""Every page of the public zone and the customer panel: zero axe-core WCAG 2.1 AA
violations at desktop and phone widths, and no horizontal scrolling on a phone."""
from __future__ import annotations

import re

import pytest

from browser_helpers import assert_accessible, goto, login

PUBLIC = ["/", "/regulamin", "/rejestracja", "/logowanie", "/nie-pamietam-hasla", "/aktywacja?token=zly"]
WIDTHS = [1280, 360]


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages(portal, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC:
        goto(page, portal.url + path)
        page.wait_for_selector(".loading", state="detached")
        assert_accessible(page, f"{path} @ {width}px")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{path} scrolls sideways at {width}px ({scroll}px)"


@pytest.mark.parametrize("width", WIDTHS)
def test_customer_pages(portal, demo_accounts, page, width):
    account = demo_accounts["registered"][0]
    page.set_viewport_size({"width": width, "height": 800})
    login(page, portal, account["login"], account["password"])
    page.wait_for_url(re.compile(r"/(panel|akceptacja-regulaminu)/?$"))
    for path in ["/panel", "/zmiana-hasla"]:
        goto(page, portal.url + path)
        page.wait_for_selector(".loading", state="detached")
        if "akceptacja" in page.url:
            page.get_by_role("button", name="Akceptuję regulamin").click()
            page.wait_for_url(re.compile(r"/panel/?$"))
            goto(page, portal.url + path)
            page.wait_for_selector(".loading", state="detached")
        assert_accessible(page, f"{path} @ {width}px")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{path} scrolls sideways at {width}px ({scroll}px)"
