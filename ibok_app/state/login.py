"""Login form state: one service call, then the cookie and a redirect."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes, strings
from ibok_app.services.accounts import authentication
from ibok_app.state.base import FAILED, form_value, show_first_error
from ibok_app.state.session import DeviceState, SessionState, remember_signed_in


class LoginState(SessionState):
    errors: dict[str, str] = {}
    message: str = ""
    info: str = ""
    busy: bool = False

    @rx.event
    async def load(self):
        self.errors, self.message, self.busy = {}, "", False
        params = self.router.url.query_parameters
        self.info = strings.LOGGED_OUT if params.get("wylogowano") else ""
        ctx = await self._context()
        self._remember(ctx)
        if ctx is not None:
            return rx.redirect(routes.PANEL)

    @rx.event
    async def submit(self, form: dict):
        login = form_value(form, "login", 100).strip()
        password = form_value(form, "password", 1000)
        self.errors, self.message, self.info = {}, "", ""
        if not login:
            self.errors["login"] = "Podaj login (numer klienta)."
        if not password:
            self.errors["password"] = "Podaj hasło."
        if self.errors:
            yield show_first_error()
            return
        self.busy = True
        yield
        device = await self.get_state(DeviceState)
        result = await self._call(authentication.login, login=login, password=password,
                                  client_ip=self.router.session.client_ip,
                                  device_cookie=device._presented(), busy="busy", error="message")
        if result is FAILED:
            return
        if not result.ok:
            self.message = result.message
            yield show_first_error()
            return
        await self._sign_in(result.token)
        device.device_cookie = result.device_cookie
        yield rx.call_script(remember_signed_in(True))
        if result.must_change_password:
            yield rx.redirect(routes.CHANGE_PASSWORD)
        elif result.needs_terms:
            yield rx.redirect(routes.ACCEPT_TERMS)
        else:
            yield rx.redirect(routes.safe_next(self.router.url.query_parameters.get("next")))
