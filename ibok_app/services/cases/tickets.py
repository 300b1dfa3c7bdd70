"""Operational tickets (zgłoszenia eksploatacyjne, §9 h): a customer reports a
failure, a leak, no water, a meter problem...; staff answer and change the status.

Customer functions take `customer_id` from the server-side session and scope every
query by it: another customer's ticket id gives None / "not found", never data.
What tickets share with complaints (numbers, text clean-up, the hourly limit,
`Option`) is in shared.py and imported from there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, or_
from sqlmodel import Session, select

from ibok_app.models import (
    CaseStatus,
    Customer,
    ServicePoint,
    StaffUser,
    Ticket,
    TicketCategory,
    TicketMessage,
    utcnow,
)
from ibok_app.services.accounts.profile import phone_text
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
from ibok_app.services.common.inputs import bounded_text, client_address, is_blank, normalise_phone, parse_id
from ibok_app.services.notifications import case_emails
from ibok_app.views.formats import address_line, datetime_pl
from ibok_app.views.labels import STAFF_AUTHOR
from ibok_app.views.labels import TICKET_CATEGORY_LABELS as CATEGORY_LABELS
from ibok_app.views.labels import TICKET_STATUS_LABELS as STATUS_LABELS

NUMBER_PREFIX = "ZG"
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 4000
MESSAGE_MAX = 4000
NOT_FOUND = "Nie znaleziono zgłoszenia."


@dataclass(frozen=True)
class CreateResult:
    ok: bool
    field_errors: dict[str, str] = field(default_factory=dict)
    message: str = ""
    ticket_id: int | None = None
    number: str | None = None


@dataclass(frozen=True)
class TicketRow:
    id: int
    number: str
    category: str
    category_label: str
    status: str
    status_label: str
    is_open: bool
    place: str
    created_at: datetime
    created_at_text: str
    updated_at_text: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    at_text: str
    kind: str  # "created" | "message" | "note" (an internal note: staff view only)
    from_staff: bool
    author: str
    body: str
    internal: bool = False  # an office note, never shown to the customer


@dataclass(frozen=True)
class TicketDetail:
    row: TicketRow
    description: str
    contact_phone: str
    has_photo: bool
    can_reply: bool
    timeline: list[TimelineEntry]
    customer_number: str = ""  # staff view only
    customer_name: str = ""  # staff view only
    assigned_to_id: int | None = None  # staff view only
    assigned_name: str = ""  # staff view only: who works the ticket, "" nobody


def category_options() -> list[Option]:
    return [Option(c.value, label) for c, label in CATEGORY_LABELS.items()]


def status_options() -> list[Option]:
    return [Option(s.value, label) for s, label in STATUS_LABELS.items()]


def place_text(point: ServicePoint | None) -> str:
    if point is None:
        return ""
    return f"{address_line(point.street, point.postal_code, point.city)} ({point.code})"


def service_point_options(session: Session, customer_id: int) -> list[Option]:
    points = session.exec(
        select(ServicePoint).where(ServicePoint.customer_id == customer_id).order_by(ServicePoint.code)
    ).all()
    return [Option(str(p.id), place_text(p)) for p in points]


def _row(ticket: Ticket, point: ServicePoint | None) -> TicketRow:
    status = CaseStatus(ticket.status)
    category = TicketCategory(ticket.category)
    return TicketRow(
        id=ticket.id, number=ticket.number, category=category.value,
        category_label=CATEGORY_LABELS[category], status=status.value,
        status_label=STATUS_LABELS[status], is_open=status in OPEN_STATUSES,
        place=place_text(point), created_at=ticket.created_at,
        created_at_text=datetime_pl(ticket.created_at), updated_at_text=datetime_pl(ticket.updated_at),
    )


# ---------------------------------------------------------------- customer side

def _phone_or_error(value: object) -> tuple[str | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    phone = normalise_phone(value)
    if phone is None:
        return None, "Podaj polski numer telefonu: 9 cyfr, np. 600 123 456 lub +48 600 123 456."
    return phone, None


def _category_or_error(value: object) -> tuple[TicketCategory | None, str | None]:
    try:
        category = TicketCategory(value) if isinstance(value, str) else None
    except ValueError:
        category = None
    return category, None if category is not None else "Wybierz rodzaj zgłoszenia z listy."


def _point_or_error(session: Session, customer_id: int, value: object) -> tuple[int | None, str | None]:
    """The customer's service point the ticket is about; a customer with one service
    point never has to pick it."""
    points = {int(o.value) for o in service_point_options(session, customer_id)}
    if is_blank(value):
        if len(points) > 1:
            return None, "Wybierz punkt poboru, którego dotyczy zgłoszenie."
        return next(iter(points)) if points else None, None
    point_id = parse_id(value)
    return (point_id, None) if point_id in points else (point_id, "Wybierz punkt poboru z listy.")


def create_ticket(session: Session, customer_id: int, *, category: object, service_point_id: object,
                  description: object, contact_phone: object, photo_path: object = None,
                  now: datetime | None = None) -> CreateResult:
    """Validate and store a ticket, then queue the confirmation e-mail with its number."""
    now = now or utcnow()
    cat, category_error = _category_or_error(category)
    point_id, point_error = _point_or_error(session, customer_id, service_point_id)
    desc = clean_text(description) or ""
    phone, phone_error = _phone_or_error(contact_phone)
    photo, photo_error = photo_or_error(photo_path, customer_id)
    errors = {name: error for name, error in (
        ("category", category_error), ("service_point_id", point_error),
        ("description", description_error(desc, "Opisz problem", DESCRIPTION_MIN, DESCRIPTION_MAX)),
        ("contact_phone", phone_error), ("photo", photo_error)) if error}
    if errors:
        return CreateResult(False, errors, "Popraw zaznaczone pola.")
    refused = over_case_limit(session, Ticket, customer_id, now, "zgłoszeń")
    if refused:
        return CreateResult(False, {}, refused)

    ticket = Ticket(number=allocate_number(session, Ticket, NUMBER_PREFIX, now), customer_id=customer_id,
                    service_point_id=point_id, category=cat, description=desc,
                    contact_phone=phone, photo_path=photo, status=CaseStatus.NEW,
                    created_at=now, updated_at=now)
    session.add(ticket)
    session.flush()
    point = session.get(ServicePoint, ticket.service_point_id) if ticket.service_point_id else None
    mailed = notify_customer(session, customer_id, case_emails.ticket_created_email(
        number=ticket.number, category_label=CATEGORY_LABELS[cat], place=place_text(point), created_at=now))
    message = f"Przyjęliśmy zgłoszenie nr {ticket.number}."
    if mailed:
        message += " Potwierdzenie wysłaliśmy e-mailem."
    return CreateResult(True, {}, message, ticket.id, ticket.number)


def list_tickets(session: Session, customer_id: int, *, limit: int = 50, offset: int = 0) -> list[TicketRow]:
    """The customer's tickets, newest first."""
    lim, off = page_bounds(limit, offset)
    rows = session.exec(
        select(Ticket, ServicePoint).join(ServicePoint, ServicePoint.id == Ticket.service_point_id, isouter=True)
        .where(Ticket.customer_id == customer_id)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc()).offset(off).limit(lim)
    ).all()
    return [_row(t, p) for t, p in rows]


def _own_ticket(session: Session, customer_id: int, ticket_id: object) -> Ticket | None:
    tid = parse_id(ticket_id)
    if tid is None:
        return None
    return session.exec(select(Ticket).where(Ticket.id == tid, Ticket.customer_id == customer_id)).first()


def _detail(session: Session, ticket: Ticket, *, staff_view: bool) -> TicketDetail:
    """The ticket with its timeline. The customer's view never holds internal notes
    (filtered in the query, so nothing of them reaches the page's state)."""
    point = session.get(ServicePoint, ticket.service_point_id) if ticket.service_point_id else None
    row = _row(ticket, point)
    timeline = [TimelineEntry(ticket.created_at, datetime_pl(ticket.created_at), "created", False,
                              "Klient" if staff_view else "Ty", ticket.description)]
    stmt = (select(TicketMessage, StaffUser).join(StaffUser, StaffUser.id == TicketMessage.from_staff_id, isouter=True)
            .where(TicketMessage.ticket_id == ticket.id))
    if not staff_view:
        stmt = stmt.where(TicketMessage.internal.is_(False))
    for msg, staff in session.exec(stmt.order_by(TicketMessage.created_at, TicketMessage.id)).all():
        from_staff = msg.from_staff_id is not None
        if from_staff:
            author = staff.full_name if staff_view and staff else STAFF_AUTHOR
        else:
            author = "Klient" if staff_view else "Ty"
        timeline.append(TimelineEntry(msg.created_at, datetime_pl(msg.created_at),
                                      "note" if msg.internal else "message", from_staff, author, msg.body,
                                      internal=bool(msg.internal)))
    customer = session.get(Customer, ticket.customer_id) if staff_view else None
    assignee = session.get(StaffUser, ticket.assigned_to_id) if staff_view and ticket.assigned_to_id else None
    return TicketDetail(
        row=row, description=ticket.description, contact_phone=phone_text(ticket.contact_phone),
        has_photo=bool(ticket.photo_path), can_reply=row.is_open, timeline=timeline,
        customer_number=customer.number if customer else "", customer_name=customer.name if customer else "",
        assigned_to_id=assignee.id if assignee else None, assigned_name=assignee.full_name if assignee else "",
    )


def ticket_detail(session: Session, customer_id: int, ticket_id: object) -> TicketDetail | None:
    ticket = _own_ticket(session, customer_id, ticket_id)
    return _detail(session, ticket, staff_view=False) if ticket else None


def open_ticket_photo(session: Session, customer_id: int, ticket_id: object) -> tuple[bytes, str] | None:
    """(bytes, content type) of the photo of the customer's own ticket, for an
    authenticated download route; None (404) for anything else."""
    ticket = _own_ticket(session, customer_id, ticket_id)
    return read_photo(ticket.photo_path, ticket.customer_id) if ticket else None


def staff_open_ticket_photo(session: Session, ticket_id: object) -> tuple[bytes, str] | None:
    tid = parse_id(ticket_id)
    ticket = session.get(Ticket, tid) if tid else None
    return read_photo(ticket.photo_path, ticket.customer_id) if ticket else None


def add_customer_message(session: Session, customer_id: int, ticket_id: object, body: object,
                         now: datetime | None = None) -> ActionResult:
    """A follow-up from the customer; only while the ticket is new or in progress."""
    ticket = _own_ticket(session, customer_id, ticket_id)
    if ticket is None:
        return ActionResult(False, NOT_FOUND)
    if ticket.status not in OPEN_STATUSES:
        return ActionResult(False, "Zgłoszenie jest zamknięte. Jeśli problem wrócił, wyślij nowe zgłoszenie.")
    text_ = clean_text(body) or ""
    if not text_:
        return ActionResult(False, "Wpisz treść wiadomości.", {"body": "Wpisz treść wiadomości."})
    if len(text_) > MESSAGE_MAX:
        msg = f"Wiadomość może mieć najwyżej {MESSAGE_MAX} znaków."
        return ActionResult(False, msg, {"body": msg})
    now = now or utcnow()
    session.add(TicketMessage(ticket_id=ticket.id, body=text_, created_at=now))
    ticket.updated_at = now
    session.add(ticket)
    session.flush()
    return ActionResult(True, "Wiadomość została dodana do zgłoszenia.")


# ---------------------------------------------------------------- staff side

def staff_list_tickets(session: Session, *, status: object = None, limit: int = 50,
                       offset: int = 0) -> list[TicketRow]:
    """All customers' tickets, oldest open first when filtered by status (the caller checks the role)."""
    lim, off = page_bounds(limit, offset)
    stmt = select(Ticket, ServicePoint).join(ServicePoint, ServicePoint.id == Ticket.service_point_id, isouter=True)
    if isinstance(status, str) and status in {s.value for s in CaseStatus}:
        stmt = stmt.where(Ticket.status == CaseStatus(status)).order_by(Ticket.created_at, Ticket.id)
    else:
        stmt = stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc())
    return [_row(t, p) for t, p in session.exec(stmt.offset(off).limit(lim)).all()]


def staff_ticket_detail(session: Session, ticket_id: object) -> TicketDetail | None:
    tid = parse_id(ticket_id)
    ticket = session.get(Ticket, tid) if tid else None
    return _detail(session, ticket, staff_view=True) if ticket else None


# Status changes the office may make. "new" is only where a ticket starts; a closed
# ticket (resolved or rejected) may be reopened, to "in progress" only: the customer
# is told by e-mail and may write again (a customer whose problem came back files a new
# ticket; reopening is for a ticket closed too early or by mistake).
_TRANSITIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    CaseStatus.NEW: (CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.REJECTED),
    CaseStatus.IN_PROGRESS: (CaseStatus.RESOLVED, CaseStatus.REJECTED),
    CaseStatus.RESOLVED: (CaseStatus.IN_PROGRESS,),
    CaseStatus.REJECTED: (CaseStatus.IN_PROGRESS,),
}
NO_RIGHTS = "Brak uprawnień."
CLOSED = "Zgłoszenie jest zamknięte. Aby nad nim pracować, wznów je (status „W realizacji”)."
INTERNAL_NOTE_ACTION = "ticket.internal_note"  # its audit entry is not exported to the customer
NOTE_MAX = MESSAGE_MAX


def allowed_statuses(status: object) -> list[Option]:
    """The statuses a ticket in `status` may be moved to (for the page's list)."""
    try:
        current = CaseStatus(status) if isinstance(status, str) else None
    except ValueError:
        current = None
    return [Option(s.value, STATUS_LABELS[s]) for s in _TRANSITIONS.get(current, ())]


def _staff_ticket(session: Session, staff_id: object, ticket_id: object):
    """(staff, ticket, refusal): an active member and an existing ticket, or why not."""
    staff = staff_member(session, staff_id)
    if staff is None:
        return None, None, ActionResult(False, NO_RIGHTS)
    tid = parse_id(ticket_id)
    ticket = session.get(Ticket, tid) if tid else None
    if ticket is None:
        return staff, None, ActionResult(False, NOT_FOUND)
    return staff, ticket, None


def _status_or_error(value: object) -> CaseStatus | None:
    try:
        return CaseStatus(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _text_or_error(value: object, field_name: str, empty: str, maximum: int) -> tuple[str, ActionResult | None]:
    text_ = clean_text(value) or ""  # anything but text counts as empty
    if not text_:
        return "", ActionResult(False, empty, {field_name: empty})
    if len(text_) > maximum:
        err = f"Tekst może mieć najwyżej {maximum} znaków (teraz {len(text_)})."
        return "", ActionResult(False, err, {field_name: err})
    return text_, None


def _transition_refusal(old: CaseStatus, new: CaseStatus) -> ActionResult | None:
    if new == old:
        return ActionResult(False, "Status się nie zmienił. Wybierz inny status.")
    if new not in _TRANSITIONS[old]:
        if old not in OPEN_STATUSES:
            return ActionResult(False, CLOSED, {"status": CLOSED})
        msg = f"Zgłoszenia w statusie „{STATUS_LABELS[old]}” nie można przenieść do „{STATUS_LABELS[new]}”."
        return ActionResult(False, msg, {"status": msg})
    return None


def _set_status(session: Session, staff: StaffUser, ticket: Ticket, new_status: CaseStatus, note: str,
                now: datetime, client_ip: object) -> ActionResult:
    """Write the change (and the message) to the timeline, audit it and e-mail the customer."""
    old_status = CaseStatus(ticket.status)
    label = STATUS_LABELS[new_status]
    parts = [f"Status zgłoszenia: {label}."] if new_status != old_status else []
    if note:
        parts.append(note)
    session.add(TicketMessage(ticket_id=ticket.id, from_staff_id=staff.id, body="\n\n".join(parts), created_at=now))
    ticket.status = new_status
    ticket.updated_at = now
    session.add(ticket)
    session.flush()
    audit(session, actor_kind="staff", actor_id=staff.id, action="ticket.status", entity="ticket",
          entity_id=ticket.id, customer_id=ticket.customer_id,
          before={"status": old_status.value}, after={"status": new_status.value, "message": note or None},
          client_ip=client_address(client_ip))
    mailed = notify_customer(session, ticket.customer_id, case_emails.ticket_status_email(
        number=ticket.number, status_label=label.lower(), message=note or None))
    return ActionResult(True, f"Zapisano: zgłoszenie {ticket.number} — {label}."
                        + (" Klient otrzyma e-mail." if mailed else ""))


def change_status(session: Session, staff_id: object, ticket_id: object, status: object, *,
                  client_ip: object = None, now: datetime | None = None) -> ActionResult:
    """Move a ticket along `_TRANSITIONS` (reopening a closed one: "in_progress"). The
    customer sees "Status zgłoszenia: …" in the timeline and gets an e-mail; audited
    as `ticket.status` with the status before and after."""
    staff, ticket, refusal = _staff_ticket(session, staff_id, ticket_id)
    if refusal:
        return refusal
    new_status = _status_or_error(status)
    if new_status is None:
        return ActionResult(False, "Wybierz status z listy.", {"status": "Wybierz status z listy."})
    refusal = _transition_refusal(CaseStatus(ticket.status), new_status)
    if refusal:
        return refusal
    return _set_status(session, staff, ticket, new_status, "", now if isinstance(now, datetime) else utcnow(),
                       client_ip)


def staff_set_status(session: Session, staff_id: int, ticket_id: object, status: object,
                     message: object = None, now: datetime | None = None, *,
                     client_ip: object = None) -> ActionResult:
    """Change the status with an optional message to the customer, in one timeline entry
    and one e-mail; the status may stay the same when there is a message (then it is
    `staff_reply`). Same rules and audit as `change_status`."""
    staff, ticket, refusal = _staff_ticket(session, staff_id, ticket_id)
    if refusal:
        return refusal
    new_status = _status_or_error(status)
    if new_status is None:
        return ActionResult(False, "Wybierz status z listy.", {"status": "Wybierz status z listy."})
    note = clean_text(message) or ""
    if len(note) > MESSAGE_MAX:
        err = f"Wiadomość może mieć najwyżej {MESSAGE_MAX} znaków."
        return ActionResult(False, err, {"message": err})
    old_status = CaseStatus(ticket.status)
    if new_status == old_status:
        if not note:
            return ActionResult(False, "Status się nie zmienił. Wybierz inny status albo wpisz wiadomość.")
        return staff_reply(session, staff.id, ticket.id, note, client_ip=client_ip, now=now)
    refusal = _transition_refusal(old_status, new_status)
    if refusal:
        return refusal
    return _set_status(session, staff, ticket, new_status, note, now if isinstance(now, datetime) else utcnow(),
                       client_ip)


def staff_reply(session: Session, staff_id: object, ticket_id: object, body: object, *,
                client_ip: object = None, now: datetime | None = None) -> ActionResult:
    """A message to the customer: in the ticket's timeline (author "Biuro Obsługi
    Klienta") and by e-mail. Allowed on a closed ticket too (a late explanation); the
    status does not change. Audited as `ticket.reply`."""
    staff, ticket, refusal = _staff_ticket(session, staff_id, ticket_id)
    if refusal:
        return refusal
    text_, refusal = _text_or_error(body, "body", "Wpisz treść odpowiedzi.", MESSAGE_MAX)
    if refusal:
        return refusal
    now = now if isinstance(now, datetime) else utcnow()
    msg = TicketMessage(ticket_id=ticket.id, from_staff_id=staff.id, body=text_, created_at=now)
    session.add(msg)
    ticket.updated_at = now
    session.add(ticket)
    session.flush()
    audit(session, actor_kind="staff", actor_id=staff.id, action="ticket.reply", entity="ticket",
          entity_id=ticket.id, customer_id=ticket.customer_id, before=None,
          after={"message_id": msg.id, "body": text_}, client_ip=client_address(client_ip))
    mailed = notify_customer(session, ticket.customer_id, case_emails.ticket_reply_email(
        number=ticket.number, message=text_))
    return ActionResult(True, f"Odpowiedź dodana do zgłoszenia {ticket.number}."
                        + (" Klient otrzyma e-mail." if mailed else " Klient nie ma adresu e-mail w IBOK."))


def add_internal_note(session: Session, staff_id: object, ticket_id: object, body: object, *,
                      client_ip: object = None, now: datetime | None = None) -> ActionResult:
    """A note for the office only: shown in `staff_ticket_detail` (kind "note"), never in
    the customer's timeline, e-mails or data export; the ticket's "updated" time stays,
    so the customer cannot tell that a note was written. The audit entry
    (`ticket.internal_note`) names the message and its length, not its text."""
    staff, ticket, refusal = _staff_ticket(session, staff_id, ticket_id)
    if refusal:
        return refusal
    text_, refusal = _text_or_error(body, "body", "Wpisz treść notatki.", NOTE_MAX)
    if refusal:
        return refusal
    now = now if isinstance(now, datetime) else utcnow()
    msg = TicketMessage(ticket_id=ticket.id, from_staff_id=staff.id, body=text_, internal=True, created_at=now)
    session.add(msg)
    session.flush()
    audit(session, actor_kind="staff", actor_id=staff.id, action=INTERNAL_NOTE_ACTION, entity="ticket",
          entity_id=ticket.id, customer_id=ticket.customer_id, before=None,
          after={"message_id": msg.id, "chars": len(text_)}, client_ip=client_address(client_ip))
    return ActionResult(True, "Notatka wewnętrzna zapisana. Klient jej nie widzi.")


def assign_to_me(session: Session, staff_id: object, ticket_id: object, *,
                 client_ip: object = None, now: datetime | None = None) -> ActionResult:
    """"Przypisz do mnie": the member takes an open ticket, also from a colleague (the
    audit keeps who had it). The status does not change and the customer is not told.
    Audited as `ticket.assigned`."""
    staff, ticket, refusal = _staff_ticket(session, staff_id, ticket_id)
    if refusal:
        return refusal
    if ticket.status not in OPEN_STATUSES:
        return ActionResult(False, CLOSED)
    if ticket.assigned_to_id == staff.id:
        return ActionResult(True, f"Zgłoszenie {ticket.number} jest już przypisane do Ciebie.")
    before = ticket.assigned_to_id
    previous = session.get(StaffUser, before) if before else None
    ticket.assigned_to_id = staff.id
    session.add(ticket)
    session.flush()
    audit(session, actor_kind="staff", actor_id=staff.id, action="ticket.assigned", entity="ticket",
          entity_id=ticket.id, customer_id=ticket.customer_id,
          before={"assigned_to_id": before}, after={"assigned_to_id": staff.id}, client_ip=client_address(client_ip))
    taken = f" (wcześniej: {previous.full_name})" if previous else ""
    return ActionResult(True, f"Zgłoszenie {ticket.number} jest przypisane do Ciebie{taken}.")


# ---------------------------------------------------------------- the office's queue

# The queue's sorts (the page's column headers; "-" = descending): the whitelist, a
# key only picks one of the orders in staff_ticket_queue, never goes into SQL.
QUEUE_SORT_KEYS = frozenset({"created", "-created", "status", "-status", "number", "-number",
                             "customer", "-customer", "category", "-category"})
ASSIGNED_OPTIONS = [Option("", "Wszystkie"), Option("me", "Moje"), Option("none", "Nieprzypisane")]
STATUS_FILTER_OPEN = "open"  # new and in progress together
QUEUE_PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueRow:
    id: int
    number: str
    customer_id: int
    customer_number: str
    customer_name: str
    category: str
    category_label: str
    place: str
    status: str
    status_label: str
    is_open: bool
    assigned_to_id: int | None
    assigned_name: str  # "" nobody
    created_at: datetime
    created_at_text: str
    updated_at_text: str


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    sort: str = "-created"


def _status_order():
    return case({s.value: i for i, s in enumerate(STATUS_LABELS)}, value=Ticket.status, else_=len(STATUS_LABELS))


def _queue_conditions(status: object, category: object, service_point: object, assigned: object,
                      staff_id: object) -> list | None:
    """WHERE clauses of the filters; unknown values of a list filter are ignored; None
    when a filter can match nothing ("mine" without a member)."""
    conds: list = []
    if status == STATUS_FILTER_OPEN:
        conds.append(Ticket.status.in_(OPEN_STATUSES))
    elif (st := _status_or_error(status)) is not None:
        conds.append(Ticket.status == st)
    try:
        cat = TicketCategory(category) if isinstance(category, str) else None
    except ValueError:
        cat = None
    if cat is not None:
        conds.append(Ticket.category == cat)
    if isinstance(service_point, int) and not isinstance(service_point, bool):
        conds.append(Ticket.service_point_id == service_point)
    elif (code := bounded_text(service_point, 30)):
        pid = parse_id(code)
        by_code = func.upper(ServicePoint.code) == code.strip().upper()
        conds.append(or_(by_code, Ticket.service_point_id == pid) if pid else by_code)
    if assigned == "me":
        sid = parse_id(staff_id)
        if sid is None:
            return None
        conds.append(Ticket.assigned_to_id == sid)
    elif assigned == "none":
        conds.append(Ticket.assigned_to_id.is_(None))
    return conds


def staff_ticket_queue(session: Session, *, status: object = None, category: object = None,
                       service_point: object = None, assigned: object = None, staff_id: object = None,
                       page: object = 1, page_size: object = QUEUE_PAGE_SIZE,
                       sort: object = "-created") -> QueuePage:
    """Every customer's tickets for the office, one page (the caller checks the role).

    Filters: `status` (a status or "open"), `category`, `service_point` (its id, or its
    code as text, any case), `assigned` ("me" with `staff_id`, "none"). `sort`, one of
    QUEUE_SORT_KEYS: "-created" (newest first, the default), "created", "status" (new
    first, then oldest first), "-status", "number", "customer" (its number),
    "category", each also with "-". Unknown filter values are ignored, an unknown sort
    is the default; the page is clamped to the existing ones, at most 100 rows."""
    sort_key = sort if isinstance(sort, str) and sort in QUEUE_SORT_KEYS else "-created"
    conds = _queue_conditions(status, category, service_point, assigned, staff_id)
    if conds is None:
        return QueuePage([], 0, 1, 1, sort_key)
    base = (select(Ticket, ServicePoint, Customer, StaffUser)
            .join(Customer, Customer.id == Ticket.customer_id)
            .join(ServicePoint, ServicePoint.id == Ticket.service_point_id, isouter=True)
            .join(StaffUser, StaffUser.id == Ticket.assigned_to_id, isouter=True)
            .where(*conds))
    total = int(session.exec(
        select(func.count()).select_from(Ticket)
        .join(ServicePoint, ServicePoint.id == Ticket.service_point_id, isouter=True).where(*conds)
    ).one())
    page_no, size, pages = paginate(total, page, page_size, QUEUE_PAGE_SIZE)
    order = {
        "-created": (Ticket.created_at.desc(), Ticket.id.desc()),
        "created": (Ticket.created_at, Ticket.id),
        "status": (_status_order(), Ticket.created_at, Ticket.id),
        "-status": (_status_order().desc(), Ticket.created_at.desc(), Ticket.id.desc()),
        "number": (Ticket.number, Ticket.id),
        "-number": (Ticket.number.desc(), Ticket.id.desc()),
        "customer": (Customer.number, Ticket.created_at.desc(), Ticket.id.desc()),
        "-customer": (Customer.number.desc(), Ticket.created_at.desc(), Ticket.id.desc()),
        "category": (Ticket.category, Ticket.created_at.desc(), Ticket.id.desc()),
        "-category": (Ticket.category.desc(), Ticket.created_at.desc(), Ticket.id.desc()),
    }[sort_key]
    found = session.exec(base.order_by(*order).offset((page_no - 1) * size).limit(size)).all()
    rows = []
    for ticket, point, customer, assignee in found:
        r = _row(ticket, point)
        rows.append(QueueRow(
            id=r.id, number=r.number, customer_id=customer.id, customer_number=customer.number,
            customer_name=customer.name, category=r.category, category_label=r.category_label, place=r.place,
            status=r.status, status_label=r.status_label, is_open=r.is_open,
            assigned_to_id=assignee.id if assignee else None, assigned_name=assignee.full_name if assignee else "",
            created_at=r.created_at, created_at_text=r.created_at_text, updated_at_text=r.updated_at_text))
    return QueuePage(rows, total, page_no, pages, sort_key)
