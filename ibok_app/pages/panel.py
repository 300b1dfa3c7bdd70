"""/panel — answers "what do I owe and what's next": the balance first and largest
(overdue part, next due date, "Zapłać online"), the latest invoice, the last reading
and the reading window, open tickets and complaints, the emergency line and the
announcements."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.badges import status_badge
from ibok_app.components.emergency import emergency_line
from ibok_app.components.forms import form_alert
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.pages.documents import detail_href, download_link, pdf_href
from ibok_app.services.dashboard.panel import OpenCase
from ibok_app.services.notifications.announcements import AnnouncementView
from ibok_app.state.panel import PanelState
from ibok_app.strings import payments as pt


def _announcement(a: AnnouncementView) -> rx.Component:
    return rx.el.article(
        rx.cond(a.for_you, rx.el.p(rx.el.strong(strings.ANNOUNCEMENT_FOR_YOU), class_name="announcement__for-you")),
        rx.el.h3(a.kind_label, ": ", a.title, class_name="announcement__title"),
        rx.el.p(a.body, style={"margin": 0}),
        rx.cond(a.area_text != "", rx.el.p(strings.ANNOUNCEMENT_AREA, ": ", a.area_text, class_name="announcement__area")),
        rx.cond(a.kind == "outage", emergency_line("emergency announcement__emergency")),
        rx.el.p(a.visible_from, class_name="muted announcement__date"),
        class_name=rx.cond(a.kind == "info", "alert alert--info", "alert alert--warn"),
    )


def _balance() -> rx.Component:
    s = PanelState
    return rx.el.section(
        rx.el.h2(strings.PANEL_BALANCE, class_name="stat__label", id="stat-balance"),
        rx.el.p(s.balance, class_name="stat__value stat__value--big", data_testid="saldo"),
        rx.el.p(s.balance_label, class_name="stat__note"),
        rx.cond(s.overdue != "", rx.el.p(strings.PANEL_OVERDUE, ": ", rx.el.strong(s.overdue),
                                         class_name="stat__note billing-danger")),
        rx.cond(s.next_due != "", rx.el.p(strings.PANEL_NEXT_DUE, ": ", rx.el.strong(s.next_due),
                                          class_name="stat__note")),
        rx.el.div(
            rx.cond(s.to_pay, rx.el.a(pt.PAY_BUTTON, href=routes.PAY, class_name="btn")),
            rx.el.a(strings.SHORTCUT_PAYMENTS, href=routes.PAYMENTS, class_name="btn btn--secondary"),
            class_name="actions",
        ),
        class_name="card panel-balance", aria_labelledby="stat-balance",
    )


def _latest() -> rx.Component:
    d = PanelState.latest
    return rx.el.section(
        rx.el.h2(strings.PANEL_LATEST, class_name="stat__label", id="stat-latest"),
        rx.cond(
            PanelState.has_latest,
            rx.fragment(
                rx.el.p(rx.el.a(d.number, href=detail_href(d.id)), class_name="panel-latest__number"),
                rx.el.p(rx.el.strong(d.gross_display, class_name="stat__value"), " ",
                        status_badge(d.status, d.status_label, kind="billing-badge")),
                rx.el.p(strings.PANEL_DUE, ": ", d.due_date_display, class_name="stat__note"),
                rx.el.div(
                    download_link("PDF", pdf_href(d.id), aria_label="PDF " + d.number, class_name="btn btn--secondary"),
                    rx.cond(d.payable, rx.el.a(pt.PAY_SHORT, href=routes.pay_url(d.id.to(str)), class_name="btn",
                                               aria_label=pt.PAY_BUTTON + " " + d.number)),
                    class_name="actions",
                ),
            ),
            rx.el.p(strings.PANEL_LATEST_NONE, class_name="muted"),
        ),
        class_name="card", aria_labelledby="stat-latest",
    )


def _reading() -> rx.Component:
    s = PanelState
    return rx.el.section(
        rx.el.h2(strings.PANEL_READING, class_name="stat__label", id="stat-reading"),
        rx.el.p(s.window_text, class_name=rx.cond(s.window_open, "panel-window panel-window--open", "panel-window")),
        rx.el.p(strings.PANEL_LAST_READING, ": ",
                rx.cond(s.last_reading != "", s.last_reading, strings.PANEL_NO_READING), class_name="stat__note"),
        rx.el.div(rx.el.a(strings.SHORTCUT_READING, href=routes.READINGS,
                          class_name=rx.cond(s.window_open, "btn", "btn btn--secondary")), class_name="actions"),
        class_name="card", aria_labelledby="stat-reading",
    )


def _case(c: OpenCase) -> rx.Component:
    return rx.el.li(
        rx.el.a(c.kind_label, " ", c.number, href=c.href), " — ", c.title, " ",
        status_badge(c.status, c.status_label),
    )


def _cases() -> rx.Component:
    s = PanelState
    return rx.el.section(
        rx.el.h2(strings.PANEL_CASES, class_name="stat__label", id="stat-cases"),
        rx.cond(s.open_cases.length() > 0, rx.el.ul(rx.foreach(s.open_cases, _case), class_name="panel-cases"),
                rx.el.p(strings.PANEL_NO_CASES, class_name="muted")),
        rx.el.div(rx.el.a(strings.SHORTCUT_TICKET, href=routes.TICKETS, class_name="btn btn--secondary"),
                  class_name="actions"),
        class_name="card panel-cases-card", aria_labelledby="stat-cases",
    )


@rx.page(route=routes.PANEL, title=f"{strings.PANEL_TITLE} — IBOK", on_load=PanelState.load)
def panel_page() -> rx.Component:
    s = PanelState
    return customer_page(
        rx.el.h1(strings.PANEL_TITLE),
        loading_guard(
            s.loaded,
            form_alert(s.message),
            form_alert(s.notice, kind="ok"),
            rx.el.p(rx.el.strong(s.name), " · ", s.address, rx.el.br(),
                    rx.el.small(strings.PANEL_CUSTOMER_LINE, s.number), class_name="lead"),
            rx.el.div(_balance(), _latest(), _reading(), _cases(), class_name="cards panel-cards"),
            emergency_line(),
            rx.el.h2(strings.PANEL_ANNOUNCEMENTS),
            rx.cond(s.announcements.length() > 0,
                    rx.foreach(s.announcements, _announcement),
                    rx.el.p(strings.PANEL_NO_ANNOUNCEMENTS, class_name="muted")),
        ),
    )
