"""/faktury (the list with filters and pages) and /faktury/[faktura] (one document)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from ibok_app import routes
from ibok_app.services.billing import document_detail, documents
from ibok_app.services.billing.documents import PAYABLE, DocumentRow
from ibok_app.services.common.inputs import parse_id
from ibok_app.state.base import FAILED
from ibok_app.state.session import SessionState
from ibok_app.strings import billing as t
from ibok_app.views.billing import DocumentDetail, LineView, SettlementView, Totals
from ibok_app.views.formats import plural

PAGE_SIZE = 20
URL_KEYS = {"f_type": "rodzaj", "f_year": "rok", "f_status": "status", "page_no": "strona"}  # /faktury?rok=2025
TYPE_VALUES = frozenset(str(k.value) for k in documents.TYPE_LABELS)
STATUS_VALUES = frozenset(documents.STATUS_LABELS)





def _clean(value: object, allowed: frozenset[str]) -> str:
    return value if isinstance(value, str) and value in allowed else ""


def _clean_year(value: object) -> str:
    return value if isinstance(value, str) and re.fullmatch(r"\d{4}", value) else ""


class DocumentsState(SessionState):
    rows: list[DocumentRow] = []
    years: list[str] = []
    total: int = 0
    page_no: int = 1
    page_count: int = 1
    f_type: str = ""  # filters in force (validated)
    f_year: str = ""
    f_status: str = ""
    message: str = ""
    loaded: bool = False

    @rx.var
    def found_label(self) -> str:
        word = plural(self.total, *t.DOCS_FOUND[1:])
        return f"{t.DOCS_FOUND[0]} {self.total} {word}."

    @rx.var
    def page_label(self) -> str:
        return t.PAGE_OF.format(page=self.page_no, pages=self.page_count)

    @rx.var
    def filtered(self) -> bool:
        return bool(self.f_type or self.f_year or self.f_status)

    def _query(self) -> dict:
        """list_documents' arguments for the filters and page shown."""
        return {"doc_type": self.f_type or None, "year": self.f_year or None, "status": self.f_status or None,
                "page": self.page_no, "page_size": PAGE_SIZE}

    async def _fetch(self, ctx) -> None:
        self.message = ""
        self._show(await self._call(documents.list_documents, ctx.customer_id, **self._query()))

    def _show(self, result) -> None:
        if result is FAILED:
            self.rows, self.total = [], 0
            return
        self.rows, self.total = result.rows, result.total
        self.page_no, self.page_count = result.page, result.pages
        self.years = [str(y) for y in result.years_available]

    def _from_url(self) -> None:
        """Filters and page as the address gives them (a shared or bookmarked link,
        "back" from a document)."""
        q = self.router.url.query_parameters
        self.f_type = _clean(q.get(URL_KEYS["f_type"], ""), TYPE_VALUES)
        self.f_year = _clean_year(q.get(URL_KEYS["f_year"], ""))
        self.f_status = _clean(q.get(URL_KEYS["f_status"], ""), STATUS_VALUES)
        self.page_no = documents.as_page(q.get(URL_KEYS["page_no"], "1"), 1)

    def _to_url(self):
        """Keep the address in step with the filters, without a new history entry."""
        values = {"f_type": self.f_type, "f_year": self.f_year, "f_status": self.f_status,
                  "page_no": str(self.page_no) if self.page_no > 1 else ""}
        query = urlencode({URL_KEYS[k]: v for k, v in values.items() if v})
        target = routes.DOCUMENTS + ("?" + query if query else "")
        return rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(target)})")

    @rx.event
    async def load(self):
        self.loaded, self.message = False, ""
        self._from_url()
        _ctx, result, redirect = await self._require_customer_with(documents.list_documents, **self._query())
        if redirect:
            return redirect
        self._show(result)
        self.loaded = True

    async def _refilter(self, **changes: str):
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        for name, value in changes.items():
            setattr(self, name, value)
        self.page_no = 1
        await self._fetch(ctx)
        return self._to_url()

    @rx.event
    async def filter_type(self, value: str):
        return await self._refilter(f_type=_clean(value, TYPE_VALUES))

    @rx.event
    async def filter_year(self, value: str):
        return await self._refilter(f_year=_clean_year(value))

    @rx.event
    async def filter_status(self, value: str):
        return await self._refilter(f_status=_clean(value, STATUS_VALUES))

    @rx.event
    async def clear_filters(self):
        return await self._refilter(f_type="", f_year="", f_status="")

    @rx.event
    async def go_page(self, page: int):
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        self.page_no = documents.as_page(page, self.page_no)
        await self._fetch(ctx)
        return self._to_url()


# ---------------------------------------------------------------- one document

@dataclass(frozen=True)
class Fact:
    """One "label: value" line of the document header (a <dt>/<dd> pair)."""
    label: str
    value: str


@dataclass(frozen=True)
class TotalsRow:
    label: str
    net: str
    vat: str
    gross: str


def _totals_row(label: str, totals: Totals) -> TotalsRow:
    return TotalsRow(label, totals.net_display, totals.vat_display, totals.gross_display)


def _facts(d: DocumentDetail) -> list[Fact]:
    facts = [Fact(t.DOC_STATUS, d.status_label), Fact(t.DOC_ISSUED, d.issue_date_display)]
    if d.sale_date and d.sale_date != d.issue_date:
        facts.append(Fact(t.DOC_SALE, d.sale_date_display))
    if d.period_display:
        facts.append(Fact(t.DOC_PERIOD, d.period_display))
    facts.append(Fact(t.DOC_DUE, d.due_date_display))
    if d.ksef_number:
        facts.append(Fact(t.DOC_KSEF, d.ksef_number))
    if d.service_point_address:
        facts.append(Fact(t.DOC_POINT, d.service_point_address))
    facts.append(Fact(t.DOC_GROSS, d.totals.gross_display))
    if d.totals.gross_gr > 0:
        facts.append(Fact(t.DOC_PAID, d.paid_display))
        facts.append(Fact(t.DOC_OUTSTANDING, d.outstanding_display))
    return facts


def _document_id_from_path(path: str) -> int | None:
    """/faktury/123 -> 123; anything else -> None (the service re-checks ownership)."""
    return parse_id(path.rstrip("/").rsplit("/", 1)[-1]) if path else None


class DocumentState(SessionState):
    found: bool = False
    doc_id: int = 0
    heading: str = ""
    number: str = ""
    status: str = ""
    payable: bool = False
    is_vat: bool = True
    facts: list[Fact] = []
    lines: list[LineView] = []
    vat_rows: list[TotalsRow] = []
    total_row: TotalsRow = TotalsRow("", "", "", "")
    corrected_id: int = 0  # 0: not a correction
    corrected_number: str = ""
    corrected_date: str = ""
    correction_reason: str = ""
    correction_rows: list[TotalsRow] = []
    correction_numbers: list[str] = []
    settlements: list[SettlementView] = []
    message: str = ""
    loaded: bool = False

    def _show(self, d: DocumentDetail) -> None:
        self.found, self.doc_id, self.number, self.status = True, d.id, d.number, d.status
        self.payable = d.status in PAYABLE
        self.heading = f"{d.type_label} {d.number}"
        self.is_vat = d.is_vat_invoice
        self.facts = _facts(d)
        self.lines = d.lines
        self.vat_rows = [_totals_row(r.vat_rate_display, r.totals) for r in d.vat_summary]
        self.total_row = _totals_row(t.DOC_TOTAL, d.totals)
        c = d.correction
        self.corrected_id = c.corrected_id if c else 0
        self.corrected_number = c.corrected_number if c else ""
        self.corrected_date = c.corrected_issue_date_display if c else ""
        self.correction_reason = c.reason if c else ""
        self.correction_rows = [_totals_row(t.DOC_BEFORE, c.before), _totals_row(t.DOC_AFTER, c.after),
                                _totals_row(t.DOC_DIFFERENCE, c.difference)] if c else []
        self.correction_numbers = d.correction_numbers
        self.settlements = d.payments

    @rx.event
    async def load(self):
        self.loaded, self.found, self.message = False, False, ""
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        doc_id = _document_id_from_path(self.router.url.path)
        detail = None if doc_id is None else await self._call(document_detail.document_detail, ctx.customer_id, doc_id)
        if detail is not None and detail is not FAILED:
            self._show(detail)
        self.loaded = True
