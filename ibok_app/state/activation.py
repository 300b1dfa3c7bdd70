"""Account activation from the e-mailed single-use link."""
from __future__ import annotations

import reflex as rx

from ibok_app import strings
from ibok_app.services.accounts import registration
from ibok_app.state.base import ServiceFailed, run_service


class ActivationState(rx.State):
    ok: bool = False
    message: str = ""
    loaded: bool = False

    @rx.event
    async def load(self):
        token = self.router.url.query_parameters.get("token", "")
        try:
            result = await run_service(registration.activate, token)
            self.ok, self.message = result.ok, result.message
        except ServiceFailed:
            self.ok, self.message = False, strings.GENERIC_ERROR
        self.loaded = True
