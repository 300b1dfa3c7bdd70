"""The office's ticket and complaint queues (issue 10): filters, sorting, paging,
assignment, status changes, replies, internal notes that the customer never sees,
the §5 deadlines and late answers. Hand-made data; the clock is `now=`."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from sqlmodel import select

from ibok_app.models import AuditLog, CaseStatus, Complaint, StaffRole, Ticket, TicketMessage
from ibok_app.services.accounts import closure, export
from ibok_app.services.cases import complaints, tickets
from tests.factories.cases import customer_with_account, emails_to
from tests.factories.staff import staff

NOW = datetime(2026, 3, 10, 9, 0)  # 10:00 in Warsaw (CET)
IP = "203.0.113.7"
SECRET = "Klient był niemiły przez telefon — tylko dla biura"


def _ticket(session, who, *, now=NOW, category="leak", point=None):
    result = tickets.create_ticket(
        session, who.customer_id, category=category, service_point_id=(point or who.point).id,
        description="Woda wycieka spod studzienki przed domem.", contact_phone="600 123 456", now=now)
    assert result.ok, result.field_errors
    return result.ticket_id


def _audits(session, action):
    return session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all()


# ---------------------------------------------------------------- the ticket queue

def test_queue_rows_show_customer_place_category_status_and_assignee(session):
    who = customer_with_account(session, name="Jan Wiśniewski")
    worker = staff(session)
    tid = _ticket(session, who)
    assert tickets.assign_to_me(session, worker.id, tid, client_ip=IP).ok
    page = tickets.staff_ticket_queue(session)
    assert (page.total, page.page, page.pages) == (1, 1, 1)
    row = page.rows[0]
    assert row.number == "ZG/2026/000001" and row.customer_number == who.customer.number
    assert row.customer_name == "Jan Wiśniewski" and row.category_label == "Wyciek"
    assert who.point.code in row.place and "Łąkowa 12" in row.place
    assert row.status_label == "Nowe" and row.is_open
    assert row.assigned_to_id == worker.id and row.assigned_name == worker.full_name
    assert row.created_at_text == "10.03.2026 10:00"


def test_queue_filters_by_status_category_service_point_and_assignment(session):
    a = customer_with_account(session)
    b = customer_with_account(session)
    me, colleague = staff(session), staff(session)
    t_leak = _ticket(session, a, category="leak")
    t_meter = _ticket(session, a, category="meter", now=NOW + timedelta(minutes=1))
    t_other = _ticket(session, b, category="no_water", now=NOW + timedelta(minutes=2))
    tickets.assign_to_me(session, me.id, t_leak)
    tickets.assign_to_me(session, colleague.id, t_meter)
    assert tickets.change_status(session, me.id, t_leak, "resolved").ok

    def numbers(**kw):
        return {r.id for r in tickets.staff_ticket_queue(session, **kw).rows}

    assert numbers() == {t_leak, t_meter, t_other}
    assert numbers(status="resolved") == {t_leak}
    assert numbers(status="open") == {t_meter, t_other}
    assert numbers(category="meter") == {t_meter}
    assert numbers(service_point=b.point.id) == {t_other}
    assert numbers(service_point=b.point.code.lower()) == {t_other}  # the code as typed
    assert numbers(service_point=str(a.point.id)) == {t_leak, t_meter}
    assert numbers(service_point="PP-NIEMA") == set()
    assert numbers(assigned="me", staff_id=me.id) == {t_leak}
    assert numbers(assigned="none") == {t_other}
    assert numbers(assigned="me") == set()  # "mine" without a member matches nothing
    assert numbers(status="open", assigned="me", staff_id=colleague.id) == {t_meter}


def test_queue_ignores_garbage_and_clamps_the_page(session):
    who = customer_with_account(session)
    ids = [_ticket(session, who, now=NOW + timedelta(minutes=i)) for i in range(3)]
    for bad in ({"status": ["new"]}, {"category": "\x00"}, {"service_point": {"x": 1}}, {"assigned": 5},
                {"sort": "id; drop table ticket"}, {"page": "abc", "page_size": -3}, {"status": "x" * 10000},
                {"service_point": "x" * 10000}, {"staff_id": "me", "assigned": "me"}):
        page = tickets.staff_ticket_queue(session, **bad)
        assert isinstance(page, tickets.QueuePage)
    assert tickets.staff_ticket_queue(session, status=["new"]).total == 3  # an unknown filter is ignored
    last = tickets.staff_ticket_queue(session, page=99, page_size=2, sort="created")
    assert (last.page, last.pages, [r.id for r in last.rows]) == (2, 2, [ids[2]])
    assert tickets.staff_ticket_queue(session, page_size=10_000).rows  # at most 100, no error


def test_queue_sorts_by_created_date_and_status(session):
    who = customer_with_account(session)
    worker = staff(session)
    first = _ticket(session, who, now=NOW)
    second = _ticket(session, who, now=NOW + timedelta(hours=1))
    third = _ticket(session, who, now=NOW + timedelta(hours=2))
    tickets.change_status(session, worker.id, first, "in_progress")
    tickets.change_status(session, worker.id, second, "rejected")

    def order(sort):
        return [r.id for r in tickets.staff_ticket_queue(session, sort=sort).rows]

    assert order("-created") == [third, second, first]
    assert order("created") == [first, second, third]
    assert order("status") == [third, first, second]  # new, in progress, rejected
    assert order("-status") == [second, first, third]
    assert tickets.staff_ticket_queue(session, sort="bogus").sort == "-created"


# ---------------------------------------------------------------- ticket actions

def test_assign_to_me_audited_takes_over_and_refuses_closed_tickets(session):
    who = customer_with_account(session)
    me, colleague = staff(session), staff(session)
    tid = _ticket(session, who)
    assert tickets.assign_to_me(session, colleague.id, tid).ok
    taken = tickets.assign_to_me(session, me.id, tid, client_ip=IP)
    assert taken.ok and colleague.full_name in taken.message
    assert session.get(Ticket, tid).assigned_to_id == me.id
    entry = _audits(session, "ticket.assigned")[-1]
    assert (entry.actor_kind, entry.actor_id, entry.customer_id, entry.client_ip) == (
        "staff", me.id, who.customer_id, IP)
    assert json.loads(entry.before_json) == {"assigned_to_id": colleague.id}
    assert json.loads(entry.after_json) == {"assigned_to_id": me.id}
    again = tickets.assign_to_me(session, me.id, tid)
    assert again.ok and len(_audits(session, "ticket.assigned")) == 2  # nothing changed, nothing audited
    tickets.change_status(session, me.id, tid, "resolved")
    assert not tickets.assign_to_me(session, colleague.id, tid).ok
    assert tickets.assign_to_me(session, staff(session, active=False).id, tid).message == "Brak uprawnień."
    assert tickets.assign_to_me(session, me.id, "drop").message == tickets.NOT_FOUND


def test_change_status_audits_emails_and_reopens_only_to_in_progress(session):
    who = customer_with_account(session)
    worker = staff(session)
    tid = _ticket(session, who)
    done = tickets.change_status(session, worker.id, tid, "resolved", client_ip=IP, now=NOW + timedelta(hours=1))
    assert done.ok, done.message
    entry = _audits(session, "ticket.status")[-1]
    assert json.loads(entry.before_json) == {"status": "new"}
    assert json.loads(entry.after_json)["status"] == "resolved" and entry.client_ip == IP
    mails = emails_to(session, who.account.email)
    assert len(mails) == 2 and "załatwione" in mails[-1].body_text
    # closed: only reopening
    for target in ("new", "rejected", "resolved"):
        refused = tickets.change_status(session, worker.id, tid, target)
        assert not refused.ok, target
    assert session.get(Ticket, tid).status == CaseStatus.RESOLVED
    reopened = tickets.change_status(session, worker.id, tid, "in_progress", now=NOW + timedelta(hours=2))
    assert reopened.ok
    detail = tickets.ticket_detail(session, who.customer_id, tid)
    assert detail.can_reply and detail.timeline[-1].body == "Status zgłoszenia: W realizacji."
    assert not tickets.change_status(session, worker.id, tid, "new").ok  # never back to "new"
    assert tickets.change_status(session, worker.id, tid, None).field_errors == {"status": "Wybierz status z listy."}
    assert [o.value for o in tickets.allowed_statuses("resolved")] == ["in_progress"]
    assert tickets.allowed_statuses(["x"]) == []


def test_staff_reply_is_in_the_customer_timeline_and_emailed(session):
    who = customer_with_account(session)
    worker = staff(session)
    tid = _ticket(session, who)
    reply = tickets.staff_reply(session, worker.id, tid, "  Ekipa przyjedzie jutro między 8 a 12.\x00 ",
                                client_ip=IP, now=NOW + timedelta(hours=3))
    assert reply.ok, reply.message
    detail = tickets.ticket_detail(session, who.customer_id, tid)
    last = detail.timeline[-1]
    assert (last.kind, last.from_staff, last.author, last.body) == (
        "message", True, "Biuro Obsługi Klienta", "Ekipa przyjedzie jutro między 8 a 12.")
    assert detail.row.status == "new" and detail.row.updated_at_text == "10.03.2026 13:00"
    mail = emails_to(session, who.account.email)[-1]
    assert "ZG/2026/000001" in mail.subject and "Ekipa przyjedzie jutro" in mail.body_text
    entry = _audits(session, "ticket.reply")[-1]
    assert entry.actor_id == worker.id and "Ekipa przyjedzie" in entry.after_json
    empty = tickets.staff_reply(session, worker.id, tid, 12345)
    assert not empty.ok and "body" in empty.field_errors
    assert not tickets.staff_reply(session, worker.id, tid, "x" * 4001).ok
    assert tickets.staff_reply(session, None, tid, "Odpowiedź").message == "Brak uprawnień."


def test_internal_note_never_reaches_the_customer(session):
    who = customer_with_account(session)
    worker = staff(session)
    tid = _ticket(session, who)
    tickets.staff_reply(session, worker.id, tid, "Widoczna odpowiedź.", now=NOW + timedelta(hours=1))
    mails_before = len(emails_to(session, who.account.email))
    note = tickets.add_internal_note(session, worker.id, tid, SECRET, client_ip=IP, now=NOW + timedelta(hours=2))
    assert note.ok, note.message
    assert session.exec(select(TicketMessage).where(TicketMessage.internal.is_(True))).one().body == SECRET
    # the office sees it, marked
    staff_view = tickets.staff_ticket_detail(session, tid)
    noted = [e for e in staff_view.timeline if e.internal]
    assert [(e.kind, e.author, e.body) for e in noted] == [("note", worker.full_name, SECRET)]
    # the customer: not in the timeline, no e-mail, the "updated" time unchanged
    detail = tickets.ticket_detail(session, who.customer_id, tid)
    assert all(SECRET not in e.body and not e.internal for e in detail.timeline)
    assert [e.body for e in detail.timeline][-1] == "Widoczna odpowiedź."
    assert detail.row.updated_at_text == "10.03.2026 11:00"
    assert len(emails_to(session, who.account.email)) == mails_before
    # nor in the data export: the message, the column, the audit entry (whose text holds no note)
    entry = _audits(session, tickets.INTERNAL_NOTE_ACTION)[-1]
    assert entry.actor_id == worker.id and SECRET not in (entry.after_json or "")
    assert tickets.INTERNAL_NOTE_ACTION in export.NOT_EXPORTED_ACTIONS
    dump = json.dumps(export.polish_tables(session, who.customer_id), default=str, ensure_ascii=False)
    assert SECRET not in dump and "Widoczna odpowiedź." in dump
    assert tickets.INTERNAL_NOTE_ACTION not in dump and "ticket.reply" in dump
    assert all("internal" not in m for m in export.collect(session, who.customer_id)["ticket_messages"])
    refused = tickets.add_internal_note(session, worker.id, tid, "   ")
    assert not refused.ok and refused.field_errors == {"body": "Wpisz treść notatki."}


def test_erasing_the_account_erases_internal_notes_but_keeps_staff_replies(session):
    who = customer_with_account(session)
    worker = staff(session)
    tid = _ticket(session, who)
    tickets.staff_reply(session, worker.id, tid, "Naprawiono zasuwę.")
    tickets.add_internal_note(session, worker.id, tid, SECRET)
    closure.erase_account(session, who.account)
    bodies = {m.body for m in session.exec(select(TicketMessage).where(TicketMessage.ticket_id == tid)).all()}
    assert bodies == {"Naprawiono zasuwę.", closure.ERASED_TEXT}


def test_staff_role_does_not_matter_to_the_service_but_activity_does(session):
    who = customer_with_account(session)
    tid = _ticket(session, who)
    admin = staff(session, StaffRole.ADMIN)
    assert tickets.add_internal_note(session, admin.id, tid, "Notatka administratora.").ok
    gone = staff(session, active=False)
    for call in (lambda: tickets.add_internal_note(session, gone.id, tid, "x" * 10),
                 lambda: tickets.staff_reply(session, gone.id, tid, "x" * 10),
                 lambda: tickets.change_status(session, gone.id, tid, "resolved")):
        assert call().message == "Brak uprawnień."
    assert session.get(Ticket, tid).status == CaseStatus.NEW


# ---------------------------------------------------------------- the complaint queue

def _complaint(session, who, received_at, subject="Zawyżona faktura"):
    result = complaints.create_complaint(session, who.customer_id, subject=subject,
                                         description="Faktura za luty jest dwa razy wyższa niż zwykle.",
                                         now=received_at)
    assert result.ok, result.field_errors
    return result.complaint_id


def _three(session):
    """Received 1, 5 and 10 March 2026: due 15, 19 and 24 March (§5, 14 days)."""
    a, b, c = (customer_with_account(session, name=n) for n in ("Anna A", "Bogdan B", "Celina C"))
    return (_complaint(session, a, datetime(2026, 3, 1, 9)), _complaint(session, b, datetime(2026, 3, 5, 9)),
            _complaint(session, c, datetime(2026, 3, 10, 9)))


def test_complaint_queue_shows_the_deadline_and_flags_overdue_and_due_soon(session):
    first, second, third = _three(session)
    # 16 March 00:30 in Warsaw (still the 15th in UTC): the 15 March deadline has passed
    now = datetime(2026, 3, 15, 23, 30)
    page = complaints.staff_complaint_queue(session, now=now)
    assert [r.id for r in page.rows] == [first, second, third]  # the nearest deadline first
    by_id = {r.id: r for r in page.rows}
    assert by_id[first].answer_due_on_text == "15.03.2026" and by_id[first].customer_name == "Anna A"
    assert (by_id[first].overdue, by_id[first].due_soon, by_id[first].days_left) == (True, False, -1)
    assert (by_id[second].overdue, by_id[second].due_soon, by_id[second].days_left) == (False, True, 3)
    assert (by_id[third].overdue, by_id[third].due_soon, by_id[third].days_left) == (False, False, 8)
    assert [r.id for r in complaints.staff_complaint_queue(session, due="overdue", now=now).rows] == [first]
    assert [r.id for r in complaints.staff_complaint_queue(session, due="soon", now=now).rows] == [second]
    # an hour earlier in UTC it is still the 15th in Warsaw: due today, not overdue
    earlier = complaints.staff_complaint_queue(session, now=datetime(2026, 3, 15, 22, 30))
    assert {r.id: (r.overdue, r.due_soon) for r in earlier.rows}[first] == (False, True)
    # the clock moves on a week: the second is overdue too, the third due soon
    later = complaints.staff_complaint_queue(session, due="overdue", now=datetime(2026, 3, 21, 9))
    assert {r.id for r in later.rows} == {first, second}
    assert [r.id for r in complaints.staff_complaint_queue(session, due="soon", now=datetime(2026, 3, 21, 9)).rows
            ] == [third]


def test_complaint_queue_agrees_with_the_desk_counts(session):
    from ibok_app.services.desk.start import desk_counts

    _three(session)
    now = datetime(2026, 3, 16, 9)
    counts = desk_counts(session, now=now)
    assert counts.complaints_overdue == complaints.staff_complaint_queue(session, due="overdue", now=now).total == 1
    assert counts.complaints_due_soon == complaints.staff_complaint_queue(session, due="soon", now=now).total == 1


def test_complaint_queue_filters_sorts_pages_and_ignores_garbage(session):
    first, second, third = _three(session)
    worker = staff(session)
    assert complaints.answer_complaint(session, worker.id, second, "Faktura była prawidłowa.", "rejected",
                                       now=datetime(2026, 3, 6, 9)).ok
    now = datetime(2026, 3, 16, 9)
    assert [r.id for r in complaints.staff_complaint_queue(session, status="open", now=now).rows] == [first, third]
    assert [r.id for r in complaints.staff_complaint_queue(session, status="rejected", now=now).rows] == [second]
    # an answered complaint is neither overdue nor due soon, whatever its deadline
    assert complaints.staff_complaint_queue(session, due="soon", now=datetime(2026, 3, 18, 9)).total == 0
    assert [r.id for r in complaints.staff_complaint_queue(session, sort="-due", now=now).rows] == [
        third, second, first]
    assert [r.id for r in complaints.staff_complaint_queue(session, sort="-received", now=now).rows] == [
        third, second, first]
    paged = complaints.staff_complaint_queue(session, page=5, page_size=2, now=now)
    assert (paged.total, paged.page, paged.pages, [r.id for r in paged.rows]) == (3, 2, 2, [third])
    for bad in ({"status": {"a": 1}}, {"due": ["overdue"]}, {"sort": None}, {"page": "\x00"},
                {"page_size": 10**9}, {"now": "jutro"}, {"due": "x" * 100000}):
        page = complaints.staff_complaint_queue(session, **bad)
        assert page.total == 3 and page.sort in complaints.QUEUE_SORT_KEYS


def test_answer_records_when_and_who_emails_the_customer_and_counts_late(session):
    who = customer_with_account(session)
    worker = staff(session)
    cid = _complaint(session, who, datetime(2026, 3, 1, 9))  # due 15 March
    assert complaints.staff_start_complaint(session, worker.id, cid, client_ip=IP).ok
    answered_at = datetime(2026, 3, 16, 8)  # a day after the deadline
    done = complaints.answer_complaint(session, worker.id, cid, "Wystawiliśmy fakturę korygującą.", "resolved",
                                       now=answered_at, client_ip=IP)
    assert done.ok and "po terminie" in done.message
    row = session.get(Complaint, cid)
    assert (row.answered_at, row.answered_by_id, row.status) == (answered_at, worker.id, CaseStatus.RESOLVED)
    detail = complaints.staff_complaint_detail(session, cid, now=answered_at)
    assert detail.row.late and not detail.row.overdue and detail.row.days_left is None
    assert detail.answered_by_name == worker.full_name and detail.row.answered_on_text == "16.03.2026"
    assert complaints.complaint_detail(session, who.customer_id, cid).answered_by_name == ""  # the customer
    queued = complaints.staff_complaint_queue(session, now=answered_at).rows[0]
    assert queued.late and queued.answered_by_name == worker.full_name
    mail = emails_to(session, who.account.email)[-1]
    assert "RK/2026/000001" in mail.subject and "Wystawiliśmy fakturę korygującą." in mail.body_text
    assert "uwzględniona" in mail.body_text
    entry = _audits(session, "complaint.answer")[-1]
    assert entry.actor_id == worker.id and entry.client_ip == IP and json.loads(entry.after_json)["late"] is True
    assert _audits(session, "complaint.status")[-1].client_ip == IP
    assert complaints.late_answers(session) == 1


def test_late_answers_counts_warsaw_days_within_the_period(session):
    worker = staff(session)
    customers_ = [customer_with_account(session) for _ in range(4)]
    ids = [_complaint(session, w, datetime(2026, 3, 1, 9)) for w in customers_]  # all due 15 March
    answers = [
        datetime(2026, 3, 15, 22, 30),  # 23:30 on the 15th in Warsaw: on time
        datetime(2026, 3, 15, 23, 30),  # 00:30 on the 16th in Warsaw: late
        datetime(2026, 3, 20, 9, 0),  # late
        datetime(2026, 3, 10, 9, 0),  # on time
    ]
    for cid, at in zip(ids, answers):
        assert complaints.answer_complaint(session, worker.id, cid, "Odpowiedź.", "rejected", now=at).ok
    assert [complaints.is_late(a, date(2026, 3, 15)) for a in answers] == [False, True, True, False]
    assert complaints.late_answers(session) == 2
    assert complaints.late_answers(session, date_from="16.03.2026", date_to="16.03.2026") == 1
    assert complaints.late_answers(session, date_from=date(2026, 3, 17)) == 1
    assert complaints.late_answers(session, date_to="2026-03-15") == 0  # the 00:30 one is the 16th
    assert complaints.late_answers(session, date_from="garbage", date_to=["x"]) == 2  # garbage: no bound
    assert complaints.late_answers(session, date_from=date(2026, 4, 1)) == 0


def test_answering_is_refused_twice_and_for_inactive_staff(session):
    who = customer_with_account(session)
    worker = staff(session)
    cid = _complaint(session, who, datetime(2026, 3, 1, 9))
    gone = staff(session, active=False)
    assert complaints.answer_complaint(session, gone.id, cid, "Odpowiedź.", "resolved").message == "Brak uprawnień."
    assert session.get(Complaint, cid).answered_at is None
    assert complaints.answer_complaint(session, worker.id, cid, "Odpowiedź.", "resolved",
                                       now=datetime(2026, 3, 2, 9)).ok
    again = complaints.answer_complaint(session, worker.id, cid, "Inna.", "rejected", now=datetime(2026, 3, 3, 9))
    assert not again.ok and session.get(Complaint, cid).answered_at == datetime(2026, 3, 2, 9)
    assert complaints.late_answers(session) == 0
