"""/admin/do-wyjasnienia — stuck online payments and accounts awaiting erasure."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.components.tables import cell, head, row_head, table
from ibok_app.services.desk.follow_up import ClosingAccount, StuckPayment
from ibok_app.state.staff_follow_up import StaffFollowUpState
from ibok_app.strings import staff as txt

s = StaffFollowUpState


def _card_link(r) -> rx.Component:
    return rx.el.a(r.customer_number, href=routes.STAFF_CUSTOMER_CARD + "?id=" + r.customer_id.to(str))


def _payment(p: StuckPayment) -> rx.Component:
    return rx.el.tr(row_head(txt.P_ORDER, p.order_id), cell(txt.T_CUSTOMER, _card_link(p), rx.el.br(),
                                                             rx.el.small(p.customer_name)),
                    cell(txt.P_AMOUNT, p.amount, class_name="num"), cell(txt.T_STATUS, p.status_label),
                    cell(txt.P_STARTED, p.started), cell(txt.P_UPDATED, p.updated))


def _account(a: ClosingAccount) -> rx.Component:
    return rx.el.tr(row_head(txt.T_CUSTOMER, _card_link(a)), cell(txt.COL_CUSTOMER, a.customer_name),
                    cell(txt.T_STATUS, a.status_label), cell(txt.C_REQUESTED, a.requested),
                    cell(txt.C_UNTIL, a.access_until), cell(txt.C_ERASE, rx.cond(a.erasure_due, txt.YES, txt.NO)))


@rx.page(route=routes.STAFF_FOLLOW_UP, title=f"{txt.FOLLOW_TITLE} — IBOK", on_load=StaffFollowUpState.load)
def staff_follow_up_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.FOLLOW_TITLE),
        rx.el.p(txt.FOLLOW_LEAD, class_name="lead"),
        loading_guard(
            s.loaded,
            rx.el.section(
                rx.el.h2(txt.FOLLOW_PAYMENTS, id="platnosci"),
                rx.el.p(txt.FOLLOW_PAYMENTS_NOTE, class_name="muted"),
                rx.cond(s.payments.length() > 0,
                        table(txt.FOLLOW_PAYMENTS, head(txt.P_ORDER, txt.T_CUSTOMER, (txt.P_AMOUNT, "num"),
                                                        txt.T_STATUS, txt.P_STARTED, txt.P_UPDATED),
                              rx.foreach(s.payments, _payment), stacked=True),
                        rx.el.p(txt.FOLLOW_PAYMENTS_EMPTY, class_name="muted")),
                aria_labelledby="platnosci",
            ),
            rx.el.section(
                rx.el.h2(txt.FOLLOW_ACCOUNTS, id="zamkniecia"),
                rx.cond(s.accounts.length() > 0,
                        table(txt.FOLLOW_ACCOUNTS, head(txt.T_CUSTOMER, txt.COL_CUSTOMER, txt.T_STATUS,
                                                        txt.C_REQUESTED, txt.C_UNTIL, txt.C_ERASE),
                              rx.foreach(s.accounts, _account), stacked=True),
                        rx.el.p(txt.FOLLOW_ACCOUNTS_EMPTY, class_name="muted")),
                aria_labelledby="zamkniecia",
            ),
        ),
    )
