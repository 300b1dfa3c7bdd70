"""One document in full (§9 c): its lines, VAT summary, settlements and
corrections, and its PDF. Scoped by the session's customer: another
customer's id answers None (404), never data."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.integrations.document_pdf import render_document_pdf
from ibok_app.models import (
    Customer,
    Document,
    DocumentLine,
    Meter,
    MeterKind,
    MeterReading,
    Payment,
    PaymentAllocation,
    ReadingStatus,
    ServicePoint,
)
from ibok_app.services.billing.documents import (
    VAT_DOCUMENT_TYPES,
    label_of,
    ledger_query,
    quantity_display,
    quantity_number,
    unit_display,
    vat_rate_display,
)
from ibok_app.services.common.inputs import parse_id
from ibok_app.views.billing import (
    CorrectionInfo,
    DocumentDetail,
    LineView,
    MeterReadingsView,
    ReadingPoint,
    SettlementView,
    Totals,
    VatSummaryRow,
)
from ibok_app.views.formats import address_line, date_pl, money, today_in_warsaw
from ibok_app.views.labels import (
    DOCUMENT_STATUS_LABELS,
    DOCUMENT_TYPE_LABELS,
    DOCUMENT_TYPE_TITLES,
    METER_KIND_LABELS,
    PAYMENT_METHOD_LABELS,
    READING_SOURCE_LABELS,
)

# ---------------------------------------------------------------- the detail


def _reading_point(reading: MeterReading) -> ReadingPoint:
    return ReadingPoint(
        read_on=reading.read_on, read_on_display=date_pl(reading.read_on),
        value_l=reading.value_l, value_display=quantity_number(reading.value_l, "m3"),
        source=str(reading.source), source_label=label_of(READING_SOURCE_LABELS, reading.source, str(reading.source)),
    )


def _meter_readings_view(meter: Meter, previous: MeterReading | None, current: MeterReading) -> MeterReadingsView:
    consumption = current.value_l - previous.value_l if previous is not None else None
    return MeterReadingsView(
        meter_serial=meter.serial,
        meter_kind=str(meter.kind), meter_kind_label=label_of(METER_KIND_LABELS, meter.kind, str(meter.kind)),
        previous=_reading_point(previous) if previous is not None else None,
        current=_reading_point(current),
        consumption_l=consumption,
        consumption_display=quantity_number(consumption, "m3") if consumption is not None else "",
    )


def billed_readings(session: Session, customer_id: int, service_point_id: int | None,
                    period_from: date | None, period_to: date | None) -> list[MeterReadingsView]:
    """The readings an invoice of the period is based on, per meter of the service
    point in place during the period (main meters first): the customer's last
    accepted reading on or before `period_to` (current) and on or before
    `period_from` (previous); a meter installed during the period has no reading
    by `period_from`, so its first reading (the installation's) is the previous one.
    A meter with no reading by the period's end is left out; a document without a
    service point or a period (notes) has none."""
    if service_point_id is None or period_from is None or period_to is None:
        return []
    meters = session.exec(
        select(Meter).join(ServicePoint, ServicePoint.id == Meter.service_point_id)
        .where(Meter.service_point_id == service_point_id, ServicePoint.customer_id == customer_id,
               Meter.installed_on <= period_to,
               or_(Meter.removed_on.is_(None), Meter.removed_on >= period_from))
    ).all()
    if not meters:
        return []
    readings = session.exec(
        select(MeterReading)
        .where(MeterReading.meter_id.in_([m.id for m in meters]), MeterReading.customer_id == customer_id,
               MeterReading.status == ReadingStatus.ACCEPTED, MeterReading.read_on <= period_to)
        .order_by(MeterReading.read_on, MeterReading.id)
    ).all()
    by_meter: dict[int, list[MeterReading]] = defaultdict(list)
    for reading in readings:
        by_meter[reading.meter_id].append(reading)
    ordered = sorted(meters, key=lambda m: (m.kind != MeterKind.MAIN, m.serial))
    return [_meter_readings_view(m, *_previous_and_current(by_meter[m.id], period_from))
            for m in ordered if by_meter[m.id]]


def _previous_and_current(readings: list[MeterReading], period_from: date) -> tuple[MeterReading | None, MeterReading]:
    """Of one meter's readings up to the period's end, oldest first."""
    before = [r for r in readings if r.read_on <= period_from]
    if before:
        return before[-1], readings[-1]
    return (readings[0] if len(readings) > 1 else None), readings[-1]


def _line_view(line: DocumentLine) -> LineView:
    return LineView(
        position=line.position, description=line.description,
        quantity_milli=line.quantity_milli,
        quantity=quantity_number(line.quantity_milli, line.unit), unit=unit_display(line.unit),
        quantity_display=quantity_display(line.quantity_milli, line.unit),
        unit_net_gr=line.unit_net_gr, unit_net_display=money(line.unit_net_gr),
        vat_rate=line.vat_rate, vat_rate_display=vat_rate_display(line.vat_rate),
        net_gr=line.net_gr, net_display=money(line.net_gr),
        vat_gr=line.vat_gr, vat_display=money(line.vat_gr),
        gross_gr=line.gross_gr, gross_display=money(line.gross_gr),
    )


def vat_summary(lines: list[DocumentLine] | list[LineView]) -> list[VatSummaryRow]:
    """Net, VAT and gross per rate (art. 106e ust. 1 pkt 13-14), highest rate first,
    lines outside VAT last."""
    sums: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for line in lines:
        s = sums[line.vat_rate]
        s[0] += line.net_gr
        s[1] += line.vat_gr
        s[2] += line.gross_gr
    order = sorted(sums, key=lambda r: (r is None, -(r or 0)))
    return [VatSummaryRow(r, vat_rate_display(r), Totals.of(*sums[r])) for r in order]




def _period_display(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{date_pl(start)} – {date_pl(end)}"
    return date_pl(start or end)


def _correction(session: Session, doc: Document, customer_id: int, totals: Totals) -> CorrectionInfo | None:
    """What a correction changes: the corrected document as issued, the difference, the result."""
    if doc.corrected_document_id is None:
        return None
    original = session.exec(
        select(Document).where(Document.id == doc.corrected_document_id, Document.customer_id == customer_id)
    ).first()
    if original is None:
        return None
    before = Totals.of(original.net_gr, original.vat_gr, original.gross_gr)
    return CorrectionInfo(
        corrected_id=original.id, corrected_number=original.number,
        corrected_issue_date=original.issue_date, corrected_issue_date_display=date_pl(original.issue_date),
        reason=doc.correction_reason or "", before=before, difference=totals,
        after=Totals.of(before.net_gr + totals.net_gr, before.vat_gr + totals.vat_gr,
                        before.gross_gr + totals.gross_gr),
    )


def _service_point_address(session: Session, doc: Document, customer_id: int) -> str:
    if doc.service_point_id is None:
        return ""
    sp = session.exec(select(ServicePoint).where(ServicePoint.id == doc.service_point_id,
                                                 ServicePoint.customer_id == customer_id)).first()
    return address_line(sp.street, sp.postal_code, sp.city) if sp is not None else ""


def _settlements(session: Session, doc_id: int, customer_id: int) -> list[SettlementView]:
    """The payments (or their parts) allocated to the document, oldest first."""
    rows = session.exec(
        select(Payment.paid_on, Payment.method, Payment.reference, PaymentAllocation.amount_gr)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(PaymentAllocation.document_id == doc_id, Payment.customer_id == customer_id)
        .order_by(Payment.paid_on, Payment.id)
    ).all()
    return [SettlementView(r.paid_on, date_pl(r.paid_on), int(r.amount_gr), money(int(r.amount_gr)),
                           label_of(PAYMENT_METHOD_LABELS, r.method), r.reference or "") for r in rows]


def document_detail(session: Session, customer_id: int, document_id: object,
                    today: date | None = None) -> DocumentDetail | None:
    """The whole document, or None when the id is not one of the customer's documents."""
    doc_id = parse_id(document_id)
    doc = session.exec(
        select(Document).where(Document.id == doc_id, Document.customer_id == customer_id)
    ).first() if doc_id else None
    if doc is None:
        return None
    ledger, params = ledger_query(customer_id, today or today_in_warsaw())
    state = session.exec(select(*ledger.c).where(ledger.c.id == doc_id), params=params).one()
    lines = session.exec(
        select(DocumentLine).where(DocumentLine.document_id == doc_id)
        .order_by(DocumentLine.position, DocumentLine.id)
    ).all()
    doc_type = str(doc.doc_type)
    is_vat = doc_type in {t.value for t in VAT_DOCUMENT_TYPES}
    totals = Totals.of(doc.net_gr, doc.vat_gr, doc.gross_gr)
    correction = _correction(session, doc, customer_id, totals)
    correction_numbers = list(session.exec(
        select(Document.number).where(Document.corrected_document_id == doc_id, Document.customer_id == customer_id)
        .order_by(Document.issue_date, Document.id)
    ).all())
    paid, outstanding = int(state.paid_gr), int(state.outstanding_gr)
    return DocumentDetail(
        id=doc.id, number=doc.number, doc_type=doc_type,
        type_label=label_of(DOCUMENT_TYPE_LABELS, doc_type, "Dokument"),
        title=label_of(DOCUMENT_TYPE_TITLES, doc_type, "DOKUMENT"), is_vat_invoice=is_vat,
        issue_date=doc.issue_date, issue_date_display=date_pl(doc.issue_date),
        sale_date=doc.sale_date, sale_date_display=date_pl(doc.sale_date),
        period_from=doc.period_from, period_to=doc.period_to,
        period_display=_period_display(doc.period_from, doc.period_to),
        due_date=doc.due_date, due_date_display=date_pl(doc.due_date),
        totals=totals, paid_gr=paid, paid_display=money(paid),
        outstanding_gr=outstanding, outstanding_display=money(max(outstanding, 0)),
        status=state.status, status_label=DOCUMENT_STATUS_LABELS.get(state.status, ""),
        lines=[_line_view(line) for line in lines],
        vat_summary=vat_summary(lines) if is_vat else [],  # notes are not VAT invoices
        ksef_number=doc.ksef_number or "",
        service_point_address=_service_point_address(session, doc, customer_id),
        correction=correction,
        corrected_number=correction.corrected_number if correction else "",
        correction_numbers=correction_numbers,
        payments=_settlements(session, doc_id, customer_id),
        meter_readings=billed_readings(session, customer_id, doc.service_point_id, doc.period_from, doc.period_to),
    )


# ---------------------------------------------------------------- the PDF

@dataclass(frozen=True)
class PdfFile:
    filename: str
    content: bytes
    media_type: str = "application/pdf"


def safe_filename(stem: str) -> str:
    """ASCII-only file name for Content-Disposition ("FV/2024/01/0001" -> "FV-2024-01-0001")."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")
    return f"{cleaned or 'dokument'}.pdf"


def document_pdf(session: Session, customer_id: int, document_id: object) -> PdfFile | None:
    """The document as a PDF for download; None when it is not the customer's (answer 404)."""

    detail = document_detail(session, customer_id, document_id)
    if detail is None:
        return None
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    return PdfFile(safe_filename(detail.number), render_document_pdf(detail, customer, settings().company))


def staff_document_pdf(session: Session, document_id: object) -> tuple[int, PdfFile] | None:
    """(customer id, PDF) of any document, for the office (the caller checked the role
    and audits the download); None for an unknown id."""
    did = parse_id(document_id)
    owner = session.exec(select(Document.customer_id).where(Document.id == did)).first() if did else None
    if owner is None:
        return None
    pdf = document_pdf(session, owner, did)
    return (owner, pdf) if pdf is not None else None
