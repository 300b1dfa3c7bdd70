"""/admin — the desk's start page."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.state.staff_desk import StaffDeskState
from ibok_app.strings import staff as txt

s = StaffDeskState


@rx.page(route=routes.STAFF_HOME, title=f"{txt.DESK_TITLE} — IBOK", on_load=StaffDeskState.load)
def staff_desk_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.DESK_TITLE),
        loading_guard(
            s.loaded,
            rx.el.div(s.notice, role="alert", class_name=rx.cond(s.notice != "", "alert alert--warn", "")),
            rx.el.p(txt.DESK_LEAD, class_name="lead"),
        ),
    )
