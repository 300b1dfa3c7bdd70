"""Pure rules for meter readings: parsing what people type, plausibility, the
invoice estimate arithmetic and looking up Polish labels (the labels themselves are in
views/labels.py). No database here, so every rule can be tested (and reasoned about)
on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from ibok_app.services.common.money import half_up
from ibok_app.views.formats import count_pl, date_pl, m3, plural
from ibok_app.views.labels import METER_KIND_LABELS, READING_SOURCE_LABELS, READING_STATUS_LABELS

MAX_INPUT_LEN = 40
UNUSUAL_FACTOR = 3  # more than 3× the customer's own daily average asks for confirmation
ZERO_ALARM_DAYS = 60  # no consumption for this long asks for confirmation
MIN_HISTORY_READINGS = 2  # an average needs at least two earlier readings

# The labels live in views/labels.py; the Odczyty services read them here.
KIND_LABELS = METER_KIND_LABELS
SOURCE_LABELS = READING_SOURCE_LABELS
STATUS_LABELS = READING_STATUS_LABELS

_WS = re.compile(r"[\s\u00a0\u202f]+")
# integer part: plain digits or groups of three separated by single spaces
_READING_RE = re.compile(r"(?P<int>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<frac>\d{1,3}))?", re.ASCII)
_UNIT_RE = re.compile(r"\s*(m3|m³)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_PL_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", re.ASCII)


def label(labels: dict, value: object) -> str:
    """Label of an enum value stored as text; the raw value when unknown."""
    for key, text in labels.items():
        if key == value or key.value == value:
            return text
    return str(value)


def parse_reading_l(text: object) -> int | None:
    """m³ typed by a person ("123,456", "1 234.5", "12 m³") to litres; None if not one.

    Comma or dot as the decimal mark, at most 3 decimals, spaces only as thousands
    separators (a dot is always decimal: "1.234" is 1,234 m³). Never raises.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, Decimal, float)):
        text = format(text, "f") if not isinstance(text, float) else repr(text)
    if not isinstance(text, str) or len(text) > MAX_INPUT_LEN:
        return None
    s = _UNIT_RE.sub("", _WS.sub(" ", text).strip()).strip()
    m = _READING_RE.fullmatch(s)
    if not m:
        return None
    integer = int(m.group("int").replace(" ", ""))
    frac = (m.group("frac") or "").ljust(3, "0")
    return integer * 1000 + int(frac)


def parse_date(value: object) -> date | None:
    """A date object, "YYYY-MM-DD" (HTML date input) or "dd.mm.rrrr"; None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) > 20:
        return None
    s = value.strip()
    try:
        if m := _ISO_DATE.fullmatch(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _PL_DATE.fullmatch(s):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:  # 31.02 and the like
        return None
    return None



def days_pl(n: int) -> str:
    """"0 dni", "1 dzień", "2 dni", "5 dni", "22 dni"."""
    return count_pl(n, "dzień", "dni", "dni")


def remaining_days_pl(n: int) -> str:
    """"pozostały 1 dzień", "pozostałe 2 dni", "pozostałe 22 dni"."""
    return f"{plural(n, 'pozostały', 'pozostałe', 'pozostałe')} {days_pl(n)}"


@dataclass(frozen=True)
class HistoryPoint:
    read_on: date
    value_l: int


def unusual_reason(consumption_l: int, days: int, last_read_on: date,
                   own_history: list[HistoryPoint]) -> str | None:
    """Polish explanation when a reading looks unusual, None when it looks normal.

    `own_history`: the customer's earlier accepted readings on this meter, oldest first.
    """
    if consumption_l == 0 and days >= ZERO_ALARM_DAYS:
        return (f"Stan wodomierza nie zmienił się od {days_pl(days)} (od {date_pl(last_read_on)}). "
                "Sprawdź, czy wodomierz działa i czy stan został odczytany poprawnie.")
    if len(own_history) < MIN_HISTORY_READINGS:
        return None
    first, last = own_history[0], own_history[-1]
    hist_days = (last.read_on - first.read_on).days
    hist_l = last.value_l - first.value_l
    if hist_days <= 0 or hist_l <= 0:
        return None  # no basis for a ratio
    span = max(days, 1)
    # consumption/span > FACTOR × hist_l/hist_days, in integers
    if consumption_l * hist_days <= UNUSUAL_FACTOR * hist_l * span:
        return None
    return (f"Zużycie od ostatniego odczytu ({m3(consumption_l)} w {days_pl(span)}, średnio "
            f"{m3(half_up(consumption_l, span))} na dobę) jest ponad trzykrotnie wyższe niż Twoje "
            f"dotychczasowe średnie zużycie ({m3(half_up(hist_l, hist_days))} na dobę). "
            "Sprawdź, czy stan został odczytany poprawnie.")


@dataclass(frozen=True)
class EstimateLines:
    water_net_gr: int
    sewage_net_gr: int
    subscription_net_gr: int
    vat_gr: int
    net_gr: int
    gross_gr: int


def estimate_lines(water_l: int, sewage_l: int, *, water_price_gr: int, sewage_price_gr: int,
                   subscription_gr: int, vat_rate: int) -> EstimateLines:
    """Invoice lines for the billed volumes (billing_volumes.billed_volumes): net per
    line rounded half-up to the grosz, VAT per line rounded half-up, gross = net + VAT."""
    water = half_up(water_l * water_price_gr, 1000)
    sewage = half_up(sewage_l * sewage_price_gr, 1000)
    lines = (water, sewage, subscription_gr)
    vat = sum(half_up(net * vat_rate, 100) for net in lines)
    net = sum(lines)
    return EstimateLines(water, sewage, subscription_gr, vat, net, net + vat)


# --- one meter's consumption in a billing period ---------------------------------------

AVERAGE_DAYS = 365  # "the customer's own daily average of the last year"


@dataclass(frozen=True)
class PeriodUse:
    """A meter's estimated consumption in a billing period."""
    litres: int  # measured + extrapolated
    basis: HistoryPoint  # the period's start reading: the last one on or before its first day
    last: HistoryPoint  # the newest reading the estimate measures to
    measured_l: int  # last − basis
    remaining_days: int  # days of the period after `last`, filled at the daily average
    daily_l: int | None  # the daily average used for them, rounded (None: not needed or not known)
    yearly_average: bool  # the average is the customer's own of the last year (else: since the basis)


def _daily_average(history: list[HistoryPoint], last: HistoryPoint,
                   basis: HistoryPoint) -> tuple[int, int, bool] | None:
    """(litres, days, from the last year) of the customer's own daily average up to
    `last`: over the readings of the year before it, else since `basis`; None without
    two readings on different days."""
    year = [p for p in history if last.read_on - timedelta(days=AVERAGE_DAYS) <= p.read_on <= last.read_on]
    if year:
        first, newest = year[0], year[-1]
        days, litres = (newest.read_on - first.read_on).days, newest.value_l - first.value_l
        if days > 0 and litres >= 0:
            return litres, days, True
    days, litres = (last.read_on - basis.read_on).days, last.value_l - basis.value_l
    if days > 0 and litres >= 0:
        return litres, days, False
    return None


def period_use(history: list[HistoryPoint], starts_on: date, ends_on: date,
               newest: HistoryPoint | None = None) -> PeriodUse | None:
    """A meter's consumption in the billing period `starts_on`–`ends_on`.

    `history`: the customer's accepted readings of the meter, oldest first; `newest`:
    the reading just reported (it may wait for verification), measured to instead of
    the newest accepted one. The estimate starts at the period's start reading (the
    last one on or before the period's first day, as billing does; for a meter
    installed later, its first reading), measures to the newest reading and, while
    the period is not over, adds the customer's own daily average of the last year for
    each remaining day. A reading on the same day as the basis is never one: a meter
    whose newest reading has no earlier day to measure from gets basis == last, and the
    caller decides whether that is enough. None without any reading.
    """
    points = [p for p in history if p.read_on <= ends_on]
    if newest is not None:
        points = [p for p in history if p.read_on <= newest.read_on] + [newest]
    if not points:
        return None
    last = points[-1]
    earlier = [p for p in points[:-1] if p.read_on < last.read_on]
    if last.read_on < starts_on:  # not read in the period at all: all of it is extrapolated
        basis = last
    else:
        opening = [p for p in earlier if p.read_on <= starts_on]
        basis = opening[-1] if opening else earlier[0] if earlier else last
    measured = max(0, last.value_l - basis.value_l)
    remaining = max(0, (ends_on - max(last.read_on, starts_on - timedelta(days=1))).days)
    average = _daily_average([p for p in history if p.read_on <= last.read_on], last, basis)
    extra, daily = 0, None
    if remaining and average is not None:
        litres, days, _ = average
        extra, daily = half_up(litres * remaining, days), half_up(litres, days)
    return PeriodUse(litres=measured + extra, basis=basis, last=last, measured_l=measured,
                     remaining_days=remaining, daily_l=daily,
                     yearly_average=bool(average and average[2]))
