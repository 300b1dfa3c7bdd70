"""A worker dies under load (README "Production": Redis and several Granian workers):
customers keep sending meter readings over the websocket and the gateway keeps
sending payment notifications while one worker process is killed with SIGKILL.

What must hold: no reading or payment is lost or half-saved (every reading a customer
was told about is stored with its audit entry, every stored reading has one; every
transaction the gateway got "CONFIRMED" for is booked exactly once, allocations and
all), a customer whose submission died with the worker succeeds on retrying, and the
server keeps serving: the other worker at once, and Granian starts a new one
(ibok_app/worker_respawn.py; without it Granian stopped the whole portal)."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
import requests
from browser_helpers import ROOT
from conftest import _bun_path, running_portal
from reflex_client import run
from sqlalchemy import create_engine, func
from sqlmodel import Session, select
from support import free_port, fresh_database

import ibok_app.ibok_app  # noqa: F401  (states registered here, in the main thread's context)
from ibok_app.bench import load, wire
from ibok_app.config import SIMULATOR_SERVICE_ID, SIMULATOR_SHARED_KEY
from ibok_app.demo.bench_accounts import BENCH_PASSWORD, bench_logins
from ibok_app.integrations import autopay
from ibok_app.models import (
    AuditLog,
    Meter,
    MeterReading,
    OnlinePayment,
    Payment,
    PaymentAllocation,
    PortalAccount,
    ReadingStatus,
    ServicePoint,
)
from ibok_app.services.payments import checkout
from ibok_app.state.readings import ReadingsState
from ibok_app.views.formats import today_in_warsaw

CUSTOMERS = 8


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    """A portal of its own with two workers and tab states in Redis."""
    tmp = tmp_path_factory.mktemp("scaled")
    database_url, drop = fresh_database(tmp, "scaled")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IBOK_")}
    env.update({
        "IBOK_DATABASE_URL": database_url, "IBOK_VAR_DIR": str(tmp / "var"), "IBOK_PORT": str(port),
        "IBOK_PUBLIC_URL": f"http://localhost:{port}", "IBOK_SECRET_KEY": "worker-death-secret",
        "IBOK_MAX_CONNECTIONS_PER_ADDRESS": "0",  # every tab comes from 127.0.0.1; mail goes to files
        "IBOK_REDIS_URL": os.environ.get("IBOK_TEST_REDIS_URL", "").strip() or "redis://127.0.0.1:6379/14",
        "IBOK_WORKERS": "2", "PATH": _bun_path(), "REFLEX_USE_SYSTEM_BUN": "1", "PYTHONUNBUFFERED": "1",
    })
    for args in (["migrate"], ["seed-demo", "--customers", str(CUSTOMERS + 4), "--accounts", str(CUSTOMERS),
                               "--quiet"]):
        subprocess.run([sys.executable, "-m", "ibok_app.cli", *args], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=600)
    engine = create_engine(database_url)
    try:
        with running_portal(env, f"http://localhost:{port}", tmp / "reflex.log") as server:
            yield f"http://localhost:{port}", engine, server
    finally:
        engine.dispose()
        drop()


def _workers(server_pid: int) -> list[int]:
    """The Granian worker processes: forked children running the same command line
    (bcrypt's pool is a forkserver with a command line of its own)."""
    def cmdline(pid: int) -> bytes:
        return Path(f"/proc/{pid}/cmdline").read_bytes()

    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    return [int(c) for c in children if cmdline(int(c)) == cmdline(server_pid)]


def _busiest(workers: list[int], port: int) -> tuple[int, int]:
    """(the worker holding the most established connections to `port`, how many)."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                established.add(fields[9])  # the socket's inode

    def held(pid: int) -> int:
        inodes = set()
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        return len(inodes & established)

    return max(((pid, held(pid)) for pid in workers), key=lambda pair: pair[1])


def _reading_plan(engine, logins: list[str]) -> dict[str, tuple[int, str]]:
    """Per login: a meter of the customer and a plausible next value ("123,456")."""
    plan = {}
    with Session(engine) as s:
        for login in logins:
            customer_id = s.exec(select(PortalAccount.customer_id).where(PortalAccount.login == login)).one()
            meter_id = s.exec(select(Meter.id).join(ServicePoint, ServicePoint.id == Meter.service_point_id)
                              .where(ServicePoint.customer_id == customer_id, Meter.removed_on.is_(None))
                              .order_by(Meter.id)).first()
            last = s.exec(select(func.max(MeterReading.value_l)).where(MeterReading.meter_id == meter_id)).one() or 0
            plan[login] = (meter_id, f"{(last + 4_321) / 1000:.3f}".replace(".", ","))
    return plan


class ReadingSender:
    """One customer's tab: logs in, opens Odczyty, sends one reading (confirming it if the
    portal asks), reconnecting and retrying when the connection dies with its worker."""

    def __init__(self, url: str, login: str, meter_id: int, value: str) -> None:
        self.url, self.login, self.meter_id, self.value = url, login, meter_id, value
        self.outcome = ""  # "saved" | "error shown" | "" (no answer)
        self.attempts = 0
        self.failures: list[str] = []  # what each failed attempt met

    async def _tab(self, http, cookies: dict[str, str] | None):
        names = load.Names.from_app()
        customer = load.Customer(self.url, self.login, BENCH_PASSWORD, names, load.initial_hashes(), load.Results())
        if cookies:
            customer.tab.cookies = dict(cookies)
            customer.tab.cookie_vars = {names.session_var: cookies["ibok_session"]}
            await customer.tab.open(http, customer._boot("/odczyty"))
        elif not await customer.sign_in(http):
            raise ConnectionError("login failed")
        await customer.tab.navigate("/odczyty")
        return customer

    async def run(self, http, start_after: float) -> None:
        await asyncio.sleep(start_after)
        cookies = None
        for self.attempts in range(1, 6):
            customer = None
            try:
                customer = await self._tab(http, cookies)
                cookies = cookies or customer.tab.cookies
                self.outcome = await self._send(customer.tab)
                if self.outcome:
                    return
            except (ConnectionError, aiohttp.ClientError, OSError, TimeoutError, asyncio.TimeoutError) as exc:
                self.failures.append(f"{type(exc).__name__}: {exc}")
                await asyncio.sleep(0.5)  # the worker died under us: a new connection, like the browser's
            finally:
                if customer is not None:
                    await customer.tab.close()

    async def _send(self, tab: wire.Tab) -> str:
        state = ReadingsState.get_full_name()
        answer: dict[str, object] = {}

        def answered(update: dict) -> bool:
            values = (update.get("delta") or {}).get(state) or {}
            for key in ("result_message_rx_state_", "confirm_message_rx_state_", "form_message_rx_state_",
                        "errors_rx_state_"):
                if values.get(key):
                    answer[key] = values[key]
            return bool(answer)

        form = {"meter": str(self.meter_id), "value": self.value, "read_on": ""}
        await tab.call(f"{state}.submit", {"form": form}, path="/odczyty", until=answered, timeout=40)
        if "confirm_message_rx_state_" in answer:
            answer.clear()
            await tab.call(f"{state}.confirm", {}, path="/odczyty", until=answered, timeout=40)
        if "result_message_rx_state_" in answer:
            return "saved"
        # Said to the customer instead: "already sent today" after a retry whose first try was saved
        return "error shown"


def _itn_until_confirmed(url: str, order_id: str, amount_gr: int, deadline: float) -> tuple[bool, int]:
    """The gateway's side: notify until the portal confirms (retrying after a dead worker);
    (confirmed, notices sent)."""
    body = {"transactions": autopay.itn_document(
        service_id=SIMULATOR_SERVICE_ID, order_id=order_id, remote_id=f"R-{order_id}", amount_gr=amount_gr,
        currency="PLN", status="SUCCESS", key=SIMULATOR_SHARED_KEY, payment_date="20261202101500")}
    sent = 0
    while time.monotonic() < deadline:
        sent += 1
        try:
            reply = requests.post(f"{url}/api/platnosci/itn", data=body, timeout=10)
            answer = autopay.confirmation_of(reply.content, SIMULATOR_SERVICE_ID, SIMULATOR_SHARED_KEY)
            if answer and list(answer.values()) == ["CONFIRMED"]:
                return True, sent
        except requests.RequestException:
            pass
        time.sleep(0.2)
    return False, sent


def test_killing_a_worker_under_load_loses_no_reading_and_no_payment(scaled):
    url, engine, server = scaled
    workers = _workers(server.pid)
    assert len(workers) == 2, workers
    with Session(engine) as s:
        logins = bench_logins(s, CUSTOMERS)
        transactions = []
        for customer_id in s.exec(select(PortalAccount.customer_id).where(PortalAccount.login.in_(logins))).all():
            start = checkout.start_payment(s, customer_id, mode="amount", amount="12,34")
            assert start.ok, start.errors
            transactions.append(start.order_id)
            s.commit()
    assert len(logins) == CUSTOMERS and len(transactions) == CUSTOMERS
    plan = _reading_plan(engine, logins)
    senders = [ReadingSender(url, login, *plan[login]) for login in logins]

    port = int(url.rsplit(":", 1)[1])
    killed: list[tuple[int, int]] = []

    async def scenario() -> list[tuple[bool, int]]:
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + 90
        async with aiohttp.ClientSession() as http:
            readings = [asyncio.create_task(sender.run(http, i * 0.4)) for i, sender in enumerate(senders)]
            notices = [loop.run_in_executor(None, _itn_until_confirmed, url, order_id, 1234, deadline)
                       for order_id in transactions]
            await asyncio.sleep(0.5)
            until = time.monotonic() + 15
            while time.monotonic() < until:  # kill a worker while it holds customers' connections
                pid, held = _busiest(workers, port)
                if held:
                    break
                await asyncio.sleep(0.05)
            killed.append((pid, held))
            os.kill(pid, signal.SIGKILL)
            await asyncio.gather(*readings)
            return list(await asyncio.gather(*notices))

    notices = run(scenario())

    # The worker died with connections open, and someone's work was cut off by it.
    assert killed[0][1] > 0
    assert any(sender.failures for sender in senders) or any(sent > 1 for _, sent in notices)
    # The other worker kept serving: every customer's reading went through (on a retry
    # if need be), every notice got its confirmation.
    assert all(sender.outcome == "saved" for sender in senders), [(s.login, s.outcome, s.failures) for s in senders]
    assert all(ok for ok, _ in notices)
    # A new customer can still log in and open a page.
    with Session(engine) as s:
        newcomer = bench_logins(s, CUSTOMERS)[-1]
    assert run(_one_page(url, newcomer)) == "loaded"

    today = today_in_warsaw()
    with Session(engine) as s:
        for sender in senders:
            customer_id = s.exec(select(PortalAccount.customer_id).where(PortalAccount.login == sender.login)).one()
            saved = s.exec(select(MeterReading).where(MeterReading.customer_id == customer_id,
                                                      MeterReading.read_on == today)).all()
            audits = s.exec(select(AuditLog).where(AuditLog.customer_id == customer_id,
                                                   AuditLog.action == "reading.submit")).all()
            # Never half-saved: a stored reading has its audit entry and the other way round.
            assert sorted(a.entity_id for a in audits) == sorted(r.id for r in saved)
            assert saved and all(r.status in (ReadingStatus.ACCEPTED, ReadingStatus.TO_VERIFY) for r in saved)
        for order_id in transactions:
            tx = s.exec(select(OnlinePayment).where(OnlinePayment.order_id == order_id)).one()
            booked = s.exec(select(Payment).where(Payment.reference == f"Autopay {order_id}")).all()
            # Booked exactly once, whichever worker took which retry, and linked to its transaction.
            assert str(tx.status) == "success" and len(booked) == 1, (order_id, tx.status, booked)
            assert tx.payment_id == booked[0].id and booked[0].amount_gr == 1234
            allocated = s.exec(select(func.coalesce(func.sum(PaymentAllocation.amount_gr), 0))
                               .where(PaymentAllocation.payment_id == booked[0].id)).one()
            assert allocated <= 1234  # the rest, if any, is an overpayment: never more than was paid


async def _one_page(url: str, login: str) -> str:
    customer = load.Customer(url, login, BENCH_PASSWORD, load.Names.from_app(), load.initial_hashes(),
                             load.Results())
    async with aiohttp.ClientSession() as http:
        try:
            if not await customer.sign_in(http):
                return "login failed"
            await customer.tab.navigate("/panel")
            return "loaded" if not customer.lost_session else "sent to login"
        finally:
            await customer.tab.close()

