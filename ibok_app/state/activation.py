"""Account activation from the e-mailed single-use link."""
from __future__ import annotations

import reflex as rx

from ibok_app.services.accounts import registration
from ibok_app.state.base import FAILED, ServiceCalls


class ActivationState(ServiceCalls, rx.State):
    ok: bool = False
    message: str = ""
    loaded: bool = False

    @rx.event
    async def load(self):
        token = self.router.url.query_parameters.get("token", "")
        result = await self._call(registration.activate, token)
        if result is FAILED:
            self.ok = False  # and the generic message
        else:
            self.ok, self.message = result.ok, result.message
        self.loaded = True
