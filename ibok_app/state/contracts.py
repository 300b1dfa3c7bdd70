"""/umowy — the customer's contracts with their annexes (§9 d)."""
from __future__ import annotations

import reflex as rx

from ibok_app.services.billing import contracts
from ibok_app.state.base import FAILED
from ibok_app.state.session import SessionState
from ibok_app.views.billing import ContractView


class ContractsState(SessionState):
    contracts: list[ContractView] = []
    message: str = ""
    loaded: bool = False

    @rx.event
    async def load(self):
        self.loaded, self.message = False, ""
        ctx, redirect = await self._require_customer()
        if redirect:
            return redirect
        found = await self._call(contracts.list_contracts, ctx.customer_id)
        self.contracts = [] if found is FAILED else found
        self.loaded = True
