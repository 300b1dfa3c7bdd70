"""Readings to verify ("do weryfikacji"): a customer confirmed an unusual reading, or
a second reading of the same day (a correction). The office sees each with the meter's
recent history and the photo, and accepts it or rejects it with a reason, which the
customer sees on Odczyty (readings.history: HistoryRow.rejection_reason) and gets by
e-mail. Rules of an accepted reading (services/readings): the register never goes
back, so a reading is accepted only if it lies between the meter's accepted readings
before and after it; accepting a correction rejects the same day's reading it corrects.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from ibok_app.models import Customer, Meter, MeterReading, ReadingStatus, ServicePoint
from ibok_app.services.billing.documents import paginate
from ibok_app.services.cases.shared import ActionResult, clean_text, notify_customer, read_photo, staff_member
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import client_address, parse_id
from ibok_app.services.notifications import case_emails
from ibok_app.services.readings.rules import KIND_LABELS, SOURCE_LABELS, STATUS_LABELS, label
from ibok_app.views.formats import address_line, date_pl, datetime_pl, m3

HISTORY_ROWS = 8
REASON_MIN, REASON_MAX = 5, 500
NOT_FOUND = "Nie znaleziono odczytu."
NOT_WAITING = "Ten odczyt został już zweryfikowany."
REASON_REQUIRED = "Podaj powód odrzucenia — klient zobaczy go w zakładce „Odczyty” i w e-mailu."
SUPERSEDED = "Zastąpiony korektą odczytu z tego samego dnia."


@dataclass(frozen=True)
class MeterHistoryRow:
    reading_id: int
    read_on_text: str
    value_text: str
    source_label: str
    status: str
    status_label: str
    is_this: bool  # the reading being verified


@dataclass(frozen=True)
class VerifyItem:
    reading_id: int
    customer_id: int
    customer_number: str
    customer_name: str
    meter_id: int
    meter_serial: str
    meter_kind_label: str
    place: str
    read_on_text: str
    value_text: str
    previous_text: str  # the last accepted reading before it: "123,456 m³ z dd.mm.rrrr", "" none
    consumption_text: str  # since that one, "" none
    days: int | None
    is_correction: bool  # the meter has an accepted reading of the same day
    has_photo: bool
    reported_at_text: str
    history: list[MeterHistoryRow]  # the meter's readings around it, newest first


@dataclass(frozen=True)
class QueuePage:
    rows: list[VerifyItem]
    total: int
    page: int
    pages: int


def _accepted(session: Session, reading: MeterReading):
    return select(MeterReading).where(MeterReading.meter_id == reading.meter_id, MeterReading.id != reading.id,
                                      MeterReading.status == ReadingStatus.ACCEPTED)


def _before(session: Session, reading: MeterReading) -> MeterReading | None:
    return session.exec(_accepted(session, reading).where(MeterReading.read_on < reading.read_on)
                        .order_by(MeterReading.read_on.desc(), MeterReading.id.desc()).limit(1)).first()


def _after(session: Session, reading: MeterReading) -> MeterReading | None:
    return session.exec(_accepted(session, reading).where(MeterReading.read_on > reading.read_on)
                        .order_by(MeterReading.read_on, MeterReading.id).limit(1)).first()


def _same_day(session: Session, reading: MeterReading) -> list[MeterReading]:
    return list(session.exec(_accepted(session, reading).where(MeterReading.read_on == reading.read_on)).all())


def _item(session: Session, reading: MeterReading) -> VerifyItem:
    meter = session.get(Meter, reading.meter_id)
    point = session.get(ServicePoint, meter.service_point_id) if meter else None
    customer = session.get(Customer, reading.customer_id)
    previous = _before(session, reading)
    history = session.exec(
        select(MeterReading).where(MeterReading.meter_id == reading.meter_id,
                                   MeterReading.read_on <= reading.read_on)
        .order_by(MeterReading.read_on.desc(), MeterReading.id.desc()).limit(HISTORY_ROWS)
    ).all()
    return VerifyItem(
        reading_id=reading.id, customer_id=reading.customer_id,
        customer_number=customer.number if customer else "", customer_name=customer.name if customer else "",
        meter_id=reading.meter_id, meter_serial=meter.serial if meter else "",
        meter_kind_label=label(KIND_LABELS, meter.kind) if meter else "",
        place=f"{address_line(point.street, point.postal_code, point.city)} ({point.code})" if point else "",
        read_on_text=date_pl(reading.read_on), value_text=m3(reading.value_l),
        previous_text=f"{m3(previous.value_l)} z {date_pl(previous.read_on)}" if previous else "",
        consumption_text=m3(reading.value_l - previous.value_l) if previous else "",
        days=(reading.read_on - previous.read_on).days if previous else None,
        is_correction=bool(_same_day(session, reading)), has_photo=bool(reading.photo_path),
        reported_at_text=datetime_pl(reading.created_at),
        history=[MeterHistoryRow(r.id, date_pl(r.read_on), m3(r.value_l), label(SOURCE_LABELS, r.source),
                                 str(r.status), label(STATUS_LABELS, r.status), r.id == reading.id)
                 for r in history],
    )


def readings_to_verify(session: Session, *, page: object = 1, page_size: object = 20) -> QueuePage:
    """The queue, the longest waiting first."""
    waiting = MeterReading.status == ReadingStatus.TO_VERIFY
    total = int(session.exec(select(func.count()).select_from(MeterReading).where(waiting)).one())
    page_no, size, pages = paginate(total, page, page_size)
    rows = session.exec(select(MeterReading).where(waiting).order_by(MeterReading.created_at, MeterReading.id)
                        .offset((page_no - 1) * size).limit(size)).all()
    return QueuePage([_item(session, r) for r in rows], total, page_no, pages)


def _reading(session: Session, reading_id: object) -> MeterReading | None:
    rid = parse_id(reading_id)
    return session.get(MeterReading, rid) if rid else None


def reading_to_verify(session: Session, reading_id: object) -> VerifyItem | None:
    reading = _reading(session, reading_id)
    return _item(session, reading) if reading is not None else None


def staff_open_reading_photo(session: Session, reading_id: object) -> tuple[bytes, str] | None:
    """(bytes, content type) of a reading's photo for the office's download route."""
    reading = _reading(session, reading_id)
    return read_photo(reading.photo_path, reading.customer_id) if reading is not None else None


def _waiting(session: Session, staff_id: object, reading_id: object):
    staff = staff_member(session, staff_id)
    if staff is None:
        return None, None, ActionResult(False, "Brak uprawnień.")
    reading = _reading(session, reading_id)
    if reading is None:
        return staff, None, ActionResult(False, NOT_FOUND)
    if reading.status != ReadingStatus.TO_VERIFY:
        return staff, None, ActionResult(False, NOT_WAITING)
    return staff, reading, None


def accept_reading(session: Session, staff_id: object, reading_id: object, *,
                   client_ip: object = None) -> ActionResult:
    staff, reading, refusal = _waiting(session, staff_id, reading_id)
    if refusal:
        return refusal
    before, after = _before(session, reading), _after(session, reading)
    if before is not None and reading.value_l < before.value_l:
        return ActionResult(False, f"Nie można przyjąć: stan jest niższy niż przyjęty odczyt z dnia "
                                   f"{date_pl(before.read_on)} ({m3(before.value_l)}). Odrzuć odczyt z powodem.")
    if after is not None and reading.value_l > after.value_l:
        return ActionResult(False, f"Nie można przyjąć: stan jest wyższy niż przyjęty późniejszy odczyt z dnia "
                                   f"{date_pl(after.read_on)} ({m3(after.value_l)}). Odrzuć odczyt z powodem.")
    superseded = _same_day(session, reading)
    for old in superseded:  # the correction stands, the corrected reading goes
        old.status = ReadingStatus.REJECTED
        old.rejection_reason = SUPERSEDED
        session.add(old)
    reading.status = ReadingStatus.ACCEPTED
    session.add(reading)
    session.flush()
    audit(session, actor_kind="staff", actor_id=staff.id, action="reading.accepted", entity="meter_reading",
          entity_id=reading.id, customer_id=reading.customer_id, before={"status": ReadingStatus.TO_VERIFY.value},
          after={"status": ReadingStatus.ACCEPTED.value, "value_l": reading.value_l,
                 "superseded_reading_ids": [r.id for r in superseded] or None},
          client_ip=client_address(client_ip))
    extra = " Korygowany odczyt z tego samego dnia został zastąpiony." if superseded else ""
    return ActionResult(True, f"Odczyt {m3(reading.value_l)} z dnia {date_pl(reading.read_on)} został przyjęty.{extra}")


def reject_reading(session: Session, staff_id: object, reading_id: object, reason: object, *,
                   client_ip: object = None) -> ActionResult:
    """Reject with a reason (required): shown to the customer on Odczyty and e-mailed."""
    staff, reading, refusal = _waiting(session, staff_id, reading_id)
    if refusal:
        return refusal
    why = " ".join((clean_text(reason) or "").split())
    if len(why) < REASON_MIN:
        return ActionResult(False, REASON_REQUIRED, {"reason": REASON_REQUIRED})
    if len(why) > REASON_MAX:
        msg = f"Powód może mieć najwyżej {REASON_MAX} znaków (teraz {len(why)})."
        return ActionResult(False, msg, {"reason": msg})
    reading.status = ReadingStatus.REJECTED
    reading.rejection_reason = why
    session.add(reading)
    session.flush()
    audit(session, actor_kind="staff", actor_id=staff.id, action="reading.rejected", entity="meter_reading",
          entity_id=reading.id, customer_id=reading.customer_id, before={"status": ReadingStatus.TO_VERIFY.value},
          after={"status": ReadingStatus.REJECTED.value, "reason": why}, client_ip=client_address(client_ip))
    meter = session.get(Meter, reading.meter_id)
    mailed = notify_customer(session, reading.customer_id, case_emails.reading_rejected_email(
        meter_serial=meter.serial if meter else "", read_on=reading.read_on, value_text=m3(reading.value_l),
        reason=why))
    return ActionResult(True, "Odczyt został odrzucony." + (" Klient otrzyma e-mail z powodem." if mailed else ""))
