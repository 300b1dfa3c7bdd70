"""/admin — the desk's start page: what waits for the office, each count a link to its
queue. Every role may see it."""
from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ibok_app import routes
from ibok_app.services.staff import roles
from ibok_app.state.staff_session import StaffSessionState
from ibok_app.strings import staff as txt


class StaffDeskState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ

    loaded: bool = False
    notice: str = ""

    @rx.event
    async def load(self):
        self.loaded, self.notice = False, ""
        ctx, redirect = await self._require_staff("desk.view")
        if redirect:
            return redirect
        if routes.STAFF_REFUSED.split("=")[0] in self.router.url.query_parameters:
            self.notice = txt.REFUSED
        self.loaded = True
