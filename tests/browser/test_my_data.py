"""„Moje dane” (§6, §7, §8) and the e-mail confirmation link, as a customer uses them.

Works on an account of its own (the last unregistered demo customer, registered and
activated here through the UI), because it changes the e-mail and closes the account.
Tests run in file order: the resignation comes last.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
import requests
from browser_helpers import (
    check_layout,
    email_link,
    goto,
    open_page,
    portal_account,
    sign_in,
    submit_registration,
    text_body,
)
from playwright.sync_api import expect

from ibok_app.models import AccountStatus

PASSWORD = "Modra-Rzeka-2026"
FIRST_EMAIL = "moje.dane@example.com"
NEW_EMAIL = "moje.dane.nowy@example.com"
DROPPED_EMAIL = "moje.dane.rozmyslilem@example.com"


def _open_my_data(page, portal) -> None:
    open_page(page, f"{portal.url}/moje-dane")
    expect(page.get_by_role("heading", name="Dane kontaktowe")).to_be_visible()


@pytest.fixture(scope="module")
def customer(portal, demo_accounts, browser):
    """A fresh, active account registered and activated through the UI."""
    target = demo_accounts["unregistered"][-1]
    page = browser.new_page()
    submit_registration(page, portal, target, phone="600 100 200", email=FIRST_EMAIL, password=PASSWORD)
    expect(page.get_by_role("status")).to_contain_text(FIRST_EMAIL)
    goto(page, email_link(text_body(portal.mail.wait_for(FIRST_EMAIL, "aktywacja")), "/aktywacja"))
    expect(page.get_by_role("status")).to_contain_text("aktywowane")
    page.close()
    return {"login": target["customer_number"], "password": PASSWORD}


def test_contact_change_needs_password_and_new_email_is_confirmed(portal, customer, page, browser):
    sign_in(page, portal, customer)
    _open_my_data(page, portal)
    # read-only customer data with the way to correct it
    expect(page.locator(".mydata-list")).to_contain_text(customer["login"])
    expect(page.get_by_text("prawo żądać ich sprostowania")).to_be_visible()
    expect(page.get_by_role("link", name="Zmień hasło")).to_have_attribute("href", "/zmiana-hasla")
    expect(page.get_by_label("Adres e-mail")).to_have_value(FIRST_EMAIL)
    expect(page.get_by_label("Numer telefonu")).to_have_value("+48 600 100 200")
    check_layout(page, "moje dane")

    # wrong current password: error next to the field, what was typed stays, nothing saved
    page.get_by_label("Numer telefonu").fill("601 234 567")
    page.get_by_label("Obecne hasło").fill("to-nie-jest-moje-haslo")
    page.get_by_role("button", name="Zapisz dane kontaktowe").click()
    expect(page.locator("#current_password-error")).to_have_text("Nieprawidłowe hasło.")
    expect(page.get_by_label("Obecne hasło")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Numer telefonu")).to_have_value("601 234 567")
    check_layout(page, "moje dane: złe hasło")
    assert portal_account(portal, customer["login"]).phone == "+48600100200"

    # a new e-mail waits for its link; changing only the phone meanwhile leaves it waiting
    page.get_by_label("Numer telefonu").fill("600 100 200")
    page.get_by_label("Adres e-mail").fill(DROPPED_EMAIL)
    page.get_by_label("Obecne hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zapisz dane kontaktowe").click()
    expect(page.get_by_test_id("pending-email")).to_contain_text(DROPPED_EMAIL)
    expect(page.get_by_test_id("pending-email")).not_to_contain_text("anulowana")  # the old warning is gone
    expect(page.get_by_label("Adres e-mail")).to_have_value(FIRST_EMAIL)
    page.get_by_label("Numer telefonu").fill("601 234 567")
    page.get_by_label("Obecne hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zapisz dane kontaktowe").click()
    expect(page.locator("#kontakt [role='status']")).to_have_text("Zapisano numer telefonu.")
    expect(page.get_by_test_id("pending-email")).to_contain_text(DROPPED_EMAIL)
    account = portal_account(portal, customer["login"])
    assert (account.phone, account.pending_email) == ("+48601234567", DROPPED_EMAIL)

    # the customer cancels it explicitly: the box goes, the link no longer works
    dropped_link = email_link(text_body(portal.mail.wait_for(DROPPED_EMAIL, "potwierdź nowy adres")),
                              "/potwierdz-email")
    cancel = page.get_by_test_id("pending-email").get_by_role("button", name="Anuluj zmianę adresu")
    check_layout(page, "moje dane: e-mail oczekuje")
    cancel.click()
    expect(page.get_by_test_id("pending-email")).to_have_count(0)
    expect(page.locator("#kontakt [role='status']")).to_contain_text("Anulowano zmianę adresu e-mail")
    expect(page.get_by_label("Adres e-mail")).to_be_focused()
    check_layout(page, "moje dane: zmiana e-mail anulowana")
    assert portal_account(portal, customer["login"]).pending_email is None
    other = browser.new_page()
    goto(other, dropped_link)
    expect(other.get_by_role("status")).to_contain_text("już użyty")
    other.close()
    assert portal_account(portal, customer["login"]).email == FIRST_EMAIL

    # new e-mail with the right password: pending until the link is opened
    page.get_by_label("Numer telefonu").fill("600 100 200")
    page.get_by_label("Adres e-mail").fill(NEW_EMAIL)
    page.get_by_label("Obecne hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zapisz dane kontaktowe").click()
    pending = page.get_by_test_id("pending-email")
    expect(pending).to_contain_text(NEW_EMAIL)
    expect(pending).to_contain_text("klikając link")
    expect(page.locator("#kontakt [role='status']")).to_contain_text(NEW_EMAIL)
    expect(page.get_by_label("Obecne hasło")).to_have_value("")  # the password is not kept after saving
    expect(page.get_by_label("Adres e-mail")).to_have_value(FIRST_EMAIL)  # still the current one
    account = portal_account(portal, customer["login"])
    assert (account.email, account.pending_email) == (FIRST_EMAIL, NEW_EMAIL)

    link = email_link(text_body(portal.mail.wait_for(NEW_EMAIL, "potwierdź nowy adres")), "/potwierdz-email")
    goto(page, link)
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"zmieniony na {NEW_EMAIL}")
    expect(page.get_by_role("link", name="Przejdź do „Moje dane”")).to_be_visible()
    check_layout(page, "potwierdzenie e-mail")
    assert portal_account(portal, customer["login"]).email == NEW_EMAIL

    # single use: opened again (another browser, not logged in) it is refused
    other = browser.new_page()
    goto(other, link)
    expect(other.get_by_role("status")).to_contain_text("już użyty")
    expect(other.get_by_role("link", name="Przejdź do logowania")).to_be_visible()
    check_layout(other, "potwierdzenie e-mail: link zużyty")
    other.close()

    _open_my_data(page, portal)
    expect(page.get_by_label("Adres e-mail")).to_have_value(NEW_EMAIL)
    expect(page.get_by_test_id("pending-email")).to_have_count(0)


def test_preferences_are_saved(portal, customer, page):
    sign_in(page, portal, customer)
    _open_my_data(page, portal)
    form = page.locator("#powiadomienia")
    expect(form.locator("fieldset legend")).to_have_count(4)
    for name in ("notify_outages_sms", "notify_readings_email", "einvoice_consent"):
        page.locator(f"#{name}").set_checked(True)
    page.locator("#notify_documents_email").set_checked(False)
    page.get_by_role("button", name="Zapisz ustawienia").click()
    expect(form.get_by_role("status")).to_have_text("Zapisano ustawienia powiadomień.")
    check_layout(page, "moje dane: zapisane ustawienia")

    page.reload()
    page.wait_for_selector("main[data-hydrated='1']")
    page.wait_for_selector(".loading", state="detached")
    for name in ("notify_outages_sms", "notify_readings_email", "einvoice_consent"):
        expect(page.locator(f"#{name}")).to_be_checked()
    expect(page.locator("#notify_documents_email")).not_to_be_checked()
    account = portal_account(portal, customer["login"])
    assert account.notify_outages_sms and account.einvoice_consent and not account.notify_documents_email


def test_data_export_downloads(portal, customer, page, tmp_path):
    sign_in(page, portal, customer)
    _open_my_data(page, portal)

    with page.expect_download() as info:
        page.get_by_role("link", name="Pobierz dane (JSON)").click()
    raw = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename.endswith(".json")
    assert b"password_hash" not in raw
    data = json.loads(raw)
    assert data["klient"]["numer_klienta"] == customer["login"]
    assert data["konto"]["email"] == NEW_EMAIL

    with page.expect_download() as info:
        page.get_by_role("link", name="Pobierz dane (CSV, ZIP)").click()
    with zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes())) as zf:
        names = zf.namelist()
        assert {"README.txt", "klient.csv", "konto.csv", "dokumenty.csv"} <= set(names)
        assert customer["login"] in zf.read("klient.csv").decode("utf-8-sig")
        assert all(b"password_hash" not in zf.read(n) for n in names)

    # without the session cookie the same address is simply not there
    assert requests.get(f"{portal.url}/api/moje-dane.json", timeout=10).status_code == 404


def test_close_account(portal, customer, page):
    sign_in(page, portal, customer)
    _open_my_data(page, portal)
    section = page.locator("#rezygnacja")
    expect(section).to_contain_text("14 dni")
    page.get_by_role("button", name="Chcę zrezygnować z IBOK").click()
    expect(page.get_by_role("heading", name="Potwierdź rezygnację")).to_be_visible()
    expect(page.locator("#close_password")).to_be_focused()
    check_layout(page, "moje dane: potwierdź rezygnację")

    page.locator("#close_password").fill("zle-haslo-123")
    page.get_by_role("button", name="Rezygnuję z IBOK").click()
    expect(page.locator("#close_password-error")).to_have_text("Nieprawidłowe hasło.")
    expect(page.locator("#close_password")).to_have_value("zle-haslo-123")
    check_layout(page, "moje dane: rezygnacja, złe hasło")
    assert portal_account(portal, customer["login"]).status == AccountStatus.ACTIVE

    page.locator("#close_password").fill(PASSWORD)
    page.get_by_role("button", name="Rezygnuję z IBOK").click()
    until = page.get_by_test_id("access-until")
    expect(until).to_have_text(re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$"))
    expect(section.get_by_role("status")).to_contain_text("Przyjęliśmy rezygnację")
    check_layout(page, "moje dane: konto zamykane")
    until_text = until.inner_text()
    assert portal_account(portal, customer["login"]).status == AccountStatus.CLOSING

    # the closing state stays on the page, and downloads still work during the 14 days
    _open_my_data(page, portal)
    expect(page.get_by_test_id("access-until")).to_have_text(until_text)
    expect(page.locator("main .alert--warn").first).to_contain_text("Konto jest zamykane")
    expect(page.get_by_role("button", name="Chcę zrezygnować z IBOK")).to_have_count(0)
    assert page.request.get(f"{portal.url}/api/moje-dane.json").status == 200
