"""/platnosci/powrot — the customer is back from the gateway: the result, updated by
itself until the gateway's notification (ITN) has arrived."""
from __future__ import annotations

import reflex as rx

from ibok_app.services.payments import history
from ibok_app.state.base import FAILED
from ibok_app.state.session import SessionState

POLL_MS = 2000
MAX_POLLS = 90  # three minutes; then the page says where the result will appear
WAIT_IN_BROWSER = f"new Promise((done) => setTimeout(done, {POLL_MS}))"


class PaymentReturnState(SessionState):
    loaded: bool = False
    message: str = ""
    outcome: str = ""  # waiting / booked / refused / expired / invalid
    order_id: str = ""
    amount: str = ""
    gave_up: bool = False

    _params: dict[str, str] = {}
    _polls: int = 0

    async def _look(self, customer_id: int) -> bool:
        """Read the transaction's state; True while it is still waiting for the ITN."""
        view = await self._call(history.return_view, customer_id, self._params)
        if view is FAILED:
            return False
        self.outcome, self.order_id, self.amount = view.outcome, view.order_id, view.amount_display
        return view.outcome == history.WAITING

    @rx.event
    async def load(self):
        self.reset()
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        query = self.router.url.query_parameters
        self._params = {k: v[:100] for k in ("ServiceID", "OrderID", "Hash")
                        if isinstance(v := query.get(k), str)}
        waiting = await self._look(ctx.customer_id)
        self.loaded = True
        if waiting:
            return rx.call_script(WAIT_IN_BROWSER, callback=PaymentReturnState.poll)

    @rx.event
    async def poll(self, _done: object = None):
        """Called by the browser every two seconds while the result is not known."""
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        if self.outcome != history.WAITING or not self._params:
            return
        self._polls += 1
        if self._polls > MAX_POLLS:
            self.gave_up = True
            return
        if await self._look(ctx.customer_id):
            return rx.call_script(WAIT_IN_BROWSER, callback=PaymentReturnState.poll)
