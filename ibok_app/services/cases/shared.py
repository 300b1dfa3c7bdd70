"""What tickets and complaints share: which statuses are open, case numbers, text
clean-up, the limit per customer and hour, notifying the customer, the customer's
open cases of both kinds, and the small result types."""
from __future__ import annotations

import functools
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, literal, text, union_all
from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.models import (
    AccountStatus,
    CaseStatus,
    Complaint,
    PortalAccount,
    StaffUser,
    Ticket,
)
from ibok_app.services.common import photos, queries
from ibok_app.services.common.inputs import parse_id
from ibok_app.services.common.throttle import wait_text
from ibok_app.services.notifications.outbox import enqueue_email
from ibok_app.views.formats import to_warsaw

PAGE_MAX = 200
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.IN_PROGRESS)
_NOTIFIED = (AccountStatus.ACTIVE, AccountStatus.CLOSING)


# ---------------------------------------------------------------- input helpers


def description_error(text: str, ask: str, minimum: int, maximum: int) -> str | None:
    """Why a case's description is refused (`ask`: "Opisz problem…"), or None."""
    if len(text) < minimum:
        return f"{ask} — co najmniej {minimum} znaków."
    if len(text) > maximum:
        return f"Opis może mieć najwyżej {maximum} znaków (teraz {len(text)})."
    return None


def clean_text(value: object) -> str | None:
    """Text typed by a person, safe for every database: NFC, \\n line ends, no control
    characters (PostgreSQL refuses NUL) and no lone surrogates. None when not a str."""
    if not isinstance(value, str):
        return None
    s = value[:20000]  # a cap before any work: the limits below are far lower
    s = s.encode("utf-8", "replace").decode("utf-8")
    s = unicodedata.normalize("NFC", s).replace("\r\n", "\n").replace("\r", "\n")
    s = "".join(ch for ch in s if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return s.strip()


def photo_or_error(photo_path: object, customer_id: int) -> tuple[str | None, str | None]:
    """The photo a case is sent with, as stored by photos.store_photo: it must be
    this customer's file. (path or None, error or None)."""
    photo = photo_path if photos.is_own_photo(photo_path, customer_id) else None
    if photo_path not in (None, "") and photo is None:
        return None, "Nie udało się dołączyć zdjęcia. Dodaj je ponownie."
    return photo, None


def read_photo(relative: str | None, customer_id: int) -> tuple[bytes, str] | None:
    """(bytes, content type) of a case's photo, only if it is the customer's own file."""
    if not photos.is_own_photo(relative, customer_id):
        return None
    try:
        data = (settings().files_dir / relative).read_bytes()
    except OSError:
        return None
    return data, photos.CONTENT_TYPES[relative.rsplit(".", 1)[1]]


def _serialize_numbering(session: Session, table: str) -> None:
    """Make number allocation for `table` one-at-a-time until the transaction ends.

    PostgreSQL: a transaction-level advisory lock. SQLite: a no-op UPDATE takes the
    database write lock now, before the highest number is read (otherwise two writers
    could read the same maximum, and in WAL mode the later one would fail on a stale
    snapshot instead of waiting). The unique index on `number` stays the last guard.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        key = zlib.crc32(f"ibok-number:{table}".encode())
        session.exec(text("SELECT pg_advisory_xact_lock(:k)").bindparams(k=key))
    elif dialect == "sqlite":
        session.exec(text(f'UPDATE "{table}" SET id = id WHERE id = -1'))


def allocate_number(session: Session, model: type, prefix: str, now: datetime) -> str:
    """Next number of the year (Warsaw time) for `model`: "ZG/2026/000123"."""
    _serialize_numbering(session, model.__tablename__)
    head = f"{prefix}/{to_warsaw(now).year}/"
    last = session.exec(
        select(model.number).where(model.number.startswith(head))
        .order_by(func.length(model.number).desc(), model.number.desc()).limit(1)
    ).first()
    tail = last[len(head):] if last else ""
    seq = int(tail) + 1 if tail.isdigit() else 1
    return f"{head}{seq:06d}"


CASE_WINDOW = timedelta(hours=1)


def over_case_limit(session: Session, model: type, customer_id: int, now: datetime, what: str) -> str | None:
    """The refusal when the customer already filed IBOK_CASES_PER_HOUR `model` rows in
    the last hour (nobody may flood the office or the outbox), else None.
    `what`: the genitive plural for the message, "zgłoszeń" / "reklamacji"."""
    limit = settings().cases_per_hour
    recent = session.exec(
        select(model.created_at).where(model.customer_id == customer_id, model.created_at > now - CASE_WINDOW)
        .order_by(model.created_at.desc()).limit(limit)
    ).all()
    if len(recent) < limit:
        return None
    wait = int((min(recent) + CASE_WINDOW - now).total_seconds()) + 1
    return (f"W ciągu ostatniej godziny przyjęliśmy już {limit} {what} z Twojego konta. Kolejne możesz "
            f"wysłać za {wait_text(wait)}. W pilnej sprawie zadzwoń: {settings().company.phone}.")


def notify_customer(session: Session, customer_id: int, email: tuple[str, str, str]) -> int | None:
    """Queue an e-mail to the customer's portal address (none without a usable account)."""
    account = session.exec(select(PortalAccount).where(PortalAccount.customer_id == customer_id)).first()
    if account is None or account.status not in _NOTIFIED or not account.email:
        return None
    subject, body, html = email
    return enqueue_email(session, account.email, subject, body, html)


def staff_member(session: Session, staff_id: object) -> StaffUser | None:
    sid = parse_id(staff_id)
    staff = session.get(StaffUser, sid) if sid else None
    return staff if staff is not None and staff.active else None


# ---------------------------------------------------------------- display types


@dataclass(frozen=True)
class Option:
    value: str
    label: str




@dataclass(frozen=True)
class ActionResult:
    ok: bool
    message: str = ""
    field_errors: dict[str, str] = field(default_factory=dict)


def page_bounds(limit: object, offset: object) -> tuple[int, int]:
    lim = parse_id(limit) or 50
    off = offset if isinstance(offset, int) and not isinstance(offset, bool) and offset > 0 else 0
    return min(lim, PAGE_MAX), off


# ---------------------------------------------------------------- open cases of both kinds

@functools.cache
def _open_cases_query():
    """Built once (it runs on every Panel load): (kind, id, number, category or subject,
    status) of the customer's open tickets and complaints, newest first."""
    customer_id, size = bindparam("customer_id"), bindparam("size")
    t, c = Ticket.__table__, Complaint.__table__
    open_values = [s.value for s in OPEN_STATUSES]
    tickets = select(literal("ticket").label("kind"), t.c.id, t.c.number, t.c.category.label("title"),
                     t.c.status, t.c.created_at).where(t.c.customer_id == customer_id, t.c.status.in_(open_values))
    complaints = select(literal("complaint").label("kind"), c.c.id, c.c.number, c.c.subject.label("title"),
                        c.c.status, c.c.created_at).where(c.c.customer_id == customer_id,
                                                          c.c.status.in_(open_values))
    both = union_all(tickets, complaints).subquery("open_cases")
    return select(both.c.kind, both.c.id, both.c.number, both.c.title, both.c.status) \
        .order_by(both.c.created_at.desc(), both.c.id.desc()).limit(size)


def open_cases(session: Session, customer_id: int, size: int) -> list:
    """The customer's newest `size` open cases (rows of kind "ticket" | "complaint", id,
    number, title: a ticket's category value or a complaint's subject, status)."""
    return queries.rows(session, _open_cases_query(), customer_id=customer_id, size=size)
