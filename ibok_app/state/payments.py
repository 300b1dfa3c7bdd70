"""/platnosci — balance today, payment history and charges vs payments per month (§9 c, f)."""
from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ibok_app.services.billing import balance as balance_service
from ibok_app.services.billing import payments
from ibok_app.services.billing.documents import as_page
from ibok_app.services.billing.payments import PaymentRow
from ibok_app.services.payments.history import OnlineRow, online_history
from ibok_app.state.base import FAILED
from ibok_app.state.session import SessionState
from ibok_app.strings import billing as t
from ibok_app.views.formats import money

PAGE_SIZE = 20
CHART_MONTHS = 24


def _overview(session, customer_id: int):
    """Balance, monthly series, online transactions and the first page of payments in
    one transaction, so they agree."""
    return (balance_service.balance(session, customer_id),
            payments.charges_and_payments_series(session, customer_id, CHART_MONTHS),
            online_history(session, customer_id),
            payments.payment_history(session, customer_id, 1, PAGE_SIZE))


def _chart_points(series) -> list[dict[str, str | float | None]]:
    """The chart's bars; the current month, still running, in its own lighter series."""
    points = []
    for i, p in enumerate(series):
        running = i == len(series) - 1
        points.append({"label": p.label + (" (w toku)" if running else ""),
                       "charges": None if running else p.charges_zl, "payments": None if running else p.payments_zl,
                       "charges_open": p.charges_zl if running else None,
                       "payments_open": p.payments_zl if running else None})
    return points


@dataclass(frozen=True)
class MonthRow:
    label: str  # "mm.rrrr"
    charges: str
    payments: str


class PaymentsState(SessionState):
    balance_label: str = ""  # "Do zapłaty" / "Nadpłata" / "Rozliczone"
    balance: str = ""  # without sign: the label says which way
    is_credit: bool = False
    overdue: str = ""  # "" when nothing is overdue
    next_due: str = ""
    as_of: str = ""
    to_pay: bool = False
    online: list[OnlineRow] = []
    rows: list[PaymentRow] = []
    total: int = 0
    page_no: int = 1
    page_count: int = 1
    months: list[MonthRow] = []
    chart: list[dict[str, str | float | None]] = []
    message: str = ""
    loaded: bool = False

    @rx.var
    def page_label(self) -> str:
        return t.PAGE_OF.format(page=self.page_no, pages=self.page_count)

    async def _fetch_history(self, ctx) -> bool:
        result = await self._call(payments.payment_history, ctx.customer_id, self.page_no, PAGE_SIZE)
        if result is FAILED:
            return False
        self._show_history(result)
        return True

    def _show_history(self, result) -> None:
        self.rows, self.total = result.rows, result.total
        self.page_no, self.page_count = result.page, result.pages

    @rx.event
    async def load(self):
        self.loaded, self.message = False, ""
        self.page_no = 1
        _ctx, overview, redirect = await self._require_customer_with(_overview)
        if redirect:
            return redirect
        if overview is FAILED:
            self.loaded = True
            return
        bal, series, self.online, history = overview
        self.balance_label, self.balance, self.is_credit = bal.label, bal.balance_display, bal.is_credit
        self.to_pay = bal.balance_gr > 0
        self.overdue = bal.overdue_display if bal.overdue_gr > 0 else ""
        self.next_due, self.as_of = bal.next_due_display, bal.as_of_display
        self.months = [MonthRow(p.label, money(p.charges_gr), money(p.payments_gr)) for p in series]
        self.chart = _chart_points(series)
        self._show_history(history)
        self.loaded = True

    @rx.event
    async def go_page(self, page: int):
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        self.message = ""
        self.page_no = as_page(page, self.page_no)
        await self._fetch_history(ctx)
