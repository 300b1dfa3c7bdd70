"""/odczyty — reporting a meter reading (§9 a) and its history (§9 b).

Every rule lives in services/readings/ (submit_reading, and whether the estimate
says "no sewage"); this state only reads the form, keeps what the customer typed
while an unusual reading waits for confirmation, and turns the service's answers
into display vars.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from ibok_app.services.readings import submission as readings
from ibok_app.services.readings.estimate import EstimateView
from ibok_app.services.readings.history import HistoryRow, history_with_series
from ibok_app.services.readings.rules import days_pl, parse_date, parse_reading_l
from ibok_app.services.readings.submission import MeterView, SubmitResult
from ibok_app.services.readings.window import reading_window
from ibok_app.state.base import FAILED, _Failed, form_value
from ibok_app.state.photo_draft import PhotoDraft
from ibok_app.state.session import SessionState
from ibok_app.strings import readings as txt
from ibok_app.views.formats import date_pl, m3, today_in_warsaw

log = logging.getLogger("ibok")

HISTORY_PAGE = 12
MAX_HISTORY = 500  # reading_history's own page cap; the CSV has everything
PHOTO_NAME_LEN = 80


@dataclass(frozen=True)
class ChartPoint:
    label: str  # "mm.rrrr", "mm.rrrr (w toku)" for the running month
    m3: float | None  # water (main meters) of a finished month, for the chart only
    m3_open: float | None  # the running month's water: its own, lighter bar
    text: str  # "12,345 m³" for the table
    garden_m3: float = 0.0  # the garden sub-meter's water, a series of its own (never added to m3)
    garden_text: str = ""


@dataclass(frozen=True)
class EstimateLine:
    label: str
    amount: str
    total: bool = False


@dataclass(frozen=True)
class PageData:
    meters: list[MeterView]
    history: list[HistoryRow]
    history_total: int
    series: list[ChartPoint]


def _page_data(session: Session, customer_id: int, limit: int) -> PageData:
    """Everything the page shows, read in one transaction."""
    meters = readings.customer_meters(session, customer_id)
    page, points = history_with_series(session, customer_id, limit)
    series = [ChartPoint(p.label + (txt.CHART_RUNNING if p.running else ""),
                         None if p.running else p.consumption_m3, p.consumption_m3 if p.running else None,
                         m3(p.consumption_l), p.garden_m3, m3(p.garden_l))
              for p in points]
    return PageData(meters, page.rows, page.total, series)


def _estimate_lines(e: EstimateView) -> list[EstimateLine]:
    lines = [EstimateLine(txt.ESTIMATE_PERIOD, e.period_text)] if e.period_text else []
    lines.append(EstimateLine(txt.ESTIMATE_WATER, e.water_net_text))
    if e.sewage_net_gr:
        lines.append(EstimateLine(txt.ESTIMATE_SEWAGE, e.sewage_net_text))
    lines += [
        EstimateLine(txt.ESTIMATE_SUBSCRIPTION, e.subscription_net_text),
        EstimateLine(txt.ESTIMATE_NET, e.net_text),
        EstimateLine(f"{txt.ESTIMATE_VAT} {e.vat_rate}%", e.vat_text),
        EstimateLine(txt.ESTIMATE_GROSS, e.gross_text, total=True),
    ]
    if e.last_year_text:
        lines.append(EstimateLine(txt.ESTIMATE_LAST_YEAR.format(period=e.last_year_period_text),
                                  e.last_year_text))
    return lines


class ReadingsState(PhotoDraft, SessionState):
    loaded: bool = False
    message: str = ""  # the page could not load
    window_open: bool = False
    window_message: str = ""
    today_iso: str = ""
    meters: list[MeterView] = []
    history: list[HistoryRow] = []
    history_total: int = 0
    series: list[ChartPoint] = []
    series_has_garden: bool = False  # a garden sub-meter's series is drawn beside the water
    series_has_running: bool = False  # a month still running is in the chart (its legend entry)

    errors: dict[str, str] = {}
    form_message: str = ""
    busy: bool = False
    confirm_message: str = ""  # set while an unusual reading waits for "Potwierdzam odczyt"
    confirm_summary: str = ""

    result_message: str = ""
    result_status_label: str = ""
    result_to_verify: bool = False
    result_consumption: str = ""
    result_next_period: bool = False
    result_window: str = ""
    estimate_lines: list[EstimateLine] = []
    estimate_note: str = ""
    estimate_no_sewage: bool = False

    _pending: dict[str, str] = {}
    _history_limit: int = HISTORY_PAGE

    # ---- helpers -------------------------------------------------------------
    def _photo_refused_text(self) -> str:
        return txt.PHOTO_REJECTED

    def _clear_feedback(self) -> None:
        self.errors, self.form_message = {}, ""
        self.confirm_message, self.confirm_summary, self._pending = "", "", {}
        self.result_message, self.result_status_label, self.result_to_verify = "", "", False
        self.result_consumption, self.result_next_period, self.result_window = "", False, ""
        self.estimate_lines, self.estimate_note, self.estimate_no_sewage = [], "", False

    def _set_window(self) -> None:
        try:
            window = reading_window()
        except Exception:  # a misconfigured window must not break the page
            log.exception("reading window")
            self.window_open, self.window_message = False, ""
            return
        self.window_open, self.window_message = window.open, window.message

    async def _refresh(self, customer_id: int) -> bool:
        return self._show(await self._call(_page_data, customer_id, self._history_limit))

    def _show(self, data: PageData | _Failed) -> bool:
        if data is FAILED:
            return False
        self.meters, self.history, self.history_total = data.meters, data.history, data.history_total
        self.series = data.series
        self.series_has_garden = any(p.garden_m3 > 0 for p in data.series)
        self.series_has_running = any(p.m3_open is not None for p in data.series)
        self.today_iso = today_in_warsaw().isoformat()
        self._set_window()
        return True

    def _show_result(self, result: SubmitResult) -> None:
        # the service's message repeats consumption and window; those have their own lines here
        self.result_message = txt.RESULT_TO_VERIFY if result.status == "to_verify" else txt.RESULT_ACCEPTED
        if result.correction:
            self.result_message = txt.RESULT_CORRECTION.format(day=result.corrects_on_text)
        self.result_status_label = result.status_label
        self.result_to_verify = result.status == "to_verify"
        self.result_consumption = (f"{result.consumption_text} w {days_pl(result.days)}"
                                   if result.consumption_text and result.days is not None else "")
        self.result_next_period = result.for_next_period
        self.result_window = result.window.message if result.window else ""
        if result.estimate is not None:
            self.estimate_lines = _estimate_lines(result.estimate)
            self.estimate_note = " ".join(filter(None, (
                result.estimate.basis_text, txt.ESTIMATE_NOTE.format(tariff=result.estimate.tariff_name))))
            self.estimate_no_sewage = result.no_sewage_note

    async def _send(self, ctx, values: dict[str, str], confirm: bool):
        """Submit `values` (meter, value, read_on, photo) once; sets the page's feedback and
        clears `busy`."""
        result = await self._call(
            readings.submit_reading, ctx.customer_id, values["meter"], values["value"],
            values["read_on"] or None, confirm_unusual=confirm,
            photo_path=values["photo"] or None, account_id=ctx.account_id,
            client_ip=self.router.session.client_ip,
            busy="busy", error="form_message",
        )
        if result is FAILED:
            return None
        if result.ok:
            self._clear_feedback()
            self._show_result(result)
            self._photo_sent()
            await self._refresh(ctx.customer_id)
            return rx.set_value("value", "")
        if result.needs_confirmation:
            self._pending = {**values, "meter": str(result.meter_id)}
            self.confirm_message = result.message
            day = parse_date(values["read_on"]) if values["read_on"] else today_in_warsaw()
            litres = parse_reading_l(values["value"])
            self.confirm_summary = txt.CONFIRM_SUMMARY.format(
                meter=result.meter_serial,
                value=m3(litres) if litres is not None else values["value"],
                day=date_pl(day) if day else values["read_on"])
            return None
        self.errors = dict(result.field_errors)
        self.form_message = result.message
        return None

    # ---- events --------------------------------------------------------------
    @rx.event
    async def load(self):
        self.loaded, self.message, self.busy, self.photo_busy = False, "", False, False
        self._clear_feedback()
        self._history_limit = HISTORY_PAGE
        ctx, data, redirect = await self._require_customer_with(_page_data, self._history_limit)
        if redirect:
            self._photo_path, self.photo_name = "", ""
            return redirect
        await self._drop_photo(ctx.customer_id)  # chosen on an earlier visit, never sent
        self._show(data)
        self.loaded = True

    @rx.event
    async def submit(self, form: dict):
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        self._clear_feedback()
        values = {
            "meter": form_value(form, "meter", 30).strip(),
            "value": form_value(form, "value", 60),
            "read_on": form_value(form, "read_on", 30).strip(),
            "photo": self._photo_path,
        }
        self.busy = True
        yield
        follow_up = await self._send(ctx, values, confirm=False)
        if follow_up is not None:
            yield follow_up

    @rx.event
    async def confirm(self):
        """Resubmit the values that needed confirmation, now with the customer's consent."""
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        if not self._pending:
            return
        # the photo now in the form: it may have been removed (and deleted) or replaced meanwhile
        values = {**self._pending, "photo": self._photo_path}
        self.busy = True
        yield
        follow_up = await self._send(ctx, values, confirm=True)
        if follow_up is not None:
            yield follow_up

    @rx.event
    async def cancel_confirm(self):
        _, redirect = await self._require_customer()
        if redirect:
            return redirect
        self.confirm_message, self.confirm_summary, self._pending = "", "", {}
        return rx.set_focus("value")

    @rx.event
    async def show_more(self):
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        self._history_limit = min(self._history_limit + HISTORY_PAGE, MAX_HISTORY)
        await self._refresh(ctx.customer_id)
