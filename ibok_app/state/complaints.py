"""/reklamacje — complaints (§5): the form, and the customer's complaints with the
answer deadline and the company's answer once given."""
from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ibok_app.services.cases import complaints
from ibok_app.services.cases.shared import Option
from ibok_app.state.base import FAILED, ServiceFailed, form_value, run_service, show_first_error
from ibok_app.state.photo_draft import PhotoDraft
from ibok_app.state.session import SessionState
from ibok_app.strings import cases as txt
from ibok_app.views.formats import date_pl

_FIELD_LIMIT = complaints.DESCRIPTION_MAX + 100  # the service reports "too long"; this only caps the work


@dataclass(frozen=True)
class ComplaintItem:
    """One complaint as listed: the row plus its text and the answer."""
    id: int
    number: str
    subject: str
    status: str
    status_label: str
    is_open: bool
    overdue: bool
    received_on_text: str
    answer_due_on_text: str
    document_number: str
    description: str
    answer: str
    answered_at_text: str
    has_photo: bool


def _items(session, customer_id: int) -> list[ComplaintItem]:
    return [ComplaintItem(
        id=d.row.id, number=d.row.number, subject=d.row.subject, status=d.row.status,
        status_label=d.row.status_label, is_open=d.row.is_open, overdue=d.row.overdue,
        received_on_text=d.row.received_on_text, answer_due_on_text=d.row.answer_due_on_text,
        document_number=d.row.document_number, description=d.description, answer=d.answer,
        answered_at_text=d.answered_at_text, has_photo=d.has_photo,
    ) for d in complaints.list_complaint_details(session, customer_id)]


def _page_data(session, customer_id: int):
    return complaints.document_options(session, customer_id), _items(session, customer_id)


class ComplaintsState(PhotoDraft, SessionState):
    loaded: bool = False
    message: str = ""
    documents: list[Option] = []
    items: list[ComplaintItem] = []
    errors: dict[str, str] = {}
    form_message: str = ""
    busy: bool = False
    form_key: int = 0
    done_number: str = ""
    done_received: str = ""
    done_due: str = ""
    done_message: str = ""

    def _photo_refused_text(self) -> str:
        return txt.PHOTO_REJECTED

    @rx.event
    async def load(self):
        unsent = self._photo_path  # chosen on an earlier visit, never sent
        self.loaded, self.message, self.errors, self.form_message, self.busy = False, "", {}, "", False
        self.done_number, self.done_received, self.done_due, self.done_message = "", "", "", ""
        self.photo_name, self._photo_path = "", ""
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        if unsent:
            self._photo_path = unsent
            await self._drop_photo(ctx.customer_id)
        data = await self._call(_page_data, ctx.customer_id)
        if data is not FAILED:
            self.documents, self.items = data
        self.loaded = True

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
            complaints.create_complaint, ctx.customer_id,
            subject=form_value(form, "subject", complaints.SUBJECT_MAX + 100),
            description=form_value(form, "description", _FIELD_LIMIT),
            document_id=form_value(form, "document_id", 20),
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
        self._photo_sent()
        self.form_key += 1
        self.done_number, self.done_message = result.number or "", result.message
        self.done_received, self.done_due = date_pl(result.received_on), date_pl(result.answer_due_on)
        try:
            self.items = await run_service(_items, ctx.customer_id)
        except ServiceFailed:
            pass  # saved; the list refreshes on the next visit
