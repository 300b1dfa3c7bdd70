"""/admin/reklamacje — complaints by their §5 deadline (overdue and due within 3 days
marked), and /admin/reklamacje/sprawa?id=N — one complaint: start examining it, answer
and close it (the customer sees the answer and gets it by e-mail; an answer after the
deadline is counted late)."""
from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ibok_app import routes
from ibok_app.services.cases import complaints
from ibok_app.services.cases.complaints import ComplaintQueueRow
from ibok_app.services.cases.shared import Option
from ibok_app.services.staff import roles
from ibok_app.state.base import FAILED, form_value, show_first_error
from ibok_app.state.staff_lists import list_address, list_bases
from ibok_app.state.staff_session import StaffSessionState

FILTERS = ("status", "termin", "sort")


class StaffComplaintsState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ

    loaded: bool = False
    rows: list[ComplaintQueueRow] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    filters: dict[str, str] = {}
    page_base: str = routes.STAFF_COMPLAINTS + "?"
    sort_base: str = routes.STAFF_COMPLAINTS + "?"
    sort: str = "due"  # as the queue applied it (complaints.QUEUE_SORT_KEYS)
    statuses: list[Option] = complaints.status_options()
    dues: list[Option] = [o for o in complaints.DUE_OPTIONS if o.value]

    @rx.event
    async def load(self):
        self.loaded = False
        ctx, redirect = await self._require_staff("complaints.queue")
        if redirect:
            return redirect
        params = self.router.url.query_parameters
        self.filters = {k: params.get(k, "")[:40] for k in FILTERS if isinstance(params.get(k, ""), str)}
        self.page_base, self.sort_base = list_bases(routes.STAFF_COMPLAINTS, self.filters)
        f = self.filters
        found = await self._call(complaints.staff_complaint_queue, status=f.get("status") or None,
                                 due=f.get("termin") or None, page=params.get("strona", 1),
                                 sort=f.get("sort") or "due")
        if found is not FAILED:
            self.rows, self.total, self.page, self.pages = found.rows, found.total, found.page, found.pages
            self.sort = found.sort
        self.loaded = True

    @rx.event
    async def apply(self, form: dict):
        ctx, redirect = await self._require_staff("complaints.queue")
        if redirect:
            return redirect
        chosen = {k: form_value(form, k, 40).strip() for k in FILTERS}
        return rx.redirect(list_address(routes.STAFF_COMPLAINTS, chosen))


class StaffComplaintState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ
    HANDLER_ROLES: ClassVar[dict] = {"start": roles.WORK, "answer": roles.WORK}

    loaded: bool = False
    found: bool = False
    complaint_id: int = 0
    number: str = ""
    customer: str = ""
    subject: str = ""
    description: str = ""
    document_number: str = ""
    status: str = ""
    status_label: str = ""
    is_open: bool = False
    received: str = ""
    due: str = ""
    overdue: bool = False
    late: bool = False
    answer_text: str = ""
    answered_at: str = ""
    answered_by: str = ""
    outcomes: list[Option] = [o for o in complaints.status_options() if o.value in ("resolved", "rejected")]
    can_act: bool = False
    message: str = ""
    errors: dict[str, str] = {}

    def _arg(self) -> str:
        if self.complaint_id:
            return str(self.complaint_id)
        raw = self.router.url.query_parameters.get("id", "")
        return raw[:20] if isinstance(raw, str) else ""

    async def _show(self) -> None:
        d = await self._call(complaints.staff_complaint_detail, self._arg())
        if d is FAILED:
            return
        self.found = d is not None
        if d is None:
            return
        r = d.row
        self.complaint_id, self.number, self.subject, self.description = r.id, r.number, r.subject, d.description
        self.customer = f"{d.customer_number} — {d.customer_name}"
        self.document_number, self.status, self.status_label, self.is_open = (r.document_number, r.status,
                                                                              r.status_label, r.is_open)
        self.received, self.due, self.overdue, self.late = (r.received_on_text, r.answer_due_on_text, r.overdue,
                                                            r.late)
        self.answer_text, self.answered_at, self.answered_by = d.answer, d.answered_at_text, d.answered_by_name

    @rx.event
    async def load(self):
        self.loaded, self.found, self.complaint_id, self.message, self.errors = False, False, 0, "", {}
        ctx, redirect = await self._require_staff("complaints.view")
        if redirect:
            return redirect
        self.can_act = ctx.can(roles.WORK)
        await self._show()
        self.loaded = True

    @rx.event
    async def start(self):
        self.message, self.errors = "", {}
        ctx, redirect = await self._require_staff("complaints.start", roles.WORK)
        if redirect:
            return redirect
        if not self.complaint_id:
            return
        result = await self._call(complaints.staff_start_complaint, ctx.staff_id, self.complaint_id,
                                  client_ip=self._client_ip())
        if result is not FAILED:
            self.message = result.message
            await self._show()

    @rx.event
    async def answer(self, form: dict):
        self.message, self.errors = "", {}
        ctx, redirect = await self._require_staff("complaints.answer", roles.WORK)
        if redirect:
            yield redirect
            return
        if not self.complaint_id:
            return
        result = await self._call(complaints.answer_complaint, ctx.staff_id, self.complaint_id,
                                  form_value(form, "answer", 10_000), form_value(form, "outcome", 20),
                                  client_ip=self._client_ip())
        if result is FAILED:
            return
        if not result.ok:
            errors = dict(result.field_errors)
            if "status" in errors:
                errors["outcome"] = errors.pop("status")
            self.errors, self.message = errors, ("" if errors else result.message)
            yield show_first_error()
            return
        self.message = result.message
        await self._show()
