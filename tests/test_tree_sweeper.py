"""Anonymous tabs' state trees are dropped soon after they disconnect; signed-in and
connected tabs keep theirs (state/tree_sweeper.py)."""
from __future__ import annotations

import asyncio
import contextvars
import time
from concurrent.futures import ThreadPoolExecutor

import reflex as rx
from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken

import ibok_app.ibok_app  # noqa: F401  (registers every page and state)
from ibok_app.state.session import SessionState
from ibok_app.state.staff_session import StaffSessionState
from ibok_app.state.tree_sweeper import IDLE_S, drop_anonymous_trees


def _trees(manager: StateManagerMemory, names: list[str]) -> dict[str, rx.State]:
    async def build():
        return {name: await manager.get_state(BaseStateToken(ident=name, cls=rx.State)) for name in names}

    # on a fresh loop in a thread (a browser test may own this thread's loop), with
    # this thread's context: Reflex's registration of the states lives in a ContextVar
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(contextvars.copy_context().run, asyncio.run, build()).result()


def test_idle_disconnected_anonymous_trees_go_the_others_stay():
    manager = StateManagerMemory(token_expiration=1860)
    trees = _trees(manager, ["anonymous", "customer", "staff", "connected"])
    trees["customer"].get_substate(SessionState.get_full_name().split("."))._auth_token = "t" * 43
    trees["staff"].get_substate(StaffSessionState.get_full_name().split("."))._staff_auth_token = "s" * 43

    def connected(token: str) -> bool:
        return token == "connected"

    # just used: nothing goes yet
    assert drop_anonymous_trees(manager, connected) == 0
    later = time.time() + IDLE_S + 1
    assert drop_anonymous_trees(manager, connected, now=later) == 1
    assert set(manager.states) == {"customer", "staff", "connected"}


def test_a_loop_of_new_tokens_leaves_no_trees_behind():
    manager = StateManagerMemory(token_expiration=1860)
    _trees(manager, [f"bot-{i}" for i in range(300)])
    assert len(manager.states) == 300
    assert drop_anonymous_trees(manager, lambda token: False, now=time.time() + IDLE_S + 1) == 300
    assert manager.states == {} and manager._token_expires_at == {}


def test_other_state_managers_are_left_to_their_own_expiry():
    assert drop_anonymous_trees(object(), lambda token: False) == 0
