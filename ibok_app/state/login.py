"""Login form state: one service call, then the cookie and a redirect."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes, strings
from ibok_app.services.accounts import authentication
from ibok_app.state.base import PASSWORD_LANE, ServiceFailed, form_value, run_service, show_first_error
from ibok_app.state.cookies import BrowserCookies
from ibok_app.state.session import SessionState, remember_signed_in


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

    @rx.event(background=True)
    async def submit(self, form: dict):
        """A background event: it holds the tab's lock only to read the form's context
        and to store the outcome, never while bcrypt runs. With Redis the lock expires
        (rxconfig.py), and in a morning's burst of logins the hashing queue outlasted it:
        the login's state write was refused and the customer, logged in, landed on the
        login page again (docs/benchmarks.md). So it calls run_service itself instead of
        ServiceCalls._call, whose bookkeeping writes state."""
        login = form_value(form, "login", 100).strip()
        password = form_value(form, "password", 1000)
        async with self:
            if self.busy:  # a double click: the first submit answers
                return
            self.errors, self.message, self.info = {}, "", ""
            if not login:
                self.errors["login"] = "Podaj login (numer klienta)."
            if not password:
                self.errors["password"] = "Podaj hasło."
            refused = bool(self.errors)
            self.busy = not refused
            device_cookie = (await self.get_state(BrowserCookies))._presented_device()
            client_ip = self.router.session.client_ip
            next_page = self.router.url.query_parameters.get("next")
        if refused:
            yield show_first_error()
            return
        try:
            result = await run_service(authentication.login, login=login, password=password,
                                       client_ip=client_ip, device_cookie=device_cookie, lane=PASSWORD_LANE)
        except ServiceFailed:
            result = None
        async with self:
            self.busy = False
            if result is None:
                self.message = strings.GENERIC_ERROR
            elif not result.ok:
                self.message = result.message
            else:
                await self._sign_in(result.token)
                (await self.get_state(BrowserCookies)).device_cookie = result.device_cookie
        if result is None:
            return
        if not result.ok:
            yield show_first_error()
            return
        yield rx.call_script(remember_signed_in(True))
        if result.must_change_password:
            yield rx.redirect(routes.CHANGE_PASSWORD)
        elif result.needs_terms:
            yield rx.redirect(routes.ACCEPT_TERMS)
        else:
            yield rx.redirect(routes.safe_next(next_page))
