"""/platnosci — balance today, charges vs payments over time and the payment history (§9 c, f)."""
import reflex as rx

from ibok_app import routes
from ibok_app.components import charts
from ibok_app.components.badges import status_badge
from ibok_app.components.forms import form_alert
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.components.tables import cell, head, row_head, table
from ibok_app.pages.documents import pager
from ibok_app.services.billing.payments import PaymentRow
from ibok_app.services.payments.history import OnlineRow
from ibok_app.state.payments import MonthRow, PaymentsState
from ibok_app.strings import billing as t
from ibok_app.strings import payments as pt

CHARGES_COLOUR = "#0b4f8a"  # the site's accent
PAYMENTS_COLOUR = "#17663a"  # the site's "ok" green


def _balance() -> rx.Component:
    s = PaymentsState
    return rx.el.div(
        rx.el.section(
            rx.el.h2(t.PAY_BALANCE, class_name="stat__label", id="saldo-label"),
            rx.el.p(s.balance, class_name="stat__value", data_testid="saldo"),
            rx.el.p(s.balance_label, class_name="stat__note", data_testid="saldo-label"),
            rx.el.p(t.PAY_AS_OF, " ", s.as_of, class_name="stat__note"),
            rx.cond(s.is_credit, rx.el.p(t.PAY_CREDIT_NOTE, class_name="stat__note")),
            rx.el.p(rx.el.a(pt.PAY_BUTTON, href=routes.PAY, class_name=rx.cond(s.to_pay, "btn", "btn btn--secondary")),
                    class_name="stat__action"),
            class_name="card", aria_labelledby="saldo-label",
        ),
        rx.el.section(
            rx.el.h2(t.PAY_OVERDUE, class_name="stat__label", id="overdue-label"),
            rx.cond(s.overdue != "",
                    rx.el.p(s.overdue, class_name="stat__value billing-danger"),
                    rx.el.p(t.PAY_NOTHING_OVERDUE, class_name="stat__note")),
            rx.cond(s.next_due != "",
                    rx.el.p(t.PAY_NEXT_DUE, ": ", rx.el.strong(s.next_due), class_name="stat__note")),
            rx.el.p(rx.el.a("Zobacz faktury", href=routes.DOCUMENTS), class_name="stat__note"),
            class_name="card", aria_labelledby="overdue-label",
        ),
        class_name="cards",
    )


def _month(row: MonthRow) -> rx.Component:
    return rx.el.tr(rx.el.th(row.label, scope="row"), rx.el.td(row.charges, class_name="num"),
                    rx.el.td(row.payments, class_name="num"))


def _chart() -> rx.Component:
    s = PaymentsState
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="label"),
        charts.y_axis("zł"),
        charts.tooltip("zł"),
        rx.recharts.legend(),
        rx.recharts.bar(data_key="charges", name=t.PAY_CHARGES, fill=CHARGES_COLOUR, stack_id="c",
                        is_animation_active=False),
        rx.recharts.bar(data_key="charges_open", name=t.PAY_CHARGES + " (w toku)", fill=charts.lighter(CHARGES_COLOUR),
                        stack_id="c", is_animation_active=False),
        rx.recharts.bar(data_key="payments", name=t.PAY_PAYMENTS, fill=PAYMENTS_COLOUR, stack_id="p",
                        is_animation_active=False),
        rx.recharts.bar(data_key="payments_open", name=t.PAY_PAYMENTS + " (w toku)",
                        fill=charts.lighter(PAYMENTS_COLOUR), stack_id="p", is_animation_active=False),
        data=s.chart, width="100%", height=280,
    )
    return rx.el.section(
        rx.el.h2(t.PAY_CHART),
        rx.el.figure(
            rx.el.div(chart, class_name="billing-chart"),
            rx.el.figcaption(t.PAY_CHART_CAPTION, class_name="muted"),
            aria_label=t.PAY_CHART, class_name="card billing-figure",
        ),
        table(t.PAY_SERIES_TABLE, head(t.PAY_MONTH, (t.PAY_CHARGES, "num"), (t.PAY_PAYMENTS, "num")),
              rx.foreach(s.months, _month)),
    )


def _payment(row: PaymentRow) -> rx.Component:
    return rx.el.tr(
        row_head(t.PAY_COL_DATE, row.date_display, class_name="billing-nowrap"),
        cell(t.PAY_COL_AMOUNT, row.amount_display, class_name="num"),
        cell(t.PAY_COL_METHOD, row.method_label),
        cell(t.PAY_COL_REFERENCE, row.reference),
        cell(t.PAY_COL_DOCUMENTS, rx.cond(
            row.document_numbers.length() > 0,
            # each number in one piece: on a phone's card a line breaks between them, never inside one
            rx.el.span(rx.foreach(row.document_numbers, lambda number: rx.el.span(number, class_name="doc-number")),
                       class_name="doc-numbers"),
            rx.el.span(t.PAY_NOT_ALLOCATED, class_name="muted")), class_name="cell--below"),
    )


def _online(row: OnlineRow) -> rx.Component:
    return rx.el.tr(
        row_head(pt.ONLINE_COL_ORDER, row.order_id, class_name="billing-nowrap"),
        cell(pt.ONLINE_COL_STARTED, row.started_display, class_name="billing-nowrap"),
        cell(pt.ONLINE_COL_AMOUNT, row.amount_display, class_name="num"),
        cell(pt.ONLINE_COL_STATUS, status_badge(row.status, row.status_label, kind="online-status")),
    )


def _online_history() -> rx.Component:
    s = PaymentsState
    return rx.el.section(
        rx.el.h2(pt.ONLINE_HISTORY),
        rx.cond(
            s.online.length() > 0,
            table(pt.ONLINE_TABLE, head(pt.ONLINE_COL_ORDER, pt.ONLINE_COL_STARTED, (pt.ONLINE_COL_AMOUNT, "num"),
                                        pt.ONLINE_COL_STATUS), rx.foreach(s.online, _online), stacked=True),
            rx.el.p(pt.ONLINE_EMPTY, class_name="muted"),
        ),
    )


def _history() -> rx.Component:
    s = PaymentsState
    return rx.el.section(
        rx.el.h2(t.PAY_HISTORY),
        rx.cond(
            s.rows.length() > 0,
            rx.fragment(
                table(t.PAY_HISTORY_TABLE,
                      head(t.PAY_COL_DATE, (t.PAY_COL_AMOUNT, "num"), t.PAY_COL_METHOD, t.PAY_COL_REFERENCE,
                           t.PAY_COL_DOCUMENTS),
                      rx.foreach(s.rows, _payment), stacked=True),
                pager(s),
            ),
            rx.el.p(t.PAY_EMPTY, class_name="alert alert--info"),
        ),
    )


@rx.page(route=routes.PAYMENTS, title=f"{t.PAY_TITLE} — IBOK", on_load=PaymentsState.load)
def payments_page() -> rx.Component:
    s = PaymentsState
    return customer_page(
        rx.el.h1(t.PAY_TITLE),
        loading_guard(
            s.loaded,
            form_alert(s.message),
            rx.cond(s.balance != "", _balance()),
            _history(),
            _online_history(),
            rx.cond(s.balance != "", _chart()),
        ),
    )
