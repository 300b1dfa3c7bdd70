"""The account lifecycle of §4 as a customer does it, in Chromium."""
from __future__ import annotations

import re

from browser_helpers import (
    SESSION_COOKIE,
    check_layout,
    count_rows,
    email_link,
    extra_account,
    goto,
    login,
    session_cookies,
    submit_registration,
    text_body,
)
from playwright.sync_api import expect
from sqlmodel import func, select

from ibok_app.models import PortalAccount, UserSession
from ibok_app.services.accounts import terms

NEW_PASSWORD = "Zielona-Łąka-2026"


def test_register_activate_login_logout(portal, demo_accounts, page):
    target = demo_accounts["unregistered"][0]
    submit_registration(page, portal, target, phone="600 123 456", email="nowy.klient@example.com",
                        password=NEW_PASSWORD)
    expect(page.get_by_role("status")).to_contain_text("nowy.klient@example.com")

    mail = portal.mail.wait_for("nowy.klient@example.com", "")
    link = email_link(text_body(mail), "/aktywacja")
    goto(page, link)
    expect(page.get_by_role("status")).to_contain_text("aktywowane")

    login(page, portal, target["customer_number"], NEW_PASSWORD)
    page.wait_for_url(re.compile(r"/panel/?$"))
    expect(page.get_by_text(target["customer_number"]).first).to_be_visible()
    expect(page.get_by_role("heading", name="Saldo")).to_be_visible()
    token = session_cookies(page)[SESSION_COOKIE]

    # the session survives a reload and works in a second tab of the same browser
    page.reload()
    page.wait_for_url(re.compile(r"/panel/?$"))
    second = page.context.new_page()
    goto(second, f"{portal.url}/panel")
    expect(second.get_by_role("heading", name="Saldo")).to_be_visible()
    second.close()

    page.get_by_role("button", name="Wyloguj").click()
    page.wait_for_url(re.compile(r"/logowanie"))
    with portal.session() as s:
        assert s.exec(select(func.count()).select_from(UserSession)
                      .join(PortalAccount, PortalAccount.id == UserSession.account_id)
                      .where(PortalAccount.login == target["customer_number"])).one() == 0

    # the old token is refused: put it back and the panel sends us to the login page
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": portal.url}])
    goto(page, f"{portal.url}/panel")
    page.wait_for_url(re.compile(r"/logowanie"))


def test_wrong_registration_data_is_refused_and_nothing_saved(portal, demo_accounts, page):
    target = demo_accounts["unregistered"][1]
    before = count_rows(portal, PortalAccount)
    submit_registration(page, portal, target, phone="600123456", email="ktos@example.com",
                        password=NEW_PASSWORD, gross_amount="1,00")
    alert = page.locator(".alert--error[role='alert']")
    expect(alert).to_contain_text("nie zgadzają się")
    check_layout(page, "rejestracja z błędem")
    # the form keeps what was typed
    expect(page.get_by_label("Numer faktury")).to_have_value(target["invoice_number"])
    assert count_rows(portal, PortalAccount) == before

    # field errors are shown next to the fields
    goto(page, f"{portal.url}/rejestracja")
    page.get_by_role("button", name="Zarejestruj").click()
    expect(page.locator("#email-error")).not_to_be_empty()
    expect(page.locator("#accepted_terms-error")).not_to_be_empty()
    expect(page.get_by_label("Adres e-mail")).to_have_attribute("aria-invalid", "true")


def test_forgotten_password_temporary_then_forced_change(portal, demo_accounts, page):
    account = extra_account(portal, "K900101")  # its password changes here
    email_addr = account["email"]
    goto(page, f"{portal.url}/logowanie")
    page.get_by_role("link", name="Nie pamiętam hasła").click()
    page.wait_for_url(re.compile("/nie-pamietam-hasla"))
    page.wait_for_selector("main[data-hydrated='1']")
    page.get_by_label("Login lub adres e-mail").fill(account["login"])
    page.get_by_role("button", name="Wyślij hasło tymczasowe").click()
    expect(page.get_by_role("status").first).to_contain_text("Jeśli konto istnieje")

    body = text_body(portal.mail.wait_for(email_addr, ""))
    temporary = re.search(r"(?m)^\s*Hasło tymczasowe:\s*(\S+)\s*$", body)
    assert temporary, body

    login(page, portal, account["login"], temporary.group(1))
    page.wait_for_url(re.compile("/zmiana-hasla"))
    expect(page.get_by_text("hasłem tymczasowym")).to_be_visible()
    # nothing else is reachable until the password is changed
    goto(page, f"{portal.url}/panel")
    page.wait_for_url(re.compile("/zmiana-hasla"))
    page.wait_for_selector("main[data-hydrated='1']")
    check_layout(page, "zmiana hasła (wymuszona)")
    page.get_by_label("Nowe hasło", exact=True).fill("Nowe-Hasło-Wodne-77")
    page.get_by_label("Potwierdź nowe hasło").fill("Nowe-Hasło-Wodne-77")
    page.get_by_role("button", name="Zmień hasło").click()
    page.wait_for_url(re.compile(r"/panel/?\?haslo=zmienione$"))
    expect(page.get_by_text("Hasło zostało zmienione.")).to_be_visible()  # the change is confirmed

    page.get_by_role("button", name="Wyloguj").click()
    page.wait_for_url(re.compile("/logowanie"))
    login(page, portal, account["login"], "Nowe-Hasło-Wodne-77")
    page.wait_for_url(re.compile(r"/panel/?$"))


def test_new_terms_version_must_be_accepted(portal, demo_accounts, page):
    account = demo_accounts["registered"][2]
    with portal.session() as s:
        terms.publish(s, "Regulamin IBOK (zmiana testowa)", "§ 1\nNowa treść regulaminu po zmianie.")
        s.commit()
    login(page, portal, account["login"], account["password"])
    page.wait_for_url(re.compile("/akceptacja-regulaminu"))
    page.wait_for_selector("main[data-hydrated='1']")
    expect(page.get_by_text("Nowa treść regulaminu po zmianie.")).to_be_visible()
    check_layout(page, "akceptacja regulaminu")
    goto(page, f"{portal.url}/panel")  # refused until accepted
    page.wait_for_url(re.compile("/akceptacja-regulaminu"))
    page.wait_for_selector("main[data-hydrated='1']")
    page.get_by_role("button", name="Akceptuję regulamin").click()
    page.wait_for_url(re.compile(r"/panel/?$"))
    goto(page, f"{portal.url}/regulamin")
    # its one line after "§ 1" is the section's title: a heading, listed in the contents
    expect(page.get_by_role("heading", name="§ 1 Nowa treść regulaminu po zmianie.")).to_be_visible()


def test_someone_guessing_cannot_lock_the_owner_out_of_their_browser(portal, browser):
    """Issue 6: a browser that logged in before keeps logging in while a stranger's
    wrong guesses have the account throttled for unknown browsers."""
    account = extra_account(portal, "K900102")
    owner = browser.new_context()
    stranger = browser.new_context()
    try:
        own = owner.new_page()
        login(own, portal, account["login"], account["password"])
        own.wait_for_url(re.compile(r"/panel/?$"))
        assert any(c["name"] == "ibok_device" and c["sameSite"] == "Strict" for c in owner.cookies())
        own.get_by_role("button", name="Wyloguj").click()
        own.wait_for_url(re.compile("/logowanie"))

        guesser = stranger.new_page()
        alert = guesser.locator("form .alert--error")
        for attempt in range(12):  # until the account is throttled for unknown browsers
            login(guesser, portal, account["login"], f"Zgadywane-Haslo-{attempt}")
            expect(alert).not_to_be_empty()
            if "Zbyt wiele nieudanych prób" in alert.inner_text():
                break
        expect(alert).to_contain_text("Zbyt wiele nieudanych prób")

        login(own, portal, account["login"], account["password"])  # at once, while throttled
        own.wait_for_url(re.compile(r"/panel/?$"))
    finally:
        owner.close()
        stranger.close()
