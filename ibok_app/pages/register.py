"""/rejestracja — the registration form of §4, verified against a real invoice."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.components.forms import (
    checkbox_field,
    form_alert,
    portal_form,
    submit_button,
    text_field,
)
from ibok_app.components.layout import public_page
from ibok_app.config import settings
from ibok_app.state.register import RegisterState


def password_hint() -> str:
    return strings.PASSWORD_RULES.format(min=settings().password_min_length)


def _where_on_invoice() -> rx.Component:
    """A small annotated invoice: where the three numbers the form asks for are."""
    return rx.el.details(
        rx.el.summary(strings.INVOICE_HELP_TITLE),
        rx.el.figure(
            rx.el.img(src="/faktura-przyklad.svg", alt=strings.INVOICE_HELP_ALT,
                      class_name="invoice-help__img"),
            rx.el.figcaption(strings.INVOICE_HELP_CAPTION, class_name="muted"),
            class_name="invoice-help__figure",
        ),
        class_name="invoice-help",
    )


def _form() -> rx.Component:
    e = RegisterState.errors
    terms_label = rx.el.span(
        strings.F_ACCEPT_TERMS_BEFORE,
        rx.el.a(strings.F_ACCEPT_TERMS_LINK, href=routes.TERMS, target="_blank", rel="noopener"),
        strings.F_ACCEPT_TERMS_AFTER,
    )
    return rx.el.div(
        _where_on_invoice(),
        portal_form(
            form_alert(RegisterState.message),
            text_field(strings.F_CUSTOMER_NUMBER, "customer_number", e, hint=strings.F_CUSTOMER_NUMBER_HINT,
                       input_mode="numeric", autocomplete="off", max_length=20),
            text_field(strings.F_INVOICE_NUMBER, "invoice_number", e, hint=strings.F_INVOICE_NUMBER_HINT,
                       autocomplete="off", max_length=40),
            text_field(strings.F_GROSS, "gross_amount", e, hint=strings.F_GROSS_HINT,
                       input_mode="decimal", autocomplete="off", max_length=30),
            text_field(strings.F_PHONE, "phone", e, type="tel", hint=strings.F_PHONE_HINT,
                       autocomplete="tel", max_length=20),
            text_field(strings.F_EMAIL, "email", e, type="email", autocomplete="email"),
            text_field(strings.F_PASSWORD, "password", e, type="password", autocomplete="new-password",
                       hint=password_hint(), max_length=128),
            text_field(strings.F_PASSWORD_CONFIRM, "password_confirm", e, type="password",
                       autocomplete="new-password", max_length=128),
            checkbox_field("accepted_terms", terms_label, e),
            rx.el.div(submit_button(strings.REGISTER_BUTTON, RegisterState.busy), class_name="actions"),
            on_submit=RegisterState.submit,
        ),
        class_name="card",
    )


def _done() -> rx.Component:
    return rx.el.div(
        rx.el.h2(strings.REGISTER_DONE_TITLE),
        rx.el.p("Wysłaliśmy link aktywacyjny na adres ", rx.el.strong(RegisterState.done_email),
                ". Link jest ważny 48 godzin i działa jeden raz."),
        rx.el.p("Twój login to numer klienta: ", rx.el.strong(RegisterState.done_login), "."),
        rx.el.p(rx.el.a(strings.BACK_TO_LOGIN, href=routes.LOGIN)),
        class_name="card", role="status",
    )


@rx.page(route=routes.REGISTER, title=f"{strings.NAV_REGISTER} — IBOK", on_load=RegisterState.load)
def register_page() -> rx.Component:
    return public_page(
        rx.el.h1(strings.REGISTER_TITLE),
        rx.el.p(strings.REGISTER_LEAD, class_name="lead"),
        rx.cond(RegisterState.done_login != "", _done(), _form()),
        narrow=True,
    )
