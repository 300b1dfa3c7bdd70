"""/panel — name, customer number, balance today ("Saldo") and announcements."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.forms import form_alert
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.services.notifications.announcements import AnnouncementView
from ibok_app.state.panel import PanelState
from ibok_app.strings import payments as pt


def _announcement(a: AnnouncementView) -> rx.Component:
    return rx.el.article(
        rx.el.h3(a.kind_label, ": ", a.title, style={"fontSize": "1.05rem", "margin": "0 0 .3rem"}),
        rx.el.p(a.body, style={"margin": 0}),
        rx.el.p(a.visible_from, class_name="muted", style={"margin": ".3rem 0 0", "fontSize": ".9rem"}),
        class_name=rx.cond(a.kind == "info", "alert alert--info", "alert alert--warn"),
    )


@rx.page(route=routes.PANEL, title=f"{strings.PANEL_TITLE} — IBOK", on_load=PanelState.load)
def panel_page() -> rx.Component:
    s = PanelState
    return customer_page(
        rx.el.h1(strings.PANEL_TITLE),
        loading_guard(
            s.loaded,
            form_alert(s.message),
            rx.el.p(s.name, rx.el.br(), s.address, class_name="lead"),
            rx.el.div(
                rx.el.section(
                    rx.el.h2(strings.PANEL_CUSTOMER_NUMBER, class_name="stat__label", id="stat-number"),
                    rx.el.p(s.number, class_name="stat__value"),
                    rx.el.p("To także Twój login.", class_name="stat__note"),
                    class_name="card", aria_labelledby="stat-number",
                ),
                rx.el.section(
                    rx.el.h2(strings.PANEL_BALANCE, class_name="stat__label", id="stat-balance"),
                    rx.el.p(s.balance, class_name="stat__value", data_testid="saldo"),
                    rx.el.p(s.balance_label, class_name="stat__note"),
                    rx.cond(s.overdue != "", rx.el.p(strings.PANEL_OVERDUE, ": ", s.overdue,
                                                     class_name="stat__note", style={"color": "var(--danger)"})),
                    rx.cond(s.next_due != "", rx.el.p(strings.PANEL_NEXT_DUE, ": ", s.next_due,
                                                      class_name="stat__note")),
                    rx.cond(s.to_pay, rx.el.p(rx.el.a(pt.PAY_BUTTON, href=routes.PAY, class_name="btn"),
                                              class_name="stat__action")),
                    class_name="card", aria_labelledby="stat-balance",
                ),
                class_name="cards",
            ),
            rx.el.nav(
                rx.el.h2(strings.PANEL_SHORTCUTS, id="skroty"),
                rx.el.div(
                    rx.el.a(strings.SHORTCUT_READING, href=routes.READINGS, class_name="btn"),
                    rx.el.a(strings.SHORTCUT_DOCUMENTS, href=routes.DOCUMENTS, class_name="btn btn--secondary"),
                    rx.el.a(strings.SHORTCUT_PAYMENTS, href=routes.PAYMENTS, class_name="btn btn--secondary"),
                    rx.el.a(strings.SHORTCUT_TICKET, href=routes.TICKETS, class_name="btn btn--secondary"),
                    class_name="actions",
                ),
                aria_labelledby="skroty",
            ),
            rx.el.h2(strings.PANEL_ANNOUNCEMENTS),
            rx.cond(s.announcements.length() > 0,
                    rx.foreach(s.announcements, _announcement),
                    rx.el.p("Brak bieżących komunikatów.", class_name="muted")),
        ),
    )
