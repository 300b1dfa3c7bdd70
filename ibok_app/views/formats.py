"""Polish display and input formats: one place for money, m³, dates and times.

Display goes through Babel (locale pl_PL); parsing accepts what people type:
"123,45", "123.45", "123,45 zł", "1 234,56".

Pages format dozens of amounts per load, and Babel looks the locale and the pattern up
on every call (a fifth of a page load's CPU): the locale and patterns are read once, and
the strings of recent values are kept (the same amounts and dates come back on every
load of a customer's pages).
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import parse_pattern

LOCALE = "pl_PL"
_PL = Locale.parse(LOCALE)
_MONEY = _PL.currency_formats["standard"]  # "#,##0.00 ¤"
_M3 = parse_pattern("#,##0.000")
_AMOUNT = parse_pattern("#,##0.00")
_QUANTITY = parse_pattern("#,##0.###")
_REMEMBERED = 16_384  # formatted strings kept per format: a few hundred KB
WARSAW = ZoneInfo("Europe/Warsaw")
MAX_AMOUNT_GR = 10**11  # a billion złoty: anything bigger is a typo, not an invoice

_AMOUNT_RE = re.compile(r"^(?P<sign>-)?(?P<int>\d{1,3}(?:[ .]\d{3})+|\d+)(?:[.,](?P<frac>\d{1,2}))?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@lru_cache(maxsize=_REMEMBERED)
def money(gr: int) -> str:
    """1234.56 zł as "1 234,56 zł" (Babel uses a non-breaking space as group separator)."""
    return _MONEY.apply(Decimal(gr) / 100, _PL, currency="PLN")


@lru_cache(maxsize=_REMEMBERED)
def amount_pl(gr: int) -> str:
    """An amount without the currency, as in a table with "[zł]" in its header: "1 234,56"."""
    return _AMOUNT.apply(Decimal(gr) / 100, _PL)


def quantity_pl(value: Decimal | int, *, cubic_metres: bool = False) -> str:
    """An invoice line's quantity: m³ with 3 decimals ("12,345"), else up to 3 ("2", "0,5")."""
    return (_M3 if cubic_metres else _QUANTITY).apply(value, _PL)


def amount_plain(gr: int) -> str:
    """Gateway/JSON form: dot, two decimals, no grouping ("1234.56")."""
    return f"{Decimal(gr) / 100:.2f}"


@lru_cache(maxsize=_REMEMBERED)
def m3(litres: int) -> str:
    """Cubic metres with 3 decimals, Polish comma: 12345 l -> "12,345 m³"."""
    return f"{_M3.apply(Decimal(litres) / 1000, _PL)} m³"


def date_pl(d: date | datetime | None) -> str:
    """dd.mm.rrrr; a datetime (UTC) is first moved to Warsaw time."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = to_warsaw(d).date()
    return _day_pl(d)


@lru_cache(maxsize=_REMEMBERED)
def _day_pl(d: date) -> str:
    return _babel_date(d, format="dd.MM.yyyy", locale=_PL)


def datetime_pl(dt: datetime | None) -> str:
    if dt is None:
        return ""
    local = to_warsaw(dt)
    return f"{date_pl(local.date())} {local:%H:%M}"


def to_warsaw(dt: datetime) -> datetime:
    """Stored datetimes are naive UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(WARSAW)


def parse_amount_gr(text: object) -> int | None:
    """Parse a złoty amount typed by a person into grosze; None when it is not one.

    Accepts a comma or a dot as the decimal mark, spaces (also non-breaking) or dots
    as thousands separators, and a trailing "zł"/"PLN". Never raises.
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    s = _SPACES.sub(" ", text).strip()
    s = re.sub(r"\s*(zł|zl|pln)\.?$", "", s, flags=re.IGNORECASE).strip()
    # "1 234,56" / "1.234,56": grouping; a lone "1.234" is 1.23 zł? No: treat a dot
    # followed by exactly 3 digits and nothing else as grouping only with a comma after.
    s = s.replace(" ", ".") if re.fullmatch(r"-?\d{1,3}( \d{3})+([.,]\d{1,2})?", s) else s
    m = _AMOUNT_RE.fullmatch(s)
    if not m:
        return None
    integer = m.group("int")
    frac = m.group("frac")
    if "." in integer:
        # dots inside the integer part are thousands separators only if the decimal
        # part used a comma (or is absent and every group has 3 digits)
        if frac is not None and s[len(m.group("sign") or "") + len(integer)] == ".":
            return None
        integer = integer.replace(".", "")
    try:
        value = Decimal(f"{integer}.{frac or '0'}")
    except InvalidOperation:
        return None
    gr = int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if m.group("sign"):
        gr = -gr
    if abs(gr) >= MAX_AMOUNT_GR:
        return None
    return gr


def warsaw_day_start_utc(day: date) -> datetime:
    """Midnight in Warsaw at the start of `day`, as naive UTC (how times are stored)."""
    return datetime.combine(day, time(0), tzinfo=WARSAW).astimezone(timezone.utc).replace(tzinfo=None)


def today_in_warsaw(now: datetime | None = None) -> date:
    """"Today" is the calendar day in Poland, the one customers and billing live by,
    not the UTC one (`now`: naive UTC, as stored, for tests and jobs)."""
    return to_warsaw(now).date() if now is not None else datetime.now(WARSAW).date()


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Polish form for a count: 1 dokument, 2–4 dokumenty (not 12–14), 5+ dokumentów."""
    if n == 1:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count_pl(n: int, one: str, few: str, many: str) -> str:
    """"1 dzień", "2 dni", "5 dni"; "1 godzinę", "24 godziny", "48 godzin"."""
    return f"{n} {plural(n, one, few, many)}"


def address_line(street: str | None, postal_code: str | None, city: str | None) -> str:
    """"ul. Łąkowa 12, 67-120 Kożuchów"; "" without a street (no address on file)."""
    if not street:
        return ""
    return f"{street}, {postal_code or ''} {city or ''}".strip(" ,")
