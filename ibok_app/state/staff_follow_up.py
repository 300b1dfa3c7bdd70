"""/admin/do-wyjasnienia — online payments the gateway has not settled in time, and
portal accounts in the §7 window before erasure (services/desk/follow_up.py)."""
from __future__ import annotations

from typing import ClassVar

import reflex as rx

from ibok_app.services.desk.follow_up import ClosingAccount, StuckPayment, closing_accounts, stuck_payments
from ibok_app.services.staff import roles
from ibok_app.state.base import FAILED
from ibok_app.state.staff_session import StaffSessionState


def _lists(session):
    return stuck_payments(session), closing_accounts(session)


class StaffFollowUpState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ

    loaded: bool = False
    payments: list[StuckPayment] = []
    accounts: list[ClosingAccount] = []
    message: str = ""

    @rx.event
    async def load(self):
        self.loaded = False
        ctx, redirect = await self._require_staff("desk.follow_up")
        if redirect:
            return redirect
        data = await self._call(_lists)
        if data is not FAILED:
            self.payments, self.accounts = data
        self.loaded = True
