"""/umowy — contracts with their annexes, each downloadable as a PDF (§9 d)."""
import reflex as rx

from ibok_app import routes
from ibok_app.api.billing_files import ANNEX_PDF, CONTRACT_PDF
from ibok_app.components.forms import form_alert
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.components.tables import head, table
from ibok_app.pages.documents import download_link
from ibok_app.state.contracts import ContractsState
from ibok_app.strings import billing as t
from ibok_app.views.billing import AnnexView, ContractView


def _fact(label: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(label), rx.el.dd(value), class_name="billing-facts__item")


def _annex(a: AnnexView) -> rx.Component:
    return rx.el.tr(
        rx.el.th(a.number, scope="row"),
        rx.el.td(a.signed_display, class_name="billing-nowrap"),
        rx.el.td(a.subject),
        rx.el.td(a.valid_from_display, class_name="billing-nowrap"),
        rx.el.td(a.valid_to_display, class_name="billing-nowrap"),
        rx.el.td(download_link(t.PDF, ANNEX_PDF.format(id=a.id), aria_label=f"{t.PDF} aneks {a.number}",
                         class_name="billing-nowrap")),
    )


def _contract(c: ContractView) -> rx.Component:
    point = rx.cond(c.service_point_code != "", f"{c.service_point_address} (punkt {c.service_point_code})",
                    c.service_point_address)
    return rx.el.article(
        rx.el.h2(t.CONTRACT, " ", c.number, " ",
                 rx.cond(c.is_active, rx.el.span(t.CONTRACT_ACTIVE, class_name="billing-badge billing-badge--paid"),
                         rx.el.span(t.CONTRACT_INACTIVE, class_name="billing-badge billing-badge--settled"))),
        rx.el.dl(
            _fact(t.CONTRACT_SIGNED, c.signed_display),
            _fact(t.CONTRACT_SUBJECT, c.subject),
            rx.cond(c.service_point_address != "", _fact(t.CONTRACT_POINT, point)),
            _fact(t.CONTRACT_VALID_FROM, c.valid_from_display),
            _fact(t.CONTRACT_VALID_TO, c.valid_to_display),
            class_name="billing-facts",
        ),
        rx.el.div(download_link(t.CONTRACT_PDF, CONTRACT_PDF.format(id=c.id), class_name="btn",
                          aria_label=f"{t.CONTRACT_PDF}: {c.number}"),
                  class_name="actions"),
        rx.el.h3(t.ANNEXES),
        rx.cond(
            c.annexes.length() > 0,
            table(t.ANNEXES,
                  head(t.ANNEX_COL_NUMBER, t.ANNEX_COL_DATE, t.ANNEX_COL_SUBJECT, t.ANNEX_COL_FROM,
                       t.ANNEX_COL_TO, t.ANNEX_COL_PDF),
                  rx.foreach(c.annexes, _annex),
                  scroll_label=f"{t.ANNEXES} do umowy {c.number}"),
            rx.el.p(t.ANNEXES_NONE, class_name="muted"),
        ),
        class_name="card billing-contract",
    )


@rx.page(route=routes.CONTRACTS, title=f"{t.CONTRACTS_TITLE} — IBOK", on_load=ContractsState.load)
def contracts_page() -> rx.Component:
    s = ContractsState
    return customer_page(
        rx.el.h1(t.CONTRACTS_TITLE),
        loading_guard(
            s.loaded,
            rx.el.p(t.CONTRACTS_LEAD, class_name="lead"),
            form_alert(s.message),
            rx.cond(s.contracts.length() > 0,
                    rx.foreach(s.contracts, _contract),
                    rx.el.p(t.CONTRACTS_EMPTY, class_name="alert alert--info")),
        ),
    )
