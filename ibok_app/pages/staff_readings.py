"""/admin/odczyty — readings to verify."""
import reflex as rx

from ibok_app import routes
from ibok_app.api.staff_files import READING_PHOTO
from ibok_app.components.forms import portal_form
from ibok_app.components.layout import loading_guard
from ibok_app.components.staff_layout import staff_page
from ibok_app.services.desk.readings_queue import MeterHistoryRow, VerifyItem
from ibok_app.state.staff_readings import StaffReadingsState
from ibok_app.strings import staff as txt

s = StaffReadingsState


def _fact(label: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(label), rx.el.dd(value))


def _history_row(h: MeterHistoryRow) -> rx.Component:
    return rx.el.li(h.read_on_text, " — ", h.value_text, " (", h.source_label, ", ", h.status_label, ")",
                    rx.cond(h.is_this, rx.el.strong(" ← ", txt.R_THIS)))


def _decide(item: VerifyItem) -> rx.Component:
    reason_id = "reason-" + item.reading_id.to(str)
    error = s.errors.get(reason_id, "").to(str)
    return rx.el.div(
        rx.el.button(txt.R_ACCEPT, type="button", class_name="btn", on_click=s.accept(item.reading_id)),
        portal_form(
            rx.el.input(type="hidden", name="reading_id", value=item.reading_id.to(str)),
            rx.el.div(
                rx.el.label(txt.R_REASON, html_for=reason_id),
                rx.el.textarea(id=reason_id, name="reason", rows=2, max_length=500,
                               aria_invalid=rx.cond(error != "", "true", "false"),
                               aria_describedby=reason_id + "-error"),
                rx.el.p(error, id=reason_id + "-error", class_name="field-error", role="alert"),
                class_name="field",
            ),
            rx.el.button(txt.R_REJECT, type="submit", class_name="btn btn--secondary"),
            on_submit=s.reject,
        ),
        class_name="verify-actions",
    )


def _item(item: VerifyItem) -> rx.Component:
    heading = "odczyt-" + item.reading_id.to(str)
    return rx.el.li(rx.el.article(
        rx.el.h2(item.customer_number, " — ", item.customer_name, id=heading),
        rx.el.dl(
            _fact(txt.R_METER, item.meter_serial + " (" + item.meter_kind_label + ")"),
            _fact(txt.R_PLACE, item.place),
            _fact(txt.R_DATE, item.read_on_text),
            _fact(txt.R_VALUE, rx.el.strong(item.value_text)),
            _fact(txt.R_PREVIOUS, rx.cond(item.previous_text != "", item.previous_text, "—")),
            _fact(txt.R_USAGE, rx.cond(item.consumption_text != "", item.consumption_text, "—")),
            _fact(txt.R_REPORTED, item.reported_at_text),
            class_name="facts",
        ),
        rx.cond(item.is_correction, rx.el.p(txt.R_CORRECTION, class_name="alert alert--info")),
        rx.cond(item.has_photo, rx.el.a(
            rx.el.img(src=READING_PHOTO.format(id=item.reading_id.to(str)), alt=txt.R_PHOTO_ALT,
                      class_name="ticket-photo"),
            href=READING_PHOTO.format(id=item.reading_id.to(str)), target="_blank", rel="noopener")),
        rx.el.details(rx.el.summary(txt.R_HISTORY), rx.el.ol(rx.foreach(item.history, _history_row))),
        rx.cond(s.can_act, _decide(item)),
        class_name="card", aria_labelledby=heading,
    ))


@rx.page(route=routes.STAFF_READINGS, title=f"{txt.READINGS_TITLE} — IBOK", on_load=StaffReadingsState.load)
def staff_readings_page() -> rx.Component:
    return staff_page(
        rx.el.h1(txt.READINGS_TITLE),
        loading_guard(
            s.loaded,
            rx.el.p(txt.READINGS_LEAD, class_name="lead"),
            rx.el.div(s.message, role="status", class_name=rx.cond(s.message != "", "alert alert--ok", "")),
            rx.cond(s.items.length() > 0,
                    rx.el.ol(rx.foreach(s.items, _item), class_name="case-list", data_testid="verify-list"),
                    rx.el.p(txt.READINGS_EMPTY, class_name="muted")),
            rx.cond(s.pages > 1, rx.el.p(txt.PAGE_OF, " ", s.page, " / ", s.pages)),
        ),
    )
