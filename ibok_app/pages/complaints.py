"""/reklamacje — complaints (§5): the form, then every complaint with its number,
date of receipt, the 14-day answer deadline, status and the company's answer."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes
from ibok_app.api.case_files import COMPLAINT_PHOTO
from ibok_app.components.badges import status_badge
from ibok_app.components.case_photo import case_photo, case_photo_field
from ibok_app.components.forms import (
    form_alert,
    portal_form,
    select_field,
    submit_button,
    text_field,
    textarea_field,
)
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.services.cases.complaints import DESCRIPTION_MAX, SUBJECT_MAX
from ibok_app.state.complaints import ComplaintItem, ComplaintsState
from ibok_app.strings import cases as txt

PHOTO_UPLOAD_ID = "complaint_photo"


def _form() -> rx.Component:
    s = ComplaintsState
    e = s.errors
    return rx.el.section(
        rx.el.h2(txt.COMPLAINT_FORM_TITLE, id="complaint-form-title"),
        portal_form(
            form_alert(s.form_message),
            text_field(txt.F_SUBJECT, "subject", e, hint=txt.F_SUBJECT_HINT, autocomplete="off",
                       max_length=SUBJECT_MAX),
            rx.cond(
                s.documents.length() > 0,
                select_field(txt.F_DOCUMENT, "document_id", e, s.documents, placeholder=txt.F_DOCUMENT_NONE,
                             required=False),
            ),
            textarea_field(txt.F_COMPLAINT_DESCRIPTION, "description", e, hint=txt.F_COMPLAINT_DESCRIPTION_HINT,
                           max_length=DESCRIPTION_MAX),
            case_photo_field(s, PHOTO_UPLOAD_ID),
            rx.el.div(submit_button(txt.COMPLAINT_SUBMIT, s.busy), class_name="actions"),
            on_submit=s.submit,
            key=s.form_key,
        ),
        class_name="card case-card", aria_labelledby="complaint-form-title",
    )


def _done() -> rx.Component:
    s = ComplaintsState
    return rx.el.div(
        rx.cond(
            s.done_number != "",
            rx.fragment(
                rx.el.h2(txt.COMPLAINT_DONE_TITLE, class_name="alert__title"),
                rx.el.dl(
                    rx.el.div(rx.el.dt(txt.COMPLAINT_DONE_NUMBER),
                              rx.el.dd(rx.el.strong(s.done_number, data_testid="complaint-number"))),
                    rx.el.div(rx.el.dt(txt.COMPLAINT_DONE_RECEIVED), rx.el.dd(s.done_received)),
                    rx.el.div(rx.el.dt(txt.COMPLAINT_DONE_DUE),
                              rx.el.dd(rx.el.strong(s.done_due, data_testid="complaint-due"))),
                    class_name="facts facts--inline",
                ),
                rx.el.p(s.done_message),
            ),
        ),
        role="status", class_name=rx.cond(s.done_number != "", "alert alert--ok", ""),
    )


def _fact(label: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(label), rx.el.dd(value))


def _item(c: ComplaintItem) -> rx.Component:
    heading_id = "complaint-" + c.id.to(str)
    return rx.el.li(
        rx.el.article(
            rx.el.h3(c.number, rx.el.span(" — ", aria_hidden="true"), c.subject, id=heading_id,
                     class_name="case-title"),
            rx.el.dl(
                _fact(txt.C_STATUS, status_badge(c.status, c.status_label)),
                _fact(txt.C_RECEIVED, c.received_on_text),
                _fact(txt.C_DUE, c.answer_due_on_text),
                rx.cond(c.document_number != "", _fact(txt.C_DOCUMENT, c.document_number)),
                class_name="facts",
            ),
            rx.el.details(
                rx.el.summary(txt.C_DESCRIPTION),
                rx.el.p(c.description, class_name="case-text"),
                rx.cond(c.has_photo,
                        case_photo(COMPLAINT_PHOTO.format(id=c.id.to(str)), txt.COMPLAINT_PHOTO_ALT)),
            ),
            rx.cond(
                c.answer != "",
                rx.el.section(
                    rx.el.h4(txt.C_ANSWER, rx.cond(c.answered_at_text != "", " (" + c.answered_at_text + ")", "")),
                    rx.el.p(c.answer, class_name="case-text"),
                    class_name="case-answer",
                ),
                rx.cond(
                    c.overdue,
                    rx.el.p(txt.C_OVERDUE, class_name="alert alert--warn"),
                    rx.el.p(txt.C_WAITING, " ", c.answer_due_on_text, ".", class_name="muted"),
                ),
            ),
            class_name="card", aria_labelledby=heading_id,
        ),
    )


def _list() -> rx.Component:
    s = ComplaintsState
    return rx.el.section(
        rx.el.h2(txt.COMPLAINTS_LIST_TITLE, id="complaints-title"),
        rx.cond(
            s.items.length() > 0,
            rx.el.ol(rx.foreach(s.items, _item), class_name="case-list", aria_labelledby="complaints-title"),
            rx.el.p(txt.COMPLAINTS_EMPTY, class_name="muted"),
        ),
    )


@rx.page(route=routes.COMPLAINTS, title=f"{txt.COMPLAINTS_TITLE} — IBOK", on_load=ComplaintsState.load)
def complaints_page() -> rx.Component:
    s = ComplaintsState
    return customer_page(
        rx.el.h1(txt.COMPLAINTS_TITLE),
        loading_guard(
            s.loaded,
            form_alert(s.message),
            rx.el.p(txt.COMPLAINTS_LEAD, class_name="lead"),
            _done(),
            _form(),
            _list(),
        ),
    )
