"""/zgloszenia — operational tickets (§9 h): new ticket form, the list, and one
ticket's detail with its timeline (`/zgloszenia?id=<id>`)."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes
from ibok_app.api.case_files import TICKET_PHOTO
from ibok_app.components.badges import status_badge
from ibok_app.components.case_photo import case_photo, case_photo_field
from ibok_app.components.emergency import emergency_line
from ibok_app.components.forms import (
    form_alert,
    portal_form,
    select_field,
    submit_button,
    text_field,
    textarea_field,
)
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.components.tables import cell, row_head
from ibok_app.services.cases.tickets import (
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    TicketRow,
    TimelineEntry,
)
from ibok_app.state.tickets import TicketsState
from ibok_app.strings import cases as txt

PHOTO_UPLOAD_ID = "ticket_photo"


def _photo_url(ticket_id: rx.Var) -> rx.Var:
    """ibok_app/api/case_files.py serves it (404 unless it is the caller's)."""
    return TICKET_PHOTO.format(id=ticket_id.to(str))


# ------------------------------------------------------------------ list view

def _ticket_form() -> rx.Component:
    s = TicketsState
    e = s.errors
    return rx.el.section(
        rx.el.h2(txt.TICKET_FORM_TITLE, id="ticket-form-title"),
        portal_form(
            form_alert(s.form_message),
            select_field(txt.F_CATEGORY, "category", e, s.categories, placeholder=txt.CHOOSE),
            rx.cond(
                s.points.length() > 0,
                select_field(txt.F_SERVICE_POINT, "service_point_id", e, s.points, placeholder=txt.CHOOSE,
                             default_value=s.default_point),
            ),
            textarea_field(txt.F_TICKET_DESCRIPTION, "description", e, hint=txt.F_TICKET_DESCRIPTION_HINT,
                           max_length=DESCRIPTION_MAX),
            text_field(txt.F_CONTACT_PHONE, "contact_phone", e, type="tel", hint=txt.F_CONTACT_PHONE_HINT,
                       autocomplete="tel", required=False, default_value=s.phone_default, max_length=20),
            case_photo_field(TicketsState, PHOTO_UPLOAD_ID),
            rx.el.div(submit_button(txt.TICKET_SUBMIT, s.busy), class_name="actions"),
            on_submit=s.submit,
            key=s.form_key,
        ),
        class_name="card case-card", aria_labelledby="ticket-form-title",
    )


def _done() -> rx.Component:
    s = TicketsState
    return rx.el.div(
        rx.cond(
            s.done_number != "",
            rx.fragment(
                rx.el.h2(txt.TICKET_DONE_TITLE, class_name="alert__title"),
                rx.el.p(txt.TICKET_DONE_NUMBER, " ", rx.el.strong(s.done_number, data_testid="ticket-number")),
                rx.el.p(s.done_message),
            ),
        ),
        role="status", class_name=rx.cond(s.done_number != "", "alert alert--ok", ""),
    )


def _row(r: TicketRow) -> rx.Component:
    return rx.el.tr(
        row_head(txt.COL_NUMBER, r.number),
        cell(txt.COL_CATEGORY, r.category_label),
        cell(txt.COL_PLACE, r.place, class_name="case-place"),
        cell(txt.COL_CREATED, r.created_at_text, class_name="nowrap"),
        cell(txt.COL_STATUS, status_badge(r.status, r.status_label)),
        cell("", rx.el.a(txt.SHOW_DETAIL, rx.el.span(" ", r.number, class_name="sr-only"),
                         href=routes.TICKETS + "?id=" + r.id.to(str))),
    )


def _ticket_list() -> rx.Component:
    s = TicketsState
    return rx.el.section(
        rx.el.h2(txt.TICKETS_LIST_TITLE, id="tickets-title"),
        rx.cond(
            s.rows.length() > 0,
            rx.el.div(
                rx.el.table(
                    rx.el.caption(txt.TICKETS_TABLE_LABEL, class_name="sr-only"),
                    rx.el.thead(rx.el.tr(
                        *[rx.el.th(h, scope="col") for h in
                          (txt.COL_NUMBER, txt.COL_CATEGORY, txt.COL_PLACE, txt.COL_CREATED, txt.COL_STATUS)],
                        rx.el.th(rx.el.span(txt.SHOW_DETAIL, class_name="sr-only"), scope="col"),
                    )),
                    rx.el.tbody(rx.foreach(s.rows, _row)),
                ),
                class_name="table-wrap case-table stacked", tab_index=0, role="region",
                aria_labelledby="tickets-title",
            ),
            rx.el.p(txt.TICKETS_EMPTY, class_name="muted"),
        ),
    )


def _list_view() -> rx.Component:
    return rx.fragment(
        rx.el.p(txt.TICKETS_LEAD, class_name="lead"),
        _done(),
        _ticket_form(),
        _ticket_list(),
    )


# ------------------------------------------------------------------ detail view

def _entry(e: TimelineEntry) -> rx.Component:
    return rx.el.li(
        rx.el.p(
            rx.el.strong(e.author),
            rx.el.span(" · ", aria_hidden="true"),
            rx.el.span(rx.cond(e.kind == "created", txt.TIMELINE_CREATED, txt.TIMELINE_MESSAGE)),
            rx.el.span(" · ", aria_hidden="true"),
            rx.el.time(e.at_text),
            class_name="timeline__meta",
        ),
        rx.el.p(e.body, class_name="timeline__body"),
        class_name=rx.cond(e.from_staff, "timeline__item timeline__item--staff", "timeline__item"),
    )


def _fact(label: str, value: rx.Component | rx.Var) -> rx.Component:
    return rx.el.div(rx.el.dt(label), rx.el.dd(value))


def _message_form() -> rx.Component:
    s = TicketsState
    return rx.el.section(
        rx.el.h2(txt.MESSAGE_FORM_TITLE, id="message-form-title"),
        form_alert(s.msg_done, kind="ok"),
        portal_form(
            form_alert(s.msg_message),
            textarea_field(txt.F_MESSAGE, "body", s.msg_errors, hint=txt.F_MESSAGE_HINT,
                           max_length=MESSAGE_MAX, rows=4),
            rx.el.div(submit_button(txt.MESSAGE_SUBMIT, s.msg_busy), class_name="actions"),
            on_submit=s.add_message,
            key=s.msg_key,
        ),
        class_name="card case-card", aria_labelledby="message-form-title",
    )


def _detail_view() -> rx.Component:
    s = TicketsState
    return rx.fragment(
        rx.el.p(rx.el.a(txt.BACK_TO_TICKETS, href=routes.TICKETS)),
        rx.cond(
            s.found,
            rx.fragment(
                rx.el.h2(txt.TICKET_DETAIL_TITLE, " ", s.d_number, class_name="case-title"),
                rx.el.dl(
                    _fact(txt.D_STATUS, status_badge(s.d_status, s.d_status_label)),
                    _fact(txt.D_CATEGORY, s.d_category),
                    _fact(txt.D_PLACE, rx.cond(s.d_place != "", s.d_place, txt.NO_PLACE)),
                    _fact(txt.D_CREATED, s.d_created),
                    _fact(txt.D_PHONE, rx.cond(s.d_phone != "", s.d_phone, txt.NO_PHONE)),
                    class_name="card facts",
                ),
                rx.cond(
                    s.d_has_photo,
                    rx.el.section(
                        rx.el.h2(txt.PHOTO_TITLE),
                        case_photo(_photo_url(s.d_id), txt.PHOTO_ALT),
                    ),
                ),
                rx.el.section(
                    rx.el.h2(txt.TIMELINE_TITLE, id="timeline-title"),
                    rx.el.ol(rx.foreach(s.timeline, _entry), class_name="timeline",
                             aria_labelledby="timeline-title"),
                ),
                rx.cond(s.d_can_reply, _message_form(),
                        rx.el.p(txt.TICKET_CLOSED, class_name="alert alert--info")),
            ),
            rx.cond(s.message == "", rx.el.p(txt.TICKET_NOT_FOUND, class_name="alert alert--warn")),
        ),
    )


@rx.page(route=routes.TICKETS, title=f"{txt.TICKETS_TITLE} — IBOK", on_load=TicketsState.load)
def tickets_page() -> rx.Component:
    s = TicketsState
    return customer_page(
        rx.el.h1(txt.TICKETS_TITLE),
        emergency_line(),
        loading_guard(
            s.loaded,
            form_alert(s.message),
            rx.cond(s.detail_mode, _detail_view(), _list_view()),
        ),
    )
