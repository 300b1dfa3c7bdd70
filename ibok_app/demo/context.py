"""What every part of the demo generator shares: the run's context (today, seed,
tariffs, id and number counters, billing periods), the batch the rows go into, and
small date helpers.

Ids and document numbers are handed out here in customer order, so the same inputs
give identical rows.
"""
from __future__ import annotations

import calendar
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

PERIODS = 18  # three years of two-month billing periods
ISSUE_LAG_DAYS = 8  # a period is invoiced at most this many days after it ends

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


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))
