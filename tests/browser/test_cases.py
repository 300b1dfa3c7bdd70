"""Zgłoszenia (§9 h) and reklamacje (§5) as a customer uses them, in Chromium."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from browser_helpers import (
    account_with,
    check_layout,
    count_rows,
    extra_account,
    open_page,
    portal_account,
    sign_in,
    tiny_png,
)
from playwright.sync_api import expect
from sqlmodel import select

from ibok_app.models import (
    Complaint,
    Document,
    PortalAccount,
    ServicePoint,
    Ticket,
    TicketMessage,
)
from ibok_app.services.cases import complaints, tickets
from ibok_app.services.cases.complaints import ANSWER_DAYS
from ibok_app.views.formats import today_in_warsaw
from tests.factories.cases import staff

NUMBER_RE = re.compile(r"^ZG/\d{4}/\d{6}$")


def _count(portal, model, customer: int) -> int:
    return count_rows(portal, model, model.customer_id == customer)


def _fill_ticket(page, description: str) -> None:
    page.get_by_label("Rodzaj zgłoszenia").select_option("leak")
    point = page.locator("#service_point_id option").nth(1).get_attribute("value")
    page.get_by_label("Punkt poboru (miejsce)").select_option(point)
    page.get_by_label("Opis problemu").fill(description)
    page.get_by_label("Telefon kontaktowy").fill("600 123 456")


def test_file_ticket_see_number_email_and_add_message(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    owner = portal_account(portal, account["login"])
    customer_id, email_addr = owner.customer_id, owner.email
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/zgloszenia")
    expect(page.get_by_role("heading", name="Nowe zgłoszenie")).to_be_visible()
    check_layout(page, "zgłoszenia: formularz")
    # the phone is prefilled from the account
    expect(page.get_by_label("Telefon kontaktowy")).not_to_have_value("")

    _fill_ticket(page, "Woda wycieka spod studzienki przed domem od rana.")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    number_el = page.get_by_test_id("ticket-number")
    expect(number_el).to_have_text(NUMBER_RE)
    number = number_el.inner_text()
    row = page.locator("table tbody tr", has_text=number)
    expect(row).to_contain_text("Wyciek")
    expect(row).to_contain_text("Nowe")
    expect(page.get_by_label("Opis problemu")).to_have_value("")  # the form is ready for the next one
    check_layout(page, "zgłoszenia: po wysłaniu, lista")

    mail = portal.mail.wait_for(email_addr, number)
    assert number in str(mail["Subject"])
    with portal.session() as s:
        ticket = s.exec(select(Ticket).where(Ticket.number == number)).one()
        assert ticket.customer_id == customer_id and ticket.contact_phone == "+48600123456"

    row.get_by_role("link", name=re.compile("Szczegóły")).click()
    page.wait_for_url(re.compile(r"/zgloszenia/?\?id=\d+$"))
    page.wait_for_selector("main[data-hydrated='1']")
    page.wait_for_selector(".loading", state="detached")
    expect(page.get_by_role("heading", name=f"Zgłoszenie {number}")).to_be_visible()
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Woda wycieka spod studzienki")
    check_layout(page, "zgłoszenie: szczegóły")

    page.get_by_label("Treść wiadomości").fill("Wyciek się powiększa, proszę o pilny przyjazd.")
    page.get_by_role("button", name="Dodaj wiadomość").click()
    expect(timeline.locator("li")).to_have_count(2)
    expect(timeline.locator("li").nth(1)).to_contain_text("Wyciek się powiększa")
    expect(page.get_by_label("Treść wiadomości")).to_have_value("")
    assert count_rows(portal, TicketMessage, TicketMessage.ticket_id == ticket.id) == 1

    # an empty message: field error, nothing saved
    page.get_by_role("button", name="Dodaj wiadomość").click()
    expect(page.locator("#body-error")).to_have_text("Wpisz treść wiadomości.")
    check_layout(page, "zgłoszenie: wiadomość z błędem")

    # the office answers and closes it: the customer sees the status and can no longer write
    with portal.session() as s:
        operator = staff(s)
        assert tickets.staff_set_status(s, operator.id, ticket.id, "resolved", "Wymieniliśmy uszczelkę.").ok
        s.commit()
    open_page(page, f"{portal.url}/zgloszenia?id={ticket.id}")
    expect(page.locator(".case-status")).to_have_text("Załatwione")
    expect(timeline.locator("li").nth(2)).to_contain_text("Wymieniliśmy uszczelkę.")
    expect(timeline.locator("li").nth(2)).to_contain_text("Biuro Obsługi Klienta")
    expect(page.get_by_text("Zgłoszenie jest zamknięte")).to_be_visible()
    expect(page.get_by_role("button", name="Dodaj wiadomość")).to_have_count(0)
    check_layout(page, "zgłoszenie: załatwione")

    # someone else's or a made-up id shows "not found", never data
    open_page(page, f"{portal.url}/zgloszenia?id=999999")
    expect(page.get_by_text("Nie znaleziono zgłoszenia")).to_be_visible()


def test_too_short_description_shows_field_error_and_saves_nothing(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    customer_id = portal_account(portal, account["login"]).customer_id
    before = _count(portal, Ticket, customer_id)
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/zgloszenia")
    _fill_ticket(page, "za mało")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.locator("#description-error")).to_have_text("Opisz problem — co najmniej 10 znaków.")
    expect(page.get_by_label("Opis problemu")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("form .alert--error[role='alert']")).to_contain_text("Popraw zaznaczone pola")
    # what was typed stays
    expect(page.get_by_label("Opis problemu")).to_have_value("za mało")
    expect(page.get_by_label("Rodzaj zgłoszenia")).to_have_value("leak")
    expect(page.get_by_test_id("ticket-number")).to_have_count(0)
    check_layout(page, "zgłoszenia: formularz z błędem")
    assert _count(portal, Ticket, customer_id) == before

    # nothing chosen at all: an error beside each required field
    open_page(page, f"{portal.url}/zgloszenia")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.locator("#category-error")).not_to_be_empty()
    expect(page.locator("#description-error")).not_to_be_empty()
    assert _count(portal, Ticket, customer_id) == before


def test_ticket_with_photo_served_only_to_its_owner(portal, demo_accounts, page, browser):
    account = demo_accounts["registered"][0]
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/zgloszenia")
    # a non-image is refused with a message beside the field
    page.locator(".photo-drop input[type='file']").set_input_files(
        {"name": "notatka.png", "mimeType": "image/png", "buffer": b"to nie jest obraz"})
    expect(page.locator("#photo-error")).not_to_be_empty()
    page.locator(".photo-drop input[type='file']").set_input_files(
        {"name": "wodomierz.png", "mimeType": "image/png", "buffer": tiny_png()})
    expect(page.get_by_text("Dołączono zdjęcie")).to_be_visible()
    expect(page.locator("#photo-error")).to_be_empty()
    check_layout(page, "zgłoszenia: zdjęcie dołączone")
    page.get_by_label("Rodzaj zgłoszenia").select_option("meter")
    point = page.locator("#service_point_id option").nth(1).get_attribute("value")
    page.get_by_label("Punkt poboru (miejsce)").select_option(point)
    page.get_by_label("Opis problemu").fill("Pęknięta szybka wodomierza, zdjęcie w załączniku.")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    number = page.get_by_test_id("ticket-number")
    expect(number).to_have_text(NUMBER_RE)
    with portal.session() as s:
        ticket = s.exec(select(Ticket).where(Ticket.number == number.inner_text())).one()
        assert ticket.photo_path and ticket.photo_path.endswith(".png")

    open_page(page, f"{portal.url}/zgloszenia?id={ticket.id}")
    img = page.get_by_role("img", name="Zdjęcie dołączone do zgłoszenia")
    expect(img).to_be_visible()
    page.wait_for_function("(el) => el.complete && el.naturalWidth > 0", arg=img.element_handle())
    assert page.evaluate("(el) => el.naturalWidth", img.element_handle()) == 40
    photo_url = f"{portal.url}/api/zgloszenia/{ticket.id}/zdjecie"
    answer = page.request.get(photo_url)
    assert answer.status == 200 and answer.headers["content-type"] == "image/png"
    assert answer.headers["cache-control"] == "no-store"
    stranger = browser.new_context()
    try:
        assert stranger.request.get(photo_url).status == 404
    finally:
        stranger.close()


def test_complaint_with_photo_shown_with_it_and_served_only_to_its_owner(portal, demo_accounts, page, browser):
    account = demo_accounts["registered"][1]
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/reklamacje")
    photo_input = page.locator(".photo-drop input[type='file']")
    photo_input.set_input_files({"name": "faktura.png", "mimeType": "image/png", "buffer": b"nie obraz"})
    expect(page.locator("#photo-error")).not_to_be_empty()
    photo_input.set_input_files({"name": "licznik.png", "mimeType": "image/png", "buffer": tiny_png()})
    expect(page.get_by_text("Dołączono zdjęcie")).to_be_visible()
    expect(page.locator("#photo-error")).to_be_empty()
    check_layout(page, "reklamacje: zdjęcie dołączone")
    page.get_by_label("Temat reklamacji").fill("Wodomierz pokazuje inny stan niż faktura")
    page.get_by_label("Opis reklamacji").fill("Na zdjęciu stan licznika, niższy niż ten z faktury.")
    page.get_by_role("button", name="Wyślij reklamację").click()
    number = page.get_by_test_id("complaint-number")
    expect(number).to_have_text(re.compile(r"^RK/\d{4}/\d{6}$"))
    expect(page.get_by_text("Dołączono zdjęcie")).to_have_count(0)  # the form starts afresh
    with portal.session() as s:
        complaint = s.exec(select(Complaint).where(Complaint.number == number.inner_text())).one()
        assert complaint.photo_path and complaint.photo_path.endswith(".png")

    item = page.locator("ol.case-list > li", has_text=number.inner_text())
    item.locator("summary").click()
    img = item.get_by_role("img", name="Zdjęcie dołączone do reklamacji")
    expect(img).to_be_visible()
    page.wait_for_function("(el) => el.complete && el.naturalWidth > 0", arg=img.element_handle())
    assert page.evaluate("(el) => el.naturalWidth", img.element_handle()) == 40
    photo_url = f"{portal.url}/api/reklamacje/{complaint.id}/zdjecie"
    answer = page.request.get(photo_url)
    assert answer.status == 200 and answer.headers["content-type"] == "image/png"
    assert answer.headers["cache-control"] == "no-store"
    stranger = browser.new_context()
    try:
        assert stranger.request.get(photo_url).status == 404
    finally:
        stranger.close()


def test_file_complaint_and_see_deadline(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    owner = portal_account(portal, account["login"])
    customer_id, email_addr = owner.customer_id, owner.email
    before = _count(portal, Complaint, customer_id)
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/reklamacje")
    expect(page.get_by_role("heading", name="Nowa reklamacja")).to_be_visible()
    check_layout(page, "reklamacje: formularz")

    # errors first: beside the fields, typed text kept, nothing saved
    page.get_by_label("Temat reklamacji").fill("Faktura")
    page.get_by_role("button", name="Wyślij reklamację").click()
    expect(page.locator("#description-error")).not_to_be_empty()
    expect(page.get_by_label("Temat reklamacji")).to_have_value("Faktura")
    check_layout(page, "reklamacje: formularz z błędem")
    assert _count(portal, Complaint, customer_id) == before

    page.get_by_label("Temat reklamacji").fill("Zawyżone zużycie na ostatniej fakturze")
    document = page.locator("#document_id option").nth(1)
    expect(document).to_have_count(1)  # the demo customer has documents to choose from
    page.get_by_label(re.compile("Dokument, którego dotyczy")).select_option(document.get_attribute("value"))
    page.get_by_label("Opis reklamacji").fill("Zużycie jest dwa razy wyższe niż zwykle, a nic się nie zmieniło.")
    page.get_by_role("button", name="Wyślij reklamację").click()

    due = (today_in_warsaw() + timedelta(days=ANSWER_DAYS)).strftime("%d.%m.%Y")
    received = today_in_warsaw().strftime("%d.%m.%Y")
    number_el = page.get_by_test_id("complaint-number")
    expect(number_el).to_have_text(re.compile(r"^RK/\d{4}/\d{6}$"))
    number = number_el.inner_text()
    expect(page.get_by_test_id("complaint-due")).to_have_text(due)
    expect(page.get_by_role("status").filter(has_text=number)).to_contain_text(received)
    item = page.locator("ol.case-list > li", has_text=number)
    expect(item).to_contain_text("Zawyżone zużycie na ostatniej fakturze")
    due_cell = item.locator("div", has=page.locator("dt", has_text="Termin odpowiedzi")).locator("dd")
    expect(due_cell).to_have_text(due)
    expect(item).to_contain_text("Przyjęta")
    expect(page.get_by_label("Temat reklamacji")).to_have_value("")
    check_layout(page, "reklamacje: po wysłaniu, lista")
    assert _count(portal, Complaint, customer_id) == before + 1
    portal.mail.wait_for(email_addr, number)

    # after a reload the list still shows it with the deadline
    open_page(page, f"{portal.url}/reklamacje")
    expect(page.locator("ol.case-list > li", has_text=number)).to_contain_text(due)

    # once the company answers, the answer is shown with the complaint
    with portal.session() as s:
        complaint = s.exec(select(Complaint).where(Complaint.number == number)).one()
        assert complaints.answer_complaint(s, staff(s).id, complaint.id,
                                           "Sprawdziliśmy odczyt; korekta faktury w drodze.", "resolved").ok
        s.commit()
    open_page(page, f"{portal.url}/reklamacje")
    item = page.locator("ol.case-list > li", has_text=number)
    expect(item.locator(".case-status")).to_have_text("Uwzględniona")
    expect(item.locator(".case-answer")).to_contain_text("korekta faktury w drodze")
    check_layout(page, "reklamacje: z odpowiedzią")


# ---- issue 12: one or several places and documents to choose from ---------------------
def _points(portal, customer_id: int) -> list[int]:
    with portal.session() as s:
        return list(s.exec(select(ServicePoint.id).where(ServicePoint.customer_id == customer_id)
                           .order_by(ServicePoint.code)).all())


def _send_ticket(page, description: str) -> str:
    page.get_by_label("Rodzaj zgłoszenia").select_option("low_pressure")
    page.get_by_label("Opis problemu").fill(description)
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    number = page.get_by_test_id("ticket-number")
    expect(number).to_have_text(NUMBER_RE)
    return number.inner_text()


def _ticket_point(portal, number: str) -> int | None:
    with portal.session() as s:
        return s.exec(select(Ticket.service_point_id).where(Ticket.number == number)).one()


def test_ticket_of_a_customer_with_one_place_needs_no_choice(portal, demo_accounts, page):
    account = account_with(demo_accounts, "one")
    customer_id = portal_account(portal, account["login"]).customer_id
    (point,) = _points(portal, customer_id)
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/zgloszenia")
    expect(page.get_by_label("Punkt poboru (miejsce)")).to_have_value(str(point))
    number = _send_ticket(page, "Słabe ciśnienie wody w kuchni od tygodnia.")
    assert _ticket_point(portal, number) == point


def test_ticket_of_a_customer_with_several_places_names_the_chosen_one(portal, demo_accounts, page):
    account = account_with(demo_accounts, "several")
    customer_id = portal_account(portal, account["login"]).customer_id
    points = _points(portal, customer_id)
    assert len(points) > 1
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/zgloszenia")
    before = _count(portal, Ticket, customer_id)
    page.get_by_label("Rodzaj zgłoszenia").select_option("low_pressure")
    page.get_by_label("Opis problemu").fill("Słabe ciśnienie wody na działce.")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.locator("#service_point_id-error")).to_have_text(
        "Wybierz punkt poboru, którego dotyczy zgłoszenie.")
    assert _count(portal, Ticket, customer_id) == before
    for point in points:
        open_page(page, f"{portal.url}/zgloszenia")
        page.get_by_label("Punkt poboru (miejsce)").select_option(str(point))
        number = _send_ticket(page, f"Słabe ciśnienie wody w punkcie {point}.")
        assert _ticket_point(portal, number) == point


def _customer_with_one_document(portal) -> tuple[dict, int]:
    """A registered customer (not from the demo data) with exactly one document."""
    account = extra_account(portal, "K900001")
    with portal.session() as s:
        customer_id = s.exec(select(PortalAccount.customer_id).where(PortalAccount.login == account["login"])).one()
        (only,) = s.exec(select(Document.id).where(Document.customer_id == customer_id)).all()
    return account, only


def _complaint_document(portal, number: str) -> int | None:
    with portal.session() as s:
        return s.exec(select(Complaint.document_id).where(Complaint.number == number)).one()


def _send_complaint(page) -> str:
    page.get_by_label("Temat reklamacji").fill("Zawyżone zużycie na fakturze")
    page.get_by_label("Opis reklamacji").fill("Zużycie jest dwa razy wyższe niż zwykle, a nic się nie zmieniło.")
    page.get_by_role("button", name="Wyślij reklamację").click()
    number = page.get_by_test_id("complaint-number")
    expect(number).to_have_text(re.compile(r"^RK/\d{4}/\d{6}$"))
    return number.inner_text()


@pytest.mark.parametrize("how_many", ["one", "several"])
def test_complaint_names_the_chosen_document_or_none(portal, demo_accounts, page, how_many):
    if how_many == "one":
        account, only = _customer_with_one_document(portal)
    else:
        account = account_with(demo_accounts, "several")
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/reklamacje")
    options = page.locator("#document_id option")
    values = [v for v in options.evaluate_all("els => els.map(e => e.value)") if v]
    assert (values == [str(only)]) if how_many == "one" else len(values) > 1
    for value in values[-2:]:
        page.get_by_label(re.compile("Dokument, którego dotyczy")).select_option(value)
        number = _send_complaint(page)
        assert _complaint_document(portal, number) == int(value)
        open_page(page, f"{portal.url}/reklamacje")
    # the document is optional: none chosen is a complaint about no document
    number = _send_complaint(page)
    assert _complaint_document(portal, number) is None
