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
from ibok_app.services.cases.shared import (
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
from ibok_app.services.common.inputs import is_blank, normalise_phone, parse_id
from ibok_app.services.notifications import case_emails
from ibok_app.views.formats import address_line, datetime_pl
from ibok_app.views.labels import STAFF_AUTHOR
from ibok_app.views.labels import TICKET_CATEGORY_LABELS as CATEGORY_LABELS
from ibok_app.views.labels import TICKET_STATUS_LABELS as STATUS_LABELS

OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.IN_PROGRESS)
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
    kind: str  # "created" | "message"
    from_staff: bool
    author: str
    body: str


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
    point = session.get(ServicePoint, ticket.service_point_id) if ticket.service_point_id else None
    row = _row(ticket, point)
    timeline = [TimelineEntry(ticket.created_at, datetime_pl(ticket.created_at), "created", False,
                              "Klient" if staff_view else "Ty", ticket.description)]
    messages = session.exec(
        select(TicketMessage, StaffUser).join(StaffUser, StaffUser.id == TicketMessage.from_staff_id, isouter=True)
        .where(TicketMessage.ticket_id == ticket.id).order_by(TicketMessage.created_at, TicketMessage.id)
    ).all()
    for msg, staff in messages:
        from_staff = msg.from_staff_id is not None
        if from_staff:
            author = staff.full_name if staff_view and staff else STAFF_AUTHOR
        else:
            author = "Klient" if staff_view else "Ty"
        timeline.append(TimelineEntry(msg.created_at, datetime_pl(msg.created_at), "message",
                                      from_staff, author, msg.body))
    customer = session.get(Customer, ticket.customer_id) if staff_view else None
    return TicketDetail(
        row=row, description=ticket.description, contact_phone=phone_text(ticket.contact_phone),
        has_photo=bool(ticket.photo_path), can_reply=row.is_open, timeline=timeline,
        customer_number=customer.number if customer else "", customer_name=customer.name if customer else "",
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


def staff_set_status(session: Session, staff_id: int, ticket_id: object, status: object,
                     message: object = None, now: datetime | None = None) -> ActionResult:
    """Change the status (and/or answer): written to the ticket's timeline, audited,
    and e-mailed to the customer."""
    staff = staff_member(session, staff_id)
    if staff is None:
        return ActionResult(False, "Brak uprawnień.")
    tid = parse_id(ticket_id)
    ticket = session.get(Ticket, tid) if tid else None
    if ticket is None:
        return ActionResult(False, NOT_FOUND)
    try:
        new_status = CaseStatus(status) if isinstance(status, str) else None
    except ValueError:
        new_status = None
    if new_status is None:
        return ActionResult(False, "Wybierz status z listy.", {"status": "Wybierz status z listy."})
    note = clean_text(message) or ""  # anything but text counts as no message
    if len(note) > MESSAGE_MAX:
        err = f"Wiadomość może mieć najwyżej {MESSAGE_MAX} znaków."
        return ActionResult(False, err, {"message": err})
    old_status = CaseStatus(ticket.status)
    if new_status == old_status and not note:
        return ActionResult(False, "Status się nie zmienił. Wybierz inny status albo wpisz wiadomość.")

    now = now or utcnow()
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
          before={"status": old_status.value}, after={"status": new_status.value, "message": note or None})
    notify_customer(session, ticket.customer_id, case_emails.ticket_status_email(
        number=ticket.number, status_label=label.lower(), message=note or None))
    return ActionResult(True, f"Zapisano. Klient otrzyma e-mail o zgłoszeniu {ticket.number}.")
