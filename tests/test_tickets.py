"""Operational tickets (§9 h): validation, scoping, numbering, timeline, staff side."""
from __future__ import annotations

import io
import re
import threading
from datetime import datetime

from PIL import Image
from sqlmodel import Session, select

from ibok_app.db import engine
from ibok_app.models import AuditLog, CaseStatus, OutboxMessage, Ticket, TicketMessage
from ibok_app.services.cases import tickets
from ibok_app.services.common import photos as meter_photos
from tests.factories.cases import customer_with_account, emails_to, service_point, staff

NOW = datetime(2026, 3, 10, 9, 0)
GOOD = {"category": "leak", "description": "Woda wycieka spod studzienki przed domem.",
            "contact_phone": "600 123 456"}


def _create(session, who, now=NOW, **kw):
    args = {**GOOD, "service_point_id": who.point.id, **kw}
    return tickets.create_ticket(session, who.customer_id, now=now, **args)


def test_create_ticket_numbers_it_stores_it_and_emails_the_number(session):
    who = customer_with_account(session)
    result = _create(session, who)
    assert result.ok, result.field_errors
    assert result.number == "ZG/2026/000001"
    ticket = session.get(Ticket, result.ticket_id)
    assert ticket.customer_id == who.customer_id and ticket.status == CaseStatus.NEW
    assert ticket.contact_phone == "+48600123456"
    assert ticket.description == GOOD["description"]
    mails = emails_to(session, who.account.email)
    assert len(mails) == 1
    assert "ZG/2026/000001" in mails[0].subject and "ZG/2026/000001" in mails[0].body_text
    assert "Wyciek" in mails[0].body_text
    rows = tickets.list_tickets(session, who.customer_id)
    assert [(r.number, r.status_label, r.category_label) for r in rows] == [("ZG/2026/000001", "Nowe", "Wyciek")]


def test_validation_messages_and_nothing_stored(session):
    who = customer_with_account(session)
    other = customer_with_account(session)
    result = tickets.create_ticket(session, who.customer_id, category="flood", service_point_id=other.point.id,
                                   description="  za mało  ", contact_phone="12345")
    assert not result.ok
    assert result.field_errors == {
        "category": "Wybierz rodzaj zgłoszenia z listy.",
        "service_point_id": "Wybierz punkt poboru z listy.",
        "description": "Opisz problem — co najmniej 10 znaków.",
        "contact_phone": "Podaj polski numer telefonu: 9 cyfr, np. 600 123 456 lub +48 600 123 456.",
    }
    too_long = _create(session, who, description="x" * 4001)
    assert too_long.field_errors["description"].startswith("Opis może mieć najwyżej 4000 znaków")
    second = service_point(session, who.customer, street="ul. Polna 3")
    for blank in ("", "  ", None):
        missing_point = _create(session, who, service_point_id=blank)
        assert missing_point.field_errors == {
            "service_point_id": "Wybierz punkt poboru, którego dotyczy zgłoszenie."}
    assert not _create(session, who, service_point_id=str(second.id + 1000)).ok
    assert session.exec(select(Ticket)).all() == []
    assert session.exec(select(OutboxMessage)).all() == []


def test_a_customer_with_one_service_point_need_not_choose_it(session):
    """Issue 12: nothing rendered in the browser decides the place of a ticket."""
    who = customer_with_account(session)
    for blank in ("", None):
        result = _create(session, who, service_point_id=blank)
        assert result.ok, result.field_errors
        assert session.get(Ticket, result.ticket_id).service_point_id == who.point.id
    named = _create(session, who, service_point_id=str(who.point.id))
    assert session.get(Ticket, named.ticket_id).service_point_id == who.point.id


def test_browser_garbage_never_raises(session):
    who = customer_with_account(session)
    for junk in (None, 12, {"a": 1}, ["leak"], True, "\x00" * 5, "9" * 40):
        result = tickets.create_ticket(session, who.customer_id, category=junk, service_point_id=junk,
                                       description=junk, contact_phone=junk, photo_path=junk)
        assert not result.ok
    assert tickets.ticket_detail(session, who.customer_id, {"id": 1}) is None
    assert not tickets.add_customer_message(session, who.customer_id, "abc", ["x"]).ok


def test_phone_optional_and_control_characters_removed(session):
    who = customer_with_account(session)
    result = _create(session, who, contact_phone="", description="Brak wody\x00 od rana\r\nw całym budynku.")
    assert result.ok
    ticket = session.get(Ticket, result.ticket_id)
    assert ticket.contact_phone is None
    assert ticket.description == "Brak wody od rana\nw całym budynku."
    plus48 = _create(session, who, contact_phone="+48 601-234-567")
    assert session.get(Ticket, plus48.ticket_id).contact_phone == "+48601234567"


def test_numbers_are_consecutive_across_customers_and_use_warsaw_year(session):
    a = customer_with_account(session)
    b = customer_with_account(session)
    numbers = [_create(session, w).number for w in (a, b, a)]
    assert numbers == ["ZG/2026/000001", "ZG/2026/000002", "ZG/2026/000003"]
    # 31.12.2026 23:30 UTC is already 1 January 2027 in Warsaw
    assert _create(session, a, now=datetime(2026, 12, 31, 23, 30)).number == "ZG/2027/000001"


def test_numbering_is_race_safe_across_connections(session):
    whos = [customer_with_account(session) for _ in range(2)]
    session.commit()
    barrier = threading.Barrier(6)
    results, errors = [], []

    def worker(i: int) -> None:
        who = whos[i % 2]
        try:
            with Session(engine(), expire_on_commit=False) as s:
                barrier.wait()
                r = tickets.create_ticket(s, who.customer_id, category="no_water", service_point_id=who.point.id,
                                          description=f"Brak wody numer {i} w kranie.", contact_phone=None,
                                          now=NOW)
                s.commit()
                results.append(r.number)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(results) == [f"ZG/2026/{n:06d}" for n in range(1, 7)]


def test_other_customers_ticket_is_not_found(session):
    owner = customer_with_account(session)
    stranger = customer_with_account(session)
    tid = _create(session, owner).ticket_id
    assert tickets.ticket_detail(session, stranger.customer_id, tid) is None
    assert tickets.ticket_detail(session, stranger.customer_id, str(tid)) is None
    assert tickets.list_tickets(session, stranger.customer_id) == []
    refused = tickets.add_customer_message(session, stranger.customer_id, tid, "Moja wiadomość do cudzego.")
    assert not refused.ok and refused.message == "Nie znaleziono zgłoszenia."
    assert session.exec(select(TicketMessage)).all() == []
    assert tickets.ticket_detail(session, owner.customer_id, str(tid)).row.number == "ZG/2026/000001"


def test_timeline_status_change_audit_and_email(session):
    who = customer_with_account(session)
    worker = staff(session)
    tid = _create(session, who).ticket_id
    assert tickets.add_customer_message(session, who.customer_id, tid, "Wyciek jest coraz większy.",
                                        now=datetime(2026, 3, 10, 10, 0)).ok
    done = tickets.staff_set_status(session, worker.id, tid, "in_progress", "Ekipa jest w drodze.",
                                    now=datetime(2026, 3, 10, 11, 0))
    assert done.ok, done.message
    detail = tickets.ticket_detail(session, who.customer_id, tid)
    assert detail.row.status_label == "W realizacji" and detail.can_reply
    assert [(e.kind, e.from_staff, e.author) for e in detail.timeline] == [
        ("created", False, "Ty"), ("message", False, "Ty"), ("message", True, "Biuro Obsługi Klienta")]
    assert detail.timeline[2].body == "Status zgłoszenia: W realizacji.\n\nEkipa jest w drodze."
    assert detail.timeline[0].at_text == "10.03.2026 10:00"  # 09:00 UTC = 10:00 in Warsaw (CET)
    staff_view = tickets.staff_ticket_detail(session, tid)
    assert staff_view.timeline[2].author == worker.full_name and staff_view.customer_name == "Anna Nowak"
    entry = session.exec(select(AuditLog).where(AuditLog.action == "ticket.status")).one()
    assert entry.actor_kind == "staff" and entry.actor_id == worker.id and entry.customer_id == who.customer_id
    assert '"new"' in entry.before_json and '"in_progress"' in entry.after_json
    mails = emails_to(session, who.account.email)
    assert len(mails) == 2
    assert "ZG/2026/000001" in mails[1].subject and "w realizacji" in mails[1].body_text
    assert "Ekipa jest w drodze." in mails[1].body_text


def test_customer_message_only_while_open(session):
    who = customer_with_account(session)
    worker = staff(session)
    tid = _create(session, who).ticket_id
    empty = tickets.add_customer_message(session, who.customer_id, tid, "   ")
    assert not empty.ok and empty.field_errors == {"body": "Wpisz treść wiadomości."}
    assert tickets.staff_set_status(session, worker.id, tid, "resolved").ok
    closed = tickets.add_customer_message(session, who.customer_id, tid, "Jeszcze jedno pytanie.")
    assert not closed.ok and "zamknięte" in closed.message
    detail = tickets.ticket_detail(session, who.customer_id, tid)
    assert detail.row.status_label == "Załatwione" and not detail.can_reply


def test_staff_set_status_refusals(session):
    who = customer_with_account(session)
    tid = _create(session, who).ticket_id
    gone = staff(session, active=False)
    worker = staff(session)
    assert tickets.staff_set_status(session, gone.id, tid, "resolved").message == "Brak uprawnień."
    assert tickets.staff_set_status(session, worker.id, tid, "done").field_errors == {
        "status": "Wybierz status z listy."}
    assert not tickets.staff_set_status(session, worker.id, tid, "new").ok  # unchanged and no message
    assert tickets.staff_set_status(session, worker.id, 999999, "resolved").message == "Nie znaleziono zgłoszenia."
    assert session.get(Ticket, tid).status == CaseStatus.NEW
    assert session.exec(select(AuditLog)).all() == []


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), (30, 90, 200)).save(buf, "PNG")
    return buf.getvalue()


def test_photo_must_be_the_customers_own_and_is_served_only_to_them(session):
    who = customer_with_account(session)
    other = customer_with_account(session)
    mine = meter_photos.store_photo(_png(), customer_id=who.customer_id)
    theirs = meter_photos.store_photo(_png(), customer_id=other.customer_id)
    refused = _create(session, who, photo_path=theirs)
    assert refused.field_errors == {"photo": "Nie udało się dołączyć zdjęcia. Dodaj je ponownie."}
    assert not _create(session, who, photo_path="../../etc/passwd").ok
    result = _create(session, who, photo_path=mine)
    assert result.ok
    data, kind = tickets.open_ticket_photo(session, who.customer_id, result.ticket_id)
    assert kind == "image/png" and data == _png()
    assert tickets.open_ticket_photo(session, other.customer_id, result.ticket_id) is None
    assert tickets.ticket_detail(session, who.customer_id, result.ticket_id).has_photo


def test_labels_and_options_are_polish():
    labels = {o.value: o.label for o in tickets.category_options()}
    assert labels == {"failure": "Awaria", "no_water": "Brak wody", "low_pressure": "Niskie ciśnienie",
                      "leak": "Wyciek", "meter": "Wymiana lub uszkodzenie wodomierza", "seal": "Plomba",
                      "water_quality": "Jakość wody", "other": "Inne"}
    assert [o.label for o in tickets.status_options()] == ["Nowe", "W realizacji", "Załatwione", "Odrzucone"]
    assert re.fullmatch(r"ZG/\d{4}/\d{6}", "ZG/2026/000123")


def test_tickets_and_complaints_are_limited_per_customer_and_hour(session, monkeypatch):
    """Issue 6: nobody can flood the office or the outbox (IBOK_CASES_PER_HOUR, default 10)."""
    from datetime import timedelta

    from ibok_app.config import reset_settings
    from ibok_app.models import Complaint
    from ibok_app.services.cases import complaints

    who, other = customer_with_account(session), customer_with_account(session)
    for i in range(10):
        assert _create(session, who, now=NOW + timedelta(minutes=i)).ok
    refused = _create(session, who, now=NOW + timedelta(minutes=30))
    assert not refused.ok and refused.field_errors == {}
    assert refused.message.startswith("W ciągu ostatniej godziny przyjęliśmy już 10 zgłoszeń")
    assert "za 31 min" in refused.message  # the oldest of the ten leaves the hour at 10:00
    assert len(session.exec(select(Ticket)).all()) == 10
    assert len(emails_to(session, who.account.email)) == 10
    assert _create(session, other, now=NOW + timedelta(minutes=30)).ok  # per customer
    assert _create(session, who, now=NOW + timedelta(minutes=61)).ok  # the hour moved on

    def complaint(now):
        return complaints.create_complaint(session, who.customer_id, subject="Zawyżona faktura",
                                           description="Zużycie dwa razy wyższe niż zwykle.", now=now)

    monkeypatch.setenv("IBOK_CASES_PER_HOUR", "2")
    reset_settings()
    try:
        assert complaint(NOW).ok and complaint(NOW).ok
        third = complaint(NOW + timedelta(minutes=5))
        assert not third.ok and "przyjęliśmy już 2 reklamacji" in third.message
        assert len(session.exec(select(Complaint)).all()) == 2
    finally:
        monkeypatch.delenv("IBOK_CASES_PER_HOUR")
        reset_settings()
