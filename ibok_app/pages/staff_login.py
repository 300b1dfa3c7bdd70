"""/admin/logowanie — staff login: password, then a code from the authenticator app
(or enrolment with a QR code when required), recovery codes shown once."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.forms import form_alert, portal_form, submit_button, text_field
from ibok_app.components.staff_layout import staff_login_frame
from ibok_app.state.staff_login import StaffLoginState
from ibok_app.strings import staff as txt

s = StaffLoginState


def _password_step() -> rx.Component:
    return portal_form(
        form_alert(s.message),
        text_field(txt.F_LOGIN, "login", s.errors, autocomplete="username", max_length=50),
        text_field(txt.F_PASSWORD, "password", s.errors, type="password", autocomplete="current-password",
                   max_length=128),
        rx.el.div(submit_button(txt.LOGIN_BUTTON, s.busy), class_name="actions"),
        on_submit=s.submit_password,
    )


def _code_field() -> rx.Component:
    return text_field(txt.F_CODE, "code", s.errors, hint=txt.F_CODE_HINT, autocomplete="one-time-code",
                      max_length=20)


def _start_over() -> rx.Component:
    return rx.el.button(txt.START_OVER, type="button", class_name="btn btn--secondary", on_click=s.start_over)


def _code_step() -> rx.Component:
    return rx.fragment(
        rx.el.h2(txt.CODE_TITLE),
        rx.el.p(txt.CODE_LEAD),
        portal_form(
            form_alert(s.message),
            _code_field(),
            rx.el.div(submit_button(txt.CODE_BUTTON, s.busy), _start_over(), class_name="actions"),
            on_submit=s.submit_code,
        ),
    )


def _enrol_step() -> rx.Component:
    return rx.fragment(
        rx.el.h2(txt.ENROL_TITLE),
        rx.el.p(txt.ENROL_LEAD),
        rx.el.img(src=s.qr_data_uri, alt=txt.ENROL_QR_ALT, class_name="staff-qr"),
        rx.el.p(txt.ENROL_SECRET, " ", rx.el.code(s.secret_grouped, data_testid="totp-secret")),
        portal_form(
            form_alert(s.message),
            _code_field(),
            rx.el.div(submit_button(txt.ENROL_BUTTON, s.busy), _start_over(), class_name="actions"),
            on_submit=s.submit_enrolment,
        ),
    )


def _codes_step() -> rx.Component:
    return rx.fragment(
        rx.el.h2(txt.CODES_TITLE),
        rx.el.p(txt.CODES_LEAD),
        rx.el.ul(rx.foreach(s.recovery_codes, lambda c: rx.el.li(rx.el.code(c))), class_name="staff-codes",
                 data_testid="recovery-codes"),
        rx.el.button(txt.CODES_CONTINUE, type="button", class_name="btn", on_click=s.codes_saved),
    )


@rx.page(route=routes.STAFF_LOGIN, title=f"{txt.LOGIN_TITLE} — IBOK", on_load=StaffLoginState.load)
def staff_login_page() -> rx.Component:
    return staff_login_frame(
        rx.el.h1(txt.LOGIN_TITLE),
        rx.el.p(txt.LOGIN_LEAD, class_name="lead"),
        form_alert(s.info, kind="ok"),
        rx.el.div(
            rx.match(
                s.step,
                ("code", _code_step()),
                ("enrol", _enrol_step()),
                ("codes", _codes_step()),
                _password_step(),
            ),
            class_name="card",
        ),
    )
