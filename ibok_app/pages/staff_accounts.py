"""/admin/pracownicy — staff accounts, for administrators."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.forms import checkbox_field, form_alert, portal_form, select_field, submit_button, text_field
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.components.staff_widgets import confirmation
from ibok_app.components.tables import cell, head, row_head, table
from ibok_app.state.staff_accounts import StaffAccountsState, StaffRow
from ibok_app.strings import staff as txt

s = StaffAccountsState


def _role_form(r: StaffRow) -> rx.Component:
    field_id = "role-" + r.id.to(str)
    return rx.el.form(
        rx.el.input(type="hidden", name="staff_id", value=r.id.to(str)),
        rx.el.label(txt.ROLE_OF, " ", r.login, html_for=field_id, class_name="sr-only"),
        rx.el.select(rx.foreach(s.role_options, lambda o: rx.el.option(o.label, value=o.value)),
                     id=field_id, name="role", default_value=r.role),
        rx.el.button(txt.CHANGE_ROLE, type="submit", class_name="btn btn--secondary btn--small"),
        on_submit=s.change_role, class_name="inline-form",
    )


def _actions(r: StaffRow) -> rx.Component:
    return rx.el.div(
        rx.cond(r.active,
                rx.el.button(txt.DEACTIVATE, type="button", class_name="btn btn--secondary btn--small",
                             on_click=s.ask("deactivate", r.id)),
                rx.el.button(txt.REACTIVATE, type="button", class_name="btn btn--secondary btn--small",
                             on_click=s.ask("reactivate", r.id))),
        rx.cond(r.second_factor,
                rx.el.button(txt.RESET_2FA, type="button", class_name="btn btn--secondary btn--small",
                             on_click=s.ask("reset_second_factor", r.id))),
        rx.cond(r.active & (r.id != s.own_id),
                rx.el.button(txt.SET_PASSWORD, type="button", class_name="btn btn--secondary btn--small",
                             on_click=s.ask_password(r.id), aria_label=txt.SET_PASSWORD + " " + r.login)),
        class_name="actions actions--tight",
    )


def _row(r: StaffRow) -> rx.Component:
    return rx.el.tr(
        row_head(txt.COL_LOGIN, r.login),
        cell(txt.COL_NAME_EMAIL, rx.el.div(r.full_name, rx.el.br(), rx.el.small(r.email, class_name="muted"))),
        cell(txt.COL_ROLE, _role_form(r)),
        cell(txt.COL_STATUS, rx.cond(r.active, txt.ACTIVE, txt.INACTIVE)),
        cell(txt.COL_2FA, rx.cond(r.second_factor, txt.YES, txt.NO)),
        cell(txt.COL_LAST_LOGIN, r.last_login),
        cell(txt.COL_ACTIONS, _actions(r)),
    )


def _policy() -> rx.Component:
    return rx.el.section(
        rx.el.h2(txt.POLICY_TITLE, id="policy-title"),
        rx.el.form(
            checkbox_field("required_2fa", txt.POLICY_FIELD, s.errors, default_checked=s.required_2fa),
            rx.el.button(txt.POLICY_SAVE, type="submit", class_name="btn btn--secondary"),
            on_submit=s.save_policy, key=s.required_2fa.to(str),
        ),
        class_name="card", aria_labelledby="policy-title",
    )


def _set_password() -> rx.Component:
    """The form of a member's new initial password, open after "Nadaj hasło"."""
    e = s.pw_errors
    return rx.cond(s.pw_for != "", rx.el.section(
        rx.el.h2(s.pw_for, id="set-password-title"),
        rx.el.p(txt.SET_PASSWORD_LEAD),
        portal_form(
            form_alert(s.pw_message),
            text_field(txt.F_NEW_PASSWORD, "initial_password", e, type="password", hint=txt.F_NEW_PASSWORD_HINT,
                       autocomplete="new-password", max_length=128),
            text_field(txt.F_PASSWORD_CONFIRM, "initial_password_confirm", e, type="password",
                       autocomplete="new-password", max_length=128),
            rx.el.div(submit_button(txt.SET_PASSWORD_BUTTON, s.pw_busy),
                      rx.el.button(txt.CANCEL, type="button", class_name="btn btn--secondary",
                                   on_click=s.cancel_password),
                      class_name="actions"),
            on_submit=s.assign_password, key=s.pw_for,
        ),
        class_name="card", aria_labelledby="set-password-title",
    ))


def _new_staff() -> rx.Component:
    e = s.errors
    return rx.el.section(
        rx.el.h2(txt.NEW_TITLE, id="new-staff-title"),
        portal_form(
            form_alert(s.form_message),
            text_field(txt.F_LOGIN, "login", e, autocomplete="off", max_length=50),
            text_field(txt.F_FULL_NAME, "full_name", e, autocomplete="off", max_length=200),
            text_field(txt.F_EMAIL, "email", e, type="email", autocomplete="off"),
            select_field(txt.F_ROLE, "role", e, s.role_options, placeholder=txt.F_ROLE_PICK),
            text_field(txt.F_NEW_PASSWORD, "password", e, type="password", hint=txt.F_NEW_PASSWORD_HINT,
                       autocomplete="new-password", max_length=128),
            text_field(txt.F_PASSWORD_CONFIRM, "password_confirm", e, type="password",
                       autocomplete="new-password", max_length=128),
            rx.el.div(submit_button(txt.CREATE, s.busy), class_name="actions"),
            on_submit=s.create, key=s.form_key,
        ),
        class_name="card", aria_labelledby="new-staff-title",
    )


@rx.page(route=routes.STAFF_ACCOUNTS, title=f"{txt.STAFF_TITLE} — IBOK", on_load=StaffAccountsState.load)
def staff_accounts_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.STAFF_TITLE),
        loading_guard(
            s.loaded,
            rx.el.p(txt.STAFF_LEAD, class_name="lead"),
            rx.el.div(s.message, role="status", class_name=rx.cond(s.message != "", "alert alert--ok", "")),
            confirmation(s.ask_text, s.confirm, s.cancel, "ask-text"),
            _set_password(),
            table(txt.STAFF_TABLE,
                  head(txt.COL_LOGIN, txt.COL_NAME_EMAIL, txt.COL_ROLE, txt.COL_STATUS, txt.COL_2FA,
                       txt.COL_LAST_LOGIN, txt.COL_ACTIONS),
                  rx.foreach(s.rows, _row), stacked=True),
            _policy(),
            _new_staff(),
        ),
    )
