"""Documents and contracts as shown on pages and rendered into PDFs."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ibok_app.views.formats import money


@dataclass(frozen=True)
class LineView:
    position: int
    description: str
    quantity_milli: int
    quantity: str  # number only, "12,345"
    unit: str  # as shown ("m³")
    quantity_display: str  # "12,345 m³"
    unit_net_gr: int
    unit_net_display: str
    vat_rate: int | None
    vat_rate_display: str
    net_gr: int
    net_display: str
    vat_gr: int
    vat_display: str
    gross_gr: int
    gross_display: str


@dataclass(frozen=True)
class Totals:
    net_gr: int
    vat_gr: int
    gross_gr: int
    net_display: str = ""
    vat_display: str = ""
    gross_display: str = ""

    @classmethod
    def of(cls, net_gr: int, vat_gr: int, gross_gr: int) -> Totals:
        return cls(net_gr, vat_gr, gross_gr, money(net_gr), money(vat_gr), money(gross_gr))


@dataclass(frozen=True)
class VatSummaryRow:
    vat_rate: int | None
    vat_rate_display: str
    totals: Totals


@dataclass(frozen=True)
class SettlementView:
    """A payment (or its part) allocated to the document."""
    paid_on: date
    date_display: str
    amount_gr: int
    amount_display: str
    method_label: str
    reference: str


@dataclass(frozen=True)
class CorrectionInfo:
    corrected_id: int
    corrected_number: str
    corrected_issue_date: date
    corrected_issue_date_display: str
    reason: str
    before: Totals  # the corrected document as issued
    difference: Totals  # this correction
    after: Totals


@dataclass(frozen=True)
class ReadingPoint:
    """One meter reading an invoice is based on."""
    read_on: date
    read_on_display: str  # "31.12.2023"
    value_l: int  # litres (m³ × 1000)
    value_display: str  # m³, number only, 3 decimals: "1 234,567"
    source: str
    source_label: str  # "klient", "inkasent", "szacowany"


@dataclass(frozen=True)
class MeterReadingsView:
    """A meter of the invoiced service point: its reading at the start of the
    billing period (for a meter installed during it, its first reading; None when
    that is its only one) and at its end."""
    meter_serial: str
    meter_kind: str  # MeterKind: "main", "garden" (a sub-meter: water only, no sewage)
    meter_kind_label: str  # "główny", "ogrodowy"
    previous: ReadingPoint | None
    current: ReadingPoint
    consumption_l: int | None
    consumption_display: str  # m³, number only; "" without a previous reading


@dataclass(frozen=True)
class DocumentDetail:
    id: int
    number: str
    doc_type: str
    type_label: str
    title: str
    is_vat_invoice: bool
    issue_date: date
    issue_date_display: str
    sale_date: date | None
    sale_date_display: str
    period_from: date | None
    period_to: date | None
    period_display: str
    due_date: date
    due_date_display: str
    totals: Totals
    paid_gr: int
    paid_display: str
    outstanding_gr: int
    outstanding_display: str
    status: str
    status_label: str
    lines: list[LineView]
    vat_summary: list[VatSummaryRow]
    ksef_number: str
    service_point_address: str
    correction: CorrectionInfo | None = None
    corrected_number: str = ""  # shortcut of correction.corrected_number
    correction_numbers: list[str] = field(default_factory=list)  # corrections of this document
    payments: list[SettlementView] = field(default_factory=list)
    meter_readings: list[MeterReadingsView] = field(default_factory=list)  # the readings billed


@dataclass(frozen=True)
class AnnexView:
    id: int
    contract_id: int
    number: str
    signed_on: date
    signed_display: str
    subject: str
    valid_from: date
    valid_from_display: str
    valid_to: date | None
    valid_to_display: str  # "bezterminowo" when open-ended


@dataclass(frozen=True)
class ContractView:
    id: int
    number: str
    signed_on: date
    signed_display: str
    subject: str
    service_point_code: str
    service_point_address: str
    valid_from: date
    valid_from_display: str
    valid_to: date | None
    valid_to_display: str
    is_active: bool
    annexes: list[AnnexView] = field(default_factory=list)


@dataclass(frozen=True)
class AnnexDetail:
    annex: AnnexView
    contract: ContractView
