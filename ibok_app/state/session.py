"""The customer's session as seen by Reflex: a cookie holding an opaque token whose
hash the server keeps (ARCHITECTURE: the Reflex client token is not a credential)."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes
from ibok_app.config import settings
from ibok_app.services import sessions
from ibok_app.services.portal_access import CustomerContext, customer_context
from ibok_app.state.base import ServiceFailed, run_service

SESSION_COOKIE = "ibok_session"


class SessionState(rx.State):
    """Base of every customer-zone state. Public vars hold only what the header shows."""

    session_token: str = rx.Cookie("", name=SESSION_COOKIE, path="/", same_site="strict",
                                   secure=settings().secure_cookies)
    customer_name: str = ""
    customer_login: str = ""
    logged_in: bool = False

    async def _context(self) -> CustomerContext | None:
        if not self.session_token:
            return None
        try:
            return await run_service(customer_context, self.session_token)
        except ServiceFailed:
            return None

    def _remember(self, ctx: CustomerContext | None) -> None:
        self.logged_in = ctx is not None
        self.customer_name = ctx.customer_name if ctx else ""
        self.customer_login = ctx.login if ctx else ""

    async def _require_customer(self, *, allow_unready: bool = False):
        """(context, None) when the caller may proceed, else (None, redirect event).

        `allow_unready` is for the two pages that resolve the unready states:
        the forced password change and the acceptance of new terms.
        """
        ctx = await self._context()
        self._remember(ctx)
        if ctx is None:
            self.session_token = ""
            target = self.router.url.path or routes.PANEL
            return None, rx.redirect(routes.login_url(next_path=target))
        if not allow_unready:
            if ctx.must_change_password:
                return None, rx.redirect(routes.CHANGE_PASSWORD)
            if ctx.needs_terms:
                return None, rx.redirect(routes.ACCEPT_TERMS)
        return ctx, None

    @rx.event
    async def logout(self):
        token = self.session_token
        self.session_token = ""
        self._remember(None)
        if token:
            try:
                await run_service(sessions.end_session, token)
            except ServiceFailed:
                pass
        return rx.redirect(routes.login_url(logged_out=True))
