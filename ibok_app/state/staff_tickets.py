"""/admin/zgloszenia — the ticket queue (filters, sort and page in the address) — and
/admin/zgloszenia/sprawa?id=N — one ticket: its timeline with the office's internal
notes, "przypisz do mnie", a status change, a reply the customer sees and gets by
e-mail, an internal note the customer never sees (services/cases/tickets.py)."""
from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ibok_app import routes
from ibok_app.services.cases import tickets
from ibok_app.services.cases.shared import Option
from ibok_app.services.cases.tickets import QueueRow, TimelineEntry
from ibok_app.services.staff import roles
from ibok_app.state.base import FAILED, form_value, show_first_error
from ibok_app.state.staff_lists import list_address, list_bases
from ibok_app.state.staff_session import StaffSessionState

FILTERS = ("status", "rodzaj", "punkt", "przypisane", "sort")  # the address's names



class StaffTicketsState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ

    loaded: bool = False
    rows: list[QueueRow] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    filters: dict[str, str] = {}
    page_base: str = routes.STAFF_TICKETS + "?"
    sort_base: str = routes.STAFF_TICKETS + "?"
    sort: str = "-created"  # as the queue applied it (tickets.QUEUE_SORT_KEYS)
    statuses: list[Option] = [Option(tickets.STATUS_FILTER_OPEN, "Otwarte (nowe i w realizacji)"),
                              *tickets.status_options()]
    categories: list[Option] = tickets.category_options()
    assigned: list[Option] = [o for o in tickets.ASSIGNED_OPTIONS if o.value]
    message: str = ""

    @rx.event
    async def load(self):
        self.loaded = False
        ctx, redirect = await self._require_staff("tickets.queue")
        if redirect:
            return redirect
        params = self.router.url.query_parameters
        self.filters = {k: params.get(k, "")[:40] for k in FILTERS if isinstance(params.get(k, ""), str)}
        self.page_base, self.sort_base = list_bases(routes.STAFF_TICKETS, self.filters)
        f = self.filters
        found = await self._call(tickets.staff_ticket_queue, status=f.get("status") or None,
                                 category=f.get("rodzaj") or None, service_point=f.get("punkt") or None,
                                 assigned=f.get("przypisane") or None, staff_id=ctx.staff_id,
                                 page=params.get("strona", 1), sort=f.get("sort") or "-created")
        if found is not FAILED:
            self.rows, self.total, self.page, self.pages = found.rows, found.total, found.page, found.pages
            self.sort = found.sort
        self.loaded = True

    @rx.event
    async def apply(self, form: dict):
        ctx, redirect = await self._require_staff("tickets.queue")
        if redirect:
            return redirect
        chosen = {k: form_value(form, k, 40).strip() for k in FILTERS}
        return rx.redirect(list_address(routes.STAFF_TICKETS, chosen))


class StaffTicketState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ
    HANDLER_ROLES: ClassVar[dict] = {"take": roles.WORK, "move_status": roles.WORK, "reply": roles.WORK,
                                     "note": roles.WORK}

    loaded: bool = False
    found: bool = False
    ticket_id: int = 0
    number: str = ""
    customer_id: int = 0
    customer: str = ""
    category: str = ""
    place: str = ""
    status: str = ""
    status_label: str = ""
    created: str = ""
    phone: str = ""
    has_photo: bool = False
    assigned_name: str = ""
    assigned_to_me: bool = False
    timeline: list[TimelineEntry] = []
    next_statuses: list[Option] = []
    can_act: bool = False
    message: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0

    async def _show(self, staff_id: int) -> None:
        detail = await self._call(tickets.staff_ticket_detail, self._ticket_arg())
        if detail is FAILED:
            return
        self.found = detail is not None
        if detail is None:
            return
        r = detail.row
        self.ticket_id, self.number, self.status, self.status_label = r.id, r.number, r.status, r.status_label
        self.customer = f"{detail.customer_number} — {detail.customer_name}"
        self.category, self.place, self.created = r.category_label, r.place, r.created_at_text
        self.phone, self.has_photo, self.timeline = detail.contact_phone, detail.has_photo, detail.timeline
        self.assigned_name = detail.assigned_name
        self.assigned_to_me = detail.assigned_to_id == staff_id
        self.next_statuses = tickets.allowed_statuses(r.status)

    def _ticket_arg(self) -> str:
        if self.ticket_id:
            return str(self.ticket_id)
        raw = self.router.url.query_parameters.get("id", "")
        return raw[:20] if isinstance(raw, str) else ""

    @rx.event
    async def load(self):
        self.loaded, self.found, self.ticket_id, self.message, self.errors = False, False, 0, "", {}
        ctx, redirect = await self._require_staff("tickets.view")
        if redirect:
            return redirect
        self.can_act = ctx.can(roles.WORK)
        await self._show(ctx.staff_id)
        self.loaded = True

    async def _act(self, action: str, service, *args):
        """One change through its service, then the ticket again; (ok, result)."""
        self.message, self.errors = "", {}
        ctx, redirect = await self._require_staff(action, roles.WORK)
        if redirect:
            return None, redirect
        if not self.ticket_id:
            return None, None
        result = await self._call(service, ctx.staff_id, self.ticket_id, *args, client_ip=self._client_ip())
        if result is FAILED:
            return None, None
        if result.ok:
            self.message = result.message
            self.form_key += 1
            await self._show(ctx.staff_id)
        return result, None

    @rx.event
    async def take(self):
        result, redirect = await self._act("tickets.assign", tickets.assign_to_me)
        if redirect:
            return redirect
        if result is not None and not result.ok:
            self.message = result.message

    async def _form_act(self, action: str, service, field: str, value: str):
        """A change typed in one of the page's forms: its refusal goes beside that field."""
        result, redirect = await self._act(action, service, value)
        if redirect:
            return redirect
        if result is not None and not result.ok:
            self.errors = {field: result.field_errors.get("body") or result.message}
            return show_first_error()
        return None

    @rx.event
    async def move_status(self, form: dict):
        return await self._form_act("tickets.status", tickets.change_status, "status", form_value(form, "status", 20))

    @rx.event
    async def reply(self, form: dict):
        return await self._form_act("tickets.reply", tickets.staff_reply, "reply", form_value(form, "reply", 5000))

    @rx.event
    async def note(self, form: dict):
        return await self._form_act("tickets.note", tickets.add_internal_note, "note", form_value(form, "note", 5000))
