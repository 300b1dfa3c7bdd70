"""/zgloszenia — operational tickets (§9 h): the form, the list and one ticket's detail.

The detail is the same page with `?id=<ticket id>`; that id comes from the browser
and only reaches services that re-check it against the session's customer.
"""
from __future__ import annotations

import logging

import reflex as rx

from ibok_app.services.accounts import profile
from ibok_app.services.cases import tickets
from ibok_app.services.cases.shared import Option
from ibok_app.services.cases.tickets import TicketRow, TimelineEntry
from ibok_app.state.base import FAILED, ServiceFailed, form_value, run_service, show_first_error
from ibok_app.state.photo_draft import PhotoDraft
from ibok_app.state.session import SessionState
from ibok_app.strings import cases as txt

log = logging.getLogger(__name__)
_FIELD_LIMIT = tickets.DESCRIPTION_MAX + 100  # the service reports "too long"; this only caps the work


def _page_data(session, customer_id: int, account_id: int):
    contact = profile.contact_data(session, account_id)
    return (tickets.category_options(), tickets.service_point_options(session, customer_id),
            contact.phone_text if contact else "", tickets.list_tickets(session, customer_id))


class TicketsState(PhotoDraft, SessionState):
    loaded: bool = False
    message: str = ""  # page-level failure
    # the new-ticket form
    categories: list[Option] = []
    points: list[Option] = []
    default_point: str = ""
    phone_default: str = ""
    errors: dict[str, str] = {}
    form_message: str = ""
    busy: bool = False
    form_key: int = 0  # bumped after a success: React remounts (empties) the form
    done_number: str = ""
    done_message: str = ""
    rows: list[TicketRow] = []
    # one ticket (?id=...)
    detail_mode: bool = False
    found: bool = False
    d_id: int = 0
    d_number: str = ""
    d_category: str = ""
    d_place: str = ""
    d_created: str = ""
    d_status: str = ""
    d_status_label: str = ""
    d_phone: str = ""
    d_has_photo: bool = False
    d_can_reply: bool = False
    timeline: list[TimelineEntry] = []
    msg_errors: dict[str, str] = {}
    msg_message: str = ""
    msg_done: str = ""
    msg_busy: bool = False
    msg_key: int = 0

    def _photo_refused_text(self) -> str:
        return txt.PHOTO_REJECTED

    def _reset_view(self) -> None:
        self.loaded, self.message = False, ""
        self.errors, self.form_message, self.busy = {}, "", False
        self.done_number, self.done_message = "", ""
        self.photo_name, self._photo_path = "", ""
        self.detail_mode, self.found = False, False
        self.msg_errors, self.msg_message, self.msg_done, self.msg_busy = {}, "", "", False

    @rx.event
    async def load(self):
        unsent = self._photo_path  # chosen on an earlier visit, never sent
        self._reset_view()
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        if unsent:
            self._photo_path = unsent
            await self._drop_photo(ctx.customer_id)
        raw_id = self.router.url.query_parameters.get("id", "")
        if raw_id:
            self.detail_mode = True
            await self._load_detail(ctx.customer_id, raw_id)
        else:
            await self._load_list(ctx)
        self.loaded = True

    async def _load_list(self, ctx) -> None:
        data = await self._call(_page_data, ctx.customer_id, ctx.account_id)
        if data is FAILED:
            return
        self.categories, self.points, self.phone_default, self.rows = data
        self.default_point = self.points[0].value if len(self.points) == 1 else ""

    async def _load_detail(self, customer_id: int, ticket_id: object) -> None:
        detail = await self._call(tickets.ticket_detail, customer_id, ticket_id)
        if detail is FAILED:
            return
        self.found = detail is not None
        if detail is None:
            return
        row = detail.row
        self.d_id, self.d_number, self.d_category, self.d_place = row.id, row.number, row.category_label, row.place
        self.d_created, self.d_status, self.d_status_label = row.created_at_text, row.status, row.status_label
        self.d_phone, self.d_has_photo, self.d_can_reply = detail.contact_phone, detail.has_photo, detail.can_reply
        self.timeline = detail.timeline

    # ------------------------------------------------------------ new ticket

    @rx.event
    async def submit(self, form: dict):
        self.form_message, self.done_number, self.done_message = "", "", ""
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        self.busy = True
        yield
        result = await self._call(
            tickets.create_ticket, ctx.customer_id,
            category=form_value(form, "category", 40),
            service_point_id=form_value(form, "service_point_id", 20),
            description=form_value(form, "description", _FIELD_LIMIT),
            contact_phone=form_value(form, "contact_phone", 40),
            photo_path=self._photo_path or None,
            busy="busy", error="form_message",
        )
        if result is FAILED:
            return
        if not result.ok:
            self.errors, self.form_message = dict(result.field_errors), result.message
            yield show_first_error()
            return
        self.errors = {}
        self.done_number, self.done_message = result.number or "", result.message
        self._photo_sent()
        self.form_key += 1
        try:
            self.rows = await run_service(tickets.list_tickets, ctx.customer_id)
        except ServiceFailed:
            pass  # the ticket is saved; the list refreshes on the next visit

    # ------------------------------------------------------------ detail: a follow-up

    @rx.event
    async def add_message(self, form: dict):
        self.msg_errors, self.msg_message, self.msg_done = {}, "", ""
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        if not self.found:
            return
        self.msg_busy = True
        yield
        result = await self._call(tickets.add_customer_message, ctx.customer_id, self.d_id,
                                  form_value(form, "body", tickets.MESSAGE_MAX + 100),
                                  busy="msg_busy", error="msg_message")
        if result is FAILED:
            return
        if not result.ok:
            self.msg_errors = dict(result.field_errors)
            self.msg_message = result.message
            yield show_first_error()
            return
        self.msg_done = result.message
        self.msg_key += 1
        await self._load_detail(ctx.customer_id, self.d_id)
