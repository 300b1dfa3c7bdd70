"""Forgotten password (temporary one by e-mail) and password change (§4)."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes
from ibok_app.services.accounts import password_reset
from ibok_app.state.base import FAILED, ServiceCalls, form_value, show_first_error
from ibok_app.state.session import SessionState


class ForgotPasswordState(ServiceCalls, rx.State):
    errors: dict[str, str] = {}
    message: str = ""
    done: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        self.errors, self.message, self.done, self.busy = {}, "", "", False

    @rx.event
    async def submit(self, form: dict):
        who = form_value(form, "login_or_email", 300).strip()
        self.errors, self.message = {}, ""
        if not who:
            self.errors = {"login_or_email": "Podaj login albo adres e-mail."}
            yield show_first_error()
            return
        self.busy = True
        yield
        done = await self._call(password_reset.request_password_reset, login_or_email=who,
                                client_ip=self.router.session.client_ip, busy="busy", error="message")
        if done is not FAILED:
            self.done = done


class ChangePasswordState(SessionState):
    errors: dict[str, str] = {}
    message: str = ""
    done: str = ""
    forced: bool = False
    loaded: bool = False
    busy: bool = False

    @rx.event
    async def load(self):
        self.errors, self.message, self.done, self.busy = {}, "", "", False
        ctx, redirect = await self._require_customer(allow_unready=True)
        if redirect:
            return redirect
        self.forced = ctx.must_change_password
        self.loaded = True

    @rx.event
    async def submit(self, form: dict):
        self.errors, self.message, self.done = {}, "", ""
        ctx, redirect = await self._require_customer(allow_unready=True)
        if redirect:
            yield redirect
            return
        self.busy = True
        yield
        result = await self._call(
            password_reset.change_password, account_id=ctx.account_id,
            current=form_value(form, "current_password", 1000),
            new=form_value(form, "new_password", 1000),
            confirm=form_value(form, "new_password_confirm", 1000),
            keep_token=await self._current_token(),
            busy="busy", error="message",
        )
        if result is FAILED:
            return
        if not result.ok:
            self.errors, self.message = dict(result.field_errors), result.message
            yield show_first_error()
            return
        was_forced = self.forced
        self.forced = False
        self.done = result.message
        if was_forced:
            # the confirmation travels with the customer (the Panel shows it)
            yield rx.redirect(routes.ACCEPT_TERMS if ctx.needs_terms else routes.PANEL + "?" + routes.PASSWORD_CHANGED)
