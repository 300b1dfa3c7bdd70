"""/nie-pamietam-hasla and /zmiana-hasla (§4)."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.forms import form_alert, portal_form, submit_button, text_field
from ibok_app.components.layout import customer_page, loading_guard, public_page
from ibok_app.pages.register import password_hint
from ibok_app.state.password import ChangePasswordState, ForgotPasswordState


@rx.page(route=routes.FORGOT_PASSWORD, title=f"{strings.FORGOT_TITLE} — IBOK", on_load=ForgotPasswordState.load)
def forgot_password_page() -> rx.Component:
    return public_page(
        rx.el.h1(strings.FORGOT_TITLE),
        rx.el.p(strings.FORGOT_LEAD, class_name="lead"),
        rx.cond(
            ForgotPasswordState.done != "",
            rx.el.div(ForgotPasswordState.done, role="status", class_name="alert alert--ok"),
            rx.el.div(
                portal_form(
                    form_alert(ForgotPasswordState.message),
                    text_field(strings.FORGOT_FIELD, "login_or_email", ForgotPasswordState.errors,
                               autocomplete="username"),
                    rx.el.div(submit_button(strings.FORGOT_BUTTON, ForgotPasswordState.busy), class_name="actions"),
                    on_submit=ForgotPasswordState.submit,
                ),
                class_name="card",
            ),
        ),
        rx.el.p(rx.el.a(strings.BACK_TO_LOGIN, href=routes.LOGIN)),
        narrow=True,
    )


@rx.page(route=routes.CHANGE_PASSWORD, title=f"{strings.CHANGE_TITLE} — IBOK", on_load=ChangePasswordState.load)
def change_password_page() -> rx.Component:
    s = ChangePasswordState
    return customer_page(
        rx.el.h1(strings.CHANGE_TITLE),
        loading_guard(
            s.loaded,
            rx.cond(s.forced, rx.el.p(strings.CHANGE_FORCED, class_name="alert alert--warn")),
            form_alert(s.done, kind="ok"),
            rx.el.div(
                portal_form(
                    form_alert(s.message),
                    rx.cond(
                        s.forced, rx.fragment(),
                        text_field(strings.F_CURRENT_PASSWORD, "current_password", s.errors, type="password",
                                   autocomplete="current-password", max_length=128),
                    ),
                    text_field(strings.F_NEW_PASSWORD, "new_password", s.errors, type="password",
                               autocomplete="new-password", hint=password_hint(), max_length=128),
                    text_field(strings.F_NEW_PASSWORD_CONFIRM, "new_password_confirm", s.errors, type="password",
                               autocomplete="new-password", max_length=128),
                    rx.el.div(submit_button(strings.CHANGE_BUTTON, s.busy), class_name="actions"),
                    on_submit=s.submit, reset_on_submit=True,
                ),
                class_name="card",
            ),
        ),
        narrow=True,
    )
