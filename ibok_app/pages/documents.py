"""/faktury — invoices, corrections and notes (§9 e) — and /faktury/[faktura], one document."""
import reflex as rx

from ibok_app import routes
from ibok_app.api.billing_files import DOCUMENT_PDF
from ibok_app.components.badges import status_badge
from ibok_app.components.forms import form_alert
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.components.tables import cell, head, row_head, table
from ibok_app.services.billing.documents import STATUS_LABELS, TYPE_LABELS, DocumentRow
from ibok_app.state.documents import DocumentsState, DocumentState, Fact, TotalsRow
from ibok_app.strings import billing as t
from ibok_app.strings import payments as pt
from ibok_app.views.billing import LineView, SettlementView


def pdf_href(document_id) -> str:
    return DOCUMENT_PDF.format(id=document_id)  # the route api/billing_files.py serves


def download_link(label: str, href, **props) -> rx.Component:
    """A link to a file route. rx.el.a is a React Router <Link>: without reload_document it
    would navigate inside the app (and show "page not found") instead of downloading."""
    return rx.el.a(label, href=href, reload_document=True, **props)


def detail_href(document_id) -> str:
    return f"{routes.DOCUMENTS}/{document_id}"


# ---------------------------------------------------------------- the list

def _select(name: str, label: str, value: rx.Var, on_change, all_label: str, *options) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=name),
        rx.el.select(rx.el.option(all_label, value=""), *options, id=name, name=name,
                     value=value, on_change=on_change),
        class_name="field",
    )


def _filters() -> rx.Component:
    s = DocumentsState
    return rx.el.section(
        rx.el.h2(t.DOCS_FILTERS, class_name="billing-sr"),
        rx.el.div(
            _select("typ", t.DOCS_F_TYPE, s.f_type, s.filter_type, t.DOCS_ALL_TYPES,
                    *[rx.el.option(label, value=str(k.value)) for k, label in TYPE_LABELS.items()]),
            _select("rok", t.DOCS_F_YEAR, s.f_year, s.filter_year, t.DOCS_ALL_YEARS,
                    rx.foreach(s.years, lambda y: rx.el.option(y, value=y))),
            _select("status", t.DOCS_F_STATUS, s.f_status, s.filter_status, t.DOCS_ALL_STATUSES,
                    *[rx.el.option(label, value=k) for k, label in STATUS_LABELS.items()]),
            class_name="billing-filters__grid",
        ),
        rx.cond(s.filtered, rx.el.button(t.DOCS_CLEAR, type="button", class_name="btn btn--secondary",
                                         on_click=s.clear_filters)),
        class_name="card billing-filters", role="search", aria_label=t.DOCS_FILTERS,
    )


def _document_row(row: DocumentRow) -> rx.Component:
    return rx.el.tr(
        row_head(t.DOCS_COL_NUMBER, rx.el.a(row.number, href=detail_href(row.id))),
        cell(t.DOCS_COL_TYPE, row.type_label),
        cell(t.DOCS_COL_ISSUED, row.issue_date_display, class_name="billing-nowrap"),
        cell(t.DOCS_COL_DUE, row.due_date_display, class_name="billing-nowrap"),
        cell(t.DOCS_COL_GROSS, row.gross_display, class_name="num"),
        cell(t.DOCS_COL_STATUS, status_badge(row.status, row.status_label, kind="billing-badge")),
        cell(t.DOCS_COL_PDF,
             download_link(t.PDF, pdf_href(row.id), aria_label=f"{t.PDF} {row.number}", class_name="billing-nowrap"),
             rx.cond(row.payable, rx.fragment(
                 rx.el.br(class_name="stacked-hide"),
                 rx.el.a(pt.PAY_SHORT, href=routes.pay_url(row.id.to(str)), class_name="billing-nowrap",
                         aria_label=pt.PAY_BUTTON + " " + row.number))),
             class_name="actions-cell"),
    )


def pager(state) -> rx.Component:
    """Poprzednia / "Strona X z Y" / Następna; state has page_no, page_count, page_label, go_page."""
    return rx.cond(
        state.page_count > 1,
        rx.el.nav(
            rx.el.button(t.PREV, type="button", class_name="btn btn--secondary",
                         on_click=state.go_page(state.page_no - 1), disabled=state.page_no <= 1),
            rx.el.span(state.page_label, class_name="billing-pager__label"),
            rx.el.button(t.NEXT, type="button", class_name="btn btn--secondary",
                         on_click=state.go_page(state.page_no + 1),
                         disabled=state.page_no >= state.page_count),
            aria_label=t.PAGINATION, class_name="billing-pager",
        ),
    )


def _list() -> rx.Component:
    s = DocumentsState
    return rx.fragment(
        rx.el.p(s.found_label, role="status", class_name="muted"),
        rx.cond(
            s.rows.length() > 0,
            rx.fragment(
                table(t.DOCS_TABLE, _documents_head(), rx.foreach(s.rows, _document_row), stacked=True),
                pager(s),
            ),
            rx.el.p(rx.cond(s.filtered, t.DOCS_EMPTY_FILTERED, t.DOCS_EMPTY), class_name="alert alert--info"),
        ),
    )


def _documents_head() -> rx.Component:
    return head(t.DOCS_COL_NUMBER, t.DOCS_COL_TYPE, t.DOCS_COL_ISSUED, t.DOCS_COL_DUE,
                (t.DOCS_COL_GROSS, "num"), t.DOCS_COL_STATUS, t.DOCS_COL_PDF)


@rx.page(route=routes.DOCUMENTS, title=f"{t.DOCS_TITLE} — IBOK", on_load=DocumentsState.load)
def documents_page() -> rx.Component:
    s = DocumentsState
    return customer_page(
        rx.el.h1(t.DOCS_TITLE),
        loading_guard(
            s.loaded,
            rx.el.p(t.DOCS_LEAD, class_name="lead"),
            form_alert(s.message),
            _filters(),
            _list(),
        ),
    )


# ---------------------------------------------------------------- one document

def _fact(f: Fact) -> rx.Component:
    return rx.el.div(rx.el.dt(f.label), rx.el.dd(f.value), class_name="billing-facts__item")


def _vat_line(line: LineView) -> rx.Component:
    return rx.el.tr(
        rx.el.td(line.position, class_name="num"),
        rx.el.th(line.description, scope="row"),
        rx.el.td(line.quantity, class_name="num"),
        rx.el.td(line.unit),
        rx.el.td(line.unit_net_display, class_name="num"),
        rx.el.td(line.vat_rate_display, class_name="num"),
        rx.el.td(line.net_display, class_name="num"),
        rx.el.td(line.vat_display, class_name="num"),
        rx.el.td(line.gross_display, class_name="num"),
    )


def _note_line(line: LineView) -> rx.Component:
    return rx.el.tr(
        rx.el.td(line.position, class_name="num"),
        rx.el.th(line.description, scope="row"),
        rx.el.td(line.quantity, class_name="num"),
        rx.el.td(line.unit),
        rx.el.td(line.gross_display, class_name="num"),
    )


def _totals_cells(row: TotalsRow, cell) -> rx.Component:
    return rx.el.tr(rx.el.th(row.label, scope="row"), cell(row.net, class_name="num"),
                    cell(row.vat, class_name="num"), cell(row.gross, class_name="num"))


def _totals_row(row: TotalsRow) -> rx.Component:
    return _totals_cells(row, rx.el.td)


def _totals_head(first: str) -> rx.Component:
    return head(first, (t.DOC_L_NET, "num"), (t.DOC_L_VAT, "num"), (t.DOC_L_GROSS, "num"))


def _lines() -> rx.Component:
    s = DocumentState
    first = ((t.DOC_L_NO, "num"), t.DOC_L_DESC, (t.DOC_L_QTY, "num"), t.DOC_L_UNIT)
    vat_head = head(*first, *[(label, "num") for label in (t.DOC_L_UNIT_NET, t.DOC_L_VAT_RATE,
                                                            t.DOC_L_NET, t.DOC_L_VAT, t.DOC_L_GROSS)])
    note_head = head(*first, (t.DOC_L_AMOUNT, "num"))
    return rx.fragment(
        rx.el.h2(t.DOC_LINES),
        rx.cond(
            s.is_vat,
            rx.fragment(
                table(t.DOC_LINES, vat_head, rx.foreach(s.lines, _vat_line)),
                rx.el.h2(t.DOC_VAT_SUMMARY),
                table(t.DOC_VAT_SUMMARY, _totals_head(t.DOC_L_VAT_RATE),
                      rx.foreach(s.vat_rows, _totals_row),
                      foot=rx.el.tfoot(_totals_cells(s.total_row, rx.el.th))),
            ),
            rx.fragment(
                table(t.DOC_LINES, note_head, rx.foreach(s.lines, _note_line)),
                rx.el.p(t.DOC_NOTE_NOT_VAT, class_name="muted"),
            ),
        ),
    )


def _correction() -> rx.Component:
    s = DocumentState
    return rx.cond(
        s.corrected_id > 0,
        rx.el.section(
            rx.el.h2(t.DOC_CORRECTED_DOC),
            rx.el.p(t.DOC_CORRECTS, " ", rx.el.a(s.corrected_number, href=detail_href(s.corrected_id)),
                    " ", t.DOC_CORRECTS_OF, " ", s.corrected_date, "."),
            rx.cond(s.correction_reason != "", rx.el.p(t.DOC_REASON, ": ", s.correction_reason)),
            table(t.DOC_CORR_TOTALS, _totals_head(t.DOC_CORR_COLUMN), rx.foreach(s.correction_rows, _totals_row)),
        ),
    )


def _settlement(p: SettlementView) -> rx.Component:
    return rx.el.tr(rx.el.td(p.date_display, class_name="billing-nowrap"), rx.el.td(p.amount_display, class_name="num"),
                    rx.el.td(p.method_label), rx.el.td(p.reference))


def _settlements() -> rx.Component:
    s = DocumentState
    return rx.fragment(
        rx.el.h2(t.DOC_SETTLEMENTS),
        rx.cond(s.settlements.length() > 0,
                table(t.DOC_SETTLEMENTS, head(t.PAY_COL_DATE, (t.PAY_COL_AMOUNT, "num"), t.PAY_COL_METHOD,
                                               t.PAY_COL_REFERENCE), rx.foreach(s.settlements, _settlement)),
                rx.el.p(t.DOC_NO_SETTLEMENTS, class_name="muted")),
    )


def _detail() -> rx.Component:
    s = DocumentState
    return rx.fragment(
        rx.el.h1(s.heading),
        rx.el.div(
            download_link(t.PDF, pdf_href(s.doc_id), class_name="btn"),
            rx.cond(s.payable, rx.el.a(pt.PAY_BUTTON, href=routes.pay_url(s.doc_id.to(str)), class_name="btn")),
            rx.el.a(t.DOC_BACK, href=routes.DOCUMENTS, class_name="btn btn--secondary"),
            class_name="actions no-print billing-actions",
        ),
        rx.el.dl(rx.foreach(s.facts, _fact), class_name="billing-facts card"),
        _correction(),
        rx.cond(s.correction_numbers.length() > 0,
                rx.el.p(t.DOC_CORRECTED_BY, ": ", s.correction_numbers.join(", "), ".")),
        _lines(),
        _settlements(),
    )


def _not_found() -> rx.Component:
    return rx.fragment(
        rx.el.h1(t.DOC_NOT_FOUND_TITLE),
        form_alert(DocumentState.message),
        rx.el.p(t.DOC_NOT_FOUND, class_name="alert alert--info"),
        rx.el.p(rx.el.a(t.DOC_BACK, href=routes.DOCUMENTS, class_name="btn")),
    )


@rx.page(route=f"{routes.DOCUMENTS}/[faktura]", title=f"{t.DOCS_TITLE} — IBOK", on_load=DocumentState.load)
def document_page() -> rx.Component:
    return customer_page(
        loading_guard(DocumentState.loaded, rx.cond(DocumentState.found, _detail(), _not_found())),
    )
