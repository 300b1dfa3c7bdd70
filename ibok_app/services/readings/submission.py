"""Meter readings (§9 a, b of the terms): the customer's meters and reporting a
reading with its rules (the estimate of the next invoice shown after it: estimate.py).

Every function takes the customer id from the server-side session and scopes each
query by it: another customer's meter id answers "not found", never data.

Rules of a reported reading (one place; pages, API and CLI call submit_reading):
  * the meter is the customer's and installed today (a customer with one meter
    need not name it);
  * the value parses (m³, up to 3 decimals) and fits the meter's register digits;
  * the date is not in the future, not before installation, not before the last
    accepted reading on that meter;
  * the value is not lower than the last accepted reading on that meter (a replaced
    meter is another Meter row with its own history);
  * an unusual reading (more than 3× the customer's own daily average, or no
    consumption for 60 days or more) is saved only after the customer confirms it,
    and then with status TO_VERIFY for staff review;
  * a reading dated the same day as the meter's last accepted one can only be a
    correction of it: saved only after the customer confirms it as one, then with
    status TO_VERIFY (staff decide which of the two stands), and never a basis for
    the estimate or a consumption "in 0 days";
  * outside the reading window (reading_window.py) it is accepted for the next period.
Nothing is written unless every rule passes; the caller commits.

"Accepted history" means readings with status ACCEPTED of any source (customer,
inspector, estimate): that is what billing used.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import bindparam, or_
from sqlmodel import Session, select

from ibok_app.models import (
    Meter,
    MeterKind,
    MeterReading,
    ReadingSource,
    ReadingStatus,
    ServicePoint,
)
from ibok_app.services.common import photos as meter_photos
from ibok_app.services.common import queries
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import is_blank, parse_id
from ibok_app.services.readings.estimate import EstimateView, estimate, no_sewage_note, own_history
from ibok_app.services.readings.rules import (
    KIND_LABELS,
    STATUS_LABELS,
    HistoryPoint,
    days_pl,
    label,
    parse_date,
    parse_reading_l,
    unusual_reason,
)
from ibok_app.services.readings.window import WindowView, reading_window
from ibok_app.views.formats import address_line, date_pl, m3, today_in_warsaw

CERTIFICATION_WARNING_DAYS = 60
NOT_FOUND = "Nie znaleziono wodomierza."
CHOOSE_METER = "Wybierz wodomierz, którego dotyczy odczyt."


@dataclass(frozen=True)
class MeterView:
    meter_id: int
    serial: str
    kind: str  # "main" | "garden"
    kind_label: str  # "główny" | "ogrodowy"
    service_point_code: str
    address: str
    digits: int
    last_reading_l: int | None
    last_reading_on: date | None
    last_reading_text: str  # "123,456 m³" or ""
    last_reading_on_text: str  # "dd.mm.rrrr" or ""
    certification_expires_on: date
    certification_expires_on_text: str
    certification_expiring: bool  # expires within 60 days (or already expired)


@dataclass(frozen=True)
class SubmitResult:
    ok: bool
    message: str
    field_errors: dict[str, str] = field(default_factory=dict)  # "meter", "value", "read_on", "photo"
    needs_confirmation: bool = False
    reading_id: int | None = None
    status: str | None = None  # "accepted" | "to_verify"
    status_label: str = ""
    consumption_l: int | None = None  # since the last accepted reading
    consumption_text: str = ""
    days: int | None = None
    estimate: EstimateView | None = None
    for_next_period: bool = False
    meter_id: int | None = None  # the meter it was checked against (the only one when none was named)
    meter_serial: str = ""
    garden_meter: bool = False  # the meter is a garden sub-meter
    no_sewage_note: bool = False  # say why the estimate has no sewage line (estimate.no_sewage_note)
    window: WindowView | None = None
    correction: bool = False  # saved as a correction of the same day's reading (no consumption, no estimate)
    corrects_on_text: str = ""  # "dd.mm.rrrr" of the corrected reading


def _last_accepted(session: Session, meter_id: int) -> MeterReading | None:
    """The register's last accepted state, whoever reported it (the meter's own history)."""
    return session.exec(
        select(MeterReading)
        .where(MeterReading.meter_id == meter_id, MeterReading.status == ReadingStatus.ACCEPTED)
        .order_by(MeterReading.read_on.desc(), MeterReading.id.desc()).limit(1)
    ).first()


def _installed_meters(customer_id: int, today: date):
    """Query of the customer's meters installed today, with their service points."""
    return (select(Meter, ServicePoint).join(ServicePoint, Meter.service_point_id == ServicePoint.id)
            .where(ServicePoint.customer_id == customer_id, Meter.installed_on <= today,
                   (Meter.removed_on == None) | (Meter.removed_on > today)))  # noqa: E711


def _owned_meter(session: Session, customer_id: int, meter_id: object, today: date,
                 lock: bool = False) -> tuple[Meter, ServicePoint] | str:
    """The customer's installed meter `meter_id`, or the message to show instead.

    A blank id means "my meter": a customer with exactly one meter never has to
    choose it (nothing the browser renders decides which meter a reading is for).
    """
    query = _installed_meters(customer_id, today)
    if is_blank(meter_id):
        query = query.limit(2)
    else:
        mid = parse_id(meter_id)
        if mid is None:
            return NOT_FOUND
        query = query.where(Meter.id == mid)
    if lock:  # two tabs submitting at once must not both pass the "not lower" rule
        query = query.with_for_update(of=Meter)
    rows = session.exec(query).all()
    if len(rows) != 1:
        return CHOOSE_METER if rows else NOT_FOUND
    return rows[0][0], rows[0][1]


@functools.cache
def _meters_query():
    """Built once (every Odczyty load): the customer's meters installed on `today`, with
    their service points and the register's last accepted state (the meter's own
    history, whoever reported it), "main" before "garden"."""
    m, sp, r = Meter.__table__, ServicePoint.__table__, MeterReading.__table__
    today = bindparam("today", type_=m.c.installed_on.type)

    def last(column):
        return (select(column).where(r.c.meter_id == m.c.id, r.c.status == ReadingStatus.ACCEPTED.value)
                .order_by(r.c.read_on.desc(), r.c.id.desc()).limit(1).correlate(m).scalar_subquery())

    return (select(m.c.id, m.c.serial, m.c.kind, m.c.digits, m.c.certification_expires_on, sp.c.code,
                   sp.c.street, sp.c.postal_code, sp.c.city,
                   last(r.c.value_l).label("last_l"), last(r.c.read_on).label("last_on"))
            .select_from(m.join(sp, m.c.service_point_id == sp.c.id))
            .where(sp.c.customer_id == bindparam("customer_id"), m.c.installed_on <= today,
                   or_(m.c.removed_on.is_(None), m.c.removed_on > today))
            .order_by(sp.c.code, m.c.kind.desc(), m.c.serial, m.c.id))


def customer_meters(session: Session, customer_id: int, today: date | None = None) -> list[MeterView]:
    """The customer's installed meters, with their last accepted reading."""
    today = today or today_in_warsaw()
    warn_until = today + timedelta(days=CERTIFICATION_WARNING_DAYS)
    return [MeterView(
        meter_id=row.id, serial=row.serial, kind=str(row.kind),
        kind_label=label(KIND_LABELS, row.kind), service_point_code=row.code,
        address=address_line(row.street, row.postal_code, row.city), digits=row.digits,
        last_reading_l=row.last_l, last_reading_on=row.last_on,
        last_reading_text=m3(row.last_l) if row.last_l is not None else "",
        last_reading_on_text=date_pl(row.last_on),
        certification_expires_on=row.certification_expires_on,
        certification_expires_on_text=date_pl(row.certification_expires_on),
        certification_expiring=row.certification_expires_on <= warn_until,
    ) for row in queries.rows(session, _meters_query(), customer_id=customer_id, today=today)]


def _meter_facts(meter: Meter, sp: ServicePoint) -> dict:
    return {"meter_id": meter.id, "meter_serial": meter.serial, "garden_meter": meter.kind == MeterKind.GARDEN,
            "no_sewage_note": no_sewage_note(meter, sp)}


def _refused(errors: dict[str, str], message: str = "Popraw zaznaczone pola.") -> SubmitResult:
    return SubmitResult(ok=False, message=message, field_errors=errors)


def _check_value_and_date(meter: Meter, last: MeterReading | None, value_l: int | None,
                          read_on: date | None, value_text: object, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if value_l is None:
        blank = value_text is None or (isinstance(value_text, str) and not value_text.strip())
        errors["value"] = ("Podaj stan wodomierza." if blank else
                           "Podaj stan wodomierza w m³, np. 123,456 (najwyżej 3 miejsca po przecinku).")
    elif value_l >= 10 ** meter.digits * 1000:
        errors["value"] = (f"Stan przekracza zakres tego wodomierza "
                           f"(najwyżej {m3(10 ** meter.digits * 1000 - 1)}).")
    elif last is not None and value_l < last.value_l:
        errors["value"] = (f"Stan nie może być niższy niż ostatni przyjęty odczyt: "
                           f"{m3(last.value_l)} z dnia {date_pl(last.read_on)}.")
    if read_on is None:
        errors["read_on"] = "Podaj datę odczytu w formacie dd.mm.rrrr."
    elif read_on > today:
        errors["read_on"] = "Data odczytu nie może być z przyszłości."
    elif read_on < meter.installed_on:
        errors["read_on"] = (f"Data odczytu nie może być wcześniejsza niż data montażu "
                             f"wodomierza ({date_pl(meter.installed_on)}).")
    elif last is not None and read_on < last.read_on:
        errors["read_on"] = (f"Data odczytu nie może być wcześniejsza niż data ostatniego "
                             f"odczytu ({date_pl(last.read_on)}).")
    return errors


@dataclass(frozen=True)
class _Checked:
    """A reading whose fields passed every rule, before the unusual-consumption check."""
    meter: Meter
    sp: ServicePoint
    value_l: int
    day: date
    last: MeterReading | None  # the meter's last accepted reading

    @property
    def consumption(self) -> int | None:
        return self.value_l - self.last.value_l if self.last else None

    @property
    def days(self) -> int | None:
        return (self.day - self.last.read_on).days if self.last else None

    @property
    def same_day(self) -> bool:
        """Dated the day of the meter's last accepted reading: only a correction of it."""
        return self.last is not None and self.day == self.last.read_on


def _check(session: Session, customer_id: int, meter_id: object, value_text: object, read_on: object,
           photo_path: str | None, today: date) -> _Checked | SubmitResult:
    """The meter, value, date and photo checked; a refusal naming the fields when one fails."""
    owned = _owned_meter(session, customer_id, meter_id, today, lock=True)
    if isinstance(owned, str):
        return _refused({"meter": owned}, owned)
    meter, sp = owned
    value_l = parse_reading_l(value_text)
    day = today if read_on is None or read_on == "" else parse_date(read_on)
    last = _last_accepted(session, meter.id)
    errors = _check_value_and_date(meter, last, value_l, day, value_text, today)
    if photo_path is not None and photo_path != "" and not meter_photos.is_own_photo(photo_path, customer_id):
        errors["photo"] = "Nie znaleziono przesłanego zdjęcia. Dodaj je ponownie."
    if errors:
        return _refused(errors)
    return _Checked(meter, sp, value_l, day, last)


def _save(session: Session, customer_id: int, checked: _Checked, status: ReadingStatus,
          for_next_period: bool, photo_path: str | None, account_id: int | None,
          client_ip: str | None) -> MeterReading:
    """The reading row, with its audit entry."""
    row = MeterReading(
        meter_id=checked.meter.id, customer_id=customer_id, read_on=checked.day, value_l=checked.value_l,
        source=ReadingSource.CUSTOMER, status=status, for_next_period=for_next_period,
        photo_path=photo_path or None,
    )
    session.add(row)
    session.flush()
    after = {"meter_id": checked.meter.id, "read_on": checked.day.isoformat(), "value_l": checked.value_l,
             "status": str(status), "for_next_period": row.for_next_period, "photo": bool(row.photo_path)}
    if checked.same_day:
        after["corrects_reading_id"] = checked.last.id
    audit(session, actor_kind="customer", actor_id=account_id, action="reading.submit",
          entity="meter_reading", entity_id=row.id, customer_id=customer_id, client_ip=client_ip,
          after=after)
    return row


def _correction_reason(last: MeterReading) -> str:
    return (f"Dla tego wodomierza jest już odczyt z dnia {date_pl(last.read_on)} (stan {m3(last.value_l)}). "
            "Drugi odczyt z tego samego dnia może być tylko korektą tamtego: jeśli chcesz go poprawić, "
            "potwierdź nowy stan — zostanie zapisany jako korekta i przekazany do weryfikacji.")


def _saved(session: Session, customer_id: int, checked: _Checked, row: MeterReading,
           window: WindowView, today: date) -> SubmitResult:
    """What the customer is told about a saved reading, with the estimate of the invoice."""
    consumption, days = checked.consumption, checked.days
    to_verify = row.status == ReadingStatus.TO_VERIFY
    if checked.same_day:
        message = (f"Odczyt został zapisany jako korekta odczytu z dnia {date_pl(checked.last.read_on)} "
                   "i przekazany do weryfikacji.")
        consumption = days = None
    else:
        message = ("Odczyt został zapisany i przekazany do weryfikacji." if to_verify
                   else "Odczyt został przyjęty.")
    if row.for_next_period:
        message += f" Odczyt zostanie uwzględniony w następnym okresie rozliczeniowym. {window.message}"
    if consumption is not None:
        message += f" Zużycie od ostatniego odczytu: {m3(consumption)} w {days_pl(days)}."
    newest = HistoryPoint(row.read_on, row.value_l)
    return SubmitResult(
        ok=True, message=message, reading_id=row.id, status=str(row.status),
        status_label=label(STATUS_LABELS, row.status), consumption_l=consumption,
        consumption_text=m3(consumption) if consumption is not None else "", days=days,
        estimate=(estimate(session, customer_id, checked.meter, checked.sp, newest, today)
                  if consumption is not None else None),
        for_next_period=row.for_next_period, window=window, correction=checked.same_day,
        corrects_on_text=date_pl(checked.last.read_on) if checked.same_day else "",
        **_meter_facts(checked.meter, checked.sp),
    )


def _confirmation_reason(session: Session, customer_id: int, checked: _Checked) -> str | None:
    """Why the reading must be confirmed before it is saved (for verification), or None."""
    last = checked.last
    if last is None:
        return None
    if checked.same_day:
        return _correction_reason(last)
    reason = unusual_reason(checked.consumption, checked.days, last.read_on,
                            own_history(session, customer_id, checked.meter.id))
    if reason is None:
        return None
    return f"{reason} Jeśli stan jest poprawny, potwierdź go: odczyt zostanie zapisany i przekazany do weryfikacji."


def submit_reading(session: Session, customer_id: int, meter_id: object, value_text: object,
                   read_on: object = None, confirm_unusual: bool = False, today: date | None = None,
                   photo_path: str | None = None, *, account_id: int | None = None,
                   client_ip: str | None = None) -> SubmitResult:
    """Check and save a reading reported by the customer (the caller commits).

    `account_id`/`client_ip` only go into the audit entry.
    """
    today = today or today_in_warsaw()
    checked = _check(session, customer_id, meter_id, value_text, read_on, photo_path, today)
    if isinstance(checked, SubmitResult):
        return checked
    reason = _confirmation_reason(session, customer_id, checked)
    if reason and confirm_unusual is not True:  # a browser's "false" string is no consent
        same_day = checked.same_day
        return SubmitResult(
            ok=False, needs_confirmation=True, message=reason, **_meter_facts(checked.meter, checked.sp),
            consumption_l=None if same_day else checked.consumption,
            consumption_text="" if same_day else m3(checked.consumption),
            days=None if same_day else checked.days, correction=same_day,
            corrects_on_text=date_pl(checked.last.read_on) if same_day else "",
        )
    window = reading_window(today)
    status = ReadingStatus.TO_VERIFY if reason else ReadingStatus.ACCEPTED
    row = _save(session, customer_id, checked, status, not window.open, photo_path, account_id, client_ip)
    return _saved(session, customer_id, checked, row, window, today)
