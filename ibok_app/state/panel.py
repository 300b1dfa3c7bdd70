"""/panel — the customer's dashboard."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes, strings
from ibok_app.services.accounts.password_reset import PASSWORD_CHANGED
from ibok_app.services.billing.documents import DocumentRow
from ibok_app.services.dashboard.panel import OpenCase, dashboard
from ibok_app.services.notifications.announcements import AnnouncementView
from ibok_app.state.base import FAILED
from ibok_app.state.session import SessionState

NO_DOCUMENT = DocumentRow(0, "", "", "", None, "", None, "", 0, "", 0, "", 0, "", "", False)


class PanelState(SessionState):
    name: str = ""
    number: str = ""
    address: str = ""
    balance: str = ""
    balance_label: str = ""
    overdue: str = ""
    next_due: str = ""
    to_pay: bool = False
    has_latest: bool = False
    latest: DocumentRow = NO_DOCUMENT
    last_reading: str = ""
    window_open: bool = False
    window_text: str = ""
    open_cases: list[OpenCase] = []
    announcements: list[AnnouncementView] = []
    message: str = ""
    notice: str = ""  # a confirmation brought from the previous page
    loaded: bool = False

    @rx.event
    async def load(self):
        self.loaded, self.message = False, ""
        _ctx, view, redirect = await self._require_customer_with(dashboard)
        if redirect:
            return redirect
        key, _, value = routes.PASSWORD_CHANGED.partition("=")
        self.notice = PASSWORD_CHANGED if self.router.url.query_parameters.get(key) == value else ""
        if view is None:
            self.message = strings.GENERIC_ERROR  # no such customer any more
        elif view is not FAILED:
            self.name, self.number, self.address = view.customer_name, view.customer_number, view.address
            self.balance, self.balance_label = view.balance, view.balance_label
            self.overdue, self.next_due, self.to_pay = view.overdue, view.next_due, view.to_pay
            self.has_latest, self.latest = view.latest is not None, view.latest or NO_DOCUMENT
            self.last_reading, self.window_open, self.window_text = view.last_reading, view.window_open, view.window_text
            self.open_cases, self.announcements = view.open_cases, view.announcements
        self.loaded = True
