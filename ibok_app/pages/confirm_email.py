"""/potwierdz-email?token=… — the link from the "confirm your new e-mail address" message."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.layout import loading_guard, public_page
from ibok_app.state.confirm_email import ConfirmEmailState
from ibok_app.strings import my_data as txt


@rx.page(route=routes.CONFIRM_EMAIL, title=f"{txt.CONFIRM_TITLE} — IBOK", on_load=ConfirmEmailState.load)
def confirm_email_page() -> rx.Component:
    s = ConfirmEmailState
    return public_page(
        rx.el.h1(txt.CONFIRM_TITLE),
        loading_guard(
            s.loaded,
            rx.el.div(s.message, role="status",
                      class_name=rx.cond(s.ok, "alert alert--ok", "alert alert--error")),
            rx.el.p(rx.cond(
                s.logged_in,
                rx.el.a(txt.CONFIRM_TO_MY_DATA, href=routes.MY_DATA, class_name="btn"),
                rx.el.a(txt.CONFIRM_TO_LOGIN, href=routes.LOGIN, class_name="btn"),
            )),
        ),
        narrow=True,
    )
