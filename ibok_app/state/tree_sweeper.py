"""Dropping the state trees of tabs nobody is signed in to.

Every new client token builds a whole state tree in the server's memory, and Reflex
keeps a tree until its token has been unused for `redis_token_expiration` (the
customer's idle limit, rxconfig.py). A script opening tokens in a loop, or a crawler,
would grow the server by a tree per token for half an hour. So, with the in-memory
state manager, a tree whose tab is disconnected, holds no customer or staff session
and has been unused for `idle_s` (15 s) is dropped; a reconnecting anonymous tab just
hydrates afresh, as on a first visit. Signed-in tabs keep the full expiry (their tree
is what a reconnect after a network hiccup finds). With Redis, Redis's own expiry
applies to every tree.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from reflex.istate.manager.memory import StateManagerMemory
from reflex.state import BaseState

from ibok_app.state.session import SessionState
from ibok_app.state.staff_session import StaffSessionState

log = logging.getLogger("ibok")

IDLE_S = 15.0  # an anonymous, disconnected tab's tree is dropped after this long unused


def _signed_in(root: BaseState) -> bool:
    """A customer or staff session was bound to this tree."""
    for cls, attr in ((SessionState, "_auth_token"), (StaffSessionState, "_staff_auth_token")):
        try:
            substate = root.get_substate(cls.get_full_name().split("."))
        except ValueError:
            continue
        if getattr(substate, attr, ""):
            return True
    return False


def drop_anonymous_trees(manager: object, connected: Callable[[str], bool], *, idle_s: float = IDLE_S,
                         now: float | None = None) -> int:
    """Drop the idle trees of disconnected tabs without a session; returns how many."""
    if not isinstance(manager, StateManagerMemory):
        return 0
    now = time.time() if now is None else now
    dropped = 0
    for key, (expires_at, token) in list(manager._token_expires_at.items()):
        if now - (expires_at - manager.token_expiration) < idle_s:
            continue  # used recently
        lock = manager._states_locks.get(token.lock_key)
        if (lock is not None and lock.locked()) or connected(token.ident):
            continue
        root = manager.states.get(key)
        if isinstance(root, BaseState) and not _signed_in(root):
            manager._purge_token(token)
            dropped += 1
    return dropped


async def sweep_forever(manager_of: Callable[[], object], connected: Callable[[str], bool],
                        interval_s: float = 5.0) -> None:
    """The app's loop (a lifespan task in ibok_app.py); never raises."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            dropped = drop_anonymous_trees(manager_of(), connected)
            if dropped:
                log.debug("dropped %d anonymous tab states", dropped)
        except Exception:  # noqa: BLE001 - keep the loop alive
            log.exception("sweeping anonymous tab states failed")
