"""Readings to verify: the queue, accept, reject with a reason the customer sees and gets."""
from datetime import date

import pytest
from sqlmodel import select

from ibok_app.models import AuditLog, MeterReading, ReadingStatus
from ibok_app.services.desk import readings_queue as q
from ibok_app.services.readings.history import reading_history
from tests.factories import readings as rf
from tests.factories.cases import customer_with_account, emails_to
from tests.factories.staff import staff


@pytest.fixture
def setup(session):
    who = customer_with_account(session)
    meter = rf.meter(session, who.point, serial="WM-TEST-1")
    rf.reading(session, meter, who.customer, date(2026, 1, 1), 100_000)
    rf.reading(session, meter, who.customer, date(2026, 2, 1), 105_000)
    odd = rf.reading(session, meter, who.customer, date(2026, 3, 1), 190_000, status=ReadingStatus.TO_VERIFY)
    return who, meter, odd, staff(session)


def test_queue_shows_the_reading_with_the_meter_history(session, setup):
    who, meter, odd, _member = setup
    page = q.readings_to_verify(session)
    assert page.total == 1
    item = page.rows[0]
    assert item.reading_id == odd.id and item.customer_number == who.customer.number
    assert item.meter_serial == "WM-TEST-1" and item.value_text == "190,000 m³"
    assert item.previous_text == "105,000 m³ z 01.02.2026" and item.consumption_text == "85,000 m³"
    assert item.days == 28 and not item.is_correction
    assert [h.value_text for h in item.history] == ["190,000 m³", "105,000 m³", "100,000 m³"]
    assert item.history[0].is_this and item.history[0].status_label == "do weryfikacji"


def test_accept(session, setup):
    _who, _meter, odd, member = setup
    result = q.accept_reading(session, member.id, odd.id, client_ip="10.1.1.1")
    assert result.ok
    assert session.get(MeterReading, odd.id).status == ReadingStatus.ACCEPTED
    assert q.readings_to_verify(session).total == 0
    entry = session.exec(select(AuditLog).where(AuditLog.action == "reading.accepted")).one()
    assert entry.actor_id == member.id and entry.entity_id == odd.id
    assert q.accept_reading(session, member.id, odd.id).message == q.NOT_WAITING  # only once


def test_reject_needs_a_reason_then_the_customer_sees_and_gets_it(session, setup):
    who, _meter, odd, member = setup
    for empty in (None, "", "   ", "ok", 123, ["powód"], "\x00\x00\x00\x00\x00"):
        refused = q.reject_reading(session, member.id, odd.id, empty)
        assert not refused.ok and refused.field_errors == {"reason": q.REASON_REQUIRED}
    assert not q.reject_reading(session, member.id, odd.id, "x" * 501).ok
    assert session.get(MeterReading, odd.id).status == ReadingStatus.TO_VERIFY

    reason = "Zdjęcie pokazuje stan 109,5 m³ — prosimy o ponowny odczyt."
    assert q.reject_reading(session, member.id, odd.id, reason).ok
    row = next(r for r in reading_history(session, who.customer_id) if r.reading_id == odd.id)
    assert row.status_label == "odrzucony" and row.rejection_reason == reason
    [mail] = emails_to(session, who.account.email)
    assert "WM-TEST-1" in mail.subject and reason in mail.body_text
    entry = session.exec(select(AuditLog).where(AuditLog.action == "reading.rejected")).one()
    assert reason in entry.after_json


def test_accepting_a_lower_value_is_refused(session, setup):
    who, meter, _odd, member = setup
    low = rf.reading(session, meter, who.customer, date(2026, 2, 15), 90_000, status=ReadingStatus.TO_VERIFY)
    result = q.accept_reading(session, member.id, low.id)
    assert not result.ok and "niższy" in result.message
    assert session.get(MeterReading, low.id).status == ReadingStatus.TO_VERIFY


def test_accepting_a_correction_replaces_the_same_day_reading(session, setup):
    who, meter, _odd, member = setup
    old = session.exec(select(MeterReading).where(MeterReading.read_on == date(2026, 2, 1))).one()
    fix = rf.reading(session, meter, who.customer, date(2026, 2, 1), 104_000, status=ReadingStatus.TO_VERIFY)
    assert q.reading_to_verify(session, fix.id).is_correction
    assert q.accept_reading(session, member.id, fix.id).ok
    assert session.get(MeterReading, old.id).status == ReadingStatus.REJECTED
    assert session.get(MeterReading, old.id).rejection_reason == q.SUPERSEDED


@pytest.mark.parametrize("reading_id", [None, 0, -3, "abc", 2**40, True, "1\x00", [1]])
def test_garbage_ids(session, setup, reading_id):
    _who, _meter, _odd, member = setup
    assert q.reading_to_verify(session, reading_id) is None
    assert q.accept_reading(session, member.id, reading_id).message == q.NOT_FOUND
    assert q.reject_reading(session, member.id, reading_id, "Powód odrzucenia").message == q.NOT_FOUND
    assert q.staff_open_reading_photo(session, reading_id) is None


def test_inactive_or_unknown_staff_cannot_decide(session, setup):
    _who, _meter, odd, _member = setup
    for sid in (None, "x", staff(session, active=False).id):
        assert not q.accept_reading(session, sid, odd.id).ok
        assert not q.reject_reading(session, sid, odd.id, "Powód odrzucenia").ok
    assert session.get(MeterReading, odd.id).status == ReadingStatus.TO_VERIFY
