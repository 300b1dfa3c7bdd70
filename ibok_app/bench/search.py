"""Benchmark of the desk's customer search (services/desk/customers.search_customers):
p50/p95 per kind of query over a demo database.

    python -m ibok_app.bench.search --customers 50000            # scratch SQLite in var/bench/
    python -m ibok_app.bench.search --database-url postgresql+psycopg://…/ibok_bench --customers 50000

The database is seeded with the demo data (ibok_app.demo) up to --customers when it has
fewer; a scratch database is kept between runs, so the slow seeding happens once.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _queries(session, rng: random.Random, per_kind: int) -> dict[str, list[str]]:
    """Real fragments of the data: what an office worker would type."""
    from sqlmodel import select

    from ibok_app.models import Customer, PortalAccount, ServicePoint

    def sample(stmt) -> list[str]:
        values = [v for v in session.exec(stmt.limit(5000)).all() if v]
        return rng.sample(values, min(per_kind, len(values))) if values else []

    names = sample(select(Customer.name))
    streets = sample(select(ServicePoint.street))
    emails = sample(select(PortalAccount.email))
    phones = sample(select(PortalAccount.phone))
    numbers = sample(select(Customer.number))
    return {
        "numer klienta (początek)": [n[:-2] for n in numbers],
        "numer klienta (cały)": numbers,
        "nazwisko": [n.split()[-1][:6].lower() for n in names],
        "nazwisko + ulica": [f"{n.split()[-1][:5]} {s.split()[-2] if len(s.split()) > 1 else s}"
                             for n, s in zip(names, streets)],
        "ulica punktu poboru": [s.split()[1] if len(s.split()) > 1 else s for s in streets],
        "e-mail": [e.split("@")[0] for e in emails],
        "telefon": [p[-9:] for p in phones],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ibok_app.bench.search", description=__doc__.split("\n")[0])
    p.add_argument("--customers", type=int, default=2000, help="demo customers in the database (default 2000)")
    p.add_argument("--database-url", default="", help="default: a scratch SQLite var/bench/search-N.db")
    p.add_argument("--per-kind", type=int, default=40, help="queries of each kind (default 40)")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)

    if args.database_url:
        os.environ["IBOK_DATABASE_URL"] = args.database_url
    else:
        scratch = Path(os.environ.get("IBOK_VAR_DIR", "var")) / "bench"
        scratch.mkdir(parents=True, exist_ok=True)
        os.environ["IBOK_DATABASE_URL"] = f"sqlite:///{(scratch / f'search-{args.customers}.db').resolve()}"

    from sqlalchemy import func
    from sqlmodel import select

    from ibok_app.config import reset_settings
    from ibok_app.db import session_scope
    from ibok_app.demo import seed_demo
    from ibok_app.migrations import upgrade_to_head
    from ibok_app.models import Customer
    from ibok_app.services.desk.customers import search_customers

    reset_settings()
    upgrade_to_head()
    with session_scope() as session:
        have = int(session.exec(select(func.count()).select_from(Customer)).one())
    if have < args.customers:
        print(f"Wczytuję dane demonstracyjne: {args.customers - have} klientów (jednorazowo)…", flush=True)
        started = time.perf_counter()
        seed_demo(customers=args.customers - have)
        print(f"  gotowe w {time.perf_counter() - started:.0f} s", flush=True)

    rng = random.Random(args.seed)
    with session_scope() as session:
        total = int(session.exec(select(func.count()).select_from(Customer)).one())
        kinds = _queries(session, rng, args.per_kind)
        search_customers(session, "rozgrzewka")  # first-use costs out of the numbers
        print(f"Baza: {os.environ['IBOK_DATABASE_URL'].split('@')[-1]}, klientów: {total}")
        print(f"{'rodzaj zapytania':<28}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'wyników (mediana)':>20}")
        everything: list[float] = []
        for kind, queries in kinds.items():
            times, hits = [], []
            for query in queries:
                started = time.perf_counter()
                page = search_customers(session, query, page_size=25)
                times.append((time.perf_counter() - started) * 1000)
                hits.append(page.total)
            if not times:
                continue
            everything += times
            print(f"{kind:<28}{len(times):>5}{statistics.median(times):>10.1f}{_percentile(times, 0.95):>10.1f}"
                  f"{statistics.median(hits):>20.0f}")
        if everything:
            print(f"{'wszystkie':<28}{len(everything):>5}{statistics.median(everything):>10.1f}"
                  f"{_percentile(everything, 0.95):>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
