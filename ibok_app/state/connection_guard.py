"""Before every event of every state: a tree authenticated by a token that this
connection does not present loses that zone's data (customer zone and staff zone
alike). See state/session.py and state/staff_session.py."""
from __future__ import annotations

import reflex as rx

from ibok_app.state.session import SessionState
from ibok_app.state.staff_session import StaffSessionState


class ConnectionGuard(rx.Middleware):
    async def preprocess(self, app, state, event):
        root = state._get_root_state()
        await (await root.get_state(SessionState))._guard_connection()
        await (await root.get_state(StaffSessionState))._guard_connection()
        return None
