"""The staff member's session as seen by Reflex: the back office's twin of
state/session.py, with its own cookie (`ibok_staff`) and its own server-side sessions
(`subject_kind = staff`, 15 min idle, 8 h absolute). A customer session opens nothing
here and a staff session nothing in the customer zone: each zone resolves only its own
kind of session (services/staff/authorization.py, services/accounts/portal_access.py).

What authenticates an event is the same rule as the customer zone's: the token that
the event's OWN connection presents (the handshake's Cookie header, or the token this
very connection established by logging in); ConnectionGuard wipes every staff-zone
substate of a tree whose bound token the connection does not present.

Every admin handler starts with `ctx, redirect = await self._require_staff(ACTION, ROLES)`:
the one helper that checks the session and the role (and audits a refusal).
"""
from __future__ import annotations

import hmac
from typing import ClassVar

import reflex as rx

from ibok_app import routes
from ibok_app.services.staff import authentication, roles
from ibok_app.services.staff.authorization import StaffContext, authorize, staff_context
from ibok_app.state.base import ServiceCalls, ServiceFailed, run_service
from ibok_app.state.cookies import BrowserCookies, cookie_value


def staff_zone_states() -> list[type[rx.State]]:
    """StaffSessionState's descendants: every state that may hold staff-visible data."""
    found, todo = [], list(StaffSessionState.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


class StaffSessionState(ServiceCalls, rx.State):
    """Base of every back-office state. Public vars hold only what the header shows."""

    staff_name: str = ""
    staff_role_label: str = ""
    staff_role: str = ""
    staff_signed_in: bool = False

    _staff_auth_token: str = ""
    _staff_auth_sid: str = ""

    # The roles that may use a page's handlers (services/staff/roles.py): each page's
    # state names its set; a handler may pass a narrower one to _require_staff. The
    # guard test reads this to call every handler with every role not in it.
    ROLES: ClassVar[frozenset] = roles.ADMIN
    # Handlers that need a narrower set than ROLES, by name (each passes it to
    # _require_staff itself; the guard test reads this to try the roles outside it).
    HANDLER_ROLES: ClassVar[dict] = {}
    # Only the password page opens for a member who must change an initial password
    # (set by an administrator); every other page's guard sends them there.
    PASSWORD_CHANGE_PAGE: ClassVar[bool] = False

    # ---- what the current connection presents --------------------------------------
    def _connection_id(self) -> str:
        return self.router.session.session_id or ""

    def _presented_token(self) -> str:
        sid = self._connection_id()
        if self._staff_auth_token and sid and hmac.compare_digest(self._staff_auth_sid, sid):
            return self._staff_auth_token
        return cookie_value(self.router.headers.cookie, routes.STAFF_SESSION_COOKIE)

    async def _staff_root(self) -> StaffSessionState:
        return self if type(self) is StaffSessionState else await self.get_state(StaffSessionState)

    async def _guard_connection(self) -> None:
        base = await self._staff_root()
        if base._staff_auth_token and not hmac.compare_digest(base._presented_token(), base._staff_auth_token):
            await base._wipe()

    async def _wipe(self) -> None:
        """Forget the staff member: reset every staff-zone substate of this tab."""
        base = await self._staff_root()
        for cls in staff_zone_states():
            await base.get_state(cls)
        base.staff_name, base.staff_role_label, base.staff_role, base.staff_signed_in = "", "", "", False
        base._staff_auth_token, base._staff_auth_sid = "", ""
        for substate in base.substates.values():
            substate.reset()

    async def _give_cookie(self, token: str) -> None:
        """The browser's copy of the credential (state/cookies.py)."""
        (await self.get_state(BrowserCookies)).staff_token = token

    async def _bind(self, token: str) -> None:
        base = await self._staff_root()
        base._staff_auth_token, base._staff_auth_sid = token, self._connection_id()

    def _client_ip(self) -> str:
        return self.router.session.client_ip or ""

    async def _remember(self, ctx: StaffContext | None) -> None:
        base = await self._staff_root()
        base.staff_signed_in = ctx is not None
        base.staff_name = ctx.full_name if ctx else ""
        base.staff_role_label = ctx.role_label if ctx else ""
        base.staff_role = ctx.role if ctx else ""

    # ---- the one check of every admin handler ---------------------------------------
    async def _require_staff(self, action: str, allowed: frozenset | None = None):
        """(context, None) when the connection's staff session is live and its role is in
        `allowed` (default: the state's ROLES); else (None, redirect): to the login page without a session (the tab's
        staff data wiped), to the password page while an initial password waits to be
        changed, to the start page with a notice for a role that may not do `action`. Every refusal is written to the audit log by authorize()."""
        await self._guard_connection()
        base = await self._staff_root()
        token = base._presented_token()
        try:
            ctx = await run_service(authorize, token, action=action, allowed=allowed or type(self).ROLES,
                                    client_ip=self._client_ip(), password_change=type(self).PASSWORD_CHANGE_PAGE)
            known = ctx or (await run_service(staff_context, token) if token else None)
        except ServiceFailed:
            ctx = known = None
        if known is None:
            await base._wipe()
            await base._give_cookie("")
            return None, rx.redirect(routes.STAFF_LOGIN)
        await base._bind(token)
        await self._remember(known)
        if ctx is None and known.must_change_password and not type(self).PASSWORD_CHANGE_PAGE:
            return None, rx.redirect(routes.STAFF_PASSWORD)
        if ctx is None:
            return None, rx.redirect(routes.STAFF_HOME + "?" + routes.STAFF_REFUSED)
        return ctx, None

    async def _sign_in(self, token: str) -> None:
        """A staff login on this connection: the browser's cookie and the bound token."""
        await self._wipe()
        base = await self._staff_root()
        await base._give_cookie(token)
        await base._bind(token)

    @rx.event
    async def staff_logout(self):
        base = await self._staff_root()
        token = base._presented_token()
        await base._wipe()
        await base._give_cookie("")
        if token:
            try:
                await run_service(authentication.logout, token, client_ip=self._client_ip())
            except ServiceFailed:
                pass
        return rx.redirect(routes.STAFF_LOGIN + "?wylogowano=1")
