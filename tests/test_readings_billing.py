"""Issue 9, correctness first: a garden sub-meter's water is billed once, the estimate
covers the whole billing period, and a second reading on the same day is only a
correction. Amounts are computed by hand in the comments."""
from __future__ import annotations

import json
import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from ibok_app.demo import context as demo_context
from ibok_app.demo import service_points
from ibok_app.models import AuditLog, MeterKind, MeterReading, ReadingStatus
from ibok_app.services.readings.billing_volumes import billed_volumes
from ibok_app.services.readings.rules import HistoryPoint, estimate_lines, period_use, remaining_days_pl
from ibok_app.services.readings.submission import submit_reading
from ibok_app.services.readings.window import BillingPeriod, billing_period, period_of_reading
from tests.factories import billing as fb
from tests.factories import readings as f

M3 = 1000  # litres


# --- the one rule ------------------------------------------------------------------------

@pytest.mark.parametrize("main, garden, has_sewage, water, sewage", [
    (12_000 * M3, 3_000 * M3, True, 12_000 * M3, 9_000 * M3),  # garden water only leaves the sewage
    (12_000 * M3, 0, True, 12_000 * M3, 12_000 * M3),  # no garden meter: sewage = water
    (2_000 * M3, 3_000 * M3, True, 2_000 * M3, 0),  # garden larger than main: sewage never below 0
    (12_000 * M3, 3_000 * M3, False, 12_000 * M3, 0),  # no sewage at the point: none billed
    (0, 0, True, 0, 0),
])
def test_billed_volumes(main, garden, has_sewage, water, sewage):
    assert billed_volumes(main, garden, has_sewage) == (water, sewage)


@given(st.integers(0, 10**9), st.integers(0, 10**9), st.booleans())
def test_billed_volumes_never_bill_more_than_the_main_meter(main, garden, has_sewage):
    water, sewage = billed_volumes(main, garden, has_sewage)
    assert water == main and 0 <= sewage <= main
    assert sewage == (max(0, main - garden) if has_sewage else 0)


def test_invoice_lines_of_main_12000_garden_3000():
    """12 000 m³ × 6,12 zł = 73 440,00 zł; 9 000 m³ × 9,85 zł = 88 650,00 zł; 4,50 zł
    subscription; VAT 8 %: 5 875,20 + 7 092,00 + 0,36 = 12 967,56 zł."""
    water, sewage = billed_volumes(12_000 * M3, 3_000 * M3, True)
    lines = estimate_lines(water, sewage, water_price_gr=612, sewage_price_gr=985, subscription_gr=450, vat_rate=8)
    assert (lines.water_net_gr, lines.sewage_net_gr, lines.subscription_net_gr) == (7_344_000, 8_865_000, 450)
    assert (lines.vat_gr, lines.net_gr, lines.gross_gr) == (1_296_756, 16_209_450, 17_506_206)


# --- the demo's invoices -----------------------------------------------------------------

def _demo_invoices(has_sewage: bool, main_l: int, garden_l: int) -> list[list[dict]]:
    """The demo's invoice lines for a service point with a garden sub-meter that measured
    the same every period."""
    ctx = demo_context.Context(today=date(2026, 5, 15), seed=1, seller_nip="9250003346",
                               tariffs=[demo_context.TariffInfo(1, date(2020, 1, 1), None, 612, 985, 450)],
                               next_ids={}, counters={})
    batch = demo_context.Batch()
    prop = service_points.Property(
        customer_id=1, code="PP-1-1", street="ul. Polna 1", has_sewage=has_sewage, monthly_m3=6.0,
        signed=date(2015, 1, 1), ends=ctx.period_ends(0), garden=True, cert_soon=False, correction=False,
        corr_address=False)
    usage = {service_points.MAIN: [main_l] * demo_context.PERIODS,
             service_points.GARDEN: [garden_l] * demo_context.PERIODS}
    invoices = service_points._invoices(ctx, batch, random.Random(1), prop, 1, usage)
    assert len(invoices) == demo_context.PERIODS
    return [[(x["description"], x["quantity_milli"], x["net_gr"], x["vat_gr"]) for x in batch.rows["document_line"]
             if x["document_id"] == inv.row["id"]] for inv in invoices]


def test_demo_invoice_bills_the_main_meter_as_water_and_main_less_garden_as_sewage():
    # main 12 m³, garden 3 m³: water 12 m³ × 6,12 = 73,44 zł, sewage 9 m³ × 9,85 = 88,65 zł
    for lines in _demo_invoices(True, 12 * M3, 3 * M3):
        assert lines == [("Dostarczanie wody", 12 * M3, 7344, 588), ("Odprowadzanie ścieków", 9 * M3, 8865, 709),
                         ("Opłata abonamentowa", 1000, 450, 36)]


def test_demo_invoice_garden_larger_than_main_bills_no_sewage():
    # a period with an estimated main reading: main 2 m³, garden 3 m³ -> sewage 0, not −1 m³
    for lines in _demo_invoices(True, 2 * M3, 3 * M3):
        assert lines[:2] == [("Dostarczanie wody", 2 * M3, 1224, 98), ("Odprowadzanie ścieków", 0, 0, 0)]


def test_demo_invoice_without_sewage_has_no_sewage_line():
    for lines in _demo_invoices(False, 12 * M3, 3 * M3):
        assert lines == [("Dostarczanie wody", 12 * M3, 7344, 588), ("Opłata abonamentowa", 1000, 450, 36)]


# --- billing periods ---------------------------------------------------------------------

def test_billing_periods_follow_the_configured_length(monkeypatch):
    assert billing_period(date(2026, 11, 15)) == BillingPeriod(date(2026, 11, 1), date(2026, 12, 31))
    assert billing_period(date(2026, 11, 15)).text == "01.11.2026–31.12.2026"
    assert billing_period(date(2028, 1, 1)) == BillingPeriod(date(2028, 1, 1), date(2028, 2, 29))
    assert billing_period(date(2026, 4, 30)).days == 61
    monkeypatch.setenv("IBOK_READING_PERIOD_MONTHS", "3")
    assert billing_period(date(2026, 5, 2)) == BillingPeriod(date(2026, 4, 1), date(2026, 6, 30))


def test_a_reading_after_the_period_end_but_in_its_window_closes_that_period(monkeypatch):
    monkeypatch.setenv("IBOK_READING_WINDOW_START_DAY", "28")
    monkeypatch.setenv("IBOK_READING_WINDOW_DAYS", "7")  # 28.12.2026–03.01.2027
    assert period_of_reading(date(2027, 1, 2), date(2027, 1, 2)).text == "01.11.2026–31.12.2026"
    assert period_of_reading(date(2027, 1, 4), date(2027, 1, 4)).text == "01.01.2027–28.02.2027"
    assert period_of_reading(date(2026, 12, 29), date(2026, 12, 29)).text == "01.11.2026–31.12.2026"


# --- one meter over a period (pure) ------------------------------------------------------

P = BillingPeriod(date(2026, 11, 1), date(2026, 12, 31))


def test_period_use_measures_from_the_start_reading_and_adds_the_yearly_average():
    history = [HistoryPoint(date(2025, 12, 9), 0), HistoryPoint(date(2026, 10, 29), 98_000)]
    newest = HistoryPoint(date(2026, 12, 9), 109_500)  # 365 days after the first: 300 l a day
    use = period_use(history + [newest], P.starts_on, P.ends_on, newest)
    # 11,5 m³ since 29.10, then 22 days × 300 l
    assert (use.basis, use.measured_l, use.remaining_days, use.daily_l) == (history[1], 11_500, 22, 300)
    assert use.litres == 11_500 + 6_600 and use.yearly_average


def test_period_use_without_a_year_of_history_uses_the_pace_since_the_start_reading():
    history = [HistoryPoint(date(2026, 10, 31), 100_000)]
    newest = HistoryPoint(date(2026, 11, 30), 103_000)  # 100 l a day for 30 days
    use = period_use(history, P.starts_on, P.ends_on, newest)
    assert (use.measured_l, use.remaining_days, use.daily_l, use.litres) == (3_000, 31, 100, 6_100)
    assert not use.yearly_average


def test_period_use_of_a_meter_not_read_in_the_period_is_its_average_for_every_day():
    history = [HistoryPoint(date(2026, 8, 31), 0), HistoryPoint(date(2026, 10, 31), 6_100)]  # 100 l a day
    use = period_use(history, P.starts_on, P.ends_on)
    assert (use.basis, use.measured_l, use.remaining_days, use.litres) == (history[1], 0, 61, 6_100)


def test_a_same_day_reading_is_no_basis():
    history = [HistoryPoint(date(2026, 11, 15), 100_000)]
    use = period_use(history, P.starts_on, P.ends_on, HistoryPoint(date(2026, 11, 15), 100_600))
    assert use.basis == use.last  # the caller gives no estimate then


def test_remaining_days_in_polish():
    assert [remaining_days_pl(n) for n in (1, 2, 5, 22)] == [
        "pozostały 1 dzień", "pozostałe 2 dni", "pozostałe 5 dni", "pozostałe 22 dni"]


# --- the estimate after a reading --------------------------------------------------------

TODAY = date(2026, 12, 9)  # 22 days before the end of the period 01.11.–31.12.2026


def _point(session, *, garden: bool = False, has_sewage: bool = True):
    c = f.customer(session)
    t = f.tariff(session, water=500, sewage=900, subscription=1000, vat=8)
    sp = f.service_point(session, c, tariff_row=t, has_sewage=has_sewage)
    main = f.meter(session, sp)
    f.reading(session, main, c, date(2025, 12, 9), 0)
    f.reading(session, main, c, date(2026, 10, 29), 98_000)  # the period's start reading
    g = None
    if garden:
        g = f.meter(session, sp, kind=MeterKind.GARDEN)
        f.reading(session, g, c, date(2025, 12, 9), 0)
        f.reading(session, g, c, date(2026, 10, 29), 32_500)
    return c, sp, main, g


def test_estimate_covers_the_whole_period_at_the_customers_own_average(session):
    """Water 11,5 m³ measured since 29.10 + 22 days × 0,300 m³ = 18,1 m³; sewage the same.
    18,1 × 5,00 = 90,50 zł; 18,1 × 9,00 = 162,90 zł; 10,00 zł; VAT 7,24 + 13,03 + 0,80."""
    c, _sp, main, _ = _point(session)
    r = submit_reading(session, c.id, main.id, "109,5", "2026-12-09", today=TODAY)
    assert r.ok and r.status == "accepted" and r.consumption_l == 11_500 and r.days == 41
    e = r.estimate
    assert (e.period_text, e.consumption_l, e.sewage_l) == ("01.11.2026–31.12.2026", 18_100, 18_100)
    assert (e.water_net_gr, e.sewage_net_gr, e.subscription_net_gr) == (9050, 16290, 1000)
    assert (e.vat_gr, e.net_gr, e.gross_gr) == (2107, 26340, 28447)
    assert e.basis_text == (
        "Szacunek za okres 01.11.2026–31.12.2026: woda 18,100 m³, ścieki 18,100 m³. "
        "Zużycie od odczytu z dnia 29.10.2026 do odczytu z dnia 09.12.2026, a na pozostałe 22 dni okresu "
        "— według Twojego średniego zużycia z ostatniego roku (0,300 m³ na dobę).")
    assert (e.last_year_period_text, e.last_year_gross_gr, e.last_year_text) == (
        "01.11.2025–31.12.2025", None, "brak danych")


def test_estimate_of_a_period_that_is_over_is_what_was_measured(session):
    c, _sp, main, _ = _point(session)
    e = submit_reading(session, c.id, main.id, "112", "2026-12-31", today=date(2026, 12, 31)).estimate
    assert e.consumption_l == 14_000 and "pozostał" not in e.basis_text


def test_estimate_with_one_day_left_says_dzien(session):
    c, _sp, main, _ = _point(session)
    e = submit_reading(session, c.id, main.id, "112", "2026-12-30", today=date(2026, 12, 30)).estimate
    assert "a na pozostały 1 dzień okresu" in e.basis_text


def test_estimate_compares_with_the_same_period_last_year(session):
    c, sp, main, _ = _point(session)
    invoice = fb.document(session, c, gross_gr=24_530, service_point_id=sp.id, issue=date(2026, 1, 5),
                          due=date(2026, 1, 19), period_from=date(2025, 11, 1), period_to=date(2025, 12, 31))
    fb.correction(session, invoice, gross_gr=-1_000, service_point_id=sp.id, issue=date(2026, 1, 12),
                  due=date(2026, 1, 26))
    fb.document(session, c, gross_gr=99_999, service_point_id=sp.id, issue=date(2025, 11, 5),  # the one before
                due=date(2025, 11, 19), period_from=date(2025, 9, 1), period_to=date(2025, 10, 31))
    other = f.service_point(session, c)  # another point's invoice is not this one's
    fb.document(session, c, gross_gr=77_777, service_point_id=other.id, issue=date(2026, 1, 5),
                due=date(2026, 1, 19), period_from=date(2025, 11, 1), period_to=date(2025, 12, 31))
    e = submit_reading(session, c.id, main.id, "109,5", "2026-12-09", today=TODAY).estimate
    assert (e.last_year_period_text, e.last_year_gross_gr, e.last_year_text) == (
        "01.11.2025–31.12.2025", 23_530, "235,30\u00a0zł")


def test_estimate_garden_sub_meter_is_water_once_and_only_lowers_sewage(session):
    """Main 18,1 m³ (as above); garden 4 m³ since 29.10 + 22 days × 0,100 m³ = 6,2 m³:
    water 18,1 m³ (not 24,3), sewage 18,1 − 6,2 = 11,9 m³ (× 9,00 zł = 107,10 zł)."""
    c, _sp, main, garden = _point(session, garden=True)
    f.reading(session, main, c, date(2026, 12, 9), 109_500)
    r = submit_reading(session, c.id, garden.id, "36,5", "2026-12-09", today=TODAY)
    e = r.estimate
    assert r.ok and r.status == "accepted" and r.no_sewage_note
    assert (e.consumption_l, e.sewage_l) == (18_100, 11_900)
    assert (e.water_net_gr, e.sewage_net_gr) == (9050, 10710)


def test_estimate_garden_larger_than_main_bills_no_sewage(session):
    c, _sp, main, garden = _point(session, garden=True)
    f.reading(session, main, c, date(2026, 12, 9), 109_500)
    e = submit_reading(session, c.id, garden.id, "70", "2026-12-31", today=date(2026, 12, 31),
                       confirm_unusual=True).estimate
    # main: 11,5 m³ + 22 days × 0,3 = 18,1 m³; garden 33,5 m³ measured: sewage 0
    assert (e.consumption_l, e.sewage_l, e.sewage_net_gr) == (18_100, 0, 0)


def test_no_estimate_without_a_main_meters_reading(session):
    c = f.customer(session)
    f.tariff(session)
    sp = f.service_point(session, c)
    f.meter(session, sp)  # never read
    garden = f.meter(session, sp, kind=MeterKind.GARDEN)
    f.reading(session, garden, c, date(2026, 10, 29), 0)
    r = submit_reading(session, c.id, garden.id, "2", "2026-12-09", today=TODAY)
    assert r.ok and r.estimate is None


# --- a second reading on the same day ----------------------------------------------------

def _count(session) -> int:
    return session.exec(select(func.count()).select_from(MeterReading)).one()


def test_a_same_day_reading_is_only_a_confirmed_correction_and_no_basis_for_an_estimate(session):
    c, _sp, main, _ = _point(session)
    first = submit_reading(session, c.id, main.id, "100", "2026-11-15", today=date(2026, 11, 15))
    assert first.ok and first.estimate is not None
    before = _count(session)

    r = submit_reading(session, c.id, main.id, "100,6", "2026-11-15", today=date(2026, 11, 15))
    assert not r.ok and r.needs_confirmation and r.correction and _count(session) == before
    assert r.message == (
        "Dla tego wodomierza jest już odczyt z dnia 15.11.2026 (stan 100,000 m³). Drugi odczyt z tego samego "
        "dnia może być tylko korektą tamtego: jeśli chcesz go poprawić, potwierdź nowy stan — zostanie "
        "zapisany jako korekta i przekazany do weryfikacji.")
    assert "0 dni" not in r.message and r.days is None and r.consumption_text == ""

    r = submit_reading(session, c.id, main.id, "100,6", "2026-11-15", confirm_unusual="true",
                       today=date(2026, 11, 15))
    assert r.needs_confirmation and _count(session) == before  # only True is consent

    r = submit_reading(session, c.id, main.id, "100,6", "2026-11-15", confirm_unusual=True,
                       today=date(2026, 11, 15), account_id=5)
    assert r.ok and r.correction and r.status == "to_verify" and r.corrects_on_text == "15.11.2026"
    assert r.estimate is None and r.consumption_l is None and r.days is None
    assert "korekta odczytu z dnia 15.11.2026" in r.message and "0 dni" not in r.message
    saved = session.get(MeterReading, r.reading_id)
    assert (saved.value_l, saved.status) == (100_600, ReadingStatus.TO_VERIFY)
    entry = session.exec(select(AuditLog).where(AuditLog.entity_id == r.reading_id)).one()
    assert json.loads(entry.after_json)["corrects_reading_id"] == first.reading_id

    # the next day's reading measures from the accepted one, in 1 day
    r = submit_reading(session, c.id, main.id, "100,8", "2026-11-16", today=date(2026, 11, 16))
    assert r.ok and r.consumption_l == 800 and r.days == 1 and "w 1 dzień" in r.message


def test_a_reading_dated_the_day_of_the_last_accepted_one_is_a_correction_whenever_reported(session):
    c, _sp, main, _ = _point(session)
    r = submit_reading(session, c.id, main.id, "99", "2026-10-29", today=TODAY)
    assert r.needs_confirmation and r.correction and "29.10.2026" in r.message
