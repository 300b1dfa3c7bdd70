"""/admin/klienci — customer search; /admin/klienci/karta?id=N — the customer card."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.forms import form_alert, portal_form, submit_button, text_field
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.components.staff_widgets import confirmation, pager, sortable_head
from ibok_app.components.tables import cell, row_head, table
from ibok_app.state.staff_customers import CardTable, FoundRow, StaffCustomerCardState, StaffCustomersState
from ibok_app.strings import staff as txt

s = StaffCustomersState
c = StaffCustomerCardState


def _card_link(customer_id: rx.Var) -> rx.Var:
    return routes.STAFF_CUSTOMER_CARD + "?id=" + customer_id.to(str)


def _search_form() -> rx.Component:
    return portal_form(
        text_field(txt.F_QUERY, "q", s.errors, hint=txt.F_QUERY_HINT, autocomplete="off", max_length=200,
                   default_value=s.query),
        rx.el.input(type="hidden", name="sort", value=s.sort),  # the headers' sort stays
        rx.el.div(submit_button(txt.SEARCH, False), class_name="actions"),
        on_submit=s.search, key=s.query + "|" + s.sort, role="search",
    )


def _found(r: FoundRow) -> rx.Component:
    return rx.el.tr(
        row_head(txt.COL_NUMBER, rx.el.a(r.number, href=_card_link(r.customer_id))),
        cell(txt.COL_CUSTOMER, r.name),
        cell(txt.COL_ADDRESS, r.address),
        cell(txt.COL_ACCOUNT, r.account),
        cell(txt.COL_CONTACT, r.contact),
    )


def _results() -> rx.Component:
    return rx.cond(
        s.searched,
        rx.fragment(
            form_alert(s.message, kind="info"),
            rx.cond(s.total > 0, rx.fragment(
                rx.el.p(txt.FOUND_COUNT, ": ", rx.el.strong(s.total), data_testid="found-count"),
                table(txt.FOUND_TABLE, sortable_head(s.sort, s.sort_base, (txt.COL_NUMBER, "number"),
                                                     (txt.COL_CUSTOMER, "name"), (txt.COL_ADDRESS, "address"),
                                                     txt.COL_ACCOUNT, txt.COL_CONTACT),
                      rx.foreach(s.rows, _found), stacked=True),
                pager(s.page, s.pages, s.page_base),
            )),
        ),
    )


@rx.page(route=routes.STAFF_CUSTOMERS, title=f"{txt.CUSTOMERS_TITLE} — IBOK", on_load=StaffCustomersState.load)
def staff_customers_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.CUSTOMERS_TITLE),
        rx.el.p(txt.CUSTOMERS_LEAD, class_name="lead"),
        loading_guard(s.loaded, rx.el.div(_search_form(), class_name="card"), _results()),
    )


# ---- the card --------------------------------------------------------------------------

def _facts(rows: rx.Var) -> rx.Component:
    return rx.el.dl(rx.foreach(rows, lambda f: rx.el.div(rx.el.dt(f[0]), rx.el.dd(f[1]))), class_name="facts")


def _card_table(t: CardTable) -> rx.Component:
    return rx.el.section(
        rx.el.h2(t.title, id="karta-" + t.key),
        rx.cond(
            t.rows.length() > 0,
            rx.el.div(rx.el.table(
                rx.el.caption(t.title, class_name="billing-sr"),
                rx.el.thead(rx.el.tr(rx.foreach(t.columns, lambda col: rx.el.th(col, scope="col")))),
                rx.el.tbody(rx.foreach(t.rows, lambda row, r: rx.el.tr(
                    rx.foreach(row, lambda value, i: rx.el.td(
                        rx.cond((i == 0) & (t.links.length() > r),
                                rx.el.a(value, " (PDF)", href=t.links[r].to(str), target="_blank", rel="noopener"),
                                value),
                        data_label=t.columns[i]))))),
            ), class_name="table-wrap billing-table stacked", tab_index=0, role="region", aria_label=t.title),
            rx.el.p(txt.CARD_EMPTY, class_name="muted"),
        ),
        rx.cond(t.paged & (t.pages > 1), rx.fragment(
            rx.el.p(txt.CARD_TOTAL, ": ", t.total, class_name="muted"),
            pager(t.page, t.pages, t.page_base, param=t.key, label=t.pager_label),
        )),
        aria_labelledby="karta-" + t.key,
    )


def _account() -> rx.Component:
    return rx.el.section(
        rx.el.h2(txt.CARD_ACCOUNT, id="card-account"),
        rx.cond(
            c.has_account,
            rx.fragment(
                _facts(c.account_facts),
                rx.cond(c.can_act & (c.actions.length() > 0), rx.fragment(
                    rx.el.h3(txt.CARD_ACTIONS),
                    rx.el.div(rx.foreach(c.actions, lambda a: rx.el.button(
                        a.label, type="button", class_name="btn btn--secondary", on_click=c.ask(a.value))),
                        class_name="actions"),
                )),
            ),
            rx.el.p(txt.CARD_NO_ACCOUNT, class_name="muted"),
        ),
        class_name="card", aria_labelledby="card-account",
    )


@rx.page(route=routes.STAFF_CUSTOMER_CARD, title=f"{txt.CARD_TITLE} — IBOK", on_load=StaffCustomerCardState.load)
def staff_customer_card_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.CARD_TITLE, rx.cond(c.found, rx.fragment(": ", c.number, " — ", c.name))),
        rx.el.p(rx.el.a(txt.CARD_BACK, href=routes.STAFF_CUSTOMERS)),
        loading_guard(
            c.loaded,
            rx.cond(
                c.found,
                rx.fragment(
                    rx.el.p(txt.CARD_LOGGED, class_name="muted"),
                    rx.el.div(c.message, role="status", class_name=rx.cond(c.message != "", "alert alert--ok", "")),
                    confirmation(c.ask_text, c.confirm, c.cancel, "card-ask-text"),
                    rx.el.div(
                        rx.el.section(rx.el.h2(txt.CARD_DATA, id="card-data"), _facts(c.facts), class_name="card",
                                      aria_labelledby="card-data"),
                        rx.el.section(
                            rx.el.h2(txt.CARD_BALANCE, id="card-balance"),
                            rx.el.p(c.balance, class_name="stat__value"),
                            rx.el.p(c.balance_label, class_name="stat__note"),
                            rx.cond(c.overdue != "", rx.el.p(txt.CARD_OVERDUE, ": ", rx.el.strong(c.overdue),
                                                             class_name="stat__note billing-danger")),
                            class_name="card", aria_labelledby="card-balance"),
                        _account(),
                        class_name="cards",
                    ),
                    rx.foreach(c.tables, _card_table),
                ),
                rx.el.p(txt.CARD_NOT_FOUND, role="alert", class_name="alert alert--error"),
            ),
        ),
    )
