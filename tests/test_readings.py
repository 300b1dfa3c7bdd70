"""Meter readings: parsing, every submission rule, the window, the estimate, history."""
from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from ibok_app.config import ConfigError
from ibok_app.models import (
    AuditLog,
    MeterKind,
    MeterReading,
    ReadingSource,
    ReadingStatus,
)
from ibok_app.services.readings.history import consumption_series, history_csv, reading_history
from ibok_app.services.readings.rules import half_up, parse_date, parse_reading_l
from ibok_app.services.readings.submission import customer_meters, submit_reading
from ibok_app.services.readings.window import reading_window
from ibok_app.views.formats import money
from tests.factories import readings as f

# 10.04.2026 is outside the default window (last 7 days of even months: 24.–30.04.2026)
TODAY = date(2026, 4, 10)
IN_WINDOW = date(2026, 4, 27)
PERIOD_END = date(2026, 4, 30)  # the last day of the period 01.03.–30.04.2026


def count(session) -> int:
    return session.exec(select(func.count()).select_from(MeterReading)).one()


# --- parsing ---------------------------------------------------------------------------

@given(st.decimals(min_value=0, max_value=Decimal("999999999.999"), places=3, allow_nan=False,
                   allow_infinity=False),
       st.sampled_from([",", "."]), st.booleans())
def test_parse_reading_round_trip(value, mark, grouped):
    integer, frac = f"{value:.3f}".split(".")
    frac = frac.rstrip("0")
    if grouped:
        integer = f"{int(integer):,}".replace(",", " ")
    text = integer + (mark + frac if frac else "")
    assert parse_reading_l(text) == int(value * 1000)


@hsettings(max_examples=300)
@given(st.one_of(st.text(max_size=60), st.binary(), st.integers(), st.floats(), st.none(),
                 st.lists(st.integers()), st.dictionaries(st.text(), st.integers())))
def test_parse_reading_never_raises_on_garbage(garbage):
    result = parse_reading_l(garbage)
    assert result is None or (isinstance(result, int) and result >= 0)


@pytest.mark.parametrize("text,litres", [
    ("123,456", 123456), ("123.456", 123456), ("1 234,5", 1234500), ("0,001", 1),
    ("  42 ", 42000), ("12 m³", 12000), ("12,5 m3", 12500), ("1\u00a0234", 1234000), ("7", 7000),
])
def test_parse_reading_accepts(text, litres):
    assert parse_reading_l(text) == litres


@pytest.mark.parametrize("text", [
    "-1", "-0,5", "1,2345", "abc", "", "   ", "1" * 41, "12 34", "1,", ",5", "1.234,5", "1e3",
    None, True, "١٢٣",
])
def test_parse_reading_refuses(text):
    assert parse_reading_l(text) is None


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                     max_leaves=5)


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_JSON, _JSON, _JSON, _JSON, _JSON)
def test_submit_never_raises_on_browser_input(session, meter_id, value, read_on, confirm, photo):
    c, _sp, m = f.household(session)
    for mid in (meter_id, m.id):
        before = count(session)
        r = submit_reading(session, c.id, mid, value, read_on, confirm_unusual=confirm, today=TODAY,
                           photo_path=photo)
        if r.ok:  # only a real reading of the customer's meter, saved exactly as typed
            saved = session.get(MeterReading, r.reading_id)
            assert parse_reading_l(value) is not None and saved.value_l == parse_reading_l(value)
            assert saved.meter_id == m.id
            assert photo in (None, "") and count(session) == before + 1
        else:
            assert (r.field_errors or r.needs_confirmation) and count(session) == before
    session.rollback()


def test_parse_date_forms():
    assert parse_date("2026-04-01") == date(2026, 4, 1)
    assert parse_date("01.04.2026") == date(2026, 4, 1)
    assert parse_date("31.02.2026") is None
    assert parse_date("2026/04/01") is None
    assert parse_date(20260401) is None


def test_half_up():
    assert [half_up(5, 10), half_up(4, 10), half_up(15, 10), half_up(-5, 10)] == [1, 0, 2, -1]


# --- submission rules ------------------------------------------------------------------

def test_first_reading_accepted_without_estimate(session):
    c, _sp, m = f.household(session)
    r = submit_reading(session, c.id, m.id, "123,456", "2026-04-01", today=TODAY)
    assert r.ok and r.status == "accepted" and r.status_label == "przyjęty"
    assert r.consumption_l is None and r.estimate is None
    row = session.get(MeterReading, r.reading_id)
    assert (row.value_l, row.read_on, row.source, row.customer_id) == (
        123456, date(2026, 4, 1), ReadingSource.CUSTOMER, c.id)


def test_read_on_defaults_to_today_and_accepts_polish_date(session):
    c, _sp, m = f.household(session)
    c2, _sp2, m2 = f.household(session)  # a second reading of m today would be a correction
    r1 = submit_reading(session, c.id, m.id, "10", today=TODAY)
    r2 = submit_reading(session, c2.id, m2.id, "11", "10.04.2026", today=TODAY)
    assert session.get(MeterReading, r1.reading_id).read_on == TODAY
    assert session.get(MeterReading, r2.reading_id).read_on == TODAY


def test_lower_reading_refused_and_nothing_saved(session):
    c, _sp, m = f.household(session)
    f.reading(session, m, c, date(2026, 2, 27), 150_500)
    before = count(session)
    r = submit_reading(session, c.id, m.id, "150,499", "2026-04-01", today=TODAY)
    assert not r.ok and not r.needs_confirmation and r.reading_id is None
    assert "150,500 m³" in r.field_errors["value"] and "27.02.2026" in r.field_errors["value"]
    assert count(session) == before


def test_floor_is_per_meter_a_new_meter_starts_again(session):
    c, sp, old = f.household(session, removed_on=date(2026, 3, 1))
    f.reading(session, old, c, date(2026, 2, 27), 150_500)
    new = f.meter(session, sp, installed_on=date(2026, 3, 1))
    r = submit_reading(session, c.id, new.id, "3", "2026-04-01", today=TODAY)
    assert r.ok, r.field_errors


def test_to_verify_and_rejected_readings_are_not_the_floor(session):
    c, _sp, m = f.household(session)
    f.reading(session, m, c, date(2026, 1, 1), 100_000)
    f.reading(session, m, c, date(2026, 2, 1), 900_000, status=ReadingStatus.TO_VERIFY)
    f.reading(session, m, c, date(2026, 2, 2), 800_000, status=ReadingStatus.REJECTED)
    r = submit_reading(session, c.id, m.id, "101", "2026-03-01", today=TODAY)
    assert r.ok and r.consumption_l == 1000


def test_future_date_refused(session):
    c, _sp, m = f.household(session)
    r = submit_reading(session, c.id, m.id, "10", TODAY + timedelta(days=1), today=TODAY)
    assert not r.ok and r.field_errors == {"read_on": "Data odczytu nie może być z przyszłości."}
    assert count(session) == 0


def test_date_before_last_reading_refused(session):
    c, _sp, m = f.household(session)
    f.reading(session, m, c, date(2026, 3, 15), 1000)
    r = submit_reading(session, c.id, m.id, "2", "14.03.2026", today=TODAY)
    assert not r.ok and "15.03.2026" in r.field_errors["read_on"]
    assert count(session) == 1


def test_date_before_installation_refused(session):
    c, _sp, m = f.household(session, installed_on=date(2026, 3, 1))
    r = submit_reading(session, c.id, m.id, "2", "28.02.2026", today=TODAY)
    assert "01.03.2026" in r.field_errors["read_on"] and count(session) == 0


def test_bad_date_and_bad_value_reported_together(session):
    c, _sp, m = f.household(session)
    r = submit_reading(session, c.id, m.id, "12,3456", "31.02.2026", today=TODAY)
    assert set(r.field_errors) == {"value", "read_on"}
    r = submit_reading(session, c.id, m.id, "  ", {"evil": 1}, today=TODAY)
    assert r.field_errors["value"] == "Podaj stan wodomierza."
    assert count(session) == 0


def test_too_many_digits_refused(session):
    c, _sp, m = f.household(session, digits=5)
    r = submit_reading(session, c.id, m.id, "100 000", "2026-04-01", today=TODAY)
    assert not r.ok and "99 999,999 m³" in r.field_errors["value"].replace("\u00a0", " ")
    assert count(session) == 0
    assert submit_reading(session, c.id, m.id, "99 999,999", "2026-04-01", today=TODAY).ok


@pytest.mark.parametrize("meter_id", ["other", "removed", "future", 999_999_999, "abc", True, -1, 2**70, "[1]", 0])
def test_meter_not_found(session, meter_id):
    c, sp, _m = f.household(session)
    other, _, other_meter = f.household(session)
    f.reading(session, other_meter, other, date(2026, 1, 1), 50_000)
    removed = f.meter(session, sp, removed_on=date(2026, 4, 1))
    future = f.meter(session, sp, installed_on=date(2026, 5, 1))
    mid = {"other": other_meter.id, "removed": removed.id, "future": future.id}.get(meter_id, meter_id)
    before = count(session)
    r = submit_reading(session, c.id, mid, "60", "2026-04-01", today=TODAY)
    assert not r.ok and r.field_errors == {"meter": "Nie znaleziono wodomierza."}
    assert r.message == "Nie znaleziono wodomierza."
    assert "50" not in r.message and count(session) == before  # nothing about the other meter leaks


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_one_meter_customer_need_not_name_the_meter(session, blank):
    """Issue 12: with one meter installed, a reading without a meter id is for that meter;
    removed and not yet installed meters do not count, another customer's never does."""
    c, sp, m = f.household(session)
    f.meter(session, sp, removed_on=date(2026, 4, 1))
    f.meter(session, sp, installed_on=date(2026, 5, 1))
    f.household(session)
    r = submit_reading(session, c.id, blank, "60", "2026-04-01", today=TODAY)
    assert r.ok, r.field_errors
    assert (r.meter_id, r.meter_serial, r.garden_meter) == (m.id, m.serial, False)
    saved = session.exec(select(MeterReading)).all()
    assert [(x.meter_id, x.customer_id, x.value_l) for x in saved] == [(m.id, c.id, 60_000)]


@pytest.mark.parametrize("blank", [None, ""])
def test_several_meters_customer_must_choose(session, blank):
    c, sp, m = f.household(session)
    garden = f.meter(session, sp, kind=MeterKind.GARDEN)
    r = submit_reading(session, c.id, blank, "60", "2026-04-01", today=TODAY)
    assert not r.ok and r.field_errors == {"meter": "Wybierz wodomierz, którego dotyczy odczyt."}
    assert count(session) == 0
    for chosen in (m, garden):
        r = submit_reading(session, c.id, str(chosen.id), "60", "2026-04-01", today=TODAY)
        assert r.ok and r.meter_id == chosen.id and r.garden_meter == (chosen is garden)
    assert count(session) == 2


def test_customer_without_meters_gets_not_found(session):
    c = f.customer(session)
    r = submit_reading(session, c.id, "", "60", "2026-04-01", today=TODAY)
    assert r.field_errors == {"meter": "Nie znaleziono wodomierza."} and count(session) == 0


def _history_100_litres_a_day(session):
    c, _sp, m = f.household(session)
    f.reading(session, m, c, date(2026, 1, 1), 100_000)
    f.reading(session, m, c, date(2026, 3, 2), 106_000)  # 6000 l in 60 days
    return c, m


def test_three_times_average_is_still_normal(session):
    c, m = _history_100_litres_a_day(session)
    r = submit_reading(session, c.id, m.id, "115", "2026-04-01", today=TODAY)  # 9000 l in 30 days
    assert r.ok and r.status == "accepted" and r.consumption_l == 9000 and r.days == 30


def test_unusual_reading_asks_confirmation_then_goes_to_verification(session):
    c, m = _history_100_litres_a_day(session)
    before = count(session)
    r = submit_reading(session, c.id, m.id, "115,001", "2026-04-01", today=TODAY)
    assert not r.ok and r.needs_confirmation and r.reading_id is None
    assert "trzykrotnie" in r.message and "potwierdź" in r.message
    assert count(session) == before
    r = submit_reading(session, c.id, m.id, "115,001", "2026-04-01", confirm_unusual="false", today=TODAY)
    assert r.needs_confirmation and count(session) == before

    r = submit_reading(session, c.id, m.id, "115,001", "2026-04-01", confirm_unusual=True, today=TODAY)
    assert r.ok and r.status == "to_verify" and r.status_label == "do weryfikacji"
    assert session.get(MeterReading, r.reading_id).status == ReadingStatus.TO_VERIFY
    assert "weryfikacji" in r.message


def test_ratio_needs_two_earlier_readings(session):
    c, _sp, m = f.household(session)
    f.reading(session, m, c, date(2026, 3, 2), 100_000)
    r = submit_reading(session, c.id, m.id, "500", "2026-04-01", today=TODAY)
    assert r.ok and r.status == "accepted"


def test_ratio_uses_only_own_history(session):
    """A previous owner's heavy use does not make the new owner's use look normal."""
    c, sp, m = f.household(session)
    previous = f.customer(session, "Poprzedni Właściciel")
    f.reading(session, m, previous, date(2025, 1, 1), 0)
    f.reading(session, m, previous, date(2025, 1, 11), 100_000)  # 10 m³ a day
    f.reading(session, m, c, date(2026, 1, 1), 200_000)
    f.reading(session, m, c, date(2026, 3, 2), 206_000)  # own: 100 l a day
    r = submit_reading(session, c.id, m.id, "230", "2026-04-01", today=TODAY)
    assert r.needs_confirmation


def test_zero_consumption_for_sixty_days_asks_confirmation(session):
    c, _sp, m = f.household(session)
    f.reading(session, m, c, date(2026, 1, 1), 100_000)
    r = submit_reading(session, c.id, m.id, "100", "2026-03-01", today=TODAY)  # 59 days
    assert r.ok and r.status == "accepted"
    c2, _sp2, m2 = f.household(session)
    f.reading(session, m2, c2, date(2026, 1, 1), 100_000)
    r = submit_reading(session, c2.id, m2.id, "100", "2026-03-02", today=TODAY)  # 60 days
    assert r.needs_confirmation and "60 dni" in r.message and "01.01.2026" in r.message
    r = submit_reading(session, c2.id, m2.id, "100", "2026-03-02", confirm_unusual=True, today=TODAY)
    assert r.ok and r.status == "to_verify"


def test_outside_window_marked_for_next_period(session):
    c, _sp, m = f.household(session)
    r = submit_reading(session, c.id, m.id, "10", "2026-04-01", today=TODAY)
    assert r.ok and r.for_next_period and not r.window.open
    assert session.get(MeterReading, r.reading_id).for_next_period is True
    assert "następnym okresie" in r.message and "24.04–30.04.2026" in r.message


def test_inside_window_counts_for_this_period(session):
    c, _sp, m = f.household(session)
    r = submit_reading(session, c.id, m.id, "10", "2026-04-27", today=IN_WINDOW)
    assert r.ok and not r.for_next_period and r.window.open
    assert session.get(MeterReading, r.reading_id).for_next_period is False


def test_submission_writes_audit_entry(session):
    c, _sp, m = f.household(session)
    r = submit_reading(session, c.id, m.id, "10", today=TODAY, account_id=77, client_ip="10.0.0.5")
    entry = session.exec(select(AuditLog).where(AuditLog.entity_id == r.reading_id)).one()
    assert (entry.actor_kind, entry.actor_id, entry.action, entry.customer_id, entry.client_ip) == (
        "customer", 77, "reading.submit", c.id, "10.0.0.5")
    assert json.loads(entry.after_json)["value_l"] == 10_000


# --- estimate --------------------------------------------------------------------------

def test_estimate_exact_grosze(session):
    """Read on the period's last day: the estimate is exactly what was measured."""
    c = f.customer(session)
    t = f.tariff(session, water=523, sewage=871, subscription=1250, vat=8)
    m = f.meter(session, f.service_point(session, c, tariff_row=t))
    f.reading(session, m, c, date(2026, 2, 27), 100_000)  # the period's start reading
    r = submit_reading(session, c.id, m.id, "112,345", "2026-04-30", today=PERIOD_END)
    e = r.estimate
    assert e.period_text == "01.03.2026–30.04.2026" and e.consumption_l == e.sewage_l == 12_345
    # water 12.345 m³ × 5.23 = 64.56435 -> 64.56; sewage × 8.71 = 107.52495 -> 107.52
    # VAT 8 %: 5.1648 -> 5.16, 8.6016 -> 8.60, 1.00 -> 14.76 in total
    assert (e.water_net_gr, e.sewage_net_gr, e.subscription_net_gr) == (6456, 10752, 1250)
    assert (e.net_gr, e.vat_gr, e.gross_gr, e.vat_rate) == (18458, 1476, 19934, 8)
    assert e.gross_text == money(19934) and "199,34" in e.gross_text
    assert r.consumption_l == 12_345 and r.days == 62


def test_estimate_garden_sub_meter_only_lowers_sewage_and_rounds_half_up(session):
    """Issue 9: the garden meter's water has passed the main meter: water is the main
    meter's 20,5 m³ (not 20,5 + 10,5), sewage 20,5 − 10,5 = 10 m³."""
    c = f.customer(session)
    t = f.tariff(session, water=501, sewage=999, subscription=625, vat=8)
    sp = f.service_point(session, c, tariff_row=t)
    main, garden = f.meter(session, sp), f.meter(session, sp, kind=MeterKind.GARDEN)
    f.reading(session, main, c, date(2026, 2, 28), 100_000)
    f.reading(session, main, c, date(2026, 4, 30), 120_500)
    f.reading(session, garden, c, date(2026, 2, 28), 0)
    r = submit_reading(session, c.id, garden.id, "10,5", "2026-04-30", today=PERIOD_END)
    e = r.estimate
    assert (e.consumption_l, e.sewage_l) == (20_500, 10_000) and r.no_sewage_note
    # water 20.5 m³ × 5.01 = 102.705 -> 102.71 (half up); sewage 10 m³ × 9.99 = 99.90
    # VAT 8.2168 -> 8.22, 7.992 -> 7.99, 0.50: 16.71
    assert (e.water_net_gr, e.sewage_net_gr, e.subscription_net_gr, e.vat_gr, e.net_gr, e.gross_gr) == (
        10271, 9990, 625, 1671, 20886, 22557)


def test_estimate_without_sewage_at_service_point_uses_general_tariff(session):
    c = f.customer(session)
    f.tariff(session, water=400, sewage=900, subscription=0, vat=8, valid_from=date(2020, 1, 1), name="stara")
    f.tariff(session, water=500, sewage=900, subscription=0, vat=8, valid_from=date(2026, 1, 1), name="nowa")
    m = f.meter(session, f.service_point(session, c, has_sewage=False))
    f.reading(session, m, c, date(2026, 3, 1), 0)
    e = submit_reading(session, c.id, m.id, "2", "2026-04-30", today=PERIOD_END).estimate
    assert (e.tariff_name, e.water_net_gr, e.sewage_net_gr, e.vat_gr, e.gross_gr) == ("nowa", 1000, 0, 80, 1080)


@pytest.mark.parametrize("kind, has_sewage, sewage_line, note", [
    (MeterKind.MAIN, True, True, False),  # the ordinary case: water and sewage
    # the service point's invoice: sewage = main − garden; the note says why it is lower
    (MeterKind.GARDEN, True, True, True),
    (MeterKind.MAIN, False, False, False),  # a point without sewage bills none, nothing to explain
    (MeterKind.GARDEN, False, False, False),  # ... not even for its garden meter
])
def test_the_no_sewage_note_follows_the_service_point(session, kind, has_sewage, sewage_line, note):
    """The service decides both the sewage line of the estimate and the note under it
    from the meter's service point; the page only shows them."""
    c = f.customer(session)
    t = f.tariff(session, water=500, sewage=900, subscription=0, vat=8)
    sp = f.service_point(session, c, has_sewage=has_sewage, tariff_row=t)
    main = f.meter(session, sp)
    f.reading(session, main, c, date(2026, 3, 1), 0)
    m = main
    if kind == MeterKind.GARDEN:
        f.reading(session, main, c, date(2026, 4, 1), 5_000)
        m = f.meter(session, sp, kind=kind)
        f.reading(session, m, c, date(2026, 3, 1), 0)
    r = submit_reading(session, c.id, m.id, "2", "2026-04-01", today=TODAY)
    assert r.ok, r.field_errors
    assert (r.estimate.sewage_net_gr > 0, r.no_sewage_note) == (sewage_line, note)


# --- window ----------------------------------------------------------------------------

def test_window_default_last_seven_days_of_even_months():
    w = reading_window(date(2026, 11, 15))
    assert (w.open, w.opens_on, w.closes_on) == (False, date(2026, 12, 25), date(2026, 12, 31))
    assert w.message == "Najbliższe okno odczytów: 25.12–31.12.2026."
    w = reading_window(date(2026, 12, 25))
    assert w.open and w.message == "Okno odczytów jest otwarte do 31.12.2026."
    assert not reading_window(date(2027, 1, 1)).open
    assert reading_window(date(2026, 2, 22)).open and not reading_window(date(2026, 2, 21)).open


def test_window_configurable_and_may_span_new_year(monkeypatch):
    monkeypatch.setenv("IBOK_READING_WINDOW_START_DAY", "28")
    monkeypatch.setenv("IBOK_READING_WINDOW_DAYS", "7")
    w = reading_window(date(2027, 1, 3))
    assert w.open and (w.opens_on, w.closes_on) == (date(2026, 12, 28), date(2027, 1, 3))
    w = reading_window(date(2026, 12, 1))
    assert w.message == "Najbliższe okno odczytów: 28.12.2026–03.01.2027."
    monkeypatch.setenv("IBOK_READING_PERIOD_MONTHS", "1")
    assert reading_window(date(2026, 11, 29)).open


def test_window_bad_configuration_is_refused(monkeypatch):
    monkeypatch.setenv("IBOK_READING_WINDOW_DAYS", "0")
    with pytest.raises(ConfigError):
        reading_window(date(2026, 1, 1))


# --- meters, history, chart, CSV -------------------------------------------------------

def test_customer_meters(session):
    c = f.customer(session)
    sp = f.service_point(session, c, street="ul. Lipowa 3")
    main = f.meter(session, sp, serial="A-1", certification_expires_on=TODAY + timedelta(days=60))
    garden = f.meter(session, sp, kind=MeterKind.GARDEN, serial="B-1",
                     certification_expires_on=TODAY + timedelta(days=61))
    f.meter(session, sp, serial="OLD", removed_on=date(2026, 1, 1))
    f.reading(session, main, c, date(2026, 1, 1), 10_000)
    f.reading(session, main, c, date(2026, 3, 1), 12_500)
    f.reading(session, main, c, date(2026, 3, 5), 99_000, status=ReadingStatus.TO_VERIFY)
    other, _, _ = f.household(session)

    views = customer_meters(session, c.id, today=TODAY)
    assert [v.serial for v in views] == ["A-1", "B-1"]
    a, b = views
    assert (a.kind_label, b.kind_label) == ("główny", "ogrodowy")
    assert a.address == "ul. Lipowa 3, 67-120 Kożuchów"
    assert (a.last_reading_l, a.last_reading_on, a.last_reading_on_text) == (12_500, date(2026, 3, 1), "01.03.2026")
    assert a.last_reading_text == "12,500 m³"
    assert (a.certification_expiring, b.certification_expiring) == (True, False)
    assert b.last_reading_l is None and b.last_reading_text == ""
    assert garden.id == b.meter_id
    others = customer_meters(session, other.id, today=TODAY)
    assert len(others) == 1 and others[0].meter_id not in {main.id, garden.id}


def _history(session):
    c, sp, m = f.household(session, serial="=HYPERLINK(1)")
    g = f.meter(session, sp, kind=MeterKind.GARDEN, serial="G-7")
    f.reading(session, m, c, date(2025, 12, 28), 100_000, source=ReadingSource.INSPECTOR)
    f.reading(session, m, c, date(2026, 2, 25), 106_500)
    f.reading(session, m, c, date(2026, 3, 10), 990_000, status=ReadingStatus.REJECTED)
    f.reading(session, m, c, date(2026, 4, 27), 110_250, source=ReadingSource.ESTIMATE)
    f.reading(session, g, c, date(2025, 12, 28), 1_000)
    f.reading(session, g, c, date(2026, 2, 26), 1_500)
    return c, m, g


def test_reading_history_newest_first_with_labels(session):
    c, m, _g = _history(session)
    other, _, other_meter = f.household(session)
    f.reading(session, other_meter, other, date(2026, 1, 1), 5)

    rows = reading_history(session, c.id, meter_id=m.id)
    assert [r.read_on for r in rows] == [date(2026, 4, 27), date(2026, 3, 10), date(2026, 2, 25), date(2025, 12, 28)]
    assert [r.consumption_l for r in rows] == [3_750, None, 6_500, None]
    assert [r.source_label for r in rows] == ["szacowany", "klient", "klient", "inkasent"]
    assert [r.status_label for r in rows] == ["przyjęty", "odrzucony", "przyjęty", "przyjęty"]
    assert rows[0].value_text == "110,250 m³" and rows[0].read_on_text == "27.04.2026"
    assert rows[0].meter_serial == "=HYPERLINK(1)"
    assert len(reading_history(session, c.id)) == 6
    assert len(reading_history(session, c.id, limit=2)) == 2
    assert reading_history(session, c.id, meter_id=other_meter.id) == []  # not the caller's
    assert reading_history(session, c.id, meter_id="x") == []
    assert [r.value_l for r in reading_history(session, other.id)] == [5]


def test_consumption_series(session):
    """Water (the main meter) and the garden sub-meter are two series, never added up:
    the garden's 0,5 m³ is already in the main meter's 6,5 m³ (issue 9)."""
    c, m, g = _history(session)
    assert [(p.label, p.consumption_l, p.consumption_m3, p.garden_l, p.garden_m3)
            for p in consumption_series(session, c.id)] == [
        ("02.2026", 6_500, 6.5, 500, 0.5), ("04.2026", 3_750, 3.75, 0, 0.0)]
    assert [(p.consumption_l, p.garden_l) for p in consumption_series(session, c.id, meter_id=g.id)] == [(0, 500)]
    # only the month still running is marked so: the chart draws it lighter, "w toku"
    assert [p.running for p in consumption_series(session, c.id, today=date(2026, 4, 30))] == [False, True]
    assert [p.running for p in consumption_series(session, c.id, today=date(2026, 5, 1))] == [False, False]
    other, _, _ = f.household(session)
    assert consumption_series(session, other.id) == []


def test_history_csv(session):
    c, _m, _g = _history(session)
    text = history_csv(session, c.id)
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = text.lstrip("\ufeff").split("\r\n")
    assert lines[0] == "Data odczytu;Numer wodomierza;Rodzaj wodomierza;Stan [m³];Zużycie [m³];Źródło;Status"
    assert lines[1] == "27.04.2026;'=HYPERLINK(1);główny;110,250;3,750;szacowany;przyjęty"
    assert "25.02.2026;'=HYPERLINK(1);główny;106,500;6,500;klient;przyjęty" in lines
    assert "28.12.2025;G-7;ogrodowy;1,000;;klient;przyjęty" in lines
    assert len([line for line in lines if line]) == 7
    other, _, _ = f.household(session)
    assert history_csv(session, other.id).count("\r\n") == 1  # headers only
