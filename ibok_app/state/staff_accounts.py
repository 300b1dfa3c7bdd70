"""/admin/pracownicy — staff accounts (administrators only): create, change role,
deactivate and reactivate, reset the second factor, give a new initial password (the
member must change it after logging in), require a second factor for all.
A change that locks someone out (deactivation, a second-factor reset) is confirmed
first; every change is audited by the service."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import reflex as rx

from ibok_app.services.cases.shared import Option
from ibok_app.services.staff import accounts, policy, roles
from ibok_app.state.base import FAILED, form_checked, form_value, show_first_error
from ibok_app.state.staff_session import StaffSessionState
from ibok_app.strings import staff as txt
from ibok_app.views.formats import datetime_pl

# The confirmed actions: name → (service, question shown before it).
_CONFIRMED = {
    "deactivate": (accounts.deactivate, txt.ASK_DEACTIVATE),
    "reactivate": (accounts.reactivate, txt.ASK_REACTIVATE),
    "reset_second_factor": (accounts.reset_second_factor, txt.ASK_RESET_2FA),
}


@dataclass(frozen=True)
class StaffRow:
    id: int
    login: str
    full_name: str
    email: str
    role: str
    role_label: str
    active: bool
    second_factor: bool
    last_login: str


def _rows(session) -> tuple[list[StaffRow], bool]:
    rows = [StaffRow(s.id, s.login, s.full_name, s.email, s.role, s.role_label, s.active, s.second_factor,
                     datetime_pl(s.last_login_at) or "—") for s in accounts.list_staff(session)]
    return rows, policy.second_factor_required(session)


class StaffAccountsState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.ADMIN

    loaded: bool = False
    rows: list[StaffRow] = []
    required_2fa: bool = False
    role_options: list[Option] = [Option(r.value, label) for r, label in roles.ROLE_LABELS.items()]
    errors: dict[str, str] = {}
    form_message: str = ""
    message: str = ""  # the result of the last action (role="status")
    busy: bool = False
    form_key: int = 0
    ask_text: str = ""  # the question of a change waiting for confirmation

    own_id: int = 0  # the administrator's own row gets no "Nadaj hasło" (their page is /admin/haslo)
    pw_for: str = ""  # whose initial password the form sets ("" no form)
    pw_errors: dict[str, str] = {}
    pw_message: str = ""
    pw_busy: bool = False

    _ask_action: str = ""
    _ask_id: int = 0
    _pw_id: int = 0

    async def _refresh(self) -> None:
        data = await self._call(_rows)
        if data is not FAILED:
            self.rows, self.required_2fa = data

    @rx.event
    async def load(self):
        self.loaded, self.message, self.form_message, self.errors, self.ask_text = False, "", "", {}, ""
        ctx, redirect = await self._require_staff("staff.list")
        if redirect:
            return redirect
        self.own_id, self.pw_for, self._pw_id = ctx.staff_id, "", 0
        await self._refresh()
        self.loaded = True

    @rx.event
    async def create(self, form: dict):
        self.form_message, self.message = "", ""
        ctx, redirect = await self._require_staff("staff.create")
        if redirect:
            yield redirect
            return
        self.busy = True
        yield
        result = await self._call(
            accounts.create_staff, actor_id=ctx.staff_id, login=form_value(form, "login", 100),
            full_name=form_value(form, "full_name", 300), email=form_value(form, "email", 300),
            role=form_value(form, "role", 20), password=form_value(form, "password", 1000),
            password_confirm=form_value(form, "password_confirm", 1000), client_ip=self._client_ip(),
            busy="busy", error="form_message")
        self.busy = False
        if result is FAILED:
            return
        if not result.ok:
            self.errors, self.form_message = dict(result.errors), result.message
            yield show_first_error()
            return
        self.errors, self.message = {}, result.message
        self.form_key += 1
        await self._refresh()

    @rx.event
    async def change_role(self, form: dict):
        self.message = ""
        ctx, redirect = await self._require_staff("staff.change_role")
        if redirect:
            return redirect
        result = await self._call(accounts.change_role, actor_id=ctx.staff_id,
                                  staff_id=form_value(form, "staff_id", 20), role=form_value(form, "role", 20),
                                  client_ip=self._client_ip())
        if result is not FAILED:
            self.message = result.message
            await self._refresh()

    @rx.event
    async def ask(self, action: str, staff_id: int):
        """First click of a confirmed change: show the question, remember what it is about."""
        self.ask_text, self.message = "", ""
        ctx, redirect = await self._require_staff("staff.ask")
        if redirect:
            return redirect
        target = next((r for r in self.rows if isinstance(staff_id, int) and r.id == staff_id), None)
        if not isinstance(action, str) or action not in _CONFIRMED or target is None:
            return
        self._ask_action, self._ask_id = action, target.id
        self.ask_text = _CONFIRMED[action][1].format(name=target.full_name, login=target.login)

    @rx.event
    async def cancel(self):
        self.ask_text, self._ask_action, self._ask_id = "", "", 0
        ctx, redirect = await self._require_staff("staff.cancel")
        if redirect:
            return redirect

    @rx.event
    async def confirm(self):
        action, staff_id = self._ask_action, self._ask_id
        self.ask_text, self._ask_action, self._ask_id = "", "", 0
        ctx, redirect = await self._require_staff(f"staff.{action or 'confirm'}")
        if redirect:
            return redirect
        if action not in _CONFIRMED:
            return
        result = await self._call(_CONFIRMED[action][0], actor_id=ctx.staff_id, staff_id=staff_id,
                                  client_ip=self._client_ip())
        if result is not FAILED:
            self.message = result.message
            await self._refresh()

    @rx.event
    async def save_policy(self, form: dict):
        self.message = ""
        ctx, redirect = await self._require_staff("staff.second_factor_policy")
        if redirect:
            return redirect
        result = await self._call(policy.set_second_factor_required, actor_id=ctx.staff_id,
                                  required=form_checked(form, "required_2fa"), client_ip=self._client_ip())
        if result is not FAILED:
            self.message = result.message
            await self._refresh()

    # ---- a new initial password for someone else -------------------------------------
    @rx.event
    async def ask_password(self, staff_id: int):
        """Open the form for a member's new initial password (not one's own)."""
        self.pw_for, self._pw_id, self.pw_errors, self.pw_message, self.message = "", 0, {}, "", ""
        ctx, redirect = await self._require_staff("staff.password_set")
        if redirect:
            return redirect
        target = next((r for r in self.rows if isinstance(staff_id, int) and r.id == staff_id), None)
        if target is None or target.id == ctx.staff_id:
            return
        self._pw_id, self.pw_for = target.id, txt.SET_PASSWORD_TITLE.format(name=target.full_name,
                                                                              login=target.login)

    @rx.event
    async def cancel_password(self):
        self.pw_for, self._pw_id, self.pw_errors, self.pw_message = "", 0, {}, ""
        ctx, redirect = await self._require_staff("staff.password_set")
        if redirect:
            return redirect

    @rx.event
    async def assign_password(self, form: dict):
        self.pw_errors, self.pw_message, self.message = {}, "", ""
        ctx, redirect = await self._require_staff("staff.password_set")
        if redirect:
            yield redirect
            return
        if not self._pw_id:
            return
        self.pw_busy = True
        yield
        result = await self._call(accounts.set_password, actor_id=ctx.staff_id, staff_id=self._pw_id,
                                  password=form_value(form, "initial_password", 1000),
                                  password_confirm=form_value(form, "initial_password_confirm", 1000),
                                  client_ip=self._client_ip(), busy="pw_busy", error="pw_message")
        if result is FAILED:
            return
        if not result.ok:
            self.pw_message = result.message
            self.pw_errors = {{"password": "initial_password", "password_confirm": "initial_password_confirm"}
                              .get(k, k): v for k, v in result.errors.items()}
            yield show_first_error()
            return
        self.pw_for, self._pw_id, self.message = "", 0, result.message
        await self._refresh()
