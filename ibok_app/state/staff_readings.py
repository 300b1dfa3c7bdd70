"""/admin/odczyty — readings flagged "do weryfikacji": each with the meter's history
and the photo; accept, or reject with a reason the customer sees on Odczyty and gets
by e-mail (services/desk/readings_queue.py). Auditors look; operators and
administrators decide."""
from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ibok_app.services.desk import readings_queue
from ibok_app.services.desk.readings_queue import VerifyItem
from ibok_app.services.staff import roles
from ibok_app.state.base import FAILED, form_value, show_first_error
from ibok_app.state.staff_session import StaffSessionState

PAGE_SIZE = 20


class StaffReadingsState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ
    HANDLER_ROLES: ClassVar[dict] = {"accept": roles.WORK, "reject": roles.WORK}

    loaded: bool = False
    items: list[VerifyItem] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    can_act: bool = False
    message: str = ""
    errors: dict[str, str] = {}  # "reason-<reading id>" → the message beside that reading's reason

    async def _refresh(self) -> None:
        found = await self._call(readings_queue.readings_to_verify, page=self.page, page_size=PAGE_SIZE)
        if found is not FAILED:
            self.items, self.total, self.page, self.pages = found.rows, found.total, found.page, found.pages

    @rx.event
    async def load(self):
        self.loaded, self.message, self.errors = False, "", {}
        ctx, redirect = await self._require_staff("readings.queue")
        if redirect:
            return redirect
        self.can_act = ctx.can(roles.WORK)
        raw = self.router.url.query_parameters.get("strona", "1")
        self.page = int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 6 else 1
        await self._refresh()
        self.loaded = True

    @rx.event
    async def accept(self, reading_id: int):
        self.message, self.errors = "", {}
        ctx, redirect = await self._require_staff("readings.accept", roles.WORK)
        if redirect:
            return redirect
        result = await self._call(readings_queue.accept_reading, ctx.staff_id, reading_id,
                                  client_ip=self._client_ip())
        if result is not FAILED:
            self.message = result.message
            await self._refresh()

    @rx.event
    async def reject(self, form: dict):
        self.message, self.errors = "", {}
        ctx, redirect = await self._require_staff("readings.reject", roles.WORK)
        if redirect:
            yield redirect
            return
        reading_id = form_value(form, "reading_id", 20)
        result = await self._call(readings_queue.reject_reading, ctx.staff_id, reading_id,
                                  form_value(form, "reason", 2000), client_ip=self._client_ip())
        if result is FAILED:
            return
        if not result.ok and result.field_errors.get("reason"):
            self.errors = {f"reason-{reading_id}": result.field_errors["reason"]}
            yield show_first_error()
            return
        self.message = result.message
        await self._refresh()
