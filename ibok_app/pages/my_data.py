"""/moje-dane — customer data (read-only), contact data, password link, notification
preferences, data export and resignation from IBOK (§6, §7, §8)."""
import reflex as rx

from ibok_app import routes
from ibok_app.api.my_data_files import EXPORT_JSON_PATH, EXPORT_ZIP_PATH
from ibok_app.components.forms import (
    checkbox_field,
    form_alert,
    portal_form,
    submit_button,
    text_field,
)
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.config import settings
from ibok_app.state.my_data import MyDataState
from ibok_app.strings import my_data as txt

S = MyDataState


def _section(section_id: str, title: str, *children: rx.Component) -> rx.Component:
    heading_id = f"{section_id}-h"
    return rx.el.section(rx.el.h2(title, id=heading_id), *children, class_name="card mydata-card",
                         id=section_id, aria_labelledby=heading_id)


def _row(label: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(label), rx.el.dd(value))


def _customer() -> rx.Component:
    c = settings().company
    return _section(
        "dane-klienta", txt.CUSTOMER_H,
        rx.el.dl(
            _row(txt.CUSTOMER_NAME, S.customer_name),
            _row(txt.CUSTOMER_NUMBER, S.customer_number),
            _row(txt.CUSTOMER_ADDRESS, S.address),
            _row(txt.CUSTOMER_CORR_ADDRESS, rx.cond(S.corr_address != "", S.corr_address, txt.CUSTOMER_CORR_SAME)),
            class_name="mydata-list",
        ),
        rx.el.p(txt.CUSTOMER_FIX_BEFORE, rx.el.a(c.phone, href=f"tel:{c.phone.replace(' ', '')}"),
                txt.CUSTOMER_FIX_MIDDLE, rx.el.a(c.email, href=f"mailto:{c.email}"), txt.CUSTOMER_FIX_AFTER,
                class_name="muted"),
    )


def _contact() -> rx.Component:
    e = S.contact_errors
    return _section(
        "kontakt", txt.CONTACT_H,
        rx.el.p(txt.CONTACT_LEAD, class_name="muted"),
        form_alert(S.contact_done, kind="ok"),
        rx.cond(
            S.pending_email != "",
            rx.el.div(
                rx.el.p(txt.PENDING_BEFORE, rx.el.strong(S.pending_email), txt.PENDING_MIDDLE, S.pending_until,
                        txt.PENDING_AFTER),
                rx.el.div(
                    rx.el.button(txt.PENDING_CANCEL, type="button", class_name="btn btn--secondary",
                                 on_click=S.cancel_email_change, disabled=S.contact_busy),
                    class_name="actions",
                ),
                class_name="alert alert--info", data_testid="pending-email",
            ),
        ),
        portal_form(
            form_alert(S.contact_message),
            text_field(txt.F_EMAIL, "email", e, type="email", autocomplete="email", default_value=S.email),
            text_field(txt.F_PHONE, "phone", e, type="tel", autocomplete="tel", hint=txt.F_PHONE_HINT,
                       required=False, default_value=S.phone_text, max_length=20),
            text_field(txt.F_CURRENT_PASSWORD, "current_password", e, type="password",
                       autocomplete="current-password", hint=txt.F_CURRENT_PASSWORD_HINT, max_length=128),
            rx.el.div(submit_button(txt.CONTACT_BUTTON, S.contact_busy), class_name="actions"),
            on_submit=S.save_contact, key=S.contact_key,
        ),
    )


def _password() -> rx.Component:
    return _section(
        "haslo", txt.PASSWORD_H,
        rx.el.p(txt.PASSWORD_LEAD, class_name="muted"),
        rx.el.p(rx.el.a(txt.PASSWORD_LINK, href=routes.CHANGE_PASSWORD, class_name="btn btn--secondary")),
    )


def _check(name: str, label: str) -> rx.Component:
    """A checkbox showing the stored choice; its error (from the service) right below it."""
    return checkbox_field(name, label, S.prefs_errors, default_checked=S.prefs.get(name, False).to(bool),
                          class_name="field mydata-check")


def _channel_group(title: str, key: str) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(title),
        rx.el.div(_check(f"notify_{key}_email", txt.PREFS_BY_EMAIL), _check(f"notify_{key}_sms", txt.PREFS_BY_SMS),
                  class_name="mydata-checks"),
        class_name="mydata-fieldset",
    )


def _preferences() -> rx.Component:
    return _section(
        "powiadomienia", txt.PREFS_H,
        rx.el.p(txt.PREFS_LEAD, class_name="muted"),
        form_alert(S.prefs_done, kind="ok"),
        portal_form(
            form_alert(S.prefs_message),
            rx.cond(~S.has_phone, rx.el.p(txt.PREFS_NO_PHONE, class_name="alert alert--info")),
            _channel_group(txt.PREFS_DOCUMENTS, "documents"),
            _channel_group(txt.PREFS_OUTAGES, "outages"),
            _channel_group(txt.PREFS_READINGS, "readings"),
            rx.el.fieldset(
                rx.el.legend(txt.PREFS_EINVOICE),
                _check("einvoice_consent", txt.PREFS_EINVOICE_LABEL),
                class_name="mydata-fieldset",
            ),
            rx.el.div(submit_button(txt.PREFS_BUTTON, S.prefs_busy), class_name="actions"),
            on_submit=S.save_preferences, key=S.prefs_key,
        ),
    )


def _export() -> rx.Component:
    return _section(
        "eksport", txt.EXPORT_H,
        rx.el.p(txt.EXPORT_LEAD),
        rx.el.div(
            # rx.el.a is a React Router <Link>: without reload_document a click is routed
            # client-side (to the 404 page) instead of reaching the download route.
            rx.el.a(txt.EXPORT_JSON, href=EXPORT_JSON_PATH, class_name="btn btn--secondary", download=True,
                    reload_document=True),
            rx.el.a(txt.EXPORT_ZIP, href=EXPORT_ZIP_PATH, class_name="btn btn--secondary", download=True,
                    reload_document=True),
            class_name="actions",
        ),
        rx.el.p(txt.EXPORT_NOTE, class_name="muted"),
    )


def _closing_info() -> rx.Component:
    return rx.el.div(
        rx.el.h3(txt.CLOSING_H),
        rx.el.p(txt.CLOSING_REQUESTED, S.closing_requested, "."),
        rx.el.p(txt.CLOSING_UNTIL, rx.el.strong(S.access_until, data_testid="access-until"), " (", S.days_left, ")."),
        rx.el.p(txt.CLOSING_AFTER),
        rx.el.p(rx.el.a(txt.DOCUMENTS_LINK, href=routes.DOCUMENTS)),
        class_name="alert alert--warn",
    )


def _closure_confirm() -> rx.Component:
    return rx.el.div(
        rx.el.h3(txt.CLOSE_CONFIRM_H),
        rx.el.p(txt.CLOSE_CONFIRM_TEXT),
        portal_form(
            form_alert(S.close_message),
            text_field(txt.F_CLOSE_PASSWORD, "close_password", S.close_errors, type="password",
                       autocomplete="current-password", max_length=128),
            rx.el.div(
                submit_button(txt.CLOSE_BUTTON, S.close_busy, class_name="btn btn--danger"),
                rx.el.button(txt.CLOSE_CANCEL, type="button", class_name="btn btn--secondary",
                             on_click=S.cancel_closure),
                class_name="actions",
            ),
            on_submit=S.close_account,
        ),
        class_name="mydata-confirm",
    )


def _closure() -> rx.Component:
    return _section(
        "rezygnacja", txt.CLOSE_H,
        form_alert(S.close_done, kind="ok"),
        rx.cond(
            S.closing,
            _closing_info(),
            rx.fragment(
                rx.el.p(txt.CLOSE_LEAD),
                rx.el.ul(*[rx.el.li(line) for line in txt.CLOSE_CONSEQUENCES]),
                rx.el.p(txt.CLOSE_EXPORT_TIP, class_name="muted"),
                rx.cond(
                    S.close_step,
                    _closure_confirm(),
                    rx.el.p(rx.el.button(txt.CLOSE_START, type="button", id="close-start",
                                         class_name="btn btn--secondary", on_click=S.start_closure)),
                ),
            ),
        ),
    )


def _closing_banner() -> rx.Component:
    return rx.cond(
        S.closing,
        rx.el.p(rx.el.strong(txt.CLOSING_H, ". "), txt.CLOSING_UNTIL, S.access_until, " (", S.days_left, "). ",
                rx.el.a(txt.CLOSE_H, href="#rezygnacja"),
                class_name="alert alert--warn"),
    )


@rx.page(route=routes.MY_DATA, title=f"{txt.TITLE} — IBOK", on_load=MyDataState.load)
def my_data_page() -> rx.Component:
    return customer_page(
        rx.el.h1(txt.TITLE),
        loading_guard(
            S.loaded,
            rx.el.p(txt.LEAD, class_name="lead mydata-lead"),
            form_alert(S.message),
            _closing_banner(),
            rx.el.div(
                rx.el.div(_customer(), _contact(), _password(), class_name="mydata-col"),
                rx.el.div(_preferences(), _export(), _closure(), class_name="mydata-col"),
                class_name="mydata-grid",
            ),
        ),
    )
