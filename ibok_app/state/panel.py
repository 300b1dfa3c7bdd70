"""/panel — the customer's dashboard."""
from __future__ import annotations

import reflex as rx

from ibok_app import strings
from ibok_app.services.billing.dashboard import dashboard
from ibok_app.services.notifications.announcements import AnnouncementView
from ibok_app.state.base import FAILED
from ibok_app.state.session import SessionState


class PanelState(SessionState):
    name: str = ""
    number: str = ""
    address: str = ""
    balance: str = ""
    balance_label: str = ""
    overdue: str = ""
    next_due: str = ""
    to_pay: bool = False
    announcements: list[AnnouncementView] = []
    message: str = ""
    loaded: bool = False

    @rx.event
    async def load(self):
        self.loaded, self.message = False, ""
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        view = await self._call(dashboard, ctx.customer_id)
        if view is None:
            self.message = strings.GENERIC_ERROR  # no such customer any more
        elif view is not FAILED:
            self.name, self.number, self.address = view.customer_name, view.customer_number, view.address
            self.balance, self.balance_label = view.balance, view.balance_label
            self.overdue, self.next_due, self.to_pay = view.overdue, view.next_due, view.to_pay
            self.announcements = view.announcements
        self.loaded = True
