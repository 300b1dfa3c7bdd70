"""/platnosci/zaplac — choose what to pay online, see it summed up, leave for the gateway."""
from __future__ import annotations

import json

import reflex as rx

from ibok_app.models import OnlinePaymentMode
from ibok_app.services.common.inputs import parse_id
from ibok_app.services.payments import checkout
from ibok_app.services.payments.checkout import PayableDocument, PaymentOptions
from ibok_app.state.base import FAILED, form_value, show_first_error
from ibok_app.state.session import SessionState
from ibok_app.strings import payments as txt

MODES = tuple(m.value for m in OnlinePaymentMode)


def post_to_gateway(action: str, fields: dict[str, str]) -> str:
    """JavaScript that POSTs `fields` to the gateway as a plain form (the protocol's start).
    Built in the browser from JSON, so no value can break out of its string."""
    return (
        "(() => { const f = document.createElement('form'); f.method = 'post'; "
        f"f.action = {json.dumps(action)}; "
        f"for (const [k, v] of Object.entries({json.dumps(fields)})) {{ "
        "const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; "
        "f.appendChild(i); } document.body.appendChild(f); f.submit(); })()"
    )


class PayState(SessionState):
    loaded: bool = False
    enabled: bool = False
    simulated: bool = False
    message: str = ""
    errors: dict[str, str] = {}
    busy: bool = False
    leaving: bool = False  # the form is on its way to the gateway
    documents: list[PayableDocument] = []
    due: str = ""
    has_due: bool = False
    free_documents: int = 0
    amount_hint: str = ""
    mode: str = OnlinePaymentMode.ALL_DUE.value
    selected: list[int] = []
    amount: str = ""
    sum_amount: str = ""
    sum_fee: str = ""
    sum_total: str = ""
    sum_documents: list[str] = []
    has_fee: bool = False

    _options: PaymentOptions | None = None

    def _summarise(self) -> None:
        if self._options is None:
            return
        s = checkout.summarise(self._options, self.mode, self.selected, self.amount)
        self.sum_amount, self.sum_fee, self.sum_total, self.sum_documents = (
            s.amount_display, s.fee_display, s.total_display, s.documents)

    def _show(self, options: PaymentOptions, preselect: int | None) -> None:
        self._options = options
        self.enabled, self.simulated = options.enabled, options.simulated
        self.documents, self.due, self.has_due = options.documents, options.due_display, options.due_gr > 0
        self.free_documents = sum(1 for d in options.documents if not d.in_progress)
        self.amount_hint = txt.AMOUNT_HINT.format(min=options.min_display, max=options.max_display)
        self.has_fee = options.fee_gr > 0
        free_ids = {d.id for d in options.documents if not d.in_progress}
        if preselect in free_ids:
            self.mode, self.selected = OnlinePaymentMode.DOCUMENTS.value, [preselect]
        elif not self.has_due:
            self.mode = OnlinePaymentMode.AMOUNT.value
        self._summarise()

    @rx.event
    async def load(self):
        self.reset()
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        options = await self._call(checkout.payment_options, ctx.customer_id)
        if options is not FAILED:
            self._show(options, parse_id(self.router.url.query_parameters.get("dokument", "")))
        self.loaded = True

    @rx.event
    async def choose_mode(self, mode: str):
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        if mode in MODES:
            self.mode, self.errors = mode, {}
            self._summarise()

    @rx.event
    async def toggle_document(self, document_id: int):
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        picked = parse_id(document_id)
        if picked is None or picked not in {d.id for d in self.documents if not d.in_progress}:
            return
        self.selected = [i for i in self.selected if i != picked] if picked in self.selected \
            else sorted([*self.selected, picked])
        self.errors = {}
        self._summarise()

    @rx.event
    async def type_amount(self, value: str):
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        self.amount = value[:40] if isinstance(value, str) else ""
        self._summarise()

    @rx.event
    async def submit(self, form: dict):
        self.message, self.errors = "", {}
        ctx, redirect = await self._require_customer()
        if redirect:
            yield redirect
            return
        amount = form_value(form, "amount", 40) or self.amount
        self.busy = True
        yield
        result = await self._call(checkout.start_payment, ctx.customer_id, mode=self.mode,
                                  document_ids=self.selected, amount=amount, busy="busy")
        if result is FAILED:
            return
        if not result.ok:
            self.errors, self.message = result.errors, result.message
            yield show_first_error()
            return
        self.leaving = True
        yield rx.call_script(post_to_gateway(result.action, result.fields))
