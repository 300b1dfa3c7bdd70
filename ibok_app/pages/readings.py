"""/odczyty — the reading window, the customer's meters, the reading form with its
confirmation step and invoice estimate, and the history (table, chart, CSV)."""
import reflex as rx

from ibok_app import routes, strings
from ibok_app.api.readings_files import READINGS_CSV
from ibok_app.components import charts
from ibok_app.components.forms import (
    field_error,
    field_hint,
    form_alert,
    photo_attached,
    photo_field,
    photo_upload,
    portal_form,
    submit_button,
    text_field,
)
from ibok_app.components.layout import customer_page, loading_guard
from ibok_app.components.tables import cell
from ibok_app.services.readings.history import HistoryRow
from ibok_app.services.readings.submission import MeterView
from ibok_app.state.readings import ChartPoint, EstimateLine, ReadingsState
from ibok_app.strings import readings as txt

CSV_URL = READINGS_CSV
PHOTO_UPLOAD_ID = "photo"
CHART_COLOUR = "#0b4f8a"  # the portal's accent: 8.3:1 on white
GARDEN_COLOUR = "#2e7d32"  # green: 5.1:1 on white

s = ReadingsState


def _error(name: str) -> rx.Var:
    return s.errors.get(name, "").to(str)


def _invalid(name: str) -> rx.Var:
    return rx.cond(_error(name) != "", "true", "false")


def _scroll_box(table: rx.Component, label: str, *, stacked: bool = False) -> rx.Component:
    """A table that scrolls inside its box on a phone (or, `stacked`, shows its rows as
    cards there); focusable so keyboards can scroll it."""
    return rx.el.div(table, class_name="table-wrap" + (" stacked" if stacked else ""), tab_index=0,
                     role="region", aria_label=label)


# ---- the reading window ---------------------------------------------------------
def _window_banner() -> rx.Component:
    return rx.cond(
        s.window_message != "",
        rx.el.section(
            rx.el.h2(rx.cond(s.window_open, txt.WINDOW_OPEN_HEADING, txt.WINDOW_CLOSED_HEADING),
                     class_name="readings-banner__title"),
            rx.el.p(s.window_message),
            rx.cond(s.window_open, rx.fragment(), rx.el.p(txt.WINDOW_CLOSED_NOTE)),
            class_name=rx.cond(s.window_open, "alert alert--ok readings-banner",
                               "alert alert--info readings-banner"),
            data_testid="reading-window",
        ),
    )


# ---- meters -----------------------------------------------------------------------
def _fact(term: str, value) -> rx.Component:
    return rx.el.div(rx.el.dt(term), rx.el.dd(value))


def _meter_card(m: MeterView) -> rx.Component:
    return rx.el.article(
        rx.el.h3("Wodomierz ", m.kind_label, " ", m.serial),
        rx.el.dl(
            _fact(txt.METER_SERIAL, m.serial),
            _fact(txt.METER_KIND, m.kind_label),
            _fact(txt.METER_ADDRESS, rx.el.span(m.address, " (", m.service_point_code, ")")),
            _fact(txt.METER_LAST, rx.cond(m.last_reading_text != "",
                                          rx.el.span(m.last_reading_text, ", ", m.last_reading_on_text),
                                          txt.METER_NO_READING)),
            _fact(txt.METER_CERT, m.certification_expires_on_text),
            class_name="readings-facts",
        ),
        rx.cond(m.certification_expiring,
                rx.el.p(txt.METER_CERT_SOON, class_name="alert alert--warn readings-cert")),
        class_name="card readings-meter",
    )


def _meters() -> rx.Component:
    return rx.fragment(
        rx.el.h2(txt.METERS_HEADING),
        rx.el.div(rx.foreach(s.meters, _meter_card), class_name="cards"),
    )


# ---- the form ---------------------------------------------------------------------
def _meter_option(m: MeterView) -> rx.Component:
    return rx.el.option(f"Wodomierz {m.kind_label} {m.serial} — {m.address}", value=m.meter_id)


def _meter_field() -> rx.Component:
    """A select when there are several meters; with one, just its number: the form then
    sends no meter and the service takes the customer's only meter."""
    return rx.cond(
        s.meters.length() > 1,
        rx.el.div(
            rx.el.label(txt.F_METER, html_for="meter"),
            rx.el.select(rx.foreach(s.meters, _meter_option), id="meter", name="meter",
                         aria_invalid=_invalid("meter"), aria_describedby="meter-error"),
            field_error("meter", _error("meter")),
            class_name="field",
        ),
        rx.el.div(
            rx.el.p(rx.el.strong(txt.F_METER, ": "), s.meters[0].kind_label, " ", s.meters[0].serial),
            field_error("meter", _error("meter")),
            class_name="field",
        ),
    )


def _date_field() -> rx.Component:
    return rx.el.div(
        rx.el.label(txt.F_DATE, html_for="read_on"),
        rx.el.input(type="date", id="read_on", name="read_on", default_value=s.today_iso,
                    max=s.today_iso, aria_invalid=_invalid("read_on"),
                    aria_describedby="read_on-hint read_on-error"),
        field_hint("read_on", txt.F_DATE_HINT),
        field_error("read_on", _error("read_on")),
        class_name="field",
    )


def _photo_drop() -> rx.Component:
    """A real button inside the drop zone opens the file chooser; the photo is sent at
    once to ReadingsState.upload_photo."""
    return photo_upload(PHOTO_UPLOAD_ID, button_label=txt.F_PHOTO_PICK, input_label=txt.F_PHOTO,
                        on_drop=s.upload_photo, on_drop_rejected=s.photo_rejected,
                        class_name="readings-dropzone", note=txt.F_PHOTO_DROP, disabled=s.photo_busy)


def _photo_field() -> rx.Component:
    return photo_field(
        txt.F_PHOTO, txt.F_PHOTO_HINT, rx.cond(s.photo_name != "", rx.fragment(), _photo_drop()), _error("photo"),
        rx.cond(s.photo_busy, rx.el.span(txt.F_PHOTO_UPLOADING, class_name="muted")),
        photo_attached(txt.F_PHOTO_ADDED, s.photo_name, txt.F_PHOTO_REMOVE, s.remove_photo),
    )


def _confirmation() -> rx.Component:
    return rx.cond(
        s.confirm_message != "",
        rx.el.section(
            rx.el.h3(txt.CONFIRM_HEADING),
            rx.el.p(s.confirm_message, role="alert"),
            rx.el.p(txt.CONFIRM_VALUES, " ", rx.el.strong(s.confirm_summary, data_testid="pending-value")),
            rx.el.div(
                rx.el.button(rx.cond(s.busy, strings.WORKING, txt.CONFIRM_BUTTON), type="button",
                             class_name="btn", on_click=s.confirm, disabled=s.busy,
                             aria_busy=rx.cond(s.busy, "true", "false")),
                rx.el.button(txt.CONFIRM_CANCEL, type="button", class_name="btn btn--secondary",
                             on_click=s.cancel_confirm),
                class_name="actions",
            ),
            class_name="alert alert--warn readings-confirm",
            aria_label=txt.CONFIRM_HEADING,
        ),
    )


def _estimate_row(line: EstimateLine) -> rx.Component:
    return rx.el.tr(
        rx.cond(line.total, rx.el.th(line.label, scope="row", class_name="readings-total"),
                rx.el.th(line.label, scope="row")),
        rx.el.td(line.amount, class_name=rx.cond(line.total, "num readings-total", "num")),
    )


def _result() -> rx.Component:
    return rx.cond(
        s.result_message != "",
        rx.el.section(
            rx.el.h3(txt.RESULT_HEADING),
            rx.el.p(s.result_message, role="status"),
            rx.el.p(txt.RESULT_STATUS, ": ",
                    rx.el.strong(s.result_status_label,
                                 class_name=rx.cond(s.result_to_verify, "readings-badge readings-badge--warn",
                                                    "readings-badge"))),
            rx.cond(s.result_consumption != "",
                    rx.el.p(txt.RESULT_CONSUMPTION, ": ", rx.el.strong(s.result_consumption))),
            rx.cond(s.result_next_period,
                    rx.el.p(txt.RESULT_NEXT_PERIOD, " ", s.result_window, class_name="alert alert--info")),
            rx.cond(
                s.estimate_lines.length() > 0,
                rx.fragment(
                    rx.el.h4(txt.ESTIMATE_HEADING, id="estimate-heading"),
                    _scroll_box(rx.el.table(
                        rx.el.thead(rx.el.tr(rx.el.th(txt.ESTIMATE_ITEM, scope="col"),
                                             rx.el.th(txt.ESTIMATE_AMOUNT, scope="col", class_name="num"))),
                        rx.el.tbody(rx.foreach(s.estimate_lines, _estimate_row)),
                        aria_labelledby="estimate-heading",
                    ), txt.ESTIMATE_HEADING),
                    rx.cond(s.estimate_no_sewage, rx.el.p(txt.ESTIMATE_NO_SEWAGE, class_name="muted")),
                    rx.el.p(s.estimate_note, class_name="muted"),
                ),
            ),
            class_name="alert alert--ok readings-result",
            aria_label=txt.RESULT_HEADING,
            data_testid="reading-result",
        ),
    )


def _form() -> rx.Component:
    return rx.el.section(
        rx.el.h2(txt.FORM_HEADING, id="form-heading"),
        rx.el.div(
            portal_form(
                form_alert(s.form_message),
                _meter_field(),
                text_field(txt.F_VALUE, "value", s.errors, hint=txt.F_VALUE_HINT, input_mode="decimal",
                           autocomplete="off", max_length=40),
                _date_field(),
                _photo_field(),
                rx.el.div(submit_button(txt.SUBMIT, s.busy), class_name="actions"),
                on_submit=s.submit,
            ),
            _confirmation(),
            _result(),
            class_name="card",
        ),
        aria_labelledby="form-heading",
    )


# ---- history ------------------------------------------------------------------------
def _history_row(r: HistoryRow) -> rx.Component:
    return rx.el.tr(
        cell(txt.H_DATE, r.read_on_text, class_name="nowrap readings-date"),
        cell(txt.H_METER, rx.el.span(rx.el.span(r.meter_serial, class_name="nowrap"), rx.el.br(),
                                     rx.el.span(r.meter_kind_label, class_name="muted"))),
        cell(txt.H_VALUE, r.value_text, class_name="num"),
        cell(txt.H_CONSUMPTION, rx.cond(r.consumption_text != "", r.consumption_text, "—"), class_name="num"),
        cell(txt.H_SOURCE, r.source_label),
        cell(txt.H_STATUS, rx.el.span(
            rx.el.span(r.status_label, class_name=rx.cond(r.status == "to_verify",
                                                          "readings-badge readings-badge--warn",
                                                          "readings-badge")),
            rx.cond(r.for_next_period, rx.el.span(rx.el.br(), txt.H_NEXT_PERIOD, class_name="muted")),
            rx.cond(r.rejection_reason != "", rx.el.span(rx.el.br(), txt.H_REJECTION_REASON, ": ",
                                                         r.rejection_reason, class_name="readings-reason")),
        )),
    )


def _history() -> rx.Component:
    return rx.el.section(
        rx.el.h2(txt.HISTORY_HEADING, id="history-heading"),
        rx.cond(
            s.history_total > 0,
            rx.fragment(
                # rx.el.a is a React Router <Link>: reload_document makes it a real download
                rx.el.div(rx.el.a(txt.CSV_LINK, href=CSV_URL, class_name="btn btn--secondary", download=True,
                                  reload_document=True),
                          rx.el.span(txt.CSV_NOTE, class_name="muted"), class_name="actions readings-csv"),
                _scroll_box(rx.el.table(
                    rx.el.caption(txt.HISTORY_CAPTION),
                    rx.el.thead(rx.el.tr(
                        rx.el.th(txt.H_DATE, scope="col"), rx.el.th(txt.H_METER, scope="col"),
                        rx.el.th(txt.H_VALUE, scope="col", class_name="num"),
                        rx.el.th(txt.H_CONSUMPTION, scope="col", class_name="num"),
                        rx.el.th(txt.H_SOURCE, scope="col"), rx.el.th(txt.H_STATUS, scope="col"),
                    )),
                    rx.el.tbody(rx.foreach(s.history, _history_row)),
                    data_testid="history-table",
                ), txt.HISTORY_CAPTION, stacked=True),
                rx.el.p(txt.SHOWN[0], s.history.length(), txt.SHOWN[1], s.history_total, txt.SHOWN[2],
                        class_name="muted"),
                rx.cond(s.history.length() < s.history_total,
                        rx.el.button(txt.SHOW_MORE, type="button", class_name="btn btn--secondary",
                                     on_click=s.show_more)),
            ),
            rx.el.p(txt.NO_HISTORY, class_name="alert alert--info"),
        ),
        aria_labelledby="history-heading",
    )


def _series_row(p: ChartPoint) -> rx.Component:
    return rx.el.tr(rx.el.th(p.label, scope="row"), rx.el.td(p.text, class_name="num"),
                    rx.cond(s.series_has_garden, rx.el.td(p.garden_text, class_name="num")))


def _bar_chart(*bars: rx.Component) -> rx.Component:
    """The water bars, and a garden sub-meter's beside them (never stacked: its water is in the main meter's)."""
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.x_axis(data_key="label"),
        charts.y_axis("m³", width=64),
        charts.tooltip("m³"),
        rx.recharts.bar(data_key="m3", name=txt.CHART_SERIES, fill=CHART_COLOUR, stack_id="water"),
        rx.recharts.bar(data_key="m3_open", name=txt.CHART_SERIES_RUNNING, fill=charts.lighter(CHART_COLOUR),
                        stack_id="water", legend_type=rx.cond(s.series_has_running, "rect", "none")),
        *bars,
        data=s.series.to(list[dict]), width="100%", height=260,
        margin={"top": 10, "right": 10, "bottom": 0, "left": 0},
    )


def _chart() -> rx.Component:
    return rx.el.section(
        rx.el.h2(txt.CHART_HEADING, id="chart-heading"),
        rx.cond(
            s.series.length() > 0,
            rx.fragment(
                rx.el.figure(
                    rx.el.div(
                        rx.cond(s.series_has_garden,
                                _bar_chart(rx.recharts.bar(data_key="garden_m3", name=txt.CHART_SERIES_GARDEN,
                                                           fill=GARDEN_COLOUR),
                                           rx.recharts.legend()),
                                _bar_chart()),
                        class_name="readings-chart",
                    ),
                    rx.el.figcaption(txt.CHART_CAPTION,
                                     rx.cond(s.series_has_garden, rx.el.span(" ", txt.CHART_CAPTION_GARDEN))),
                    class_name="card readings-figure",
                    data_testid="consumption-chart",
                ),
                rx.el.details(
                    rx.el.summary(txt.CHART_TABLE_SUMMARY),
                    _scroll_box(rx.el.table(
                        rx.el.caption(txt.CHART_TABLE_CAPTION),
                        rx.el.thead(rx.el.tr(rx.el.th(txt.CHART_PERIOD, scope="col"),
                                             rx.el.th(txt.CHART_CONSUMPTION, scope="col", class_name="num"),
                                             rx.cond(s.series_has_garden,
                                                     rx.el.th(txt.CHART_GARDEN, scope="col", class_name="num")))),
                        rx.el.tbody(rx.foreach(s.series, _series_row)),
                        data_testid="consumption-table",
                    ), txt.CHART_TABLE_CAPTION),
                    class_name="readings-series",
                ),
            ),
            rx.el.p(txt.NO_SERIES, class_name="muted"),
        ),
        aria_labelledby="chart-heading",
    )


@rx.page(route=routes.READINGS, title=f"{txt.TITLE} — IBOK", on_load=ReadingsState.load)
def readings_page() -> rx.Component:
    return customer_page(rx.el.div(
        rx.el.h1(txt.TITLE),
        rx.el.p(txt.LEAD, class_name="lead"),
        loading_guard(
            s.loaded,
            form_alert(s.message),
            _window_banner(),
            rx.cond(
                s.meters.length() > 0,
                rx.fragment(_meters(), _form()),
                rx.el.p(txt.NO_METERS, class_name="alert alert--warn", data_testid="no-meters"),
            ),
            _history(),
            _chart(),
        ),
        class_name="readings-page",
    ))
