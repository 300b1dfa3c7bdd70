"""/admin/haslo — a staff member changes their own password: the current one, the new
one twice, the customers' policy (services/staff/accounts.change_own_password, bcrypt
in a worker thread through _call). The only page that opens while an initial password
set by an administrator waits to be changed (PASSWORD_CHANGE_PAGE); every other
page's guard sends the member here until then."""
from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ibok_app.services.staff import accounts, roles
from ibok_app.state.base import FAILED, form_value, show_first_error
from ibok_app.state.staff_session import StaffSessionState


class StaffPasswordState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ
    PASSWORD_CHANGE_PAGE: ClassVar[bool] = True

    loaded: bool = False
    forced: bool = False  # an initial password waits to be changed
    errors: dict[str, str] = {}
    message: str = ""
    done: str = ""
    busy: bool = False
    form_key: int = 0

    @rx.event
    async def load(self):
        self.loaded, self.errors, self.message, self.done, self.busy = False, {}, "", "", False
        ctx, redirect = await self._require_staff("staff.password_page")
        if redirect:
            return redirect
        self.forced = ctx.must_change_password
        self.loaded = True

    @rx.event
    async def change(self, form: dict):
        self.errors, self.message, self.done = {}, "", ""
        ctx, redirect = await self._require_staff("staff.password_change")
        if redirect:
            yield redirect
            return
        self.busy = True
        yield
        result = await self._call(
            accounts.change_own_password, staff_id=ctx.staff_id, session_id=ctx.session_id,
            current=form_value(form, "current_password", 1000), new=form_value(form, "new_password", 1000),
            confirm=form_value(form, "new_password_confirm", 1000), client_ip=self._client_ip(),
            busy="busy", error="message")
        self.busy = False
        if result is FAILED:
            return
        if not result.ok:
            self.errors, self.message = dict(result.errors), result.message
            yield show_first_error()
            return
        self.forced, self.done = False, result.message
        self.form_key += 1
