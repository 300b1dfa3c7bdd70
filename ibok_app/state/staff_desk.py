"""/admin — the desk's start page: what waits for the office, each count a link to its
queue. Every role may see it."""
from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ibok_app import routes
from ibok_app.services.desk.start import StatusCount, desk_counts
from ibok_app.services.staff import roles
from ibok_app.state.base import FAILED
from ibok_app.state.staff_session import StaffSessionState
from ibok_app.strings import staff as txt


class StaffDeskState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ

    loaded: bool = False
    notice: str = ""
    message: str = ""
    readings_to_verify: int = 0
    tickets_open: int = 0
    tickets_by_status: list[StatusCount] = []
    complaints_due_soon: int = 0
    complaints_overdue: int = 0
    payments_pending_too_long: int = 0
    accounts_awaiting_erasure: int = 0
    accounts_erasure_due: int = 0

    @rx.event
    async def load(self):
        self.loaded, self.notice = False, ""
        ctx, redirect = await self._require_staff("desk.view")
        if redirect:
            return redirect
        if routes.STAFF_REFUSED.split("=")[0] in self.router.url.query_parameters:
            self.notice = txt.REFUSED
        counts = await self._call(desk_counts)
        if counts is not FAILED:
            self.readings_to_verify, self.tickets_open = counts.readings_to_verify, counts.tickets_open
            self.tickets_by_status = list(counts.tickets_by_status)
            self.complaints_due_soon, self.complaints_overdue = counts.complaints_due_soon, counts.complaints_overdue
            self.payments_pending_too_long = counts.payments_pending_too_long
            self.accounts_awaiting_erasure = counts.accounts_awaiting_erasure
            self.accounts_erasure_due = counts.accounts_erasure_due
        self.loaded = True
