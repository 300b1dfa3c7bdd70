"""/potwierdz-email?token=… — applies a pending e-mail change from the e-mailed link.

Public on purpose: the link may be opened on another device than the one logged in;
the single-use token is the proof. A repeated on_load with the same token (e.g. after
a reconnect) keeps the first answer instead of showing "link already used".
"""
from __future__ import annotations

import hashlib

import reflex as rx

from ibok_app.services.accounts import profile
from ibok_app.state.base import FAILED
from ibok_app.state.session import SessionState


class ConfirmEmailState(SessionState):
    ok: bool = False
    message: str = ""
    loaded: bool = False
    _last_token: str = ""  # sha256 of the token answered last

    @rx.event
    async def load(self):
        self._remember(await self._context())  # the links below depend on being logged in
        token = self.router.url.query_parameters.get("token", "")
        token = token if isinstance(token, str) else ""
        digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
        if self.loaded and digest == self._last_token:
            return
        result = await self._call(profile.confirm_email, token)
        if result is FAILED:
            self.ok = False  # and the generic message
        else:
            self.ok, self.message = result.ok, result.message
        self._last_token = digest
        self.loaded = True
