"""The estimate shown after a reading is saved: what the next invoice would charge
for the consumption since the last accepted reading, at the meter's tariff, and
whether that water bears a sewage charge at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ibok_app.models import Meter, MeterKind, ServicePoint, Tariff
from ibok_app.services.readings.rules import estimate_lines
from ibok_app.views.formats import m3, money


@dataclass(frozen=True)
class EstimateView:
    tariff_name: str
    consumption_l: int
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


def sewage_billed(meter: Meter, sp: ServicePoint) -> bool:
    """Whether the water through `meter` is billed as sewage too: a service point
    without sewage bills none at all, and a garden sub-meter's water never goes to
    the sewer (it is subtracted from the sewage of the point's main meter)."""
    return sp.has_sewage and meter.kind != MeterKind.GARDEN


def no_sewage_note(meter: Meter, sp: ServicePoint) -> bool:
    """The note "a garden meter's water bears no sewage charge" explains a missing
    sewage line only where the service point does bill sewage."""
    return sp.has_sewage and not sewage_billed(meter, sp)


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


def estimate(session: Session, meter: Meter, sp: ServicePoint, consumption_l: int,
             on: date) -> EstimateView | None:
    """What the next invoice would charge for this consumption; None without a tariff."""
    tariff = _tariff(session, sp, on)
    if tariff is None:
        return None
    lines = estimate_lines(
        consumption_l, water_price_gr=tariff.water_price_gr, sewage_price_gr=tariff.sewage_price_gr,
        subscription_gr=tariff.subscription_gr, vat_rate=tariff.vat_rate,
        with_sewage=sewage_billed(meter, sp),
    )
    return EstimateView(
        tariff_name=tariff.name, consumption_l=consumption_l,
        water_net_gr=lines.water_net_gr, sewage_net_gr=lines.sewage_net_gr,
        subscription_net_gr=lines.subscription_net_gr, net_gr=lines.net_gr,
        vat_rate=tariff.vat_rate, vat_gr=lines.vat_gr, gross_gr=lines.gross_gr,
        consumption_text=m3(consumption_l), water_net_text=money(lines.water_net_gr),
        sewage_net_text=money(lines.sewage_net_gr), subscription_net_text=money(lines.subscription_net_gr),
        net_text=money(lines.net_gr), vat_text=money(lines.vat_gr), gross_text=money(lines.gross_gr),
    )
