"""Every page of the public zone and the customer panel: zero axe-core WCAG 2.1 AA
violations at desktop and phone widths, and no horizontal scrolling on a phone."""
from __future__ import annotations

import pytest
from browser_helpers import WIDTHS, assert_fits, open_page, sign_in

PUBLIC = ["/", "/regulamin", "/rejestracja", "/logowanie", "/nie-pamietam-hasla", "/aktywacja?token=zly"]


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages(portal, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in PUBLIC:
        open_page(page, portal.url + path)
        assert_fits(page, path, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_customer_pages(portal, demo_accounts, page, width):
    account = demo_accounts["registered"][0]
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, portal, account)
    for path in ["/panel", "/zmiana-hasla"]:
        open_page(page, portal.url + path)
        assert_fits(page, path, width)
