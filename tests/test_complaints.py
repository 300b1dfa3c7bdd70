"""Complaints (§5): numbering, the 14-day deadline, scoping, the staff answer."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

from ibok_app.models import AuditLog, CaseStatus, Complaint, OutboxMessage
from ibok_app.services.cases import complaints
from tests.factories import billing as billing
from tests.factories.cases import customer_with_account, emails_to, staff

# 1 March 2026, 23:30 UTC = 2 March 2026, 00:30 in Warsaw: received on 2 March
NOW = datetime(2026, 3, 1, 23, 30)
GOOD = {"subject": "Błędna kwota na fakturze", "description": "Faktura naliczyła zużycie dwa razy za ten sam okres."}


def _create(session, who, now=NOW, **kw):
    return complaints.create_complaint(session, who.customer_id, now=now, **{**GOOD, **kw})


def test_create_sets_number_receipt_day_and_14_day_deadline_and_emails_it(session):
    who = customer_with_account(session)
    result = _create(session, who)
    assert result.ok, result.field_errors
    assert result.number == "RK/2026/000001"
    row = session.get(Complaint, result.complaint_id)
    assert row.received_on == date(2026, 3, 2)
    assert row.answer_due_on == date(2026, 3, 16)
    assert result.answer_due_on == date(2026, 3, 16)
    assert "16.03.2026" in result.message
    mails = emails_to(session, who.account.email)
    assert len(mails) == 1
    assert "RK/2026/000001" in mails[0].subject
    assert "RK/2026/000001" in mails[0].body_text and "do 16.03.2026" in mails[0].body_text
    assert "02.03.2026" in mails[0].body_text
    assert _create(session, who).number == "RK/2026/000002"


def test_deadline_is_always_received_plus_14_days():
    assert complaints.answer_due(date(2026, 2, 20)) == date(2026, 3, 6)  # over the end of February
    assert complaints.answer_due(date(2026, 12, 25)) == date(2027, 1, 8)


def test_document_must_be_the_customers_own(session):
    who = customer_with_account(session)
    other = customer_with_account(session)
    own_doc = billing.document(session, who.customer, number="FV/2026/03/000001")
    foreign_doc = billing.document(session, other.customer, number="FV/2026/03/000002")
    refused = _create(session, who, document_id=foreign_doc.id)
    assert refused.field_errors == {"document_id": "Wybierz dokument z listy albo pozostaw pole puste."}
    assert not _create(session, who, document_id="abc").ok
    ok = _create(session, who, document_id=str(own_doc.id))
    assert ok.ok
    assert complaints.complaint_detail(session, who.customer_id, ok.complaint_id).row.document_number == \
        "FV/2026/03/000001"
    assert [o.label for o in complaints.document_options(session, who.customer_id)] == \
        ["FV/2026/03/000001 z 10.01.2024"]


def test_validation_messages(session):
    who = customer_with_account(session)
    result = complaints.create_complaint(session, who.customer_id, subject="  ", description="krótko",
                                         now=NOW)
    assert result.field_errors == {
        "subject": "Podaj temat reklamacji.",
        "description": "Opisz problem będący podstawą reklamacji — co najmniej 10 znaków.",
    }
    assert _create(session, who, subject="x" * 201).field_errors == {
        "subject": "Temat może mieć najwyżej 200 znaków."}
    for junk in (None, 5, {"a": 1}, ["x"]):
        assert not complaints.create_complaint(session, who.customer_id, subject=junk, description=junk,
                                               document_id=junk, now=NOW).ok
    assert session.exec(select(Complaint)).all() == []
    assert session.exec(select(OutboxMessage)).all() == []


def test_other_customers_complaint_is_not_found(session):
    owner = customer_with_account(session)
    stranger = customer_with_account(session)
    cid = _create(session, owner).complaint_id
    assert complaints.complaint_detail(session, stranger.customer_id, cid) is None
    assert complaints.list_complaints(session, stranger.customer_id) == []
    assert complaints.complaint_detail(session, owner.customer_id, cid).row.subject == GOOD["subject"]


def test_overdue_only_after_the_deadline_while_open(session):
    who = customer_with_account(session)
    _create(session, who)
    on_deadline = complaints.list_complaints(session, who.customer_id, now=datetime(2026, 3, 16, 12, 0))
    assert not on_deadline[0].overdue
    late = complaints.list_complaints(session, who.customer_id, now=datetime(2026, 3, 17, 12, 0))
    assert late[0].overdue and late[0].status_label == "Przyjęta"


def test_staff_answer_is_audited_emailed_and_final(session):
    who = customer_with_account(session)
    worker = staff(session)
    cid = _create(session, who).complaint_id
    assert complaints.staff_start_complaint(session, worker.id, cid).ok
    assert complaints.complaint_detail(session, who.customer_id, cid).row.status_label == "W rozpatrzeniu"
    bad = complaints.answer_complaint(session, worker.id, cid, "", "new")
    assert bad.field_errors == {"status": "Wybierz wynik: uwzględniona albo odrzucona.",
                                "answer": "Wpisz odpowiedź dla klienta."}
    done = complaints.answer_complaint(session, worker.id, cid, "Wystawiliśmy fakturę korygującą.", "resolved",
                                       now=datetime(2026, 3, 5, 10, 0))
    assert done.ok, done.message
    detail = complaints.complaint_detail(session, who.customer_id, cid)
    assert detail.row.status_label == "Uwzględniona" and not detail.row.is_open
    assert detail.answer == "Wystawiliśmy fakturę korygującą." and detail.answered_at_text == "05.03.2026 11:00"
    row = session.get(Complaint, cid)
    assert row.status == CaseStatus.RESOLVED and row.answered_by_id == worker.id
    actions = [a.action for a in session.exec(select(AuditLog).order_by(AuditLog.id)).all()]
    assert actions == ["complaint.status", "complaint.answer"]
    mails = emails_to(session, who.account.email)
    assert "RK/2026/000001" in mails[-1].subject
    assert "Wystawiliśmy fakturę korygującą." in mails[-1].body_text and "uwzględniona" in mails[-1].body_text
    again = complaints.answer_complaint(session, worker.id, cid, "Inna odpowiedź.", "rejected")
    assert not again.ok and again.message == "Reklamacja została już rozpatrzona."
    assert complaints.answer_complaint(session, 987654, cid, "x", "rejected").message == "Brak uprawnień."


def test_staff_list_open_by_deadline(session):
    who = customer_with_account(session)
    first = _create(session, who, now=datetime(2026, 3, 1, 8, 0)).number
    second = _create(session, who, now=datetime(2026, 3, 3, 8, 0)).number
    rows = complaints.staff_list_complaints(session, status="new")
    assert [r.number for r in rows] == [first, second]
    assert [o.label for o in complaints.status_options()] == ["Przyjęta", "W rozpatrzeniu", "Uwzględniona",
                                                               "Odrzucona"]


def test_the_customers_list_carries_text_receipt_day_and_answer(session):
    who, other = customer_with_account(session), customer_with_account(session)
    first = _create(session, who)
    assert first.received_on == date(2026, 3, 2)  # the service says it; nobody computes it back
    second = _create(session, who, now=datetime(2026, 3, 5, 9, 0))
    _create(session, other)
    assert complaints.answer_complaint(session, staff(session).id, first.complaint_id,
                                       "Wystawiliśmy fakturę korygującą.", "resolved").ok
    details = complaints.list_complaint_details(session, who.customer_id, now=NOW)
    assert [d.row.number for d in details] == [second.number, first.number]  # newest first, own only
    assert details[1].answer == "Wystawiliśmy fakturę korygującą." and details[0].answer == ""
    assert all(d.description == GOOD["description"] for d in details)
    assert [r.number for r in complaints.list_complaints(session, who.customer_id)] == [d.row.number for d in details]


def _png() -> bytes:
    import io

    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (16, 8), (200, 60, 30)).save(buf, "PNG")
    return buf.getvalue()


def test_photo_must_be_the_customers_own_and_is_served_only_to_them(session):
    from ibok_app.services.common import photos
    who = customer_with_account(session)
    other = customer_with_account(session)
    mine = photos.store_photo(_png(), customer_id=who.customer_id)
    theirs = photos.store_photo(_png(), customer_id=other.customer_id)
    refused = _create(session, who, photo_path=theirs)
    assert refused.field_errors == {"photo": "Nie udało się dołączyć zdjęcia. Dodaj je ponownie."}
    assert not _create(session, who, photo_path="../../etc/passwd").ok
    assert session.exec(select(Complaint)).all() == []  # refused: nothing saved
    result = _create(session, who, photo_path=mine)
    assert result.ok
    data, kind = complaints.open_complaint_photo(session, who.customer_id, result.complaint_id)
    assert kind == "image/png" and data == _png()
    assert complaints.open_complaint_photo(session, other.customer_id, result.complaint_id) is None
    assert complaints.open_complaint_photo(session, who.customer_id, "1 OR 1=1") is None
    assert complaints.complaint_detail(session, who.customer_id, result.complaint_id).has_photo
    assert complaints.staff_open_complaint_photo(session, result.complaint_id)[0] == data
    without = _create(session, who)
    assert not complaints.complaint_detail(session, who.customer_id, without.complaint_id).has_photo
