"""Benchmark of what a customer page load runs in its worker thread: the session check
and the page's data, in one transaction (state/session.py `_context_then`), without
the websocket around it. Prints CPU and wall time per page and the statements each runs.

    python -m ibok_app.bench pages --database-url postgresql+psycopg://…/ibok_bench
    python -m ibok_app.bench pages --customers 200 --rounds 5 --profile /tmp/pages.prof

It uses the benchmark accounts (`seed-demo --accounts N`): a session is opened for each
in the database and ended afterwards. The load benchmark (bench/load.py) gives the
whole picture; this one isolates the part the portal's own code decides.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def page_loads() -> dict[str, tuple[Callable[..., Any], tuple, dict]]:
    """The four customer pages the load benchmark opens: what each load runs after the
    session check, with the arguments its state passes."""
    from ibok_app.services.billing.documents import list_documents
    from ibok_app.services.dashboard.panel import dashboard
    from ibok_app.state.payments import _overview
    from ibok_app.state.readings import HISTORY_PAGE, _page_data

    return {
        "/panel": (dashboard, (), {}),
        "/faktury": (list_documents, (), {"page": 1}),
        "/odczyty": (_page_data, (HISTORY_PAGE,), {}),
        "/platnosci": (_overview, (), {}),
    }


class _StatementCounter:
    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ibok_app.bench pages", description=__doc__.split("\n")[0])
    p.add_argument("--database-url", default="", help="default: IBOK_DATABASE_URL")
    p.add_argument("--customers", type=int, default=100, help="benchmark accounts to load pages for")
    p.add_argument("--rounds", type=int, default=3, help="loads of each page per customer")
    p.add_argument("--page", action="append", default=[], help="only this page (repeatable), e.g. /panel")
    p.add_argument("--profile", default="", help="write a cProfile of the timed loads to this file")
    args = p.parse_args(argv)
    if args.database_url:
        os.environ["IBOK_DATABASE_URL"] = args.database_url

    from sqlmodel import select

    from ibok_app.db import engine, session_scope
    from ibok_app.demo.bench_accounts import bench_logins
    from ibok_app.models import PortalAccount
    from ibok_app.services.accounts import sessions
    from ibok_app.state.session import _context_then

    with session_scope() as s:
        logins = bench_logins(s, args.customers)
        accounts = s.exec(select(PortalAccount.id).where(PortalAccount.login.in_(logins))).all()
        tokens = [sessions.create_session(s, account_id=a) for a in accounts]
    if not tokens:
        print("no benchmark accounts: run `python -m ibok_app.cli seed-demo --accounts N` first", file=sys.stderr)
        return 2
    counter = _StatementCounter(engine())
    pages = {name: load for name, load in page_loads().items() if not args.page or name in args.page}
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.thread_time)  # CPU, not time spent waiting for the database
    try:
        for token in tokens[:10]:  # warm the connection pool and the statement caches
            for fn, fargs, kwargs in pages.values():
                with session_scope() as s:
                    _context_then(s, token, fn, fargs, kwargs)
        results = {}
        for name, (fn, fargs, kwargs) in pages.items():
            cpu, wall, statements = [], [], []
            for _ in range(args.rounds):
                for token in tokens:
                    before, c0, w0 = counter.count, time.thread_time(), time.perf_counter()
                    if profiler:
                        profiler.enable()
                    with session_scope() as s:
                        ctx, _ = _context_then(s, token, fn, fargs, kwargs)
                    if profiler:
                        profiler.disable()
                    cpu.append((time.thread_time() - c0) * 1000)
                    wall.append((time.perf_counter() - w0) * 1000)
                    statements.append(counter.count - before)
                    if ctx is None or not ctx.ready:
                        print(f"{name}: a benchmark session did not resolve", file=sys.stderr)
                        return 1
            results[name] = (statistics.fmean(cpu), _percentile(wall, 0.5), _percentile(wall, 0.95),
                             max(statements), len(cpu))
    finally:
        with session_scope() as s:
            for token in tokens:
                sessions.end_session(s, token)
    if profiler:
        profiler.dump_stats(args.profile)
    print(f"{len(tokens)} customers × {args.rounds} loads of each page (session check + page data, one transaction)")
    print(f"{'page':<12}{'CPU ms':>8}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}")
    for name, (cpu, p50, p95, queries, _n) in results.items():
        print(f"{name:<12}{cpu:8.2f}{p50:8.2f}{p95:8.2f}{queries:9d}")
    print(f"{'mean':<12}{statistics.fmean(r[0] for r in results.values()):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
