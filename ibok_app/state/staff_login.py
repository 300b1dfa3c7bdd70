"""/admin/logowanie: password, then the second factor (a code, or enrolment with a QR
code when an administrator requires it), then the staff cookie. The half-done login is
a ticket the service issued (never a session), kept server-side in `_ticket`."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes
from ibok_app.services.staff import authentication
from ibok_app.services.staff.authorization import staff_context
from ibok_app.state.base import FAILED, ServiceFailed, form_value, run_service, show_first_error
from ibok_app.state.staff_session import StaffSessionState
from ibok_app.strings import staff as txt

STEPS = ("password", "code", "enrol", "codes")


class StaffLoginState(StaffSessionState):
    step: str = "password"
    errors: dict[str, str] = {}
    message: str = ""
    info: str = ""
    busy: bool = False
    qr_data_uri: str = ""
    secret_grouped: str = ""
    recovery_codes: list[str] = []

    _ticket: str = ""
    _next_page: str = routes.STAFF_HOME  # after login: the password page while an initial one waits

    def _back_to_password(self, message: str = "") -> None:
        self.step, self._ticket, self.qr_data_uri, self.secret_grouped = "password", "", "", ""
        self.message = message

    @rx.event
    async def load(self):
        self.errors, self.message, self.busy, self.recovery_codes = {}, "", False, []
        self._back_to_password()
        self.info = txt.LOGGED_OUT if self.router.url.query_parameters.get("wylogowano") else ""
        token = (await self._staff_root())._presented_token()
        try:
            ctx = await run_service(staff_context, token) if token else None
        except ServiceFailed:
            ctx = None
        if ctx is not None:
            return rx.redirect(routes.STAFF_HOME)

    @rx.event
    async def submit_password(self, form: dict):
        login = form_value(form, "login", 100).strip()
        password = form_value(form, "password", 1000)
        self.errors, self.message, self.info = {}, "", ""
        if not login:
            self.errors["login"] = txt.NEED_LOGIN
        if not password:
            self.errors["password"] = txt.NEED_PASSWORD
        if self.errors:
            yield show_first_error()
            return
        self.busy = True
        yield
        result = await self._call(authentication.login, login=login, password=password,
                                  client_ip=self._client_ip(), busy="busy", error="message")
        self.busy = False
        if result is FAILED:
            return
        if not result.ok:
            self.message = result.message
            yield show_first_error()
            return
        async for event in self._after_step(result):
            yield event

    async def _after_step(self, result):
        if result.step == authentication.STEP_DONE and result.token:
            await self._sign_in(result.token)
            self._next_page = routes.STAFF_PASSWORD if result.must_change_password else routes.STAFF_HOME
            if result.recovery_codes:
                self.step, self.recovery_codes = "codes", list(result.recovery_codes)
                return
            yield rx.redirect(self._next_page)
            return
        self._ticket = result.ticket
        if result.step == authentication.STEP_CODE:
            self.step = "code"
        elif result.step == authentication.STEP_ENROL:
            enrolment = await self._call(authentication.start_login_enrolment, ticket=self._ticket)
            if enrolment is FAILED or enrolment is None:
                self._back_to_password(authentication.MSG_TICKET_GONE)
                return
            self.step, self.qr_data_uri, self.secret_grouped = "enrol", enrolment.qr_data_uri, enrolment.secret_grouped

    @rx.event
    async def submit_code(self, form: dict):
        async for event in self._second_step(form, authentication.verify_code, "code"):
            yield event

    @rx.event
    async def submit_enrolment(self, form: dict):
        async for event in self._second_step(form, authentication.finish_login_enrolment, "enrol"):
            yield event

    async def _second_step(self, form: object, service, step: str):
        self.errors, self.message = {}, ""
        if self.step != step or not self._ticket:
            self._back_to_password(authentication.MSG_TICKET_GONE)
            return
        code = form_value(form, "code", 64).strip()
        if not code:
            self.errors["code"] = txt.NEED_CODE
            yield show_first_error()
            return
        self.busy = True
        yield
        result = await self._call(service, ticket=self._ticket, code=code, client_ip=self._client_ip(),
                                  busy="busy", error="message")
        self.busy = False
        if result is FAILED:
            return
        if result.restart:
            self._back_to_password(result.message)
            return
        if not result.ok:
            self.errors["code"] = result.message
            yield show_first_error()
            return
        async for event in self._after_step(result):
            yield event

    @rx.event
    def start_over(self):
        self.errors = {}
        self._back_to_password()

    @rx.event
    def codes_saved(self):
        """The member has written the recovery codes down: they leave this tab's state."""
        self.recovery_codes = []
        return rx.redirect(self._next_page if self._next_page in (routes.STAFF_HOME, routes.STAFF_PASSWORD)
                           else routes.STAFF_HOME)
