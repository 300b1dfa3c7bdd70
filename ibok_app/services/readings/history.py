"""History of the customer's readings (§9 b): a table, a consumption chart series
and a CSV export. Only readings reported for this customer are shown (a previous
owner's readings of the same meter stay private).

Consumption of a reading = its value minus the previous ACCEPTED reading on the same
meter (rejected readings have none and are not a base for the next one).

The chart shows the water (the main meters, billing_volumes.billed_volumes) and the
garden sub-meters as two series side by side, never added up: a garden meter's water
has already passed the main meter.
"""
from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, bindparam, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ibok_app.models import Meter, MeterKind, MeterReading, ReadingStatus
from ibok_app.services.common import queries
from ibok_app.services.common.inputs import parse_id
from ibok_app.services.common.paging import paginate
from ibok_app.services.readings.billing_volumes import billed_volumes
from ibok_app.services.readings.rules import (
    KIND_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    label,
)
from ibok_app.views.formats import date_pl, m3, today_in_warsaw

MAX_PAGE = 500


@dataclass(frozen=True)
class HistoryRow:
    reading_id: int
    meter_id: int
    meter_serial: str
    meter_kind_label: str
    read_on: date
    read_on_text: str
    value_l: int
    value_text: str
    consumption_l: int | None
    consumption_text: str
    source: str
    source_label: str
    status: str
    status_label: str
    for_next_period: bool
    has_photo: bool
    meter_kind: str = ""  # "main" | "garden"
    service_point_id: int = 0
    rejection_reason: str = ""  # why the office rejected it (shown on Odczyty)


@dataclass(frozen=True)
class PeriodPoint:
    label: str  # "mm.rrrr" of the reading closing the period
    consumption_m3: float  # water (main meters), for charts only; consumption_l is the exact value
    consumption_l: int
    garden_m3: float = 0.0  # garden sub-meters: part of the water above, shown beside it
    garden_l: int = 0
    running: bool = False  # the current month: more readings may still close periods in it


def _columns():
    """What a history row needs of a reading and its meter (Core columns: no ORM objects)."""
    r, m = MeterReading.__table__, Meter.__table__
    return (r.c.id, r.c.read_on, r.c.value_l, r.c.source, r.c.status, r.c.for_next_period,
            r.c.photo_path, r.c.rejection_reason, m.c.id.label("meter_id"), m.c.serial, m.c.kind,
            m.c.service_point_id)


def _history_row(row, base: int | None) -> HistoryRow:
    """One reading (a row of _columns()); `base` the value of the previous accepted
    reading on its meter."""
    rejected = row.status == ReadingStatus.REJECTED
    consumption = None if rejected or base is None else row.value_l - base
    return HistoryRow(
        reading_id=row.id, meter_id=row.meter_id, meter_serial=row.serial,
        meter_kind_label=label(KIND_LABELS, row.kind),
        read_on=row.read_on, read_on_text=date_pl(row.read_on),
        value_l=row.value_l, value_text=m3(row.value_l),
        consumption_l=consumption, consumption_text=m3(consumption) if consumption is not None else "",
        source=str(row.source), source_label=label(SOURCE_LABELS, row.source),
        status=str(row.status), status_label=label(STATUS_LABELS, row.status),
        for_next_period=row.for_next_period, has_photo=bool(row.photo_path),
        meter_kind=str(row.kind), service_point_id=row.service_point_id,
        rejection_reason=(row.rejection_reason or "") if rejected else "",
    )


@functools.cache
def _history_query(one_meter: bool):
    """Built once (Odczyty and the Panel run it on every load): the customer's readings
    with their meters, oldest first; of one meter when `one_meter`."""
    r, m = MeterReading.__table__, Meter.__table__
    query = (select(*_columns()).select_from(r.join(m, r.c.meter_id == m.c.id))
             .where(r.c.customer_id == bindparam("customer_id")))
    if one_meter:
        query = query.where(r.c.meter_id == bindparam("meter_id"))
    return query.order_by(r.c.read_on, r.c.id)


def _rows_oldest_first(session: Session, customer_id: int, meter_id: object) -> list[HistoryRow]:
    params = {"customer_id": customer_id}
    if meter_id is not None:
        params["meter_id"] = parse_id(meter_id)
        if params["meter_id"] is None:
            return []
    previous: dict[int, int] = {}  # meter id -> value of its last accepted reading so far
    rows = []
    for row in queries.rows(session, _history_query(meter_id is not None), **params):
        rows.append(_history_row(row, previous.get(row.meter_id)))
        if row.status == ReadingStatus.ACCEPTED:
            previous[row.meter_id] = row.value_l
    return rows


@functools.cache
def _newest_query():
    r, m = MeterReading.__table__, Meter.__table__
    return (select(r.c.value_l, r.c.read_on, m.c.serial).select_from(r.join(m, r.c.meter_id == m.c.id))
            .where(r.c.customer_id == bindparam("customer_id"))
            .order_by(r.c.read_on.desc(), r.c.id.desc()).limit(1))


def newest_reading(session: Session, customer_id: int) -> str:
    """The customer's newest reading as the Panel says it: "12,345 m³ z 01.11.2026
    (wodomierz 12345678)"; "" before the first one."""
    row = queries.first(session, _newest_query(), customer_id=customer_id)
    return f"{m3(row.value_l)} z {date_pl(row.read_on)} (wodomierz {row.serial})" if row else ""


def reading_history(session: Session, customer_id: int, meter_id: object = None,
                    limit: object = None, offset: object = 0) -> list[HistoryRow]:
    """The customer's readings, newest first (optionally of one meter, paginated)."""
    rows = _rows_oldest_first(session, customer_id, meter_id)[::-1]
    start = offset if isinstance(offset, int) and not isinstance(offset, bool) and offset > 0 else 0
    size = limit if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0 else None
    size = min(size, MAX_PAGE) if size is not None else None
    return rows[start:start + size] if size is not None else rows[start:]


@dataclass(frozen=True)
class HistoryPage:
    rows: list[HistoryRow]  # the newest `limit`
    total: int  # all of the customer's readings


def _page(rows_newest_first: list[HistoryRow], limit: object) -> HistoryPage:
    """The newest `limit` readings (at most MAX_PAGE) and how many there are in all."""
    size = limit if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0 else MAX_PAGE
    return HistoryPage(rows_newest_first[:min(size, MAX_PAGE)], len(rows_newest_first))


def history_with_series(session: Session, customer_id: int, limit: object,
                        today: date | None = None) -> tuple[HistoryPage, list[PeriodPoint]]:
    """Odczyty's two views of the history, from one read of it: the newest `limit`
    readings with the total, and consumption_series (all meters)."""
    rows = _rows_oldest_first(session, customer_id, None)
    return _page(rows[::-1], limit), _series(rows, today or today_in_warsaw())


@dataclass(frozen=True)
class ReadingPage:
    rows: list[HistoryRow]  # one page, newest first
    total: int
    page: int
    pages: int


def reading_page(session: Session, customer_id: int, *, page: object = 1, page_size: object = 50) -> ReadingPage:
    """One page of the customer's readings, newest first, paged in SQL (LIMIT/OFFSET on
    the customer_id index) for lists that may be long (the office's customer card).
    Each row's consumption comes from a correlated subquery (the previous accepted
    reading of this customer on the same meter, by the meter_id index), the same
    figure as reading_history computes walking the whole history."""
    mine = MeterReading.customer_id == customer_id
    total = int(session.exec(select(func.count()).select_from(MeterReading).where(mine)).one())
    page_no, size, pages = paginate(total, page, page_size, default_size=50)
    earlier = aliased(MeterReading)
    base = (select(earlier.value_l)
            .where(earlier.meter_id == MeterReading.meter_id, earlier.customer_id == customer_id,
                   earlier.status == ReadingStatus.ACCEPTED,
                   or_(earlier.read_on < MeterReading.read_on,
                       and_(earlier.read_on == MeterReading.read_on, earlier.id < MeterReading.id)))
            .order_by(earlier.read_on.desc(), earlier.id.desc()).limit(1)
            .correlate(MeterReading).scalar_subquery())
    found = session.exec(
        select(*_columns(), base.label("base")).join(Meter, MeterReading.meter_id == Meter.id).where(mine)
        .order_by(MeterReading.read_on.desc(), MeterReading.id.desc())
        .offset((page_no - 1) * size).limit(size)
    ).all()
    return ReadingPage([_history_row(row, row.base) for row in found], total, page_no, pages)


def consumption_series(session: Session, customer_id: int, meter_id: object = None,
                       today: date | None = None) -> list[PeriodPoint]:
    """Consumption per reading period, oldest first, by the month of the reading that
    closes it: the water billed (main meters; several service points, or two readings
    in one month, are added up) and, beside it, the garden sub-meters' water. The
    month of `today` (Warsaw) is marked running: its total may still grow."""
    return _series(_rows_oldest_first(session, customer_id, meter_id), today or today_in_warsaw())


def _series(rows_oldest_first: list[HistoryRow], today: date) -> list[PeriodPoint]:
    main: dict[tuple[int, int, int], int] = {}  # (year, month, service point) -> litres
    garden: dict[tuple[int, int, int], int] = {}
    for row in rows_oldest_first:
        if row.status == str(ReadingStatus.ACCEPTED) and row.consumption_l is not None:
            key = (row.read_on.year, row.read_on.month, row.service_point_id)
            totals = garden if row.meter_kind == MeterKind.GARDEN.value else main
            totals[key] = totals.get(key, 0) + row.consumption_l
    water_by_month: dict[tuple[int, int], int] = {}
    garden_by_month: dict[tuple[int, int], int] = {}
    for key in main.keys() | garden.keys():
        year, month, _sp = key
        water, _ = billed_volumes(main.get(key, 0), garden.get(key, 0), has_sewage=False)  # no sewage drawn
        water_by_month[(year, month)] = water_by_month.get((year, month), 0) + water
        garden_by_month[(year, month)] = garden_by_month.get((year, month), 0) + garden.get(key, 0)
    return [PeriodPoint(f"{month:02d}.{year}", water_by_month[(year, month)] / 1000, water_by_month[(year, month)],
                        garden_by_month[(year, month)] / 1000, garden_by_month[(year, month)],
                        running=(year, month) == (today.year, today.month))
            for year, month in sorted(water_by_month)]


def _m3_plain(litres: int | None) -> str:
    """Spreadsheet form: decimal comma, no grouping ("12345,678")."""
    return "" if litres is None else f"{Decimal(litres) / 1000:.3f}".replace(".", ",")


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading data as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_HEADERS = ["Data odczytu", "Numer wodomierza", "Rodzaj wodomierza", "Stan [m³]",
               "Zużycie [m³]", "Źródło", "Status"]


def history_csv(session: Session, customer_id: int) -> str:
    """All the customer's readings, newest first, for Excel: semicolons, decimal comma,
    a UTF-8 byte-order mark at the start (encode the result as UTF-8)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for row in reading_history(session, customer_id):
        writer.writerow([row.read_on_text, _cell(row.meter_serial), row.meter_kind_label,
                         _m3_plain(row.value_l), _m3_plain(row.consumption_l),
                         row.source_label, row.status_label])
    return out.getvalue()
