"""Terms page (public) and acceptance of a new version (customer zone)."""
from __future__ import annotations

import reflex as rx

from ibok_app import routes, strings
from ibok_app.services.accounts import terms
from ibok_app.state.base import FAILED, ServiceFailed, run_service
from ibok_app.state.navigation import show_anchor
from ibok_app.state.session import SessionState
from ibok_app.views.formats import date_pl
from ibok_app.views.terms import Block, TermsSection, sections


def _current(session):
    view = terms.current_terms(session)
    return None if view is None else (view.id, view.version, view.title, view.body, date_pl(view.published_at))


class TermsState(rx.State):
    version: int = 0
    title: str = ""
    body: str = ""
    preamble: list[Block] = []
    sections: list[TermsSection] = []
    in_force_from: str = ""
    loaded: bool = False

    @rx.event
    async def load(self):
        try:
            current = await run_service(_current)
        except ServiceFailed:
            current = None
        if current:
            _, self.version, self.title, self.body, self.in_force_from = current
            self.preamble, self.sections = sections(self.body)
        self.loaded = True
        return show_anchor()  # a link to one § (/regulamin#par-5) lands on it


class AcceptTermsState(SessionState):
    version: int = 0
    title: str = ""
    body: str = ""
    in_force_from: str = ""
    message: str = ""
    loaded: bool = False
    busy: bool = False

    @rx.event
    async def load(self):
        self.message, self.busy = "", False
        ctx, redirect = await self._require_customer(allow_unready=True)
        if redirect:
            return redirect
        if ctx.must_change_password:
            return rx.redirect(routes.CHANGE_PASSWORD)
        if not ctx.needs_terms:
            return rx.redirect(routes.PANEL)
        try:
            current = await run_service(_current)
        except ServiceFailed:
            current = None
        if current is None:  # no terms in force, or the database failed: a message, not a crash
            self.message = strings.GENERIC_ERROR
            return
        _, self.version, self.title, self.body, self.in_force_from = current
        self.loaded = True

    @rx.event
    async def accept(self):
        ctx, redirect = await self._require_customer(allow_unready=True)
        if redirect:
            return redirect
        self.busy = True
        accepted = await self._call(terms.accept_current, ctx.account_id, self.router.session.client_ip,
                                    busy="busy", error="message")
        if accepted is FAILED:
            return
        return rx.redirect(routes.PANEL)

