"""What a customer's tab keeps on the server (bench/state_size.py): the page's lists
while the customer is on it, not after; and an idle session's memory within budget."""
from __future__ import annotations

import pytest
from sqlmodel import select

import ibok_app.ibok_app  # noqa: F401  (registers every page and state)
from ibok_app import demo
from ibok_app.bench.state_size import PAGES, idle_session_memory, tour
from ibok_app.db import session_scope
from ibok_app.demo.bench_accounts import bench_logins, ensure_bench_accounts
from ibok_app.models import PortalAccount
from ibok_app.services.accounts import sessions


@pytest.fixture
def cookies(db):
    demo.seed_demo(customers=30)
    with session_scope() as s:
        ensure_bench_accounts(s, 8)
        logins = bench_logins(s, 8)
        ids = s.exec(select(PortalAccount.id).where(PortalAccount.login.in_(logins))).all()
        return [sessions.create_session(s, account_id=a) for a in ids]


def test_a_pages_lists_stay_only_while_the_customer_is_on_it(cookies):
    weights = {w.path: w for w in tour(ibok_app.ibok_app.app, cookies[0])}
    assert list(weights) == list(PAGES[:-1])
    for path in ("/odczyty", "/faktury", "/platnosci"):
        w = weights[path]
        assert w.page_bytes > w.left_bytes + 1000, path  # it loaded real rows, and dropped them
    # measured 2026-12-03: pages 0.6–4.7 KB, 0.1–0.9 KB after leaving, trees 14–18 KB
    assert all(w.left_bytes < 1200 for w in weights.values()), weights
    assert max(w.tree_bytes for w in weights.values()) < 32_000


def test_an_idle_session_costs_less_than_100_kb(cookies):
    per_session = idle_session_memory(ibok_app.ibok_app.app, cookies)
    assert 0 < per_session < 100 * 1024
