"""Before every event of every state: a tree authenticated by a token that this
connection does not present loses that zone's data (customer zone and staff zone
alike). See state/session.py and state/staff_session.py.

Only a zone already in the event's tree is checked. With the memory state manager
that is every zone, always. With Redis, Reflex loads the states on the event's path
(all of them for the hydrate, which sends the whole tree), and asking for a zone's base
would load it with every page state below it, on every event: a quarter of a
Redis-mode page load's CPU (docs/benchmarks.md). A zone not loaded for the event sends nothing to
this connection; the next event that reaches it has it on its path, and is checked.
"""
from __future__ import annotations

import reflex as rx

from ibok_app.state.session import SessionState
from ibok_app.state.staff_session import StaffSessionState

ZONES = (SessionState, StaffSessionState)


class ConnectionGuard(rx.Middleware):
    async def preprocess(self, app, state, event):
        root = state._get_root_state()
        for zone in ZONES:
            base = root.substates.get(zone.get_name())
            if base is not None:
                await base._guard_connection()
        return None
