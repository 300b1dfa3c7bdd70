"""Load benchmark: customers in browser tabs, over Reflex's real websocket protocol.

    python -m ibok_app.bench load --users 100 --duration 60             # against make run
    python -m ibok_app.bench load --users 500 --think 5-10 --storm 100   # plus a login storm

Each simulated customer opens /logowanie in a tab (a websocket whose CONNECT packet
carries the hydrate event), logs in through the real login handler (bcrypt and all),
keeps the cookie the server set, then opens a customer page (/panel, /faktury,
/odczyty, /platnosci) every `--think` seconds the way the React client navigates:
update_vars_internal with the cookies, then on_load_internal; the page counts as
loaded when the root state reports `is_hydrated` again, i.e. after the page's data
arrived. Customers start spread over `--ramp` seconds.

The accounts are the benchmark accounts of the portal's database
(`python -m ibok_app.cli seed-demo --accounts N`, demo/bench_accounts.py). The server
is found by its listening port (/proc), so its CPU and memory are measured from
outside, across all of its worker processes; the generator's own CPU is reported too:
on a 2-core machine it competes with the server.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import aiohttp

from ibok_app.bench import server_process, wire

PAGES = ("/panel", "/faktury", "/odczyty", "/platnosci")
LOGIN_PATH = "/logowanie"
CONTEXT_FILE = Path(".web/utils/context.jsx")


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def initial_hashes() -> list[str] | None:
    """The compiled frontend's state hashes, which a real first hydrate sends (they let
    the server leave defaults out of the reply); None when the app is not compiled here."""
    try:
        for line in CONTEXT_FILE.read_text().splitlines():
            if line.startswith("export const initialStateHashes = "):
                return json.loads(line.split(" = ", 1)[1])
    except (OSError, ValueError):
        pass
    return None


@dataclass
class Names:
    """Full names of the states and vars the benchmark talks to."""

    login_submit: str
    session_var: str
    device_var: str

    @classmethod
    def from_app(cls) -> Names:
        from ibok_app.state.cookies import BrowserCookies
        from ibok_app.state.login import LoginState

        return cls(login_submit=f"{LoginState.get_full_name()}.submit",
                   session_var=f"{BrowserCookies.get_full_name()}.session_token_rx_state_",
                   device_var=f"{BrowserCookies.get_full_name()}.device_cookie_rx_state_")


@dataclass
class Results:
    pages: dict[str, list[float]] = field(default_factory=dict)  # path -> seconds
    page_times: list[tuple[float, float]] = field(default_factory=list)  # (finished at, seconds)
    logins: list[float] = field(default_factory=list)
    login_times: list[tuple[float, float]] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    connected: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class Customer:
    def __init__(self, base_url: str, login: str, password: str, names: Names, hashes: list[str] | None,
                 results: Results) -> None:
        self.base_url, self.login, self.password = base_url, login, password
        self.names, self.hashes, self.results = names, hashes, results
        self.tab = wire.Tab(base_url, uuid.uuid4().hex)
        self.lost_session = False

    def _boot(self, path: str) -> dict:
        payload: dict = {}
        if self.tab.cookie_vars:
            payload["vars"] = dict(self.tab.cookie_vars)
        if self.hashes:
            payload["hashes"] = self.hashes
        return wire.event(wire.HYDRATE, payload, path=path)

    def _watch(self, update: dict) -> None:
        for ev in update.get("events") or []:
            if ev.get("name") == "_redirect" and LOGIN_PATH in json.dumps(ev.get("payload")):
                self.lost_session = True

    async def sign_in(self, http: aiohttp.ClientSession) -> bool:
        """Open the login page and log in; True when the server set the session cookie."""
        try:
            await self.tab.open(http, self._boot(LOGIN_PATH))
            self.results.connected += 1
            cookie: dict[str, str] = {}

            def got_cookie(update: dict) -> bool:
                delta = update.get("delta") or {}
                for var, name in ((self.names.session_var, "ibok_session"), (self.names.device_var, "ibok_device")):
                    state, _, key = var.rpartition(".")
                    value = (delta.get(state) or {}).get(key)
                    if value:
                        cookie[name] = value
                return "ibok_session" in cookie

            took = await self.tab.call(self.names.login_submit,
                                       {"form": {"login": self.login, "password": self.password}},
                                       path=LOGIN_PATH, until=got_cookie, timeout=60)
        except (TimeoutError, asyncio.TimeoutError):
            self.results.error("login: no answer in 60 s")
            return False
        except (aiohttp.ClientError, ConnectionError, OSError) as exc:
            self.results.error(f"login: {type(exc).__name__}")
            return False
        self.results.logins.append(took)
        self.results.login_times.append((time.perf_counter(), took))
        self.tab.cookies = dict(cookie)
        self.tab.cookie_vars = {self.names.session_var: cookie["ibok_session"]}
        if "ibok_device" in cookie:
            self.tab.cookie_vars[self.names.device_var] = cookie["ibok_device"]
        self.tab.on_update = self._watch
        return True

    async def open_page(self, path: str) -> None:
        self.lost_session = False
        try:
            took = await self.tab.navigate(path)
        except (TimeoutError, asyncio.TimeoutError):
            self.results.error(f"{path}: no answer in 30 s")
            return
        except (aiohttp.ClientError, ConnectionError, OSError) as exc:
            self.results.error(f"{path}: {type(exc).__name__}")
            return
        if self.lost_session:
            self.results.error(f"{path}: sent to the login page")
            return
        self.results.pages.setdefault(path, []).append(took)
        self.results.page_times.append((time.perf_counter(), took))

    async def run(self, http: aiohttp.ClientSession, *, start_after: float, until: float,
                  think: tuple[float, float], rng: random.Random, pages: tuple[str, ...] = PAGES) -> None:
        await asyncio.sleep(start_after)
        if not await self.sign_in(http):
            await self.tab.close()
            return
        await self.open_page("/panel")  # where the login sends the customer
        while time.perf_counter() + think[0] < until:
            await asyncio.sleep(rng.uniform(*think))
            if self.tab.closed_reason:
                self.results.error("connection closed by the server")
                break
            await self.open_page(rng.choice(pages))
        await self.tab.close()


def _accounts(database_url: str, limit: int) -> list[str]:
    from sqlmodel import Session

    from ibok_app.db import engine_for
    from ibok_app.demo.bench_accounts import bench_logins

    with Session(engine_for(database_url)) as session:
        return bench_logins(session, limit)


async def _sample_server(port: int, samples: list[tuple[float, server_process.Usage]],
                         stop: asyncio.Event) -> None:
    while not stop.is_set():
        # the processes afresh each time: bcrypt's pool starts with the first login
        samples.append((time.perf_counter(), server_process.usage(server_process.server_pids(port))))
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except (TimeoutError, asyncio.TimeoutError):
            pass


async def run_load(args: argparse.Namespace) -> dict:
    from ibok_app.config import settings
    from ibok_app.demo.bench_accounts import BENCH_PASSWORD

    args.database_url = args.database_url or settings().database_url
    args.url = (args.url or settings().public_url).rstrip("/")

    port = urlparse(args.url).port or 80
    logins = _accounts(args.database_url, args.users + args.storm)
    if len(logins) < args.users + args.storm:
        sys.exit(f"Za mało kont do testu: jest {len(logins)}, potrzeba {args.users + args.storm}. "
                 f"Uruchom: python -m ibok_app.cli seed-demo --accounts {args.users + args.storm}")
    pids = server_process.server_pids(port)
    if not pids:
        sys.exit(f"Nic nie nasłuchuje na porcie {port}: uruchom portal (make run).")
    names, hashes, results = Names.from_app(), initial_hashes(), Results()
    rng = random.Random(args.seed)
    think = tuple(float(x) for x in args.think.split("-")) if "-" in args.think else (float(args.think),) * 2

    samples: list[tuple[float, server_process.Usage]] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample_server(port, samples, stop))
    before, gen_cpu0, t0 = server_process.usage(pids), time.process_time(), time.perf_counter()
    until = t0 + args.ramp + args.duration
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        customers = [Customer(args.url, login, BENCH_PASSWORD, names, hashes, results)
                     for login in logins[:args.users]]
        tasks = [asyncio.create_task(c.run(http, start_after=args.ramp * i / max(1, args.users), until=until,
                                           think=think, rng=random.Random(rng.random()),
                                           pages=tuple(args.page or PAGES)))
                 for i, c in enumerate(customers)]
        storm_window = None
        if args.storm:
            await asyncio.sleep(args.ramp + args.duration / 2)
            storm_started = time.perf_counter()
            stormers = [Customer(args.url, login, BENCH_PASSWORD, names, hashes, results)
                        for login in logins[args.users:args.users + args.storm]]
            storm_logins_before = len(results.logins)
            await asyncio.gather(*(s.sign_in(http) for s in stormers))
            storm_window = (storm_started, time.perf_counter(), len(results.logins) - storm_logins_before)
            await asyncio.gather(*(s.tab.close() for s in stormers))
        await asyncio.gather(*tasks)
    stop.set()
    await sampler
    after, elapsed = server_process.usage(server_process.server_pids(port)), time.perf_counter() - t0
    return _report(args, results, samples, before, after, elapsed, time.process_time() - gen_cpu0,
                   storm_window, t0)


def _report(args, results: Results, samples, before, after, elapsed, gen_cpu, storm_window, t0) -> dict:
    ms = 1000.0
    steady = [s for at, s in results.page_times if at >= t0 + args.ramp]
    all_pages = [s for values in results.pages.values() for s in values]
    cpu_used = (after - before).cpu_seconds
    # After the ramp every customer is logged in: CPU per page load without the logins' bcrypt.
    ramp_end = next((u for at, u in samples if at >= t0 + args.ramp), None)
    steady_cpu = (after - ramp_end).cpu_seconds if ramp_end is not None else None
    report: dict = {
        "users": args.users, "duration_s": args.duration, "ramp_s": args.ramp, "think_s": args.think,
        "elapsed_s": round(elapsed, 1),
        "page_loads": len(all_pages),
        "page_loads_per_s": round(len(steady) / args.duration, 1) if args.duration else None,
        "pages": {path: {"n": len(v), "p50_ms": round(_percentile(v, .5) * ms), "p95_ms": round(_percentile(v, .95) * ms),
                         "p99_ms": round(_percentile(v, .99) * ms)} for path, v in sorted(results.pages.items())},
        "all_pages_steady": {"n": len(steady), "p50_ms": round(_percentile(steady, .5) * ms),
                             "p95_ms": round(_percentile(steady, .95) * ms),
                             "p99_ms": round(_percentile(steady, .99) * ms)},
        "logins": {"n": len(results.logins), "p50_ms": round(_percentile(results.logins, .5) * ms),
                   "p95_ms": round(_percentile(results.logins, .95) * ms)},
        "errors": dict(results.errors), "error_count": sum(results.errors.values()),
        "server_cpu_share_of_one_core": round(cpu_used / elapsed, 2) if elapsed else None,
        "server_cpu_ms_per_page_load": round(cpu_used * ms / len(all_pages), 1) if all_pages else None,
        "server_cpu_ms_per_page_load_steady": round(steady_cpu * ms / len(steady), 1) if steady and steady_cpu else None,
        "server_cpu_share_steady": round(steady_cpu / args.duration, 2) if steady_cpu and args.duration else None,
        "server_rss_mb": {"before": round(before.rss_bytes / 2**20, 1), "after": round(after.rss_bytes / 2**20, 1),
                          "peak": round(max((u.rss_bytes for _, u in samples), default=0) / 2**20, 1)},
        "generator_cpu_share_of_one_core": round(gen_cpu / elapsed, 2) if elapsed else None,
    }
    if storm_window is not None:
        start, end, done = storm_window
        during = [s for at, s in results.page_times if start <= at <= end]
        check_s = bcrypt_check_seconds()
        target = 0.9 * (os.cpu_count() or 1) / check_s  # the budget: bounded by bcrypt alone
        report["login_storm"] = {
            "logins": done, "seconds": round(end - start, 2),
            "logins_per_s": round(done / (end - start), 2) if end > start else None,
            "bcrypt_check_s": round(check_s, 3), "target_logins_per_s": round(target, 2),
            "other_customers_pages_during": len(during),
            "other_customers_p95_ms": round(_percentile(during, .95) * ms) if during else None,
        }
    return report


def bcrypt_check_seconds() -> float:
    """One bcrypt check at the portal's cost, on this machine (the best of three)."""
    import bcrypt

    from ibok_app.config import settings

    hashed = bcrypt.hashpw(b"benchmark", bcrypt.gensalt(settings().bcrypt_rounds))
    times = []
    for _ in range(3):
        started = time.process_time()
        bcrypt.checkpw(b"benchmark", hashed)
        times.append(time.process_time() - started)
    return min(times)


async def run_token_loop(url: str, count: int, concurrency: int = 20) -> dict:
    """`count` anonymous tabs, `concurrency` at a time, each opening /logowanie with a
    new client token and leaving: what a script or crawler does. Reports the server's
    memory as it goes; it must stay flat (state/tree_sweeper.py)."""
    pids = server_process.server_pids(urlparse(url).port or 80)
    hashes, samples, errors = initial_hashes(), [], 0
    queue = iter(range(count))
    start = server_process.usage(pids)

    async def one(http: aiohttp.ClientSession) -> None:
        nonlocal errors
        for i in queue:
            tab = wire.Tab(url, uuid.uuid4().hex)
            try:
                await tab.open(http, wire.event(wire.HYDRATE, {"hashes": hashes} if hashes else {}, path=LOGIN_PATH))
            except (TimeoutError, asyncio.TimeoutError, aiohttp.ClientError, ConnectionError, OSError):
                errors += 1
            finally:
                await tab.close()
            if i % 1000 == 999:
                samples.append((i + 1, round(server_process.usage(pids).rss_bytes / 2**20, 1)))

    t0 = time.perf_counter()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        await asyncio.gather(*(one(http) for _ in range(concurrency)))
    took = time.perf_counter() - t0
    await asyncio.sleep(30)  # the sweeper's idle time and a pass or two
    return {"tokens": count, "seconds": round(took, 1), "errors": errors,
            "rss_mb_start": round(start.rss_bytes / 2**20, 1), "rss_mb_every_1000": samples,
            "rss_mb_30s_after": round(server_process.usage(pids).rss_bytes / 2**20, 1)}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--url", default=None,
                   help="the running portal (default: IBOK_PUBLIC_URL, as make run serves it; the websocket "
                        "accepts only that origin)")
    p.add_argument("--users", type=int, default=100, help="concurrent customers (tabs)")
    p.add_argument("--duration", type=float, default=60, help="seconds of steady load after the ramp")
    p.add_argument("--ramp", type=float, default=20, help="seconds over which the customers log in")
    p.add_argument("--think", default="5-10", help="seconds between page loads per customer, e.g. 5-10 or 1")
    p.add_argument("--page", action="append", default=[], metavar="PATH",
                   help="open only this page (repeatable; default the four customer pages). `--page /` "
                        "measures Reflex's own cost per navigation: the home page only checks the session")
    p.add_argument("--storm", type=int, default=0, help="this many extra customers log in at once mid-run")
    p.add_argument("--database-url", default=None,
                   help="the portal's database, where the benchmark accounts are (default: IBOK_DATABASE_URL)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--json", action="store_true", help="print the report as JSON only")
    p.add_argument("--token-loop", type=int, default=0, metavar="N",
                   help="instead: N anonymous tabs with new tokens, one after another (memory must stay flat)")


def main(args: argparse.Namespace) -> int:
    if args.token_loop:
        from ibok_app.config import settings

        report = asyncio.run(run_token_loop((args.url or settings().public_url).rstrip("/"), args.token_loop))
        print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))
        return 1 if report["errors"] else 0
    report = asyncio.run(run_load(args))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return 1 if report["error_count"] else 0


if __name__ == "__main__":  # pragma: no cover
    parser = argparse.ArgumentParser(prog="python -m ibok_app.bench.load")
    add_arguments(parser)
    sys.exit(main(parser.parse_args()))
