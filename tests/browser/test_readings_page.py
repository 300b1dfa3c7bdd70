"""Odczyty (§9 a, b) as a customer uses them, in Chromium: report a reading, see it
in the history and the chart, download the CSV; a lower reading is refused; an
unusual one needs confirmation and is saved for verification."""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from browser_helpers import (
    account_with,
    check_layout,
    count_rows,
    open_page,
    portal_account,
    session_cookies,
    sign_in,
    tiny_jpeg,
)
from playwright.sync_api import expect
from sqlmodel import select

from ibok_app.models import (
    Meter,
    MeterReading,
    ReadingStatus,
    ServicePoint,
)
from ibok_app.services.readings.rules import HistoryPoint, unusual_reason
from ibok_app.views.formats import m3, today_in_warsaw


def _meters(portal, login_: str) -> tuple[int, dict[str, Meter]]:
    """The customer id and the installed meters by kind ("main", "garden")."""
    customer = portal_account(portal, login_).customer_id
    with portal.session() as s:
        meters = s.exec(select(Meter).join(ServicePoint, Meter.service_point_id == ServicePoint.id)
                        .where(ServicePoint.customer_id == customer, Meter.removed_on == None)
                        .order_by(Meter.id)).all()
    by_kind: dict[str, Meter] = {}
    for meter in meters:
        by_kind.setdefault(str(meter.kind), meter)
    return customer, by_kind


def _accepted(portal, customer_id: int, meter_id: int) -> list[MeterReading]:
    with portal.session() as s:
        return list(s.exec(select(MeterReading).where(
            MeterReading.meter_id == meter_id, MeterReading.customer_id == customer_id,
            MeterReading.status == ReadingStatus.ACCEPTED).order_by(MeterReading.read_on, MeterReading.id)).all())


def _count(portal, meter_id: int) -> int:
    return count_rows(portal, MeterReading, MeterReading.meter_id == meter_id)


def _typed(litres: int) -> str:
    """How a person types it: decimal comma, no grouping ("483,466")."""
    return f"{Decimal(litres) / 1000:.3f}".replace(".", ",")


def _usual_value(history: list[MeterReading]) -> int:
    """A few m³ more than the last reading, but never enough to look unusual (the last
    reading may be today's, and then even 3 m³ in one day could be)."""
    last = history[-1]
    days = (today_in_warsaw() - last.read_on).days
    points = [HistoryPoint(r.read_on, r.value_l) for r in history]
    for step in (3000, 1000, 500, 200, 100, 50, 10):
        if unusual_reason(step, days, last.read_on, points) is None:
            return last.value_l + step
    raise AssertionError("no usual consumption found for the test")


def _attach(page, name: str, data: bytes) -> None:
    page.locator(".readings-dropzone input[type='file']").set_input_files(
        files=[{"name": name, "mimeType": "image/jpeg", "buffer": data}])


def _select_meter(page, meter_id: int) -> None:
    page.get_by_label("Wodomierz", exact=True).select_option(str(meter_id))


def test_page_shows_window_meters_history_and_is_accessible(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    _, meters = _meters(portal, account["login"])
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/odczyty")
    expect(page.get_by_role("heading", name="Odczyty", level=1)).to_be_visible()
    expect(page.get_by_test_id("reading-window")).to_contain_text("Okno odczytów")
    for meter in meters.values():  # several meters, garden sub-meter too
        expect(page.get_by_role("heading", name=re.compile(re.escape(meter.serial)))).to_be_visible()
    expect(page.get_by_label("Stan wodomierza", exact=True)).to_be_visible()
    expect(page.get_by_label("Data odczytu")).to_have_value(today_in_warsaw().isoformat())
    expect(page.get_by_test_id("history-table").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("consumption-chart").locator("svg").first).to_be_visible()
    check_layout(page, "odczyty")


def test_valid_reading_goes_to_history_chart_and_csv(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    customer_id, meters = _meters(portal, account["login"])
    garden = meters["garden"]  # garden sub-meter: an estimate without sewage
    history = _accepted(portal, customer_id, garden.id)
    value = _usual_value(history)
    before = _count(portal, garden.id)

    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/odczyty")
    _select_meter(page, garden.id)
    page.get_by_label("Stan wodomierza", exact=True).fill(_typed(value))
    _attach(page, "licznik.jpg", tiny_jpeg())
    expect(page.locator(".photo-status")).to_contain_text("licznik.jpg")
    page.get_by_role("button", name="Wyślij odczyt").click()

    result = page.get_by_test_id("reading-result")
    expect(result).to_contain_text("Odczyt został przyjęty")
    expect(result).to_contain_text(f"Zużycie od ostatniego odczytu: {m3(value - history[-1].value_l)} w ")
    expect(result).to_contain_text("Szacunek najbliższej faktury")
    expect(result).to_contain_text("Razem brutto")
    expect(result).to_contain_text("nie jest obciążana opłatą za ścieki")
    # a garden sub-meter only lowers the sewage of its service point, which has sewage
    expect(result).to_contain_text("Ścieki (netto)")
    expect(page.get_by_label("Stan wodomierza", exact=True)).to_have_value("")

    row = page.get_by_test_id("history-table").locator("tbody tr").filter(has_text=m3(value))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(today_in_warsaw().strftime("%d.%m.%Y"))
    expect(row).to_contain_text("przyjęty")
    expect(page.get_by_test_id("consumption-chart").locator("svg").first).to_be_visible()
    # today's reading closes a period in the running month: its bar is marked "w toku"
    running = today_in_warsaw().strftime("%m.%Y") + " (w toku)"
    expect(page.get_by_test_id("consumption-table").locator("tbody th").last).to_have_text(running)
    with portal.session() as s:
        saved = s.exec(select(MeterReading).where(MeterReading.meter_id == garden.id)
                       .order_by(MeterReading.id.desc())).first()
    assert _count(portal, garden.id) == before + 1
    assert (saved.value_l, saved.status, saved.read_on) == (value, ReadingStatus.ACCEPTED, today_in_warsaw())
    assert saved.photo_path.startswith(f"photos/{customer_id}/")  # kept outside Reflex's public uploads
    check_layout(page, "odczyty: odczyt przyjęty")

    # the CSV, as the browser downloads it from the link...
    with page.expect_download() as info:
        page.get_by_role("link", name="Pobierz CSV").click()
    download = info.value
    assert download.suggested_filename == f"odczyty-{account['login']}.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Data odczytu", "Numer wodomierza", "Rodzaj wodomierza", "Stan [m³]"]
    assert [today_in_warsaw().strftime("%d.%m.%Y"), garden.serial, "ogrodowy", _typed(value)] in \
        [r[:4] for r in rows[1:]]

    # ...and over plain HTTP: only with the session cookie
    cookies = session_cookies(page)
    assert cookies
    answer = requests.get(f"{portal.url}/api/odczyty.csv", cookies=cookies, timeout=10)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert _typed(value) in answer.content.decode("utf-8-sig")
    assert requests.get(f"{portal.url}/api/odczyty.csv", timeout=10).status_code == 404
    assert requests.get(f"{portal.url}/api/odczyty.csv", cookies={"ibok_session": "zmyslony"},
                        timeout=10).status_code == 404


def test_lower_reading_is_refused_and_nothing_saved(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    customer_id, meters = _meters(portal, account["login"])
    main = meters["main"]
    last = _accepted(portal, customer_id, main.id)[-1]
    before = _count(portal, main.id)
    lower = _typed(last.value_l - 1000)

    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/odczyty")
    _select_meter(page, main.id)
    field = page.get_by_label("Stan wodomierza", exact=True)
    field.fill(lower)
    page.get_by_role("button", name="Wyślij odczyt").click()

    expect(page.locator("#value-error")).to_contain_text("nie może być niższy niż ostatni przyjęty odczyt")
    expect(page.locator("#value-error")).to_contain_text(m3(last.value_l))
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value(lower)  # what was typed stays
    expect(page.get_by_test_id("reading-result")).to_have_count(0)
    assert _count(portal, main.id) == before

    # a text file dressed up as a photo is refused next to the photo field
    _attach(page, "licznik.jpg", b"to nie jest zdjecie")
    expect(page.locator("#photo-error")).to_contain_text("JPEG lub PNG")

    # a date in the future is refused next to the date field
    page.get_by_label("Data odczytu").fill("2999-01-01")
    page.get_by_role("button", name="Wyślij odczyt").click()
    expect(page.locator("#read_on-error")).to_contain_text("z przyszłości")
    assert _count(portal, main.id) == before
    check_layout(page, "odczyty: formularz z błędami")


def test_unusual_reading_needs_confirmation_then_waits_for_verification(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    customer_id, meters = _meters(portal, account["login"])
    main = meters["main"]
    last = _accepted(portal, customer_id, main.id)[-1]
    huge = last.value_l + 5_000_000  # 5000 m³ more: far above the customer's average
    assert huge < 10 ** main.digits * 1000
    before = _count(portal, main.id)

    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/odczyty")
    _select_meter(page, main.id)
    field = page.get_by_label("Stan wodomierza", exact=True)
    field.fill(_typed(huge))
    page.get_by_role("button", name="Wyślij odczyt").click()

    confirm = page.get_by_role("button", name="Potwierdzam odczyt")
    expect(confirm).to_be_visible()
    expect(page.get_by_text("ponad trzykrotnie wyższe")).to_be_visible()
    expect(page.get_by_test_id("pending-value")).to_contain_text(m3(huge))
    expect(field).to_have_value(_typed(huge))  # nothing the customer typed is lost
    assert _count(portal, main.id) == before
    check_layout(page, "odczyty: potwierdzenie nietypowego odczytu")

    confirm.click()
    result = page.get_by_test_id("reading-result")
    expect(result).to_contain_text("przekazany do weryfikacji")
    expect(result.locator(".readings-badge")).to_have_text("do weryfikacji")
    row = page.get_by_test_id("history-table").locator("tbody tr").filter(has_text=m3(huge))
    expect(row).to_contain_text("do weryfikacji")
    with portal.session() as s:
        saved = s.exec(select(MeterReading).where(MeterReading.meter_id == main.id)
                       .order_by(MeterReading.id.desc())).first()
    assert _count(portal, main.id) == before + 1
    assert (saved.value_l, saved.status) == (huge, ReadingStatus.TO_VERIFY)


# ---- issue 12: every kind of customer can report, for each of their meters -----------
def _installed(portal, customer_id: int) -> list[Meter]:
    with portal.session() as s:
        return list(s.exec(select(Meter).join(ServicePoint, Meter.service_point_id == ServicePoint.id)
                           .where(ServicePoint.customer_id == customer_id, Meter.removed_on == None)  # noqa: E711
                           .order_by(Meter.id)).all())


@pytest.mark.parametrize("kind", ["one", "several", "garden"])
def test_each_kind_of_customer_reports_a_reading_for_each_meter(portal, demo_accounts, page, kind):
    account = account_with(demo_accounts, kind)
    customer_id = portal_account(portal, account["login"]).customer_id
    meters = _installed(portal, customer_id)
    assert (len(meters) == 1) == (kind == "one")
    sign_in(page, portal, account)
    open_page(page, f"{portal.url}/odczyty")
    form = page.locator("form", has=page.get_by_role("button", name="Wyślij odczyt"))
    for meter in meters:
        history = _accepted(portal, customer_id, meter.id)
        value = _usual_value(history)
        before = _count(portal, meter.id)
        if kind == "one":  # nothing to choose: the form names the meter
            expect(form.locator("select")).to_have_count(0)
            expect(form).to_contain_text(meter.serial)
        else:
            _select_meter(page, meter.id)
        page.get_by_label("Stan wodomierza", exact=True).fill(_typed(value))
        page.get_by_role("button", name="Wyślij odczyt").click()
        result = page.get_by_test_id("reading-result")
        if history[-1].read_on == today_in_warsaw():
            # an earlier test read this meter today: a second reading of the day is a
            # correction, confirmed and then left to the office to verify
            page.get_by_role("button", name="Potwierdzam odczyt").click()
            expect(result).to_contain_text("korekta odczytu z dnia")
            expect(result).not_to_contain_text("Zużycie od ostatniego odczytu")
            assert _count(portal, meter.id) == before + 1
            continue
        # the history shows the new state of this meter (the result box may still show the last one's)
        row = page.get_by_test_id("history-table").locator("tbody tr").filter(has_text=meter.serial) \
            .filter(has_text=m3(value))
        expect(row).to_have_count(1)
        expect(result).to_contain_text(f"Zużycie od ostatniego odczytu: {m3(value - history[-1].value_l)} w ")
        expect(result).to_contain_text("Odczyt został przyjęty")
        expect(page.locator("#meter-error")).to_be_empty()
        assert _count(portal, meter.id) == before + 1
        newest = _accepted(portal, customer_id, meter.id)[-1]
        assert (newest.value_l, newest.read_on) == (value, today_in_warsaw())
        garden_note = result.get_by_text("nie jest obciążana opłatą za ścieki")
        expect(garden_note).to_have_count(1 if meter.kind == "garden" else 0)
    check_layout(page, f"odczyty: klient {kind}")
