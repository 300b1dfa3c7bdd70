"""/admin/zgloszenia — the ticket queue; /admin/zgloszenia/sprawa?id=N — one ticket."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.badges import status_badge
from ibok_app.components.forms import portal_form, select_field, textarea_field
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.components.staff_widgets import filter_select, pager, sortable_head
from ibok_app.components.tables import cell, row_head, table
from ibok_app.services.cases.tickets import QueueRow, TimelineEntry
from ibok_app.state.staff_tickets import StaffTicketsState, StaffTicketState
from ibok_app.strings import staff as txt

q = StaffTicketsState
t = StaffTicketState


def _filters() -> rx.Component:
    return rx.el.div(portal_form(
        rx.el.div(
            filter_select(txt.T_STATUS, "status", q.statuses, q.filters),
            filter_select(txt.T_CATEGORY, "rodzaj", q.categories, q.filters),
            rx.el.div(rx.el.label(txt.T_POINT, html_for="punkt"),
                      rx.el.input(id="punkt", name="punkt", default_value=q.filters.get("punkt", "").to(str),
                                  max_length=30),
                      class_name="field"),
            filter_select(txt.T_ASSIGNED, "przypisane", q.assigned, q.filters),
            class_name="filter-grid",
        ),
        rx.el.input(type="hidden", name="sort", value=q.sort),  # the headers' sort stays
        rx.el.div(rx.el.button(txt.APPLY, type="submit", class_name="btn"),
                  rx.el.a(txt.CLEAR, href=routes.STAFF_TICKETS, class_name="btn btn--secondary"),
                  class_name="actions"),
        on_submit=q.apply, key=q.page_base,
    ), class_name="card")


def _row(r: QueueRow) -> rx.Component:
    return rx.el.tr(
        row_head(txt.T_NUMBER, rx.el.a(r.number, href=routes.STAFF_TICKET + "?id=" + r.id.to(str))),
        cell(txt.T_CUSTOMER, r.customer_number, rx.el.br(), rx.el.small(r.customer_name)),
        cell(txt.T_CATEGORY, r.category_label),
        cell(txt.T_PLACE, r.place),
        cell(txt.T_STATUS, status_badge(r.status, r.status_label)),
        cell(txt.T_WHO, rx.cond(r.assigned_name != "", r.assigned_name, txt.T_NOBODY)),
        cell(txt.T_CREATED, r.created_at_text),
    )


@rx.page(route=routes.STAFF_TICKETS, title=f"{txt.TICKETS_TITLE} — IBOK", on_load=StaffTicketsState.load)
def staff_tickets_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.TICKETS_TITLE),
        rx.el.p(txt.TICKETS_LEAD, class_name="lead"),
        loading_guard(
            q.loaded,
            _filters(),
            rx.el.p(txt.FOUND_COUNT, ": ", rx.el.strong(q.total), data_testid="tickets-count"),
            rx.cond(q.total > 0,
                    rx.fragment(table(txt.T_TABLE, sortable_head(
                        q.sort, q.sort_base, (txt.T_NUMBER, "number"), (txt.T_CUSTOMER, "customer"),
                        (txt.T_CATEGORY, "category"), txt.T_PLACE, (txt.T_STATUS, "status"), txt.T_WHO,
                        (txt.T_CREATED, "created", True)),
                                      rx.foreach(q.rows, _row), stacked=True),
                                pager(q.page, q.pages, q.page_base)),
                    rx.el.p(txt.T_EMPTY, class_name="muted")),
        ),
    )


# ---- one ticket ------------------------------------------------------------------------

def _entry(e: TimelineEntry) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(e.author), " · ", e.at_text,
                rx.cond(e.internal, rx.el.span(" · ", txt.T_NOTE_MARK, class_name="badge-note"))),
        rx.el.p(e.body, class_name="case-text"),
        class_name=rx.cond(e.internal, "timeline__entry timeline__entry--note", "timeline__entry"),
    )


def _fact(label: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(label), rx.el.dd(value))


def _work() -> rx.Component:
    e = t.errors
    return rx.fragment(
        rx.el.div(
            rx.cond(t.assigned_to_me, rx.el.p(txt.T_MINE),
                    rx.el.button(txt.T_TAKE, type="button", class_name="btn btn--secondary", on_click=t.take)),
            class_name="actions",
        ),
        rx.cond(t.next_statuses.length() > 0, rx.el.section(portal_form(
            select_field(txt.T_NEW_STATUS, "status", e, t.next_statuses, placeholder=txt.T_NEW_STATUS_PICK),
            rx.el.button(txt.T_SET_STATUS, type="submit", class_name="btn btn--secondary"),
            on_submit=t.move_status, key=t.form_key,
        ), class_name="card")),
        rx.el.section(portal_form(
            textarea_field(txt.T_REPLY, "reply", e, rows=4),
            rx.el.button(txt.T_SEND_REPLY, type="submit", class_name="btn"),
            on_submit=t.reply, key=t.form_key,
        ), class_name="card"),
        rx.el.section(portal_form(
            textarea_field(txt.T_NOTE, "note", e, rows=3),
            rx.el.button(txt.T_ADD_NOTE, type="submit", class_name="btn btn--secondary"),
            on_submit=t.note, key=t.form_key,
        ), class_name="card"),
    )


@rx.page(route=routes.STAFF_TICKET, title=f"{txt.TICKET_TITLE} — IBOK", on_load=StaffTicketState.load)
def staff_ticket_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.TICKET_TITLE, rx.cond(t.found, rx.fragment(" ", t.number))),
        rx.el.p(rx.el.a(txt.TICKET_BACK, href=routes.STAFF_TICKETS)),
        loading_guard(
            t.loaded,
            rx.cond(
                t.found,
                rx.fragment(
                    rx.el.div(t.message, role="status", class_name=rx.cond(t.message != "", "alert alert--ok", "")),
                    rx.el.dl(
                        _fact(txt.T_CUSTOMER, t.customer),
                        _fact(txt.T_STATUS, status_badge(t.status, t.status_label)),
                        _fact(txt.T_CATEGORY, t.category),
                        _fact(txt.T_PLACE, t.place),
                        _fact(txt.T_CREATED, t.created),
                        _fact(txt.T_PHONE, rx.cond(t.phone != "", t.phone, "—")),
                        _fact(txt.T_WHO, rx.cond(t.assigned_name != "", t.assigned_name, txt.T_NOBODY)),
                        class_name="card facts",
                    ),
                    rx.el.section(
                        rx.el.h2(txt.T_TIMELINE, id="t-timeline"),
                        rx.el.ol(rx.foreach(t.timeline, _entry), class_name="timeline", aria_labelledby="t-timeline"),
                    ),
                    rx.cond(t.can_act, _work()),
                ),
                rx.el.p(txt.TICKET_NOT_FOUND, role="alert", class_name="alert alert--error"),
            ),
        ),
    )
