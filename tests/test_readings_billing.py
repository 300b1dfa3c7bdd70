"""Issue 9, correctness first: a garden sub-meter's water is billed once. Amounts are
computed by hand in the comments."""
from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ibok_app.demo import context as demo_context
from ibok_app.demo import service_points
from ibok_app.services.readings.billing_volumes import billed_volumes

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
