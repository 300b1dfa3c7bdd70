"""How the portal feels, as a customer meets it on a desktop and on a 360 px phone:
the Panel that answers "what do I owe and what's next", the folded menu, the header
on public pages, the Polish 404, focus after navigating and after a refused submit,
"Pokaż hasło", filters kept in the address, lists as cards, the structured terms, the
invoice help on registration and the logo."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import requests
from browser_helpers import account_with, assert_fits, check_layout, extra_account, goto, open_page, sign_in
from playwright.sync_api import expect


def test_the_panel_answers_what_is_owed_and_what_is_next(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    sign_in(page, portal, account)
    open_page(page, portal.url + "/panel")
    saldo = page.get_by_test_id("saldo")
    expect(saldo).to_be_visible()
    assert float(saldo.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 32  # first and largest
    expect(page.get_by_role("heading", name="Ostatnia faktura")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^(Podaj odczyt do \d\d\.\d\d|Następny odczyt: .+)$"))).to_be_visible()
    expect(page.get_by_role("heading", name="Twoje sprawy w toku")).to_be_visible()
    expect(page.get_by_role("link", name="994").first).to_have_attribute("href", "tel:994")
    expect(page.get_by_text("Numer klienta (login):")).to_contain_text(account["login"])
    check_layout(page, "panel")


def test_the_panel_shows_the_announcements_for_the_customers_address_first(portal, demo_accounts, page):
    from sqlmodel import select

    from ibok_app.models import Announcement, AnnouncementKind, PortalAccount, ServicePoint, utcnow
    account = demo_accounts["registered"][0]
    with portal.session() as s:
        customer_id = s.exec(select(PortalAccount.customer_id).where(PortalAccount.login == account["login"])).one()
        street = s.exec(select(ServicePoint.street).where(ServicePoint.customer_id == customer_id)).first()
        notice = Announcement(kind=AnnouncementKind.MAINTENANCE, title="Płukanie sieci na Twojej ulicy",
                              body="Woda może być mętna przez kilka godzin.", areas=street,
                              visible_from=utcnow() - timedelta(days=40))  # the oldest: first only by address
        s.add(notice)
        s.commit()
        notice_id = notice.id
    try:
        sign_in(page, portal, account)
        open_page(page, portal.url + "/panel")
        first = page.locator("article.alert").first
        expect(first).to_contain_text("Płukanie sieci na Twojej ulicy")
        expect(first).to_contain_text("Dotyczy Twojego adresu")
        expect(first).to_contain_text(f"Dotyczy: {street}")
        check_layout(page, "panel: komunikat dla adresu")
    finally:
        with portal.session() as s:
            s.delete(s.get(Announcement, notice_id))
            s.commit()


def test_the_menu_folds_on_a_phone_and_opens_from_the_keyboard(portal, demo_accounts, page):
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, portal, demo_accounts["registered"][0])
    open_page(page, portal.url + "/panel")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Faktury")).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Panel", exact=True)).to_be_focused()
    header_height = page.locator(".site-header").evaluate("e => e.getBoundingClientRect().height")
    page.get_by_role("link", name="Faktury").click()
    page.wait_for_url(re.compile("/faktury"))
    expect(menu).to_have_attribute("aria-expanded", "false")
    folded = page.locator(".site-header").evaluate("e => e.getBoundingClientRect().height")
    assert folded < 110 < header_height, (folded, header_height)  # one row folded, the list when open


def test_after_navigating_focus_is_in_the_content(portal, demo_accounts, page):
    sign_in(page, portal, demo_accounts["registered"][0])
    open_page(page, portal.url + "/panel")
    page.get_by_role("link", name="Faktury", exact=True).click()
    page.wait_for_url(re.compile("/faktury"))
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'tresc'")
    page.wait_for_selector(".loading", state="detached")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")  # Tab starts in the content


def test_a_refused_submit_moves_focus_to_what_to_correct(portal, page):
    page.set_viewport_size({"width": 360, "height": 640})
    goto(page, portal.url + "/rejestracja")
    page.get_by_label("Numer klienta").fill("")
    page.get_by_role("button", name="Zarejestruj").click()
    page.wait_for_function("() => document.activeElement && document.activeElement.getAttribute('aria-invalid') === 'true'")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "customer_number"
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert 0 <= top <= 640  # scrolled into view on the phone


def test_show_password_toggles_in_the_browser(portal, page):
    goto(page, portal.url + "/logowanie")
    field = page.get_by_label("Hasło", exact=True)
    field.fill("Tajne-Haslo-1")
    toggle = page.get_by_role("button", name="Pokaż hasło")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(field).to_have_attribute("type", "text")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(field).to_have_attribute("type", "password")
    assert field.input_value() == "Tajne-Haslo-1"


def test_public_pages_show_the_customers_header_when_logged_in(portal, demo_accounts, page):
    goto(page, portal.url + "/regulamin")
    expect(page.get_by_role("link", name="Logowanie")).to_be_visible()
    sign_in(page, portal, demo_accounts["registered"][0])
    for path in ("/", "/regulamin"):
        open_page(page, portal.url + path)
        expect(page.get_by_role("button", name="Wyloguj")).to_be_visible()
        expect(page.get_by_role("link", name="Panel", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Logowanie")).to_have_count(0)


def test_a_signed_in_browser_never_shows_the_visitors_menu_before_the_server_answers(portal, demo_accounts,
                                                                                       page, browser):
    """Scripts held back (no websocket): the first paint of a public page. A browser that
    signed in keeps the menu hidden until the server says who is there; after logout,
    and in a browser that never signed in, the visitor's menu shows at once."""
    sign_in(page, portal, demo_accounts["registered"][0])
    assert page.evaluate("localStorage.getItem('ibok-zalogowany')") == "1"
    page.route_web_socket(re.compile(r".*/_event.*"), lambda ws: ws.close())
    page.goto(portal.url + "/regulamin")
    login_link = page.locator("header a[href='/logowanie']")
    expect(login_link).to_have_count(1)  # in the document, yet not shown
    expect(login_link).to_be_hidden()
    assert page.evaluate("document.documentElement.classList.contains('ibok-zalogowany')")

    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.route_web_socket(re.compile(r".*/_event.*"), lambda ws: ws.close())
        other.goto(portal.url + "/regulamin")
        expect(other.locator("header").get_by_role("link", name="Logowanie")).to_be_visible()
    finally:
        fresh.close()


def test_a_signed_in_browser_keeps_the_page_in_place_while_scripts_load(portal, demo_accounts, page):
    """The home page of a signed-in customer: no "Zaloguj się", and nothing below the
    header moves when the customer's menu replaces the hidden one (scripts held back)."""
    sign_in(page, portal, demo_accounts["registered"][0])
    open_page(page, portal.url + "/")
    expect(page.get_by_role("link", name="Przejdź do panelu")).to_have_attribute("href", "/panel")
    expect(page.get_by_role("link", name="Zaloguj się")).to_have_count(0)
    expect(page.get_by_role("link", name="Zarejestruj się")).to_have_count(0)
    check_layout(page, "strona główna po zalogowaniu")
    ready = page.locator("main").evaluate("m => m.getBoundingClientRect().top")
    page.route_web_socket(re.compile(r".*/_event.*"), lambda ws: ws.close())
    page.goto(portal.url + "/")
    expect(page.locator(".auth-aware")).to_be_hidden()  # neither card until the server answers
    early = page.locator("main").evaluate("m => m.getBoundingClientRect().top")
    assert early == ready, (early, ready)


@pytest.mark.parametrize("width", [820, 940])
def test_between_phone_and_desktop_the_customer_menu_is_folded_and_nothing_jumps(portal, demo_accounts, page,
                                                                                 width):
    """Nine menu items do not fit one row below about 905 px: the menu stays behind
    "Menu" there, so the header is one row before and after the scripts load."""
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, portal, demo_accounts["registered"][0])
    open_page(page, portal.url + "/panel")
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    assert_fits(page, f"panel {width}px", width)
    ready = page.locator("main").evaluate("m => m.getBoundingClientRect().top")
    page.route_web_socket(re.compile(r".*/_event.*"), lambda ws: ws.close())
    page.goto(portal.url + "/panel")
    early = page.locator("main").evaluate("m => m.getBoundingClientRect().top")
    assert early == ready, (width, early, ready)


def test_logout_forgets_the_signed_in_note(portal, demo_accounts, page):
    sign_in(page, portal, demo_accounts["registered"][0])
    open_page(page, portal.url + "/panel")
    page.get_by_role("button", name="Wyloguj").click()
    expect(page).to_have_url(re.compile(r"/logowanie"))
    page.wait_for_function("localStorage.getItem('ibok-zalogowany') === null")


def test_a_missing_page_says_so_in_polish_with_a_way_back(portal, page):
    goto(page, portal.url + "/nie-ma-takiej-strony")
    expect(page.get_by_role("heading", name="Nie znaleziono strony")).to_be_visible()
    expect(page.get_by_role("link", name="Strona główna")).to_have_attribute("href", "/")
    assert "Page not found" not in page.content()
    check_layout(page, "404")


def test_document_filters_live_in_the_address(portal, demo_accounts, page):
    sign_in(page, portal, demo_accounts["registered"][0])
    open_page(page, portal.url + "/faktury")
    year = page.get_by_label("Rok wystawienia")
    chosen = year.locator("option").nth(1).get_attribute("value")
    year.select_option(chosen)
    page.wait_for_function("y => location.search.includes('rok=' + y)", arg=chosen)
    page.reload()
    page.wait_for_selector("main[data-hydrated='1']")
    page.wait_for_selector(".loading", state="detached")
    expect(page.get_by_label("Rok wystawienia")).to_have_value(chosen)
    assert all(chosen in d for d in page.locator("tbody tr td:nth-child(3)").all_inner_texts())


def test_lists_are_cards_on_a_phone(portal, demo_accounts, page):
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, portal, demo_accounts["registered"][0])
    for path in ("/faktury", "/platnosci", "/zgloszenia", "/odczyty"):
        open_page(page, portal.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    caption = page.locator(".stacked caption").first  # the readings history's, shown
    assert caption.bounding_box()["width"] >= 300, caption.bounding_box()  # above the cards, not a column beside
    open_page(page, portal.url + "/platnosci")
    numbers = page.locator(".doc-number")
    expect(numbers.first).to_be_visible()
    # a settled document's number is never broken across lines ("FV/2026/10/000 / 001")
    assert page.evaluate("[...document.querySelectorAll('.doc-number')].every(e => e.getClientRects().length === 1"
                         " && e.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(e).lineHeight))")
    open_page(page, portal.url + "/faktury")
    first = page.locator("tbody tr").first
    for label in ("Kwota brutto", "Status", "Termin płatności"):
        cell = first.locator(f"td[data-label='{label}']")
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, (label, box)


def test_the_terms_have_sections_a_table_of_contents_and_anchors(portal, page):
    open_page(page, portal.url + "/regulamin")
    toc = page.get_by_role("navigation", name="Spis treści")
    sections = page.locator(".terms-section h2[id^='par-']")
    count = sections.count()  # another test may have published a shorter version
    assert count >= 1
    expect(toc.get_by_role("link")).to_have_count(count)
    last = toc.get_by_role("link").nth(count - 1)
    anchor = last.get_attribute("href").split("#")[1]
    heading = sections.nth(count - 1).inner_text()
    assert last.inner_text() == heading and heading.startswith("§")
    last.click()
    page.wait_for_function("a => location.hash === '#' + a", arg=anchor)
    assert page.locator(f"h2#{anchor}").is_visible()
    check_layout(page, "regulamin")


def test_a_link_to_one_paragraph_of_the_terms_lands_on_it(portal, page):
    open_page(page, portal.url + "/regulamin")
    anchor = page.locator(".terms-section h2[id^='par-']").last.get_attribute("id")
    goto(page, portal.url + "/")
    page.goto(f"{portal.url}/regulamin#{anchor}")  # a new document: the § arrives after the scroll
    page.wait_for_function("a => document.activeElement && document.activeElement.id === a", arg=anchor)
    top = page.locator(f"h2#{anchor}").evaluate("h => h.getBoundingClientRect().top")
    # in the upper half, or as far as the page scrolls (another test may have published
    # a version of one §, too short to bring it higher)
    at_bottom = page.evaluate("window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1")
    assert 0 <= top < page.viewport_size["height"] and (top < page.viewport_size["height"] / 2 or at_bottom), top


def test_registration_shows_where_the_numbers_are_on_an_invoice(portal, page):
    goto(page, portal.url + "/rejestracja")
    page.get_by_text("Gdzie znajdę te dane na fakturze?").click()
    picture = page.get_by_role("img", name=re.compile("numer klienta"))
    expect(picture).to_be_visible()
    assert picture.evaluate("i => i.naturalWidth") > 0
    check_layout(page, "rejestracja z pomocą")


def test_the_logo_is_served_and_shown(portal, page):
    reply = requests.get(portal.url + "/logo.png", timeout=10)
    assert reply.status_code == 200 and reply.headers["content-type"] == "image/png"
    assert reply.content[:8] == b"\x89PNG\r\n\x1a\n"
    goto(page, portal.url + "/")
    logo = page.get_by_role("img", name=re.compile("Logo"))
    expect(logo).to_be_visible()
    assert logo.evaluate("i => i.naturalWidth") > 0


def test_a_password_change_is_confirmed(portal, page):
    account = extra_account(portal, "K900202")
    sign_in(page, portal, account)
    open_page(page, portal.url + "/zmiana-hasla")
    page.get_by_label("Obecne hasło").fill(account["password"])
    page.get_by_label("Nowe hasło", exact=True).fill("Inne-Haslo-Wodne-12")
    page.get_by_label("Potwierdź nowe hasło").fill("Inne-Haslo-Wodne-12")
    page.get_by_role("button", name="Zmień hasło").click()
    expect(page.get_by_text("Hasło zostało zmienione.")).to_be_visible()


def test_a_menu_click_shows_at_once_on_a_slow_connection(portal, demo_accounts, page):
    sign_in(page, portal, demo_accounts["registered"][0])
    open_page(page, portal.url + "/panel")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": 800, "downloadThroughput": 100_000, "uploadThroughput": 50_000})
    link = page.get_by_role("link", name="Faktury", exact=True)
    link.click()
    assert link.get_attribute("data-pending") == ""  # marked before the next page's code arrives
    assert page.evaluate("document.documentElement.classList.contains('ibok-przechodzi')")
    assert "/panel" in page.url
    page.wait_for_url(re.compile("/faktury"))
    page.wait_for_function("!document.documentElement.classList.contains('ibok-przechodzi')"
                           " && !document.querySelector('[data-pending]')")
    expect(link).to_have_attribute("aria-current", "page")


def _hover_chart(page, chart) -> str:
    """Hover the middle of a chart; the tooltip's text."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.4)
    tip = page.locator(".recharts-tooltip-wrapper")
    expect(tip).to_be_visible()
    cursor = page.locator(".recharts-tooltip-cursor")
    alpha = cursor.evaluate("c => { const m = getComputedStyle(c).fill.match(/rgba?\\(([^)]+)\\)/);"
                            " const p = m ? m[1].split(',') : []; return p.length === 4 ? parseFloat(p[3]) : 1; }")
    assert alpha <= 0.2, f"the hover band is a dark block (alpha {alpha})"
    return tip.inner_text()


def test_chart_tooltips_speak_polish_with_a_light_hover_band(portal, demo_accounts, page):
    sign_in(page, portal, account_with(demo_accounts, "garden"))
    open_page(page, portal.url + "/odczyty")
    text = _hover_chart(page, page.get_by_test_id("consumption-chart").locator(".recharts-wrapper"))
    assert re.search(r"Zużycie wody: \d+,\d{2,3} m³", text), text
    assert re.search(r"Podlicznik ogrodowy: \d+,\d{2,3} m³", text), text
    assert "m³:" not in text and "." not in text.split("\n", 1)[1], text  # the unit once; decimal commas
    page.get_by_role("button", name="Wyloguj").click()
    page.wait_for_url(re.compile("/logowanie"))
    sign_in(page, portal, account_with(demo_accounts, "one"))
    open_page(page, portal.url + "/platnosci")
    text = _hover_chart(page, page.locator(".billing-chart .recharts-wrapper"))
    assert re.search(r"Naliczenia: [\d\u00a0 ]+,\d\d\u00a0?zł", text), text
