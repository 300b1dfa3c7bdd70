"""A burst of logins waiting for bcrypt never holds up the other customers' session
checks (state/base.py PASSWORD_LANE). In one event loop, as in the server: logins whose
bcrypt does not finish fill their lane, and a public page's session check (the home
page's `peek`) must still answer. Before the lanes, both shared asyncio's default pool
and the check waited for the whole burst."""
from __future__ import annotations

import asyncio
import threading
import time

import pytest
from state_support import _drain, browser_cookie, logged_in, new_state, run

import ibok_app.ibok_app  # noqa: F401  (registers every page and state)
from ibok_app import demo
from ibok_app.integrations import bcrypt_pool
from ibok_app.state.base import PASSWORD_THREADS
from ibok_app.state.connection_guard import ConnectionGuard
from ibok_app.state.login import LoginState
from ibok_app.state.session import SessionState


@pytest.fixture
def account(db):
    demo.seed_demo(customers=3)
    return demo.demo_accounts()["registered"][0]


def test_a_session_check_answers_while_every_login_waits_for_bcrypt(account, monkeypatch):
    tab = logged_in(SessionState, account)  # a customer already in, on a public page
    logins = [new_state(LoginState) for _ in range(PASSWORD_THREADS + 8)]  # more than the lane holds
    gate, waiting, lock = threading.Event(), [0], threading.Lock()
    real_check = bcrypt_pool.checkpw

    def slow_check(password: bytes, hashed: bytes) -> bool:
        with lock:
            waiting[0] += 1
        gate.wait(60)
        return real_check(password, hashed)

    monkeypatch.setattr(bcrypt_pool, "checkpw", slow_check)
    form = {"login": account["login"], "password": account["password"]}

    async def submit(state):
        return await _drain(LoginState.submit.fn(state, form))

    async def peek():
        await ConnectionGuard().preprocess(None, tab, None)
        return await _drain(SessionState.peek.fn(tab))

    async def scenario():
        burst = [asyncio.create_task(submit(state)) for state in logins]
        deadline = time.monotonic() + 30
        while waiting[0] < PASSWORD_THREADS and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        lane_full = waiting[0]
        try:
            await asyncio.wait_for(peek(), 30)  # queued behind the burst, it would wait for the gate
            checked_before_release = not gate.is_set()
        finally:
            gate.set()
        await asyncio.gather(*burst)
        return lane_full, checked_before_release

    lane_full, checked_before_release = run(scenario())
    assert lane_full == PASSWORD_THREADS  # every login thread was waiting for bcrypt
    assert checked_before_release
    assert tab.logged_in and tab.customer_login == account["login"]
    assert all(browser_cookie(state) for state in logins)  # and the burst got through afterwards
