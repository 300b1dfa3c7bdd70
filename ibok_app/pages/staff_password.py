"""/admin/haslo — the staff member's own password."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.forms import form_alert, portal_form, submit_button, text_field
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.pages.register import password_hint
from ibok_app.state.staff_password import StaffPasswordState
from ibok_app.strings import staff as txt

s = StaffPasswordState


@rx.page(route=routes.STAFF_PASSWORD, title=f"{txt.PASSWORD_TITLE} — IBOK", on_load=StaffPasswordState.load)
def staff_password_page() -> rx.Component:
    return staff_page(
        rx.el.div(
            rx.el.h1(txt.PASSWORD_TITLE),
            loading_guard(
                s.loaded,
                rx.cond(s.forced, rx.el.p(txt.PASSWORD_FORCED, class_name="alert alert--warn")),
                rx.el.p(txt.PASSWORD_LEAD, class_name="lead"),
                rx.cond(s.done != "", rx.el.div(
                    rx.el.p(s.done), rx.el.p(rx.el.a(txt.PASSWORD_TO_DESK, href=routes.STAFF_HOME)),
                    role="status", class_name="alert alert--ok")),
                rx.el.div(
                    portal_form(
                        form_alert(s.message),
                        text_field(txt.F_CURRENT_PASSWORD, "current_password", s.errors, type="password",
                                   autocomplete="current-password", max_length=128),
                        text_field(txt.F_OWN_NEW_PASSWORD, "new_password", s.errors, type="password",
                                   autocomplete="new-password", hint=password_hint(), max_length=128),
                        text_field(txt.F_OWN_NEW_PASSWORD_CONFIRM, "new_password_confirm", s.errors,
                                   type="password", autocomplete="new-password", max_length=128),
                        rx.el.div(submit_button(txt.PASSWORD_BUTTON, s.busy), class_name="actions"),
                        on_submit=s.change, key=s.form_key.to(str), reset_on_submit=True,
                    ),
                    class_name="card",
                ),
            ),
            class_name="narrow",
        ),
    )
