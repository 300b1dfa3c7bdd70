"""One service point of a demo customer with all that hangs on it: the contract and
its annexes, the meters, three years of readings, an invoice per billing period and
perhaps a correction after a complaint.

The order of the random draws is the data: keep it when changing anything here.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ibok_app.demo import names
from ibok_app.demo.context import ISSUE_LAG_DAYS, PERIODS, Batch, Context, TariffInfo, add_years, at, between
from ibok_app.demo.documents import add_document
from ibok_app.demo.money import div_half_up
from ibok_app.models import DocumentType, MeterKind, ReadingSource, ReadingStatus
from ibok_app.services.readings.billing_volumes import billed_volumes

# Enum values as plain strings: read once, not per row.
MAIN, GARDEN = MeterKind.MAIN.value, MeterKind.GARDEN.value
CUSTOMER_READ, INSPECTOR_READ, ESTIMATE_READ = (ReadingSource.CUSTOMER.value, ReadingSource.INSPECTOR.value,
                                                ReadingSource.ESTIMATE.value)
ACCEPTED = ReadingStatus.ACCEPTED.value

VAT_RATE = 8
METER_CERT_YEARS = 5

CONTRACT_SUBJECT_FULL = "Umowa o zaopatrzenie w wodę i odprowadzanie ścieków"
CONTRACT_SUBJECT_WATER = "Umowa o zaopatrzenie w wodę"
ANNEX_GARDEN = "Montaż wodomierza ogrodowego (podlicznika) – rozliczanie wody bezpowrotnie zużytej"
ANNEX_SUBJECTS = (
    "Zmiana okresu rozliczeniowego na dwumiesięczny",
    "Zmiana danych odbiorcy usług",
    "Zmiana adresu do korespondencji",
    "Wymiana wodomierza głównego – aktualizacja danych wodomierza",
)
CORRECTION_DOWN = (
    "Reklamacja uznana – błędnie wprowadzony odczyt wodomierza",
    "Reklamacja uznana – zawyżone zużycie wskutek pomyłki przy odczycie",
)
CORRECTION_UP = (
    "Korekta zużycia – zaniżony odczyt (pomyłka przy przepisywaniu stanu wodomierza)",
)

_SEASON = {6: 1.25, 7: 1.35, 8: 1.3, 9: 1.1, 12: 0.9, 1: 0.85, 2: 0.85}
_GARDEN_MONTHS = {5: 0.6, 6: 1.0, 7: 1.3, 8: 1.2, 9: 0.6}


@dataclass(frozen=True)
class Property:
    """A service point as the customer's generator drew it."""
    customer_id: int
    code: str  # "PP-<customer number>-<k>"
    street: str
    has_sewage: bool
    monthly_m3: float
    signed: date  # the contract
    ends: list[date]  # the billing periods' ends (the customer's reading route)
    garden: bool  # has a garden sub-meter
    cert_soon: bool  # the main meter's certification runs out within weeks
    correction: bool  # one invoice gets corrected after a complaint
    corr_address: bool  # the customer has a correspondence address


@dataclass(frozen=True)
class _Meter:
    id: int
    kind: str
    monthly_m3: float
    installed: date


def add_service_point(ctx: Context, batch: Batch, rng: random.Random, prop: Property, docs: list[dict]) -> None:
    """All rows of one service point into `batch`; its documents also into `docs`."""
    sp_id = ctx.new_id("service_point")
    batch.add("service_point", {
        "id": sp_id, "customer_id": prop.customer_id, "code": prop.code, "street": prop.street,
        "postal_code": names.TOWN_POSTAL, "city": names.TOWN, "has_sewage": prop.has_sewage,
        "tariff_id": ctx.tariffs[-1].id,
    })
    contract_id, contract_number, valid_from = _contract(ctx, batch, rng, prop, sp_id)
    meters = _meters(ctx, batch, rng, prop, sp_id)
    garden_installed = next((m.installed for m in meters if m.kind == GARDEN), None)
    _annexes(ctx, batch, rng, prop, contract_id, contract_number, valid_from, garden_installed)
    usage = _readings(ctx, batch, rng, prop, meters)
    invoices = _invoices(ctx, batch, rng, prop, sp_id, usage)
    docs.extend(invoice.row for invoice in invoices)
    if prop.correction:
        correction = _correction(ctx, batch, rng, prop, sp_id, invoices)
        if correction is not None:
            docs.append(correction)


def _contract(ctx: Context, batch: Batch, rng: random.Random, prop: Property,
              sp_id: int) -> tuple[int, str, date]:
    """The contract of the service point: (id, number, valid from)."""
    contract_id = ctx.new_id("contract")
    cprefix = f"UM/{prop.signed.year}/"
    cnumber = f"{cprefix}{ctx.next_number(cprefix):04d}"
    valid_from = prop.signed + timedelta(days=rng.randint(0, 14))
    batch.add("contract", {
        "id": contract_id, "customer_id": prop.customer_id, "service_point_id": sp_id, "number": cnumber,
        "signed_on": prop.signed, "subject": CONTRACT_SUBJECT_FULL if prop.has_sewage else CONTRACT_SUBJECT_WATER,
        "valid_from": valid_from, "valid_to": None,
    })
    return contract_id, cnumber, valid_from


def _meters(ctx: Context, batch: Batch, rng: random.Random, prop: Property, sp_id: int) -> list[_Meter]:
    """The main meter (and the garden one): installed before the first reading of the
    window, certified for 5 years."""
    today, window_start = ctx.today, prop.ends[0]
    earliest = add_years(today, -METER_CERT_YEARS) + timedelta(days=15)
    meters: list[_Meter] = []
    kinds = [(MAIN, prop.monthly_m3)] + ([(GARDEN, 0.0)] if prop.garden else [])
    for kind, m3 in kinds:
        if prop.cert_soon and kind == MAIN:
            installed = add_years(today + timedelta(days=40), -METER_CERT_YEARS)
        else:
            installed = between(rng, max(earliest, prop.signed), window_start - timedelta(days=30))
        meter_id = ctx.new_id("meter")
        batch.add("meter", {
            "id": meter_id, "service_point_id": sp_id, "kind": kind, "digits": 5,
            "serial": f"{rng.choice(('JS', 'WS', 'MTK', 'APA'))}-{installed.year}-{rng.randint(100000, 999999)}",
            "installed_on": installed, "removed_on": None,
            "certification_expires_on": add_years(installed, METER_CERT_YEARS),
        })
        meters.append(_Meter(meter_id, kind, m3 if kind == MAIN else rng.uniform(2, 8), installed))
    return meters


def _annexes(ctx: Context, batch: Batch, rng: random.Random, prop: Property, contract_id: int,
             contract_number: str, valid_from: date, garden_installed: date | None) -> None:
    annexes = [(garden_installed, ANNEX_GARDEN)] if garden_installed else []
    for _ in range(rng.choice((0, 0, 1, 1, 2)) - len(annexes)):
        subject = ANNEX_SUBJECTS[2] if prop.corr_address and not annexes else rng.choice(ANNEX_SUBJECTS)
        annexes.append((between(rng, valid_from + timedelta(days=30), ctx.today - timedelta(days=20)), subject))
    for n, (day, subject) in enumerate(sorted(annexes), start=1):
        batch.add("contract_annex", {
            "id": ctx.new_id("contract_annex"), "contract_id": contract_id, "number": f"{contract_number}/A{n}",
            "signed_on": day, "subject": subject, "valid_from": day, "valid_to": None,
        })


def _readings(ctx: Context, batch: Batch, rng: random.Random, prop: Property,
              meters: list[_Meter]) -> dict[str, list[int]]:
    """Cumulative litres per meter at each period end; returns each kind's usage per period.

    A garden meter is a sub-meter behind the main meter: the main meter's register
    also counts the garden's water (its rise from the first period end on)."""
    ends = prop.ends
    sources, offsets = _reading_plan(rng)
    registers = [_meter_values(rng, meter.kind, meter.monthly_m3, ends, meter.installed) for meter in meters]
    gardens = [values for meter, values in zip(meters, registers) if meter.kind == GARDEN]
    for meter, values in zip(meters, registers):
        if meter.kind == MAIN:
            for garden in gardens:
                for i in range(len(values)):
                    values[i] += garden[i] - garden[0]
    usage: dict[str, list[int]] = {}
    for meter, values in zip(meters, registers):
        shown = list(values)
        for i in range(1, PERIODS):
            if sources[i] == ESTIMATE_READ:
                estimate = round(meter.monthly_m3 * 2000) if meter.kind == MAIN else 0
                shown[i] = shown[i - 1] + min(estimate, values[i + 1] - shown[i - 1])
        for i, value in enumerate(shown):
            read_on = ends[i] - timedelta(days=offsets[i])
            batch.add("meter_reading", {
                "id": ctx.new_id("meter_reading"), "meter_id": meter.id, "customer_id": prop.customer_id,
                "read_on": read_on, "value_l": value, "source": sources[i],
                "status": ACCEPTED, "for_next_period": False, "photo_path": None,
                "note": "Odczyt szacunkowy – brak dostępu do wodomierza" if sources[i] == ESTIMATE_READ else None,
                "created_at": at(read_on, 10 + i % 6, (i * 7) % 60),
            })
        usage[meter.kind] = [shown[i] - shown[i - 1] for i in range(1, len(shown))]
    return usage


def _reading_plan(rng: random.Random) -> tuple[list[str], list[int]]:
    """Source and days-before-period-end of each reading (shared by a point's meters)."""
    sources = [INSPECTOR_READ]
    for i in range(1, PERIODS + 1):
        if i < PERIODS and sources[-1] != ESTIMATE_READ and rng.random() < 0.07:
            sources.append(ESTIMATE_READ)
        else:
            sources.append(CUSTOMER_READ if rng.random() < 0.45 else INSPECTOR_READ)
    offsets = [0 if s == ESTIMATE_READ else rng.randint(0, 4) for s in sources]
    return sources, offsets


def _meter_values(rng: random.Random, kind: str, monthly_m3: float, ends: list[date],
                  installed: date) -> list[int]:
    """Cumulative register values in litres at each period end; a new meter starts at 0."""
    months = (ends[0] - installed).days / 30.44
    share = 1.0 if kind == MAIN else 0.35  # a garden meter runs in summer only
    values = [int(monthly_m3 * 1000 * months * share * rng.uniform(0.9, 1.1))]
    for end in ends[1:]:
        if kind == MAIN:
            litres = monthly_m3 * 2000 * _SEASON.get(end.month, 1.0) * rng.uniform(0.8, 1.2)
        else:  # garden: watering in summer only, both months of the period count
            prev = 12 if end.month == 1 else end.month - 1
            factor = _GARDEN_MONTHS.get(end.month, 0) + _GARDEN_MONTHS.get(prev, 0)
            litres = monthly_m3 * 1000 * factor * rng.uniform(0.7, 1.3)
        values.append(values[-1] + int(litres))
    return values


@dataclass(frozen=True)
class _Invoice:
    row: dict
    main_l: int  # what the main meter measured in the period
    garden_l: int  # what the garden sub-meter measured (0 without one)
    tariff: TariffInfo


def _invoice_spec(prop: Property, tariff: TariffInfo, main_l: int, garden_l: int,
                  what: str = "") -> list[tuple[str, int, str, int]]:
    """The water and sewage lines of an invoice (or of a correction: `what`, and the
    differences as quantities), billed by the one rule of billed_volumes."""
    water_l, sewage_l = billed_volumes(main_l, garden_l, prop.has_sewage)
    spec = [(f"Dostarczanie wody{what}", water_l, "m³", tariff.water_price_gr)]
    if prop.has_sewage:
        spec.append((f"Odprowadzanie ścieków{what}", sewage_l, "m³", tariff.sewage_price_gr))
    return spec


def _invoices(ctx: Context, batch: Batch, rng: random.Random, prop: Property, sp_id: int,
              usage: dict[str, list[int]]) -> list[_Invoice]:
    """One invoice per period: water by the main meter, sewage less the garden's water."""
    ends = prop.ends
    invoices: list[_Invoice] = []
    for i in range(1, PERIODS + 1):
        period_to, period_from = ends[i], ends[i - 1] + timedelta(days=1)
        issue = period_to + timedelta(days=rng.randint(1, ISSUE_LAG_DAYS - 2))
        tariff = ctx.tariff_on(period_to)
        main_l = usage[MAIN][i - 1]
        garden_l = usage[GARDEN][i - 1] if prop.garden else 0
        spec = _invoice_spec(prop, tariff, main_l, garden_l)
        spec.append(("Opłata abonamentowa", 1000, "okres", tariff.subscription_gr))
        doc = add_document(ctx, batch, rng, DocumentType.INVOICE, "FV", prop.customer_id, sp_id, issue,
                           spec, VAT_RATE, sale_date=period_to, period=(period_from, period_to))
        invoices.append(_Invoice(doc, main_l, garden_l, tariff))
    return invoices


def _correction(ctx: Context, batch: Batch, rng: random.Random, prop: Property, sp_id: int,
                invoices: list[_Invoice]) -> dict | None:
    """After a complaint, within the payment term: the customer pays the corrected amount.
    The main meter was misread; water and sewage change as billed_volumes says."""
    target = invoices[rng.randint(PERIODS // 2, PERIODS - 3)]
    issue = target.row["issue_date"] + timedelta(days=rng.randint(3, 10))
    if issue > ctx.today or target.main_l < 4000:
        return None
    up = rng.random() < 0.35
    litres = div_half_up(target.main_l * rng.randint(15, 40), 100) * (1 if up else -1)
    before = _invoice_spec(prop, target.tariff, target.main_l, target.garden_l)
    after = _invoice_spec(prop, target.tariff, target.main_l + litres, target.garden_l, " – korekta zużycia")
    spec = [(desc, qty - old_qty, unit, price)
            for (desc, qty, unit, price), (_, old_qty, _, _) in zip(after, before) if qty != old_qty]
    return add_document(ctx, batch, rng, DocumentType.CORRECTION, "FK", prop.customer_id, sp_id, issue,
                        spec, VAT_RATE, sale_date=target.row["sale_date"],
                        period=(target.row["period_from"], target.row["period_to"]),
                        corrected=target.row["id"],
                        reason=rng.choice(CORRECTION_UP if up else CORRECTION_DOWN))
