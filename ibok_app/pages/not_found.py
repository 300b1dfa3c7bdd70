"""The page for an address that does not exist: in Polish, with the portal's header
and a way back (Reflex's own is an English line with nothing else)."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.layout import public_page
from ibok_app.state.session import SessionState


@rx.page(route="404", title=f"{strings.NOT_FOUND_TITLE} — IBOK", on_load=SessionState.peek)
def not_found_page() -> rx.Component:
    return public_page(
        rx.el.h1(strings.NOT_FOUND_TITLE),
        rx.el.p(strings.NOT_FOUND_LEAD, class_name="lead"),
        rx.el.div(
            rx.cond(SessionState.logged_in,
                    rx.el.a(strings.NAV_PANEL, href=routes.PANEL, class_name="btn"),
                    rx.el.a(strings.NAV_HOME, href=routes.HOME, class_name="btn")),
            rx.el.a(strings.NAV_TERMS, href=routes.TERMS, class_name="btn btn--secondary"),
            class_name="actions",
        ),
        narrow=True,
    )
