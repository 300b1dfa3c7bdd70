"""/moje-dane — contact data, notification preferences and resignation (§6, §7, §8).

Every handler resolves the caller from the session cookie and passes only that
account id to the services; forms are read with form_value/form_checked.
Forms are uncontrolled: after a successful save the form's `key` changes so it
re-mounts with the stored values (and an emptied password field); after an error
it is left alone, so nothing the customer typed is lost.
"""
from __future__ import annotations

import reflex as rx

from ibok_app import strings
from ibok_app.services.accounts import closure as account_closure
from ibok_app.services.accounts import profile
from ibok_app.state.base import FAILED, ServiceFailed, form_checked, form_value, run_service, show_first_error
from ibok_app.state.session import SessionState
from ibok_app.strings import my_data as txt


class MyDataState(SessionState):
    loaded: bool = False
    message: str = ""

    # customer data (read-only) and contact data
    customer_name: str = ""
    customer_number: str = ""
    address: str = ""
    corr_address: str = ""
    email: str = ""
    phone_text: str = ""
    pending_email: str = ""
    pending_until: str = ""
    contact_errors: dict[str, str] = {}
    contact_message: str = ""
    contact_done: str = ""
    contact_busy: bool = False
    contact_key: int = 0

    # notification preferences
    prefs: dict[str, bool] = {}
    has_phone: bool = False
    prefs_errors: dict[str, str] = {}
    prefs_message: str = ""
    prefs_done: str = ""
    prefs_busy: bool = False
    prefs_key: int = 0

    # resignation (§7)
    closing: bool = False
    closing_requested: str = ""
    access_until: str = ""
    days_left: str = ""
    close_step: bool = False
    close_errors: dict[str, str] = {}
    close_message: str = ""
    close_done: str = ""
    close_busy: bool = False

    def _clear_messages(self) -> None:
        self.contact_errors, self.contact_message, self.contact_done = {}, "", ""
        self.prefs_errors, self.prefs_message, self.prefs_done = {}, "", ""
        self.close_errors, self.close_message, self.close_done = {}, "", ""

    async def _load_contact(self, account_id: int) -> bool:
        data = await run_service(profile.contact_data, account_id)
        if data is None:
            return False
        self.customer_name, self.customer_number = data.customer_name, data.login
        self.address, self.corr_address = data.address, data.correspondence_address
        self.email, self.phone_text = data.email, data.phone_text
        self.pending_email, self.pending_until = data.pending_email, data.pending_until_text
        self.has_phone = bool(data.phone)
        return True

    async def _load_prefs(self, account_id: int) -> bool:
        prefs = await run_service(profile.preferences, account_id)
        if prefs is None:
            return False
        self.prefs = {name: bool(getattr(prefs, name)) for name in profile.PREFERENCE_FIELDS}
        self.has_phone = prefs.has_phone
        return True

    async def _load_closure(self, account_id: int) -> bool:
        info = await run_service(account_closure.closure_info, account_id)
        if info is None:
            return False
        self.closing = info.closing
        self.closing_requested = info.requested_at_text
        self.access_until = info.access_until_text
        self.days_left = txt.days_left_text(info.days_left) if info.closing else ""
        return True

    @rx.event
    async def load(self):
        self.loaded, self.message, self.close_step = False, "", False
        self.contact_busy = self.prefs_busy = self.close_busy = False
        self._clear_messages()
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        yield  # show "Wczytywanie…" (and unmount stale forms) while the data loads
        try:
            ok = (await self._load_contact(ctx.account_id) and await self._load_prefs(ctx.account_id)
                  and await self._load_closure(ctx.account_id))
        except ServiceFailed:
            ok = False
        if not ok:
            self.message = strings.GENERIC_ERROR
        self.contact_key += 1
        self.prefs_key += 1
        self.loaded = True

    @rx.event
    async def save_contact(self, form: dict):
        self._clear_messages()
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        self.contact_busy = True
        yield
        result = await self._call(
            profile.change_contact, ctx.account_id,
            email=form_value(form, "email", 300).strip(),
            phone=form_value(form, "phone", 40),
            current_password=form_value(form, "current_password", 1000),
            client_ip=self.router.session.client_ip,
            busy="contact_busy", error="contact_message",
        )
        if result is FAILED:
            return
        if not result.ok:
            self.contact_errors, self.contact_message = dict(result.field_errors), result.message
            yield show_first_error()
            return
        try:
            await self._load_contact(ctx.account_id)
        except ServiceFailed:
            pass  # saved; the page shows the new values after a reload
        self.contact_done = result.message
        self.contact_key += 1

    @rx.event
    async def cancel_email_change(self):
        self._clear_messages()
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        self.contact_busy = True
        yield
        result = await self._call(profile.cancel_pending_email, ctx.account_id,
                                  client_ip=self.router.session.client_ip,
                                  busy="contact_busy", error="contact_message")
        if result is FAILED:
            return
        if not result.ok:
            self.contact_message = result.message
            return
        try:
            await self._load_contact(ctx.account_id)
        except ServiceFailed:
            self.pending_email = ""  # cancelled all the same; the rest shows after a reload
        self.contact_done = result.message
        yield
        yield rx.set_focus("email")  # the pending box went away with the focused button

    @rx.event
    async def save_preferences(self, form: dict):
        self._clear_messages()
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        self.prefs_busy = True
        yield
        chosen = {name: form_checked(form, name) for name in profile.PREFERENCE_FIELDS}
        result = await self._call(profile.save_preferences, ctx.account_id, **chosen,
                                  client_ip=self.router.session.client_ip,
                                  busy="prefs_busy", error="prefs_message")
        if result is FAILED:
            return
        if not result.ok:
            self.prefs_errors, self.prefs_message = dict(result.field_errors), result.message
            yield show_first_error()
            return
        try:
            await self._load_prefs(ctx.account_id)
        except ServiceFailed:
            pass
        self.prefs_done = result.message
        self.prefs_key += 1

    @rx.event
    async def start_closure(self):
        _ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        self._clear_messages()
        self.close_step = not self.closing
        yield  # render the confirm step, then move focus into it
        if self.close_step:
            yield rx.set_focus("close_password")

    @rx.event
    async def cancel_closure(self):
        _ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        self._clear_messages()
        self.close_step = False
        yield
        yield rx.set_focus("close-start")

    @rx.event
    async def close_account(self, form: dict):
        self._clear_messages()
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        self.close_busy = True
        yield
        result = await self._call(
            account_closure.request_closure, ctx.account_id,
            password=form_value(form, "close_password", 1000),
            keep_token=await self._current_token(), client_ip=self.router.session.client_ip,
            busy="close_busy", error="close_message",
        )
        if result is FAILED:
            return
        if not result.ok:
            # "password" is the service's field name; the input here is "close_password"
            errors = dict(result.field_errors)
            if "password" in errors:
                errors["close_password"] = errors.pop("password")
            self.close_errors, self.close_message = errors, result.message
            yield show_first_error()
            if result.access_until is None:
                return
        try:
            await self._load_closure(ctx.account_id)
        except ServiceFailed:
            self.message = strings.GENERIC_ERROR
        if self.closing:
            self.close_step = False
            self.close_errors, self.close_message = {}, ""
            self.close_done = result.message
