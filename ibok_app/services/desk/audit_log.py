"""The audit log for administrators and auditors (role set AUDIT): browse with filters,
newest first, and export the same filtered view as CSV. Read only: nothing in the
portal edits or deletes an entry.

Filters (each optional, garbage ignored or matching nothing, never an error):
`staff_id` (entries by that staff member), `customer` (a customer number or id),
`action` ("account.locked", or a prefix ending with a dot: "account."), `date_from` /
`date_to` (days in Warsaw time, inclusive: a `date`, "rrrr-mm-dd" or "dd.mm.rrrr").
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from ibok_app.models import AuditLog, Customer, PortalAccount, StaffUser
from ibok_app.services.billing.documents import paginate
from ibok_app.services.common.inputs import bounded_text, parse_day, parse_id
from ibok_app.views.formats import datetime_pl, warsaw_day_start_utc
from ibok_app.views.labels import AUDIT_ACTOR_LABELS

CSV_MAX_ROWS = 100_000
_ACTION = re.compile(r"[a-z0-9_.]{1,60}")


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    at_text: str  # Warsaw time
    actor_kind: str
    actor_label: str  # "pracownik" / "klient" / "system"
    actor_name: str  # staff: "Ewa Kowalczyk (ewa.k)"; customer: the login
    action: str
    entity: str
    entity_id: int | None
    customer_id: int | None
    customer_number: str
    before: str  # JSON as stored, "" none
    after: str
    client_ip: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    page: int
    pages: int
    sort: str = "-at"  # as applied (SORT_KEYS)


def _conditions(session: Session, staff_id: object, customer: object, action: object,
                date_from: object, date_to: object) -> list | None:
    """WHERE clauses of the filters; None when a filter can match nothing."""
    conds: list = []
    if staff_id is not None and staff_id != "":
        sid = parse_id(staff_id)
        if sid is None:
            return None
        conds += [AuditLog.actor_kind == "staff", AuditLog.actor_id == sid]
    if customer is not None and customer != "":
        cid = None
        number = bounded_text(customer, 20) if isinstance(customer, str) else None
        if number:
            cid = session.exec(select(Customer.id).where(Customer.number == number.upper())).first() \
                or session.exec(select(Customer.id).where(Customer.number == number)).first()
        if cid is None and not isinstance(customer, str):
            cid = parse_id(customer)
        if cid is None:
            return None
        conds.append(AuditLog.customer_id == cid)
    if action is not None and action != "":
        text = bounded_text(action, 60)
        if not text or not _ACTION.fullmatch(text.lower()):
            return None
        text = text.lower()
        conds.append(AuditLog.action.startswith(text) if text.endswith(".") else AuditLog.action == text)
    if (start := parse_day(date_from)) is not None:
        conds.append(AuditLog.at >= warsaw_day_start_utc(start))
    if (end := parse_day(date_to)) is not None:
        conds.append(AuditLog.at < warsaw_day_start_utc(end + timedelta(days=1)))
    return conds


# The log's sorts (the page's column headers; "-" = descending): the whitelist, a key
# only picks one of these orders, never goes into SQL. Default: newest first.
_SORTS = {
    "-at": (AuditLog.at.desc(), AuditLog.id.desc()),
    "at": (AuditLog.at, AuditLog.id),
    "action": (AuditLog.action, AuditLog.at.desc(), AuditLog.id.desc()),
    "-action": (AuditLog.action.desc(), AuditLog.at.desc(), AuditLog.id.desc()),
}
SORT_KEYS = frozenset(_SORTS)
DEFAULT_SORT = "-at"


def sort_key(sort: object) -> str:
    """The sort as applied: one of SORT_KEYS, anything else the default."""
    return sort if isinstance(sort, str) and sort in _SORTS else DEFAULT_SORT


def _rows(session: Session, conds: list, offset: int, limit: int, sort: object = DEFAULT_SORT) -> list[AuditRow]:
    entries = session.exec(select(AuditLog).where(*conds).order_by(*_SORTS[sort_key(sort)])
                           .offset(offset).limit(limit)).all()
    staff_ids = {e.actor_id for e in entries if e.actor_kind == "staff" and e.actor_id}
    account_ids = {e.actor_id for e in entries if e.actor_kind == "customer" and e.actor_id}
    customer_ids = {e.customer_id for e in entries if e.customer_id}
    staff = {s.id: f"{s.full_name} ({s.login})" for s in
             session.exec(select(StaffUser).where(StaffUser.id.in_(staff_ids))).all()} if staff_ids else {}
    logins = dict(session.exec(select(PortalAccount.id, PortalAccount.login)
                               .where(PortalAccount.id.in_(account_ids))).all()) if account_ids else {}
    numbers = dict(session.exec(select(Customer.id, Customer.number)
                                .where(Customer.id.in_(customer_ids))).all()) if customer_ids else {}
    rows = []
    for e in entries:
        if e.actor_kind == "staff":
            name = staff.get(e.actor_id, f"#{e.actor_id}" if e.actor_id else "wiersz poleceń")
        elif e.actor_kind == "customer":
            name = logins.get(e.actor_id, f"konto #{e.actor_id}" if e.actor_id else "")
        else:
            name = ""
        rows.append(AuditRow(
            id=e.id, at=e.at, at_text=datetime_pl(e.at), actor_kind=e.actor_kind,
            actor_label=AUDIT_ACTOR_LABELS.get(e.actor_kind, e.actor_kind), actor_name=name, action=e.action,
            entity=e.entity or "", entity_id=e.entity_id, customer_id=e.customer_id,
            customer_number=numbers.get(e.customer_id, ""), before=e.before_json or "", after=e.after_json or "",
            client_ip=e.client_ip or "",
        ))
    return rows


# browse_audit's / audit_csv's filters and their names in the page's address (Polish,
# shared by the page and the CSV link so both read the same view).
AUDIT_FILTERS = {"staff_id": "pracownik", "customer": "klient", "action": "czynnosc",
                 "date_from": "od", "date_to": "do"}


def browse_audit(session: Session, *, staff_id: object = None, customer: object = None, action: object = None,
                 date_from: object = None, date_to: object = None, page: object = 1,
                 page_size: object = 50, sort: object = DEFAULT_SORT) -> AuditPage:
    conds = _conditions(session, staff_id, customer, action, date_from, date_to)
    if conds is None:
        return AuditPage([], 0, 1, 1, sort_key(sort))
    total = int(session.exec(select(func.count()).select_from(AuditLog).where(*conds)).one())
    page_no, size, pages = paginate(total, page, page_size, default_size=50)
    return AuditPage(_rows(session, conds, (page_no - 1) * size, size, sort), total, page_no, pages, sort_key(sort))


def action_options(session: Session) -> list[str]:
    """The actions present in the log, for the filter's list."""
    return sorted(session.exec(select(AuditLog.action).distinct()).all())


def staff_options(session: Session) -> list[tuple[int, str]]:
    """(id, "Name (login)") of every staff member, inactive ones too (the log names them)."""
    return [(s.id, f"{s.full_name} ({s.login})")
            for s in session.exec(select(StaffUser).order_by(StaffUser.full_name, StaffUser.id)).all()]


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading data as a formula (as readings.history does)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_HEADERS = ["Data i godzina", "Kto", "Osoba", "Czynność", "Obiekt", "Id obiektu", "Numer klienta",
               "Przed", "Po", "Adres IP"]


def audit_csv(session: Session, *, staff_id: object = None, customer: object = None, action: object = None,
              date_from: object = None, date_to: object = None, sort: object = DEFAULT_SORT) -> str:
    """The filtered log in the page's order (`sort`, newest first by default), for Excel: semicolons, a UTF-8 byte-order mark
    (encode the result as UTF-8), at most CSV_MAX_ROWS rows."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    conds = _conditions(session, staff_id, customer, action, date_from, date_to)
    if conds is None:
        return out.getvalue()
    batch = 2000
    for offset in range(0, CSV_MAX_ROWS, batch):
        rows = _rows(session, conds, offset, batch, sort)
        for r in rows:
            writer.writerow([r.at_text, r.actor_label, _cell(r.actor_name), _cell(r.action), _cell(r.entity),
                             "" if r.entity_id is None else r.entity_id, _cell(r.customer_number),
                             _cell(r.before), _cell(r.after), _cell(r.client_ip)])
        if len(rows) < batch:
            break
    return out.getvalue()
