"""Deterministic demo rows for one customer at a time: plain dicts ready for a Core
bulk insert, with ids allocated here (no database round trip per row).

Every customer draws from its own random.Random seeded by (seed, customer number), so
a customer's data does not depend on the batch size; ids and document numbers are
handed out in customer order, so the same inputs give identical rows.
"""
from __future__ import annotations

import calendar
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ibok_app.demo import names
from ibok_app.demo.money import div_half_up, document_line, nip_from, totals
from ibok_app.models import (
    DocumentType,
    MeterKind,
    PaymentMethod,
    ReadingSource,
    ReadingStatus,
)

# Enum values as plain strings: read once, not per row.
MAIN, GARDEN = MeterKind.MAIN.value, MeterKind.GARDEN.value
CUSTOMER_READ, INSPECTOR_READ, ESTIMATE_READ = (ReadingSource.CUSTOMER.value, ReadingSource.INSPECTOR.value,
                                                ReadingSource.ESTIMATE.value)
ACCEPTED = ReadingStatus.ACCEPTED.value
INVOICE, CORRECTION = DocumentType.INVOICE.value, DocumentType.CORRECTION.value

PERIODS = 18  # three years of two-month billing periods
ISSUE_LAG_DAYS = 8  # a period is invoiced at most this many days after it ends
PAYMENT_DAYS = 14
VAT_RATE = 8
KSEF_START = date(2026, 4, 1)  # KSeF obligatory for the utility from this date
# Demo simplification: one flat rate instead of the statutory rate in force each day.
INTEREST_RATE_BP = 1075  # 10.75 % a year
COMPENSATION_GR = 17200  # 40 EUR (art. 10 of the late-payments act) at about 4.30 PLN
RESEAL_FEE_GR = 8000
METER_CERT_YEARS = 5
CUSTOMER_NUMBER_START = 100001
PERSONAS = ("garden", "overdue", "credit")  # the first three customers, the demo accounts

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

TABLE_ORDER = (
    "customer", "service_point", "meter", "meter_reading", "contract", "contract_annex",
    "document", "document_line", "payment", "payment_allocation",
)


@dataclass(frozen=True)
class TariffInfo:
    id: int
    valid_from: date
    valid_to: date | None
    water_price_gr: int
    sewage_price_gr: int
    subscription_gr: int


@dataclass
class DemoPortalUser:
    """A customer who gets a ready portal account (created by the writer, with a hash)."""
    customer_id: int
    number: str
    email: str
    phone: str


@dataclass
class Context:
    today: date
    seed: int
    seller_nip: str
    tariffs: list[TariffInfo]  # oldest first
    next_ids: dict[str, int]  # table -> next free id
    counters: dict[str, int]  # number prefix ("FV/2026/05/", "UM/2019/") -> last used
    personas: bool = True  # the first customers of a fresh database get fixed roles
    _period_ends: dict[int, list[date]] = field(default_factory=dict)

    def new_id(self, table: str) -> int:
        value = self.next_ids.get(table, 1)
        self.next_ids[table] = value + 1
        return value

    def next_number(self, prefix: str) -> int:
        value = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = value
        return value

    def tariff_on(self, day: date) -> TariffInfo:
        for t in reversed(self.tariffs):
            if t.valid_from <= day:
                return t
        return self.tariffs[0]

    def period_ends(self, route: int) -> list[date]:
        """PERIODS + 1 period ends, oldest first; route 0 closes on even months, 1 on odd."""
        if route not in self._period_ends:
            ends: list[date] = []
            y, m = self.today.year, self.today.month
            while len(ends) < PERIODS + 1:
                if m % 2 == route:
                    end = date(y, m, calendar.monthrange(y, m)[1])
                    if end + timedelta(days=ISSUE_LAG_DAYS) <= self.today:
                        ends.append(end)
                y, m = (y, m - 1) if m > 1 else (y - 1, 12)
            self._period_ends[route] = ends[::-1]
        return self._period_ends[route]


@dataclass
class Batch:
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    portal_users: list[DemoPortalUser] = field(default_factory=list)

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)


def _crc8_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
        table.append(crc)
    return tuple(table)


_CRC8 = _crc8_table()
_DOC_TYPE_VALUES = {t: t.value for t in DocumentType}
_METHOD_VALUES = {m: m.value for m in PaymentMethod}


def _crc8(text: str) -> int:
    """KSeF check sum (CRC-8, poly 0x07, init 0), table-driven: ksef.ksef_checksum
    computes the same bit by bit, too slow for a million invoices (tests compare them)."""
    crc = 0
    for byte in text.encode("ascii"):
        crc = _CRC8[crc ^ byte]
    return crc


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


# ---------------------------------------------------------------- the customer
def _address(rng: random.Random, village_share: float = 0.3) -> tuple[str, bool, bool]:
    """(street line, has sewer, is a flat); town or village, always 67-120 Kożuchów."""
    if rng.random() >= village_share:
        street, blocks = rng.choice(names.TOWN_STREETS)
        number = str(rng.randint(1, 48)) + ("A" if rng.random() < 0.07 else "")
        if blocks and rng.random() < 0.35:
            return f"{street} {number}/{rng.randint(1, 24)}", True, True
        return f"{street} {number}", True, False
    village, sewer = rng.choice(names.VILLAGES)
    return f"{village} {rng.randint(1, 95)}{'A' if rng.random() < 0.05 else ''}", sewer, False


def _nip(rng: random.Random) -> str:
    while True:
        nip = nip_from(f"{rng.choice((925, 973, 929, 599))}{rng.randint(0, 999999):06d}")
        if nip:
            return nip


def generate_customer(ctx: Context, batch: Batch, number: int, ordinal: int) -> None:
    """All rows of one customer into `batch`."""
    rng = random.Random(f"ibok-demo:{ctx.seed}:{number}")
    persona = PERSONAS[ordinal] if ctx.personas and ordinal < len(PERSONAS) else None
    roll = rng.random()
    if persona is None:
        profile = "overdue" if roll < 0.10 else "credit" if roll < 0.15 else "late" if roll < 0.23 else "good"
    else:
        profile = {"garden": "late", "overdue": "overdue", "credit": "credit"}[persona]
    is_business = persona is None and rng.random() < 0.06
    route = rng.randrange(2)
    ends = ctx.period_ends(route)

    customer_id = ctx.new_id("customer")
    cnum = str(number)
    street, sewer, is_flat = _address(rng)
    first = last = ""
    nip = None
    if is_business:
        nip = _nip(rng)
        if rng.random() < 0.3:
            street, _blocks = rng.choice([s for s in names.TOWN_STREETS if s[1]])
            street = f"{street} {rng.randint(1, 40)}"
            name, monthly_m3 = f"Wspólnota Mieszkaniowa {street}", rng.uniform(40, 150)
        else:
            name = f"{rng.choice(names.BUSINESS_KINDS)} {rng.choice(names.SURNAMES)} sp. z o.o."
            monthly_m3 = rng.uniform(8, 60)
        is_flat = False
    else:
        if rng.random() < 0.5:
            first, last = rng.choice(names.MALE_FIRST), rng.choice(names.SURNAMES)
        else:
            first, last = rng.choice(names.FEMALE_FIRST), names.feminine(rng.choice(names.SURNAMES))
        name = f"{first} {last}"
        monthly_m3 = rng.triangular(3, 15, 6) if not is_flat else rng.triangular(2.5, 9, 4)
    corr = None
    if rng.random() < 0.08:
        c_street, c_postal, c_city = rng.choice(names.ELSEWHERE)
        corr = (f"{c_street} {rng.randint(1, 120)}/{rng.randint(1, 40)}", c_postal, c_city)

    first_signed = _between(rng, date(1996, 1, 2), ends[0] - timedelta(days=400))
    batch.add("customer", {
        "id": customer_id, "number": cnum, "name": name, "is_business": is_business, "nip": nip,
        "street": street, "postal_code": names.TOWN_POSTAL, "city": names.TOWN,
        "corr_street": corr[0] if corr else None, "corr_postal_code": corr[1] if corr else None,
        "corr_city": corr[2] if corr else None, "status": "active", "terminated_at": None,
        "created_at": _at(first_signed, 8),
    })

    # service points: the home, and for a few a second property (a plot in a village)
    points = [(street, sewer, is_flat, monthly_m3, first_signed)]
    if persona == "credit" or (persona is None and not is_business and rng.random() < 0.04):
        p_street, p_sewer, _ = _address(rng, village_share=1.0)
        p_signed = _between(rng, first_signed, ends[0] - timedelta(days=60))
        points.append((p_street, p_sewer, False, rng.uniform(1.5, 4), p_signed))

    docs: list[dict] = []  # this customer's documents, for payments
    for k, (p_street, p_sewer, p_flat, p_m3, signed) in enumerate(points, start=1):
        garden = persona == "garden" or (persona is None and k == 1 and not p_flat and not is_business
                                         and rng.random() < 0.15)
        _service_point(ctx, batch, rng, customer_id, cnum, k, p_street, p_sewer, p_m3, signed,
                       garden, route, docs, cert_soon=(persona == "garden" and k == 1),
                       correction=(persona == "garden" or rng.random() < 0.1),
                       corr_address=corr is not None)

    _notes_and_payments(ctx, batch, rng, customer_id, is_business, profile, docs)

    if persona is not None:
        domain = "example.pl" if ordinal == 2 else "example.com"
        email = f"{names.ascii_fold(first).lower()}.{names.ascii_fold(last).lower()}@{domain}"
        batch.portal_users.append(DemoPortalUser(customer_id, cnum, email, f"+486{rng.randint(0, 99999999):08d}"))


def _service_point(ctx: Context, batch: Batch, rng: random.Random, customer_id: int, cnum: str,
                   k: int, street: str, has_sewage: bool, monthly_m3: float, signed: date,
                   garden: bool, route: int, docs: list[dict], *, cert_soon: bool,
                   correction: bool, corr_address: bool) -> None:
    today, ends = ctx.today, ctx.period_ends(route)
    sp_id = ctx.new_id("service_point")
    batch.add("service_point", {
        "id": sp_id, "customer_id": customer_id, "code": f"PP-{cnum}-{k}", "street": street,
        "postal_code": names.TOWN_POSTAL, "city": names.TOWN, "has_sewage": has_sewage,
        "tariff_id": ctx.tariffs[-1].id,
    })

    # contract and annexes
    contract_id = ctx.new_id("contract")
    cprefix = f"UM/{signed.year}/"
    cnumber = f"{cprefix}{ctx.next_number(cprefix):04d}"
    valid_from = signed + timedelta(days=rng.randint(0, 14))
    batch.add("contract", {
        "id": contract_id, "customer_id": customer_id, "service_point_id": sp_id, "number": cnumber,
        "signed_on": signed, "subject": CONTRACT_SUBJECT_FULL if has_sewage else CONTRACT_SUBJECT_WATER,
        "valid_from": valid_from, "valid_to": None,
    })

    # meters: installed before the first reading of the window, certified for 5 years
    window_start = ends[0]
    earliest = _add_years(today, -METER_CERT_YEARS) + timedelta(days=15)
    meters: list[tuple[int, str, float, date]] = []  # (id, kind, monthly m³, installed)
    kinds = [(MAIN, monthly_m3)] + ([(GARDEN, 0.0)] if garden else [])
    garden_installed = None
    for kind, m3 in kinds:
        if cert_soon and kind == MAIN:
            installed = _add_years(today + timedelta(days=40), -METER_CERT_YEARS)
        else:
            installed = _between(rng, max(earliest, signed), window_start - timedelta(days=30))
        if kind == GARDEN:
            garden_installed = installed
        meter_id = ctx.new_id("meter")
        batch.add("meter", {
            "id": meter_id, "service_point_id": sp_id, "kind": kind, "digits": 5,
            "serial": f"{rng.choice(('JS', 'WS', 'MTK', 'APA'))}-{installed.year}-{rng.randint(100000, 999999)}",
            "installed_on": installed, "removed_on": None,
            "certification_expires_on": _add_years(installed, METER_CERT_YEARS),
        })
        meters.append((meter_id, kind, m3 if kind == MAIN else rng.uniform(2, 8), installed))

    annexes = [(garden_installed, ANNEX_GARDEN)] if garden_installed else []
    for _ in range(rng.choice((0, 0, 1, 1, 2)) - len(annexes)):
        subject = ANNEX_SUBJECTS[2] if corr_address and not annexes else rng.choice(ANNEX_SUBJECTS)
        annexes.append((_between(rng, valid_from + timedelta(days=30), today - timedelta(days=20)), subject))
    for n, (day, subject) in enumerate(sorted(annexes), start=1):
        batch.add("contract_annex", {
            "id": ctx.new_id("contract_annex"), "contract_id": contract_id, "number": f"{cnumber}/A{n}",
            "signed_on": day, "subject": subject, "valid_from": day, "valid_to": None,
        })

    # readings: cumulative litres per meter at each period end
    sources, offsets = _reading_plan(rng)
    usage: dict[str, list[int]] = {}
    for meter_id, kind, m3, installed in meters:
        values = _meter_values(rng, kind, m3, ends, installed)
        shown = list(values)
        for i in range(1, PERIODS):
            if sources[i] == ESTIMATE_READ:
                estimate = round(m3 * 2000) if kind == MAIN else 0
                shown[i] = shown[i - 1] + min(estimate, values[i + 1] - shown[i - 1])
        for i, value in enumerate(shown):
            read_on = ends[i] - timedelta(days=offsets[i])
            batch.add("meter_reading", {
                "id": ctx.new_id("meter_reading"), "meter_id": meter_id, "customer_id": customer_id,
                "read_on": read_on, "value_l": value, "source": sources[i],
                "status": ACCEPTED, "for_next_period": False, "photo_path": None,
                "note": "Odczyt szacunkowy – brak dostępu do wodomierza" if sources[i] == ESTIMATE_READ else None,
                "created_at": _at(read_on, 10 + i % 6, (i * 7) % 60),
            })
        usage[kind] = [shown[i] - shown[i - 1] for i in range(1, len(shown))]

    # one invoice per period
    invoices: list[tuple[dict, int, TariffInfo]] = []  # (row, main-meter litres, tariff)
    for i in range(1, PERIODS + 1):
        period_to, period_from = ends[i], ends[i - 1] + timedelta(days=1)
        issue = period_to + timedelta(days=rng.randint(1, ISSUE_LAG_DAYS - 2))
        tariff = ctx.tariff_on(period_to)
        main_l = usage[MAIN][i - 1]
        water_l = main_l + (usage[GARDEN][i - 1] if garden else 0)
        spec = [("Dostarczanie wody", water_l, "m³", tariff.water_price_gr)]
        if has_sewage:
            spec.append(("Odprowadzanie ścieków", main_l, "m³", tariff.sewage_price_gr))
        spec.append(("Opłata abonamentowa", 1000, "okres", tariff.subscription_gr))
        doc = _document(ctx, batch, rng, DocumentType.INVOICE, "FV", customer_id, sp_id, issue,
                        spec, VAT_RATE, sale_date=period_to, period=(period_from, period_to))
        invoices.append((doc, main_l, tariff))
        docs.append(doc)

    if correction:
        target, target_main_l, tariff = invoices[rng.randint(PERIODS // 2, PERIODS - 3)]
        # after a complaint, within the payment term: the customer pays the corrected amount
        issue = target["issue_date"] + timedelta(days=rng.randint(3, 10))
        if issue <= today and target_main_l >= 4000:
            up = rng.random() < 0.35
            litres = div_half_up(target_main_l * rng.randint(15, 40), 100) * (1 if up else -1)
            spec = [("Dostarczanie wody – korekta zużycia", litres, "m³", tariff.water_price_gr)]
            if has_sewage:
                spec.append(("Odprowadzanie ścieków – korekta zużycia", litres, "m³", tariff.sewage_price_gr))
            doc = _document(ctx, batch, rng, DocumentType.CORRECTION, "FK", customer_id, sp_id, issue,
                            spec, VAT_RATE, sale_date=target["sale_date"],
                            period=(target["period_from"], target["period_to"]),
                            corrected=target["id"],
                            reason=rng.choice(CORRECTION_UP if up else CORRECTION_DOWN))
            docs.append(doc)


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


_SEASON = {6: 1.25, 7: 1.35, 8: 1.3, 9: 1.1, 12: 0.9, 1: 0.85, 2: 0.85}
_GARDEN_MONTHS = {5: 0.6, 6: 1.0, 7: 1.3, 8: 1.2, 9: 0.6}


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


def _document(ctx: Context, batch: Batch, rng: random.Random, doc_type: DocumentType, prefix: str,
              customer_id: int, sp_id: int | None, issue: date, spec: list[tuple[str, int, str, int]],
              vat_rate: int | None, *, sale_date: date | None = None,
              period: tuple[date, date] | None = None, corrected: int | None = None,
              reason: str | None = None) -> dict:
    doc_id = ctx.new_id("document")
    lines = [document_line(doc_id, ctx.new_id("document_line"), pos, desc, qty, unit, price, vat_rate)
             for pos, (desc, qty, unit, price) in enumerate(spec, start=1)]
    net, vat, gross = totals(lines)
    number_prefix = f"{prefix}/{issue.year}/{issue.month:02d}/"
    ksef = None
    if doc_type in (DocumentType.INVOICE, DocumentType.CORRECTION) and issue >= KSEF_START:
        first32 = f"{ctx.seller_nip}-{issue:%Y%m%d}-{rng.getrandbits(48):012X}"
        ksef = f"{first32}-{_crc8(first32):02X}"
    doc = {
        "id": doc_id, "customer_id": customer_id, "service_point_id": sp_id,
        "doc_type": _DOC_TYPE_VALUES[doc_type], "number": f"{number_prefix}{ctx.next_number(number_prefix):06d}",
        "issue_date": issue, "sale_date": sale_date,
        "period_from": period[0] if period else None, "period_to": period[1] if period else None,
        "due_date": issue + timedelta(days=PAYMENT_DAYS), "net_gr": net, "vat_gr": vat,
        "gross_gr": gross, "ksef_number": ksef, "corrected_document_id": corrected,
        "correction_reason": reason, "created_at": _at(issue, 6),
    }
    batch.add("document", doc)
    for line in lines:
        batch.add("document_line", line)
    return doc


# ---------------------------------------------------------------- notes and payments
def _notes_and_payments(ctx: Context, batch: Batch, rng: random.Random, customer_id: int,
                        is_business: bool, profile: str, docs: list[dict]) -> None:
    today = ctx.today
    docs.sort(key=lambda d: (d["issue_date"], d["id"]))
    invoices = [d for d in docs if d["doc_type"] == INVOICE]
    stop_paying = None  # overdue: nothing issued from this day on gets paid
    if profile == "overdue":
        k = rng.randint(1, 3)
        if k == 1 and invoices[-1]["due_date"] >= today:
            k = 2
        stop_paying = invoices[-k]["issue_date"]

    def pay_day(doc: dict) -> date | None:
        if stop_paying is not None and doc["issue_date"] >= stop_paying:
            return None
        issue, due = doc["issue_date"], doc["due_date"]
        if profile == "credit":
            day = min(issue + timedelta(days=rng.randint(1, 6)), today)
        elif profile == "late" and rng.random() < 0.35:
            day = due + timedelta(days=rng.randint(5, 45))
        else:
            day = issue + timedelta(days=rng.randint(2, 13))
        return day if day <= today else None

    # A correction lowering an invoice lowers what is due on that invoice (the rule of
    # services.documents.ledger_query); the customer pays the lowered amount after it.
    lowered: dict[int, tuple[int, date]] = {}
    for doc in docs:
        if doc["gross_gr"] < 0 and doc["corrected_document_id"] is not None:
            amount, _ = lowered.get(doc["corrected_document_id"], (0, doc["issue_date"]))
            lowered[doc["corrected_document_id"]] = (amount + doc["gross_gr"], doc["issue_date"])

    # interest notes (and the 40 EUR compensation for businesses) after late payments
    planned: list[tuple[dict, date, int]] = []  # (document, paid on, amount)
    extra: list[dict] = []
    for doc in docs:
        change, corrected_on = lowered.get(doc["id"], (0, None))
        due_amount = doc["gross_gr"] + change
        day = pay_day(doc) if due_amount > 0 else None
        if day is not None and corrected_on is not None and day <= corrected_on:
            day = corrected_on + timedelta(days=rng.randint(1, 4))
            day = day if day <= today else None
        if day is None:
            continue
        planned.append((doc, day, due_amount))
        if doc["doc_type"] != INVOICE or day <= doc["due_date"]:
            continue
        days_late = (day - doc["due_date"]).days
        interest = div_half_up(due_amount * INTEREST_RATE_BP * days_late, 365 * 10000)
        note_day = day + timedelta(days=rng.randint(3, 12))
        if interest >= 100 and note_day <= today:
            desc = (f"Odsetki ustawowe za opóźnienie w zapłacie {doc['number']} "
                    f"({days_late} dni, {INTEREST_RATE_BP // 100},{INTEREST_RATE_BP % 100:02d}% w skali roku)")
            extra.append(_document(ctx, batch, rng, DocumentType.INTEREST_NOTE, "NO", customer_id, None,
                                   note_day, [(desc, 1000, "szt.", interest)], None))
        if is_business and days_late >= 30 and note_day <= today:
            desc = (f"Rekompensata za koszty odzyskiwania należności – {doc['number']} (art. 10 ustawy "
                    "o przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych, 40 EUR)")
            extra.append(_document(ctx, batch, rng, DocumentType.ACCOUNTING_NOTE, "NK", customer_id, None,
                                   note_day, [(desc, 1000, "szt.", COMPENSATION_GR)], None))
    if rng.random() < 0.03:  # a broken seal charged with a debit note
        day = today - timedelta(days=rng.randint(30, 700))
        desc = "Obciążenie kosztami ponownego zaplombowania wodomierza (plomba zerwana z winy odbiorcy)"
        extra.append(_document(ctx, batch, rng, DocumentType.ACCOUNTING_NOTE, "NK", customer_id, None, day,
                               [(desc, 1000, "szt.", RESEAL_FEE_GR)], None))
    for doc in extra:
        day = pay_day(doc)
        if day is not None:
            planned.append((doc, day, doc["gross_gr"]))

    method = rng.choices((PaymentMethod.TRANSFER, PaymentMethod.ONLINE, PaymentMethod.CASH), (78, 14, 8))[0]
    payments: list[tuple[dict, list[tuple[dict, int]]]] = []
    for doc, day, amount in sorted(planned, key=lambda x: (x[1], x[0]["id"])):
        m = method if rng.random() > 0.1 else PaymentMethod.TRANSFER
        payments.append((_payment(ctx, rng, customer_id, day, amount, m, doc["number"]), [(doc, amount)]))
    if profile == "credit":
        last_day = max((p["paid_on"] for p, _ in payments), default=today)
        day = min(last_day + timedelta(days=rng.randint(1, 20)), today)
        if rng.random() < 0.5 and payments:  # the last invoice paid twice
            amount, ref = payments[-1][0]["amount_gr"], payments[-1][0]["reference"]
        else:
            amount, ref = rng.choice((5000, 10000, 20000, 30000)), "Przedpłata na poczet przyszłych należności"
        payments.append((_payment(ctx, rng, customer_id, day, amount, PaymentMethod.TRANSFER, ref), []))
    for payment, allocations in payments:
        batch.add("payment", payment)
        for doc, amount in allocations:
            batch.add("payment_allocation", {"id": ctx.new_id("payment_allocation"), "payment_id": payment["id"],
                                             "document_id": doc["id"], "amount_gr": amount})


def _payment(ctx: Context, rng: random.Random, customer_id: int, day: date, amount: int,
             method: PaymentMethod, title: str) -> dict:
    if method == PaymentMethod.ONLINE:
        reference = f"Autopay {rng.getrandbits(40):010X} – {title}"
    elif method == PaymentMethod.CASH:
        reference = f"Wpłata w kasie – {title}"
    else:
        reference = title
    return {"id": ctx.new_id("payment"), "customer_id": customer_id, "paid_on": day, "amount_gr": amount,
            "method": _METHOD_VALUES[method], "reference": reference[:100],
            "created_at": _at(day, 12, rng.randint(0, 59))}
