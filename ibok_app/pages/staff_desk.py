"""/admin — the desk's start page."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.forms import form_alert
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.state.staff_desk import StaffDeskState
from ibok_app.strings import staff as txt

s = StaffDeskState


def _stat(label: str, value: rx.Var, *notes: rx.Component, warn: rx.Var | bool = False,
          href: str | None = None) -> rx.Component:
    """A count; with `href`, the count is the link to its queue."""
    shown = rx.el.a(value, rx.el.span(" — ", label, class_name="sr-only"), href=href) if href else value
    return rx.el.section(
        rx.el.h2(label, class_name="stat__label"),
        rx.el.p(shown, class_name="stat__value"),
        *notes,
        class_name=rx.cond(warn, "card stat stat--warn", "card stat"),
    )


def _counts() -> rx.Component:
    return rx.el.div(
        _stat(txt.DESK_READINGS, s.readings_to_verify, warn=s.readings_to_verify > 0, href=routes.STAFF_READINGS),
        _stat(txt.DESK_TICKETS, s.tickets_open,
              rx.el.ul(rx.foreach(s.tickets_by_status,
                                  lambda c: rx.el.li(c.label, ": ", rx.el.strong(c.count))),
                       class_name="stat__note plain-list"),
              href=routes.STAFF_TICKETS + "?status=open"),
        _stat(txt.DESK_COMPLAINTS_OVERDUE, s.complaints_overdue, warn=s.complaints_overdue > 0,
              href=routes.STAFF_COMPLAINTS + "?termin=overdue"),
        _stat(txt.DESK_COMPLAINTS_SOON, s.complaints_due_soon, warn=s.complaints_due_soon > 0,
              href=routes.STAFF_COMPLAINTS + "?termin=soon"),
        _stat(txt.DESK_PAYMENTS, s.payments_pending_too_long, warn=s.payments_pending_too_long > 0,
              href=routes.STAFF_FOLLOW_UP + "#platnosci"),
        _stat(txt.DESK_ERASURE, s.accounts_awaiting_erasure,
              rx.el.p(txt.DESK_ERASURE_DUE, ": ", rx.el.strong(s.accounts_erasure_due), class_name="stat__note"),
              href=routes.STAFF_FOLLOW_UP + "#zamkniecia"),
        class_name="cards desk-cards", data_testid="desk-counts",
    )


@rx.page(route=routes.STAFF_HOME, title=f"{txt.DESK_TITLE} — IBOK", on_load=StaffDeskState.load)
def staff_desk_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.DESK_TITLE),
        loading_guard(
            s.loaded,
            rx.el.div(s.notice, role="alert", class_name=rx.cond(s.notice != "", "alert alert--warn", "")),
            rx.el.p(txt.DESK_LEAD, class_name="lead"),
            form_alert(s.message),
            _counts(),
        ),
    )
