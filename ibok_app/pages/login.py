"""/logowanie — login with the customer number and password (§4)."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.forms import form_alert, portal_form, submit_button, text_field
from ibok_app.components.layout import public_page
from ibok_app.state.login import LoginState


@rx.page(route=routes.LOGIN, title=f"{strings.LOGIN_TITLE} — IBOK", on_load=LoginState.load)
def login_page() -> rx.Component:
    return public_page(
        rx.el.h1(strings.LOGIN_TITLE),
        rx.el.p(strings.LOGIN_LEAD, class_name="lead"),
        form_alert(LoginState.info, kind="ok"),
        rx.el.div(
            portal_form(
                form_alert(LoginState.message),
                text_field(strings.LOGIN_FIELD, "login", LoginState.errors, hint=strings.LOGIN_HINT,
                           autocomplete="username", input_mode="numeric", max_length=20),
                text_field(strings.PASSWORD_FIELD, "password", LoginState.errors, type="password",
                           autocomplete="current-password", max_length=128),
                rx.el.div(submit_button(strings.LOGIN_BUTTON, LoginState.busy),
                          rx.el.a(strings.FORGOT_LINK, href=routes.FORGOT_PASSWORD),
                          class_name="actions"),
                on_submit=LoginState.submit,
            ),
            class_name="card",
        ),
        rx.el.p(strings.NO_ACCOUNT, " ", rx.el.a(strings.REGISTER_LINK, href=routes.REGISTER)),
        narrow=True,
    )
