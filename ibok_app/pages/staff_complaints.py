"""/admin/reklamacje — complaints by deadline; /admin/reklamacje/sprawa?id=N — one complaint."""
import reflex as rx

from ibok_app import routes
from ibok_app.components.badges import status_badge
from ibok_app.components.forms import portal_form, select_field, textarea_field
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.components.staff_widgets import filter_select, pager, sortable_head
from ibok_app.components.tables import cell, row_head, table
from ibok_app.services.cases.complaints import ComplaintQueueRow
from ibok_app.state.staff_complaints import StaffComplaintsState, StaffComplaintState
from ibok_app.strings import staff as txt

q = StaffComplaintsState
k = StaffComplaintState


def _flags(r: ComplaintQueueRow) -> rx.Component:
    return rx.fragment(
        rx.cond(r.overdue, rx.el.strong(" — ", txt.K_OVERDUE, class_name="billing-danger")),
        rx.cond(r.due_soon, rx.el.strong(" — ", txt.K_SOON, class_name="due-soon")),
        rx.cond(r.late, rx.el.span(" — ", txt.K_LATE, class_name="muted")),
    )


def _row(r: ComplaintQueueRow) -> rx.Component:
    return rx.el.tr(
        row_head(txt.K_NUMBER, rx.el.a(r.number, href=routes.STAFF_COMPLAINT + "?id=" + r.id.to(str))),
        cell(txt.K_CUSTOMER, r.customer_number, rx.el.br(), rx.el.small(r.customer_name)),
        cell(txt.K_SUBJECT, r.subject),
        cell(txt.K_STATUS, status_badge(r.status, r.status_label)),
        cell(txt.K_RECEIVED, r.received_on_text),
        cell(txt.K_DEADLINE, r.answer_due_on_text, _flags(r)),
        class_name=rx.cond(r.overdue, "row--overdue", rx.cond(r.due_soon, "row--soon", "")),
    )


@rx.page(route=routes.STAFF_COMPLAINTS, title=f"{txt.COMPLAINTS_TITLE} — IBOK", on_load=StaffComplaintsState.load)
def staff_complaints_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.COMPLAINTS_TITLE),
        rx.el.p(txt.COMPLAINTS_LEAD, class_name="lead"),
        loading_guard(
            q.loaded,
            rx.el.div(portal_form(
                rx.el.div(filter_select(txt.K_STATUS, "status", q.statuses, q.filters),
                          filter_select(txt.K_DUE, "termin", q.dues, q.filters), class_name="filter-grid"),
                rx.el.input(type="hidden", name="sort", value=q.sort),  # the headers' sort stays
                rx.el.div(rx.el.button(txt.APPLY, type="submit", class_name="btn"),
                          rx.el.a(txt.CLEAR, href=routes.STAFF_COMPLAINTS, class_name="btn btn--secondary"),
                          class_name="actions"),
                on_submit=q.apply, key=q.page_base,
            ), class_name="card"),
            rx.el.p(txt.FOUND_COUNT, ": ", rx.el.strong(q.total), data_testid="complaints-count"),
            rx.cond(q.total > 0,
                    rx.fragment(table(txt.K_TABLE, sortable_head(
                        q.sort, q.sort_base, (txt.K_NUMBER, "number"), (txt.K_CUSTOMER, "customer"), txt.K_SUBJECT,
                        txt.K_STATUS, (txt.K_RECEIVED, "received", True), (txt.K_DEADLINE, "due")),
                                      rx.foreach(q.rows, _row), stacked=True),
                                pager(q.page, q.pages, q.page_base)),
                    rx.el.p(txt.K_EMPTY, class_name="muted")),
        ),
    )


def _fact(label: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(label), rx.el.dd(value))


def _answer_form() -> rx.Component:
    return rx.el.section(portal_form(
        textarea_field(txt.K_ANSWER, "answer", k.errors, rows=6),
        select_field(txt.K_OUTCOME, "outcome", k.errors, k.outcomes, placeholder=txt.K_OUTCOME_PICK),
        rx.el.div(rx.el.button(txt.K_SEND, type="submit", class_name="btn"), class_name="actions"),
        on_submit=k.answer,
    ), class_name="card")


@rx.page(route=routes.STAFF_COMPLAINT, title=f"{txt.COMPLAINT_TITLE} — IBOK", on_load=StaffComplaintState.load)
def staff_complaint_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.COMPLAINT_TITLE, rx.cond(k.found, rx.fragment(" ", k.number))),
        rx.el.p(rx.el.a(txt.COMPLAINT_BACK, href=routes.STAFF_COMPLAINTS)),
        loading_guard(
            k.loaded,
            rx.cond(
                k.found,
                rx.fragment(
                    rx.el.div(k.message, role="status", class_name=rx.cond(k.message != "", "alert alert--ok", "")),
                    rx.el.dl(
                        _fact(txt.K_CUSTOMER, k.customer),
                        _fact(txt.K_SUBJECT, k.subject),
                        _fact(txt.K_STATUS, status_badge(k.status, k.status_label)),
                        _fact(txt.K_RECEIVED, k.received),
                        _fact(txt.K_DEADLINE, rx.fragment(
                            k.due, rx.cond(k.overdue, rx.el.strong(" — ", txt.K_OVERDUE, class_name="billing-danger")),
                            rx.cond(k.late, rx.el.span(" — ", txt.K_LATE)))),
                        rx.cond(k.document_number != "", _fact(txt.K_DOCUMENT, k.document_number)),
                        class_name="card facts",
                    ),
                    rx.el.section(rx.el.h2(txt.K_DESCRIPTION), rx.el.p(k.description, class_name="case-text"),
                                  class_name="card"),
                    rx.cond(k.answer_text != "", rx.el.section(
                        rx.el.h2(txt.K_ANSWERED),
                        rx.el.p(k.answer_text, class_name="case-text"),
                        rx.el.p(txt.K_ANSWERED_BY, ": ", k.answered_by, " · ", k.answered_at, class_name="muted"),
                        class_name="card")),
                    rx.cond(k.can_act & k.is_open, rx.fragment(
                        rx.cond(k.status == "new", rx.el.div(
                            rx.el.button(txt.K_START, type="button", class_name="btn btn--secondary",
                                         on_click=k.start), class_name="actions")),
                        _answer_form(),
                    )),
                ),
                rx.el.p(txt.COMPLAINT_NOT_FOUND, role="alert", class_name="alert alert--error"),
            ),
        ),
    )
