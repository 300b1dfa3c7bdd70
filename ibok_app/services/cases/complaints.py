"""Complaints (reklamacje, §5): the customer describes a problem (optionally about
one of their documents); the company answers within 14 days of receipt.

`received_on` is the day of receipt in Warsaw time, `answer_due_on` = received_on
+ 14 days. Customer functions are scoped by the `customer_id` from the session.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from ibok_app.models import CaseStatus, Complaint, Customer, Document, StaffUser, utcnow
from ibok_app.services.billing.documents import paginate
from ibok_app.services.cases.shared import (
    OPEN_STATUSES,
    ActionResult,
    Option,
    allocate_number,
    clean_text,
    description_error,
    notify_customer,
    over_case_limit,
    page_bounds,
    photo_or_error,
    read_photo,
    staff_member,
)
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import client_address, is_blank, parse_day, parse_id
from ibok_app.services.notifications import case_emails
from ibok_app.views.formats import date_pl, datetime_pl, to_warsaw, today_in_warsaw, warsaw_day_start_utc
from ibok_app.views.labels import COMPLAINT_STATUS_LABELS as STATUS_LABELS

ANSWER_DAYS = 14  # §5
DUE_SOON_DAYS = 3  # an open complaint whose deadline is today or this close is highlighted
NUMBER_PREFIX = "RK"
SUBJECT_MIN, SUBJECT_MAX = 3, 200
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 4000
ANSWER_MAX = 4000
DOCUMENT_CHOICES = 36
FINAL_STATUSES = (CaseStatus.RESOLVED, CaseStatus.REJECTED)
NOT_FOUND = "Nie znaleziono reklamacji."


@dataclass(frozen=True)
class CreateResult:
    ok: bool
    field_errors: dict[str, str] = field(default_factory=dict)
    message: str = ""
    complaint_id: int | None = None
    number: str | None = None
    answer_due_on: date | None = None
    received_on: date | None = None  # §5: the deadline counts from this day


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    number: str
    subject: str
    status: str
    status_label: str
    is_open: bool
    overdue: bool  # still open after the §5 deadline
    received_on: date
    received_on_text: str
    answer_due_on: date
    answer_due_on_text: str
    document_number: str
    due_soon: bool = False  # still open, the deadline is today or within DUE_SOON_DAYS days
    days_left: int | None = None  # open: days to the deadline (0 today, negative when overdue)
    late: bool = False  # answered after the §5 deadline (Warsaw days)
    answered_on_text: str = ""


@dataclass(frozen=True)
class ComplaintDetail:
    row: ComplaintRow
    description: str
    answer: str
    answered_at_text: str
    has_photo: bool = False
    customer_number: str = ""  # staff view only
    customer_name: str = ""  # staff view only
    answered_by_name: str = ""  # staff view only


def answer_due(received_on: date) -> date:
    return received_on + timedelta(days=ANSWER_DAYS)


def status_options() -> list[Option]:
    return [Option(s.value, label) for s, label in STATUS_LABELS.items()]


def document_options(session: Session, customer_id: int) -> list[Option]:
    """The customer's recent documents, for "which document is this about"."""
    docs = session.exec(
        select(Document).where(Document.customer_id == customer_id)
        .order_by(Document.issue_date.desc(), Document.id.desc()).limit(DOCUMENT_CHOICES)
    ).all()
    return [Option(str(d.id), f"{d.number} z {date_pl(d.issue_date)}") for d in docs]


def is_late(answered_at: datetime | None, answer_due_on: date) -> bool:
    """Answered after the §5 deadline: on a Warsaw day later than `answer_due_on`."""
    return answered_at is not None and to_warsaw(answered_at).date() > answer_due_on


def _row(c: Complaint, doc_number: str | None, today: date) -> ComplaintRow:
    status = CaseStatus(c.status)
    is_open = status in OPEN_STATUSES
    days_left = (c.answer_due_on - today).days if is_open else None
    return ComplaintRow(
        id=c.id, number=c.number, subject=c.subject, status=status.value, status_label=STATUS_LABELS[status],
        is_open=is_open, overdue=is_open and today > c.answer_due_on,
        received_on=c.received_on, received_on_text=date_pl(c.received_on),
        answer_due_on=c.answer_due_on, answer_due_on_text=date_pl(c.answer_due_on),
        document_number=doc_number or "",
        due_soon=days_left is not None and 0 <= days_left <= DUE_SOON_DAYS, days_left=days_left,
        late=is_late(c.answered_at, c.answer_due_on), answered_on_text=date_pl(c.answered_at),
    )


def create_complaint(session: Session, customer_id: int, *, subject: object, description: object,
                     document_id: object = None, photo_path: object = None,
                     now: datetime | None = None) -> CreateResult:
    now = now or utcnow()
    errors: dict[str, str] = {}
    photo, photo_error = photo_or_error(photo_path, customer_id)
    if photo_error:
        errors["photo"] = photo_error
    subj = " ".join((clean_text(subject) or "").split())  # one line
    if len(subj) < SUBJECT_MIN:
        errors["subject"] = "Podaj temat reklamacji."
    elif len(subj) > SUBJECT_MAX:
        errors["subject"] = f"Temat może mieć najwyżej {SUBJECT_MAX} znaków."
    desc = clean_text(description) or ""
    problem = description_error(desc, "Opisz problem będący podstawą reklamacji", DESCRIPTION_MIN, DESCRIPTION_MAX)
    if problem:
        errors["description"] = problem
    doc: Document | None = None
    if not is_blank(document_id):
        did = parse_id(document_id)
        doc = session.exec(
            select(Document).where(Document.id == did, Document.customer_id == customer_id)
        ).first() if did else None
        if doc is None:
            errors["document_id"] = "Wybierz dokument z listy albo pozostaw pole puste."
    if errors:
        return CreateResult(False, errors, "Popraw zaznaczone pola.")
    refused = over_case_limit(session, Complaint, customer_id, now, "reklamacji")
    if refused:
        return CreateResult(False, {}, refused)

    received = today_in_warsaw(now)
    complaint = Complaint(
        number=allocate_number(session, Complaint, NUMBER_PREFIX, now), customer_id=customer_id,
        document_id=doc.id if doc else None, subject=subj, description=desc,
        photo_path=photo, received_on=received, answer_due_on=answer_due(received), status=CaseStatus.NEW, created_at=now,
    )
    session.add(complaint)
    session.flush()
    notify_customer(session, customer_id, case_emails.complaint_received_email(
        number=complaint.number, subject=subj, received_on=received, answer_due_on=complaint.answer_due_on))
    return CreateResult(
        True, {}, f"Przyjęliśmy reklamację nr {complaint.number}. Odpowiemy do {date_pl(complaint.answer_due_on)}.",
        complaint.id, complaint.number, complaint.answer_due_on, received_on=received)


def _select_rows():
    return select(Complaint, Document.number).join(Document, Document.id == Complaint.document_id, isouter=True)


def _customer_rows(session: Session, customer_id: int, limit: object, offset: object):
    """The customer's complaints with their document numbers, newest first, one page."""
    lim, off = page_bounds(limit, offset)
    return session.exec(
        _select_rows().where(Complaint.customer_id == customer_id)
        .order_by(Complaint.created_at.desc(), Complaint.id.desc()).offset(off).limit(lim)
    ).all()


def list_complaints(session: Session, customer_id: int, *, limit: int = 50, offset: int = 0,
                    now: datetime | None = None) -> list[ComplaintRow]:
    today = today_in_warsaw(now)
    return [_row(c, n, today) for c, n in _customer_rows(session, customer_id, limit, offset)]


def list_complaint_details(session: Session, customer_id: int, *, limit: int = 50, offset: int = 0,
                           now: datetime | None = None) -> list[ComplaintDetail]:
    """The customer's complaints with their text and the company's answer, in one
    query (the page lists them whole)."""
    today = today_in_warsaw(now)
    return [_detail(session, c, n, today, staff_view=False)
            for c, n in _customer_rows(session, customer_id, limit, offset)]


def _detail(session: Session, c: Complaint, doc_number: str | None, today: date, *,
            staff_view: bool) -> ComplaintDetail:
    customer = session.get(Customer, c.customer_id) if staff_view else None
    answerer = session.get(StaffUser, c.answered_by_id) if staff_view and c.answered_by_id else None
    return ComplaintDetail(
        row=_row(c, doc_number, today), description=c.description, answer=c.answer or "",
        answered_at_text=datetime_pl(c.answered_at), has_photo=bool(c.photo_path),
        customer_number=customer.number if customer else "", customer_name=customer.name if customer else "",
        answered_by_name=answerer.full_name if answerer else "",
    )


def complaint_detail(session: Session, customer_id: int, complaint_id: object,
                     now: datetime | None = None) -> ComplaintDetail | None:
    cid = parse_id(complaint_id)
    if cid is None:
        return None
    found = session.exec(
        _select_rows().where(Complaint.id == cid, Complaint.customer_id == customer_id)
    ).first()
    return _detail(session, found[0], found[1], today_in_warsaw(now), staff_view=False) if found else None


def open_complaint_photo(session: Session, customer_id: int, complaint_id: object) -> tuple[bytes, str] | None:
    """(bytes, content type) of the photo of the customer's own complaint, for an
    authenticated download route; None (404) for anything else."""
    cid = parse_id(complaint_id)
    complaint = session.exec(
        select(Complaint).where(Complaint.id == cid, Complaint.customer_id == customer_id)
    ).first() if cid else None
    return read_photo(complaint.photo_path, complaint.customer_id) if complaint else None


def staff_open_complaint_photo(session: Session, complaint_id: object) -> tuple[bytes, str] | None:
    cid = parse_id(complaint_id)
    complaint = session.get(Complaint, cid) if cid else None
    return read_photo(complaint.photo_path, complaint.customer_id) if complaint else None


# ---------------------------------------------------------------- staff side

def staff_list_complaints(session: Session, *, status: object = None, limit: int = 50, offset: int = 0,
                          now: datetime | None = None) -> list[ComplaintRow]:
    """Open complaints by deadline (most urgent first) or all, newest first (the caller checks the role)."""
    lim, off = page_bounds(limit, offset)
    stmt = _select_rows()
    if isinstance(status, str) and status in {s.value for s in CaseStatus}:
        stmt = stmt.where(Complaint.status == CaseStatus(status)).order_by(Complaint.answer_due_on, Complaint.id)
    else:
        stmt = stmt.order_by(Complaint.created_at.desc(), Complaint.id.desc())
    today = today_in_warsaw(now)
    return [_row(c, n, today) for c, n in session.exec(stmt.offset(off).limit(lim)).all()]


def staff_complaint_detail(session: Session, complaint_id: object,
                           now: datetime | None = None) -> ComplaintDetail | None:
    cid = parse_id(complaint_id)
    found = session.exec(_select_rows().where(Complaint.id == cid)).first() if cid else None
    return _detail(session, found[0], found[1], today_in_warsaw(now), staff_view=True) if found else None


def _staff_complaint(session: Session, staff_id: object, complaint_id: object):
    staff = staff_member(session, staff_id)
    if staff is None:
        return None, None, ActionResult(False, "Brak uprawnień.")
    cid = parse_id(complaint_id)
    complaint = session.get(Complaint, cid) if cid else None
    if complaint is None:
        return staff, None, ActionResult(False, NOT_FOUND)
    if complaint.status in FINAL_STATUSES:
        return staff, None, ActionResult(False, "Reklamacja została już rozpatrzona.")
    return staff, complaint, None


def staff_start_complaint(session: Session, staff_id: int, complaint_id: object, *,
                          client_ip: object = None) -> ActionResult:
    """Mark a new complaint as being examined (audited; the customer sees the status)."""
    staff, complaint, refusal = _staff_complaint(session, staff_id, complaint_id)
    if refusal:
        return refusal
    if complaint.status == CaseStatus.IN_PROGRESS:
        return ActionResult(True, "Reklamacja jest już w rozpatrzeniu.")
    complaint.status = CaseStatus.IN_PROGRESS
    session.add(complaint)
    audit(session, actor_kind="staff", actor_id=staff.id, action="complaint.status", entity="complaint",
          entity_id=complaint.id, customer_id=complaint.customer_id,
          before={"status": CaseStatus.NEW.value}, after={"status": CaseStatus.IN_PROGRESS.value},
          client_ip=client_address(client_ip))
    return ActionResult(True, f"Reklamacja {complaint.number} jest w rozpatrzeniu.")


def answer_complaint(session: Session, staff_id: int, complaint_id: object, answer: object, status: object,
                     now: datetime | None = None, *, client_ip: object = None) -> ActionResult:
    """The final answer, which closes the complaint: status "resolved" (uwzględniona) or
    "rejected" (odrzucona). Records when (`answered_at`) and who (`answered_by_id`);
    an answer on a Warsaw day after the §5 deadline counts as late (`is_late`,
    `late_answers`). Audited (with `late`) and e-mailed to the customer."""
    staff, complaint, refusal = _staff_complaint(session, staff_id, complaint_id)
    if refusal:
        return refusal
    errors: dict[str, str] = {}
    try:
        new_status = CaseStatus(status) if isinstance(status, str) else None
    except ValueError:
        new_status = None
    if new_status not in FINAL_STATUSES:
        errors["status"] = "Wybierz wynik: uwzględniona albo odrzucona."
    text = clean_text(answer) or ""
    if not text:
        errors["answer"] = "Wpisz odpowiedź dla klienta."
    elif len(text) > ANSWER_MAX:
        errors["answer"] = f"Odpowiedź może mieć najwyżej {ANSWER_MAX} znaków."
    if errors:
        return ActionResult(False, "Popraw zaznaczone pola.", errors)
    now = now if isinstance(now, datetime) else utcnow()
    late = is_late(now, complaint.answer_due_on)
    before = {"status": CaseStatus(complaint.status).value, "answer": complaint.answer}
    complaint.status = new_status
    complaint.answer = text
    complaint.answered_at = now
    complaint.answered_by_id = staff.id
    session.add(complaint)
    session.flush()
    audit(session, actor_kind="staff", actor_id=staff.id, action="complaint.answer", entity="complaint",
          entity_id=complaint.id, customer_id=complaint.customer_id,
          before=before, after={"status": new_status.value, "answer": text, "late": late},
          client_ip=client_address(client_ip))
    notify_customer(session, complaint.customer_id, case_emails.complaint_answered_email(
        number=complaint.number, subject=complaint.subject,
        status_label=STATUS_LABELS[new_status].lower(), answer=text))
    return ActionResult(True, f"Wysłano odpowiedź na reklamację {complaint.number}"
                              f"{' (po terminie z §5)' if late else ''}.")


# ---------------------------------------------------------------- the office's queue

STATUS_FILTER_OPEN = "open"  # received and being examined together
DUE_OPTIONS = [Option("", "Wszystkie terminy"), Option("overdue", "Po terminie"),
               Option("soon", f"Termin w ciągu {DUE_SOON_DAYS} dni")]
# The queue's sorts (the page's column headers; "-" = descending): the whitelist, a
# key only picks one of the orders in staff_complaint_queue, never goes into SQL.
QUEUE_SORT_KEYS = frozenset({"due", "-due", "received", "-received", "number", "-number",
                             "customer", "-customer"})
QUEUE_PAGE_SIZE = 25


@dataclass(frozen=True)
class ComplaintQueueRow:
    id: int
    number: str
    customer_id: int
    customer_number: str
    customer_name: str
    subject: str
    status: str
    status_label: str
    is_open: bool
    received_on_text: str
    answer_due_on: date
    answer_due_on_text: str  # the §5 deadline
    days_left: int | None  # open: 0 today, negative overdue; None once answered
    overdue: bool
    due_soon: bool
    late: bool  # answered after the deadline
    answered_on_text: str
    answered_by_name: str
    document_number: str


@dataclass(frozen=True)
class ComplaintQueuePage:
    rows: list[ComplaintQueueRow]
    total: int
    page: int
    pages: int
    sort: str = "due"


def due_conditions(due: object, today: date) -> list:
    """WHERE clauses of "overdue" (open, the deadline passed) and "soon" (open, the
    deadline today or within DUE_SOON_DAYS days); [] for anything else. The desk's
    start page counts with the same clauses."""
    is_open = Complaint.status.in_(OPEN_STATUSES)
    if due == "overdue":
        return [is_open, Complaint.answer_due_on < today]
    if due == "soon":
        return [is_open, Complaint.answer_due_on >= today,
                Complaint.answer_due_on <= today + timedelta(days=DUE_SOON_DAYS)]
    return []


def staff_complaint_queue(session: Session, *, status: object = None, due: object = None, page: object = 1,
                          page_size: object = QUEUE_PAGE_SIZE, sort: object = "due",
                          now: datetime | None = None) -> ComplaintQueuePage:
    """Every customer's complaints for the office, one page (the caller checks the role).

    `status`: a status or "open"; `due`: "overdue" / "soon" (Warsaw days, `due_conditions`);
    `sort`, one of QUEUE_SORT_KEYS: "due" (the nearest deadline first, the default),
    "-due", "-received", "received", "number", "customer" (its number), each also with
    "-". Unknown values are ignored; the page is clamped, at most 100 rows."""
    today = today_in_warsaw(now if isinstance(now, datetime) else None)
    sort_key = sort if isinstance(sort, str) and sort in QUEUE_SORT_KEYS else "due"
    conds = due_conditions(due, today)
    if status == STATUS_FILTER_OPEN:
        conds.append(Complaint.status.in_(OPEN_STATUSES))
    elif isinstance(status, str) and status in {s.value for s in CaseStatus}:
        conds.append(Complaint.status == CaseStatus(status))
    total = int(session.exec(select(func.count()).select_from(Complaint).where(*conds)).one())
    page_no, size, pages = paginate(total, page, page_size, QUEUE_PAGE_SIZE)
    order = {
        "due": (Complaint.answer_due_on, Complaint.id),
        "-due": (Complaint.answer_due_on.desc(), Complaint.id.desc()),
        "received": (Complaint.created_at, Complaint.id),
        "-received": (Complaint.created_at.desc(), Complaint.id.desc()),
        "number": (Complaint.number, Complaint.id),
        "-number": (Complaint.number.desc(), Complaint.id.desc()),
        "customer": (Customer.number, Complaint.answer_due_on, Complaint.id),
        "-customer": (Customer.number.desc(), Complaint.answer_due_on, Complaint.id),
    }[sort_key]
    found = session.exec(
        select(Complaint, Document.number, Customer, StaffUser)
        .join(Customer, Customer.id == Complaint.customer_id)
        .join(Document, Document.id == Complaint.document_id, isouter=True)
        .join(StaffUser, StaffUser.id == Complaint.answered_by_id, isouter=True)
        .where(*conds).order_by(*order).offset((page_no - 1) * size).limit(size)
    ).all()
    rows = []
    for c, doc_number, customer, answerer in found:
        r = _row(c, doc_number, today)
        rows.append(ComplaintQueueRow(
            id=r.id, number=r.number, customer_id=customer.id, customer_number=customer.number,
            customer_name=customer.name, subject=r.subject, status=r.status, status_label=r.status_label,
            is_open=r.is_open, received_on_text=r.received_on_text, answer_due_on=r.answer_due_on,
            answer_due_on_text=r.answer_due_on_text, days_left=r.days_left, overdue=r.overdue,
            due_soon=r.due_soon, late=r.late, answered_on_text=r.answered_on_text,
            answered_by_name=answerer.full_name if answerer else "", document_number=r.document_number))
    return ComplaintQueuePage(rows, total, page_no, pages, sort_key)


def late_answers(session: Session, date_from: object = None, date_to: object = None) -> int:
    """How many complaints were answered after their §5 deadline, of those answered
    from `date_from` to `date_to` (Warsaw days, inclusive; a date, "rrrr-mm-dd" or
    "dd.mm.rrrr"; None or garbage: no bound)."""
    conds = [Complaint.answered_at.is_not(None)]
    start, end = parse_day(date_from), parse_day(date_to)
    if start is not None:
        conds.append(Complaint.answered_at >= warsaw_day_start_utc(start))
    if end is not None:
        conds.append(Complaint.answered_at < warsaw_day_start_utc(end + timedelta(days=1)))
    # Late is a Warsaw-day comparison (the time zone moves with DST): counted here, on
    # two columns of the answered complaints of the period.
    answered = session.exec(select(Complaint.answered_at, Complaint.answer_due_on).where(*conds))
    return sum(1 for answered_at, due in answered if is_late(answered_at, due))
