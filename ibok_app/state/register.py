"""Registration form state (§4): validates through registration.register, shows its messages."""
from __future__ import annotations

import reflex as rx

from ibok_app.services.accounts import registration
from ibok_app.state.base import FAILED, ServiceCalls, form_checked, form_value, show_first_error


class RegisterState(ServiceCalls, rx.State):
    errors: dict[str, str] = {}
    message: str = ""
    done_email: str = ""
    done_login: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        self.errors, self.message, self.done_email, self.done_login, self.busy = {}, "", "", "", False

    @rx.event
    async def submit(self, form: dict):
        self.errors, self.message = {}, ""
        self.busy = True
        yield
        result = await self._call(
            registration.register,
            customer_number=form_value(form, "customer_number", 50).strip(),
            invoice_number=form_value(form, "invoice_number", 60).strip(),
            gross_amount=form_value(form, "gross_amount", 40),
            phone=form_value(form, "phone", 40),
            email=form_value(form, "email", 300).strip(),
            password=form_value(form, "password", 1000),
            password_confirm=form_value(form, "password_confirm", 1000),
            accepted_terms=form_checked(form, "accepted_terms"),
            client_ip=self.router.session.client_ip,
            busy="busy", error="message",
        )
        if result is FAILED:
            return
        if result.ok:
            self.done_login = result.login
            self.done_email = result.email
            return
        self.errors = dict(result.field_errors)
        self.message = result.message
        yield show_first_error()
