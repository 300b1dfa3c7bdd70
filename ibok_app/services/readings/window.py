"""The reading window: the days at the end of each billing period when readings
reported by customers go into that period's invoice.

Billing periods last IBOK_READING_PERIOD_MONTHS months (default 2) and end with a
month whose number divides by it (default: Jan–Feb, Mar–Apr, …, Nov–Dec).
The window opens in the period's last month on day IBOK_READING_WINDOW_START_DAY
and stays open IBOK_READING_WINDOW_DAYS days (may run into the next month).
A start day of 0 or below counts back from the end of the month: 0 is the last
day, -6 the seventh day from the end.

Default: START_DAY=-6, DAYS=7, i.e. the last 7 days of every even month
(24.–30.04, 25.–31.12, 22.–28.02 in a common year).

A reading reported outside the window is still accepted and marked for the next
period (MeterReading.for_next_period). The window is decided by the day of
reporting, not by the date the customer read the meter: that is what billing sees.
"""
from __future__ import annotations

import calendar
import os
from dataclasses import dataclass
from datetime import date, timedelta

from ibok_app.config import ConfigError
from ibok_app.views.formats import date_pl, today_in_warsaw

DEFAULT_PERIOD_MONTHS = 2
DEFAULT_START_DAY = -6
DEFAULT_DAYS = 7


@dataclass(frozen=True)
class WindowConfig:
    period_months: int
    start_day: int
    days: int


@dataclass(frozen=True)
class WindowView:
    open: bool
    opens_on: date  # the current window when open, else the next one
    closes_on: date
    message: str


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def window_config() -> WindowConfig:
    """Read from the environment on each call (cheap; lets tests and operators change it).
    Raises ConfigError for values that would make overlapping or empty windows:
    call it once at start-up to fail early."""
    period = _env_int("IBOK_READING_PERIOD_MONTHS", DEFAULT_PERIOD_MONTHS)
    start = _env_int("IBOK_READING_WINDOW_START_DAY", DEFAULT_START_DAY)
    days = _env_int("IBOK_READING_WINDOW_DAYS", DEFAULT_DAYS)
    if period not in (1, 2, 3, 4, 6, 12):
        raise ConfigError("IBOK_READING_PERIOD_MONTHS must divide 12 (1, 2, 3, 4, 6 or 12)")
    if not -27 <= start <= 28:
        raise ConfigError("IBOK_READING_WINDOW_START_DAY must be between -27 and 28")
    if not 1 <= days <= 28:
        raise ConfigError("IBOK_READING_WINDOW_DAYS must be between 1 and 28")
    return WindowConfig(period, start, days)


def _window_for(year: int, month: int, cfg: WindowConfig) -> tuple[date, date]:
    last_day = calendar.monthrange(year, month)[1]
    if cfg.start_day >= 1:
        opens = date(year, month, min(cfg.start_day, last_day))
    else:
        opens = date(year, month, last_day) + timedelta(days=cfg.start_day)
    return opens, opens + timedelta(days=cfg.days - 1)


def _period_end_months(today: date, cfg: WindowConfig):
    """Period-end months from two months before today onwards (a window may spill over)."""
    index = today.year * 12 + today.month - 1 - 2
    for _ in range(16):
        year, month0 = divmod(index, 12)
        if (month0 + 1) % cfg.period_months == 0:
            yield year, month0 + 1
        index += 1


def _span(opens: date, closes: date) -> str:
    if opens.year == closes.year:
        return f"{opens:%d.%m}–{date_pl(closes)}"
    return f"{date_pl(opens)}–{date_pl(closes)}"


@dataclass(frozen=True)
class BillingPeriod:
    starts_on: date
    ends_on: date

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def text(self) -> str:
        """"01.11.2026–31.12.2026"."""
        return f"{date_pl(self.starts_on)}–{date_pl(self.ends_on)}"


def billing_period(day: date) -> BillingPeriod:
    """The billing period `day` falls in (periods start in January)."""
    months = window_config().period_months
    first = (day.month - 1) // months * months + 1
    last = first + months - 1
    return BillingPeriod(date(day.year, first, 1), date(day.year, last, calendar.monthrange(day.year, last)[1]))


def period_of_reading(read_on: date, today: date | None = None) -> BillingPeriod:
    """The billing period whose invoice a reading is estimated for: the one it was
    taken in; but a reading taken after a period's end and reported while that
    period's window is still open (a window may run into the next month) closes
    that period."""
    window = reading_window(today)
    if window.open:
        closing = billing_period(window.opens_on)
        if closing.ends_on < read_on <= window.closes_on:
            return closing
    return billing_period(read_on)


def reading_window(today: date | None = None) -> WindowView:
    today = today or today_in_warsaw()
    cfg = window_config()
    for year, month in _period_end_months(today, cfg):
        opens, closes = _window_for(year, month, cfg)
        if closes < today:
            continue
        if opens <= today:
            return WindowView(True, opens, closes, f"Okno odczytów jest otwarte do {date_pl(closes)}.")
        return WindowView(False, opens, closes, f"Najbliższe okno odczytów: {_span(opens, closes)}.")
    raise AssertionError("a period ends at least once a year")  # unreachable by construction
