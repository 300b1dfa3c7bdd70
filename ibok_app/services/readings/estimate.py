"""The estimate shown after a reading is saved: what the invoice of the reading's
billing period (window.period_of_reading) would charge the service point, at its
tariff, compared with the same period a year earlier.

Each meter of the service point is estimated over the whole period
(rules.period_use: from the period's start reading to the newest reading, then the
customer's own daily average of the last year for the days left); the main and
garden meters' litres become water and sewage by the one rule of
billing_volumes.billed_volumes. A reading on the same day as the one before it is
never a basis for an estimate.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, or_, select

from ibok_app.models import (
    Document,
    DocumentType,
    Meter,
    MeterKind,
    MeterReading,
    ReadingStatus,
    ServicePoint,
    Tariff,
)
from ibok_app.services.readings.billing_volumes import billed_volumes
from ibok_app.services.readings.rules import (
    HistoryPoint,
    PeriodUse,
    estimate_lines,
    period_use,
    remaining_days_pl,
)
from ibok_app.services.readings.window import BillingPeriod, billing_period, period_of_reading
from ibok_app.views.formats import date_pl, m3, money

NO_DATA = "brak danych"


@dataclass(frozen=True)
class EstimateView:
    tariff_name: str
    consumption_l: int  # water: what the main meter(s) measure in the period
    water_net_gr: int
    sewage_net_gr: int
    subscription_net_gr: int
    net_gr: int
    vat_rate: int
    vat_gr: int
    gross_gr: int
    consumption_text: str
    water_net_text: str
    sewage_net_text: str
    subscription_net_text: str
    net_text: str
    vat_text: str
    gross_text: str
    sewage_l: int = 0
    sewage_text: str = ""
    period_from: date | None = None
    period_to: date | None = None
    period_text: str = ""  # "01.11.2026–31.12.2026"
    basis_text: str = ""  # what the estimate stands on, in Polish
    last_year_period_text: str = ""  # the period a year earlier (or its invoice's own period)
    last_year_gross_gr: int | None = None  # None: no invoice for it
    last_year_text: str = ""  # "245,30 zł" or "brak danych"


def sewage_billed(meter: Meter, sp: ServicePoint) -> bool:
    """Whether the water through `meter` is billed as sewage too: a service point
    without sewage bills none at all, and a garden sub-meter's water never goes to
    the sewer (it is subtracted from the sewage of the point's main meter)."""
    return sp.has_sewage and meter.kind != MeterKind.GARDEN


def no_sewage_note(meter: Meter, sp: ServicePoint) -> bool:
    """The note "a garden meter's water bears no sewage charge" explains the garden
    meter's part of the estimate only where the service point does bill sewage."""
    return sp.has_sewage and not sewage_billed(meter, sp)


def own_history(session: Session, customer_id: int, meter_id: int) -> list[HistoryPoint]:
    """The customer's accepted readings of the meter, oldest first (a previous owner's
    readings are not theirs)."""
    rows = session.exec(
        select(MeterReading.read_on, MeterReading.value_l)
        .where(MeterReading.meter_id == meter_id, MeterReading.customer_id == customer_id,
               MeterReading.status == ReadingStatus.ACCEPTED)
        .order_by(MeterReading.read_on, MeterReading.id)
    ).all()
    return [HistoryPoint(r[0], r[1]) for r in rows]


def _tariff(session: Session, sp: ServicePoint, on: date) -> Tariff | None:
    """The service point's tariff group, else the general tariff in force on the day."""
    if sp.tariff_id is not None:
        tariff = session.get(Tariff, sp.tariff_id)
        if tariff is not None:
            return tariff
    return session.exec(
        select(Tariff).where(Tariff.valid_from <= on, (Tariff.valid_to == None) | (Tariff.valid_to >= on))  # noqa: E711
        .order_by(Tariff.valid_from.desc(), Tariff.id.desc()).limit(1)
    ).first()


@dataclass(frozen=True)
class _PointUse:
    main_l: int
    garden_l: int
    reported: PeriodUse  # the reported meter's own estimate


def _point_use(session: Session, customer_id: int, meter: Meter, sp: ServicePoint, newest: HistoryPoint,
               period: BillingPeriod) -> _PointUse | None:
    """The period's litres of the service point's main and garden meters; None when the
    reported reading has no earlier day to measure from or no main meter has a reading."""
    meters = session.exec(
        select(Meter).where(Meter.service_point_id == sp.id, Meter.installed_on <= period.ends_on,
                            or_(Meter.removed_on == None, Meter.removed_on > period.starts_on))  # noqa: E711
        .order_by(Meter.id)
    ).all()
    main_l = garden_l = 0
    main_read = False
    reported = None
    for m in meters:
        ends_on = min(period.ends_on, m.removed_on - timedelta(days=1)) if m.removed_on else period.ends_on
        use = period_use(own_history(session, customer_id, m.id), period.starts_on, ends_on,
                         newest if m.id == meter.id else None)
        if m.id == meter.id:
            reported = use
        if use is None:
            continue
        if m.kind == MeterKind.GARDEN:
            garden_l += use.litres
        else:
            main_l, main_read = main_l + use.litres, True
    if reported is None or reported.basis.read_on >= newest.read_on or not main_read:
        return None
    return _PointUse(main_l, garden_l, reported)


def _basis_text(use: PeriodUse) -> str:
    text = f"Zużycie od odczytu z dnia {date_pl(use.basis.read_on)} do odczytu z dnia {date_pl(use.last.read_on)}"
    if use.remaining_days and use.daily_l is not None:
        whose = ("Twojego średniego zużycia z ostatniego roku" if use.yearly_average
                 else "średniego zużycia od tamtego odczytu")
        text += (f", a na {remaining_days_pl(use.remaining_days)} okresu — według {whose} "
                 f"({m3(use.daily_l)} na dobę)")
    return text + "."


def _overlap_days(doc: Document, period: BillingPeriod) -> int:
    start, end = max(doc.period_from, period.starts_on), min(doc.period_to, period.ends_on)
    return (end - start).days + 1


def last_year(session: Session, customer_id: int, sp_id: int,
              period: BillingPeriod) -> tuple[BillingPeriod, int | None]:
    """The period a year before `period` and the gross amount invoiced for it (with its
    corrections): the service point's invoice covering most of that period, at least
    half of it; (that invoice's own period, amount), or (the period, None)."""
    before = billing_period(date(period.starts_on.year - 1, period.starts_on.month, 1))
    invoices = session.exec(
        select(Document).where(Document.customer_id == customer_id, Document.service_point_id == sp_id,
                               Document.doc_type == DocumentType.INVOICE,
                               Document.period_from <= before.ends_on, Document.period_to >= before.starts_on)
        .order_by(Document.period_to, Document.id)
    ).all()
    best = max(invoices, key=lambda d: _overlap_days(d, before), default=None)
    if best is None or 2 * _overlap_days(best, before) < before.days:
        return before, None
    corrections = session.exec(
        select(Document.gross_gr).where(Document.customer_id == customer_id,
                                        Document.doc_type == DocumentType.CORRECTION,
                                        Document.corrected_document_id == best.id)
    ).all()
    return BillingPeriod(best.period_from, best.period_to), best.gross_gr + sum(corrections)


def estimate(session: Session, customer_id: int, meter: Meter, sp: ServicePoint, newest: HistoryPoint,
             today: date) -> EstimateView | None:
    """What the invoice of the reading's billing period would charge the service point;
    None without a tariff, without a main meter's reading or without an earlier day to
    measure the reported meter from."""
    period = period_of_reading(newest.read_on, today)
    point = _point_use(session, customer_id, meter, sp, newest, period)
    if point is None:
        return None
    tariff = _tariff(session, sp, period.ends_on) or _tariff(session, sp, newest.read_on)
    if tariff is None:
        return None
    water_l, sewage_l = billed_volumes(point.main_l, point.garden_l, sp.has_sewage)
    lines = estimate_lines(water_l, sewage_l, water_price_gr=tariff.water_price_gr,
                           sewage_price_gr=tariff.sewage_price_gr, subscription_gr=tariff.subscription_gr,
                           vat_rate=tariff.vat_rate)
    volumes = f"woda {m3(water_l)}" + (f", ścieki {m3(sewage_l)}" if sp.has_sewage else "")
    before, before_gr = last_year(session, customer_id, sp.id, period)
    return EstimateView(
        tariff_name=tariff.name, consumption_l=water_l,
        water_net_gr=lines.water_net_gr, sewage_net_gr=lines.sewage_net_gr,
        subscription_net_gr=lines.subscription_net_gr, net_gr=lines.net_gr,
        vat_rate=tariff.vat_rate, vat_gr=lines.vat_gr, gross_gr=lines.gross_gr,
        consumption_text=m3(water_l), water_net_text=money(lines.water_net_gr),
        sewage_net_text=money(lines.sewage_net_gr), subscription_net_text=money(lines.subscription_net_gr),
        net_text=money(lines.net_gr), vat_text=money(lines.vat_gr), gross_text=money(lines.gross_gr),
        sewage_l=sewage_l, sewage_text=m3(sewage_l),
        period_from=period.starts_on, period_to=period.ends_on, period_text=period.text,
        basis_text=f"Szacunek za okres {period.text}: {volumes}. {_basis_text(point.reported)}",
        last_year_period_text=before.text, last_year_gross_gr=before_gr,
        last_year_text=money(before_gr) if before_gr is not None else NO_DATA,
    )
