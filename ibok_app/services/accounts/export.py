"""Data portability (§8, art. 20 GDPR): everything the portal holds about one
customer, as JSON or as a zip of CSV files.

Conventions of the export: dates and times ISO 8601 (times in UTC, with "+00:00"),
money as decimal strings in złoty ("1234.56", columns `*_pln`), meter readings in m³
with 3 decimals. Secrets never leave: no password hashes, no token hashes (any
column whose name holds "hash" or "token" is dropped) and no internal file paths
(a photo is reported as `photo_attached`). Audit entries are scrubbed the same way.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlmodel import Session, SQLModel, select

from ibok_app.config import settings
from ibok_app.models import (
    AuditLog,
    Complaint,
    Contract,
    ContractAnnex,
    Customer,
    Document,
    DocumentLine,
    Meter,
    MeterReading,
    OnlinePayment,
    Payment,
    PaymentAllocation,
    PortalAccount,
    ServicePoint,
    TermsAcceptance,
    TermsVersion,
    Ticket,
    TicketMessage,
    UserSession,
    utcnow,
)
from ibok_app.services.accounts.profile import PREFERENCE_FIELDS
from ibok_app.services.common.audit import scrub

FORMAT_VERSION = 1
_SECRET_PARTS = ("hash", "token")

# file name in the zip -> (title for README)
TABLES: dict[str, str] = {
    "customer": "dane klienta",
    "account": "konto IBOK (bez haseł i tokenów)",
    "preferences": "zgody i ustawienia powiadomień",
    "service_points": "punkty poboru",
    "meters": "wodomierze",
    "meter_readings": "odczyty wodomierzy",
    "documents": "faktury, korekty i noty",
    "document_lines": "pozycje dokumentów",
    "payments": "wpłaty",
    "payment_allocations": "rozliczenie wpłat na dokumenty",
    "online_payments": "płatności internetowe",
    "contracts": "umowy",
    "contract_annexes": "aneksy do umów",
    "tickets": "zgłoszenia eksploatacyjne",
    "ticket_messages": "wiadomości w zgłoszeniach",
    "complaints": "reklamacje",
    "terms_acceptances": "akceptacje regulaminu",
    "sessions": "aktywne sesje logowania",
    "audit_log": "dziennik zmian dotyczących klienta",
}


def _money(gr: int) -> str:
    return f"{Decimal(gr) / 100:.2f}"


def _milli(value: int) -> str:
    return f"{Decimal(value) / 1000:.3f}"


def _value(v: Any) -> Any:
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, datetime):
        return (v if v.tzinfo else v.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


def _record(row: SQLModel, **extra: Any) -> dict[str, Any]:
    """One row as plain JSON values, renaming units and dropping secrets."""
    out: dict[str, Any] = {}
    for column in row.__table__.columns:
        name = column.name
        value = getattr(row, name)
        if any(part in name for part in _SECRET_PARTS):
            continue
        if name == "photo_path":
            out["photo_attached"] = bool(value)
        elif name.endswith("_gr"):
            out[f"{name[:-3]}_pln"] = None if value is None else _money(value)
        elif name == "value_l":
            out["value_m3"] = _milli(value)
        elif name == "quantity_milli":
            out["quantity"] = _milli(value)
        else:
            out[name] = _value(value)
    out.update(extra)
    return out


def _audit_record(row: AuditLog) -> dict[str, Any]:
    def parsed(raw: str | None) -> Any:
        if raw is None:
            return None
        try:
            return scrub(json.loads(raw))
        except ValueError:
            return None

    rec = _record(row)
    rec.pop("before_json", None)
    rec.pop("after_json", None)
    rec["before"] = parsed(row.before_json)
    rec["after"] = parsed(row.after_json)
    return rec


def _rows(session: Session, stmt) -> list:
    return list(session.exec(stmt).all())


def _owned(session: Session, model: type[SQLModel], customer_id: int, *order_by) -> list:
    """The customer's rows of `model` (which has a customer_id)."""
    return _rows(session, select(model).where(model.customer_id == customer_id).order_by(*order_by))


def _of(session: Session, model: type[SQLModel], parent_key, parents: list, *order_by) -> list:
    """The rows of `model` whose `parent_key` names one of `parents` (none without parents)."""
    if not parents:
        return []
    return _rows(session, select(model).where(parent_key.in_([p.id for p in parents])).order_by(*order_by))


def collect(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every table of the export as a flat list of records (all scoped by customer_id)."""
    t: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    customer = session.get(Customer, customer_id)
    if customer is None:
        return t
    t["customer"] = [_record(customer)]
    account = session.exec(select(PortalAccount).where(PortalAccount.customer_id == customer_id)).first()
    if account is not None:
        t.update(_account_tables(session, account))
    t.update(_meter_tables(session, customer_id))
    t.update(_billing_tables(session, customer_id))
    t.update(_contract_and_case_tables(session, customer_id))
    t["audit_log"] = [_audit_record(a) for a in _owned(session, AuditLog, customer_id, AuditLog.at, AuditLog.id)]
    return t


def _account_tables(session: Session, account: PortalAccount) -> dict[str, list[dict[str, Any]]]:
    versions = dict(_rows(session, select(TermsVersion.id, TermsVersion.version)))
    acceptances = _rows(session, select(TermsAcceptance).where(TermsAcceptance.account_id == account.id)
                        .order_by(TermsAcceptance.accepted_at))
    sessions = _rows(session, select(UserSession).where(UserSession.account_id == account.id)
                     .order_by(UserSession.id))
    return {
        "account": [_record(account)],
        "preferences": [{name: bool(getattr(account, name)) for name in PREFERENCE_FIELDS}],
        "terms_acceptances": [_record(a, terms_version=versions.get(a.terms_version_id)) for a in acceptances],
        "sessions": [_record(s) for s in sessions],
    }


def _meter_tables(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    points = _owned(session, ServicePoint, customer_id, ServicePoint.id)
    return {
        "service_points": [_record(p) for p in points],
        "meters": [_record(m) for m in _of(session, Meter, Meter.service_point_id, points, Meter.id)],
        "meter_readings": [_record(r) for r in _owned(session, MeterReading, customer_id,
                                                      MeterReading.read_on, MeterReading.id)],
    }


def _billing_tables(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    docs = _owned(session, Document, customer_id, Document.issue_date, Document.id)
    payments = _owned(session, Payment, customer_id, Payment.paid_on, Payment.id)
    lines = _of(session, DocumentLine, DocumentLine.document_id, docs, DocumentLine.document_id,
                DocumentLine.position)
    allocations = _of(session, PaymentAllocation, PaymentAllocation.payment_id, payments, PaymentAllocation.id)
    return {
        "documents": [_record(d) for d in docs],
        "document_lines": [_record(line) for line in lines],
        "payments": [_record(p) for p in payments],
        "payment_allocations": [_record(a) for a in allocations],
        "online_payments": [_record(o) for o in _owned(session, OnlinePayment, customer_id, OnlinePayment.id)],
    }


def _contract_and_case_tables(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    contracts = _owned(session, Contract, customer_id, Contract.id)
    tickets = _owned(session, Ticket, customer_id, Ticket.id)
    annexes = _of(session, ContractAnnex, ContractAnnex.contract_id, contracts, ContractAnnex.contract_id,
                  ContractAnnex.id)
    messages = _of(session, TicketMessage, TicketMessage.ticket_id, tickets, TicketMessage.ticket_id,
                   TicketMessage.created_at, TicketMessage.id)
    return {
        "contracts": [_record(c) for c in contracts],
        "contract_annexes": [_record(a) for a in annexes],
        "tickets": [_record(x) for x in tickets],
        "ticket_messages": [_record(m, author="staff" if m.from_staff_id else "customer") for m in messages],
        "complaints": [_record(c) for c in _owned(session, Complaint, customer_id, Complaint.id)],
    }


def _children(parents: list[dict], children: list[dict], key: str, name: str) -> list[dict]:
    by_parent: dict[Any, list[dict]] = {}
    for child in children:
        by_parent.setdefault(child[key], []).append(child)
    return [{**p, name: by_parent.get(p["id"], [])} for p in parents]


def _header(now: datetime) -> dict[str, Any]:
    c = settings().company
    return {"format": "ibok-export", "format_version": FORMAT_VERSION, "exported_at": _value(now),
            "controller": {"name": c.name, "address": c.address, "privacy_email": c.privacy_email}}


def export_json(session: Session, customer_id: int, now: datetime | None = None) -> bytes:
    """UTF-8 JSON of everything the portal holds about the customer."""
    t = collect(session, customer_id)
    doc = {
        **_header(now or utcnow()),
        "customer": t["customer"][0] if t["customer"] else None,
        "account": t["account"][0] if t["account"] else None,
        "preferences": t["preferences"][0] if t["preferences"] else None,
        "service_points": _children(t["service_points"], t["meters"], "service_point_id", "meters"),
        "meter_readings": t["meter_readings"],
        "documents": _children(t["documents"], t["document_lines"], "document_id", "lines"),
        "payments": _children(t["payments"], t["payment_allocations"], "payment_id", "allocations"),
        "online_payments": t["online_payments"],
        "contracts": _children(t["contracts"], t["contract_annexes"], "contract_id", "annexes"),
        "tickets": _children(t["tickets"], t["ticket_messages"], "ticket_id", "messages"),
        "complaints": t["complaints"],
        "terms_acceptances": t["terms_acceptances"],
        "sessions": t["sessions"],
        "audit_log": t["audit_log"],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """CSV cell; text that a spreadsheet would run as a formula gets a leading
    apostrophe (numbers like "-12.50" stay as they are)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    s = str(value)
    if s.startswith(_FORMULA_START) and not _is_number(s):
        return "'" + s
    return s


def _is_number(s: str) -> bool:
    try:
        Decimal(s)
    except ArithmeticError:
        return False
    return s.strip() == s


def _csv(records: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    columns: list[str] = []
    for rec in records:
        columns += [k for k in rec if k not in columns]
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for rec in records:
        writer.writerow([_cell(rec.get(c)) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8


def _readme(now: datetime) -> str:
    c = settings().company
    lines = [
        f"Eksport danych z Internetowego Biura Obsługi Klienta {c.short_name}",
        f"Utworzono: {_value(now)} (UTC)",
        "",
        "Pliki CSV: separator średnik, kodowanie UTF-8 (z BOM), daty w formacie ISO 8601 (czasy w UTC),",
        "kwoty w złotych z kropką dziesiętną (kolumny *_pln), odczyty w m³ (value_m3).",
        "",
        "Zawartość:",
        *[f"  {name}.csv — {title}" for name, title in TABLES.items()],
        "",
        f"Pytania o przetwarzanie danych osobowych: {c.privacy_email}",
    ]
    return "\r\n".join(lines) + "\r\n"


def export_csv_zip(session: Session, customer_id: int, now: datetime | None = None) -> bytes:
    """A zip with one semicolon-separated CSV per table (UTF-8 with BOM) and a README."""
    now = now or utcnow()
    t = collect(session, customer_id)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", ("\ufeff" + _readme(now)).encode("utf-8"))
        for name in TABLES:
            zf.writestr(f"{name}.csv", _csv(t[name]))
    return buf.getvalue()
