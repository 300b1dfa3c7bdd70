"""Browser tests: the portal built and served in production mode on a free port, with
its own database and a real SMTP server (aiosmtpd) on loopback catching its e-mails,
driven by Playwright in Debian's Chromium."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller
from browser_helpers import CHROMIUM, ROOT, MailCatcher, Portal
from sqlalchemy import create_engine
from support import free_port, fresh_database


def _bun_path() -> str:
    local = ROOT / ".tools" / "bun" / "node_modules" / ".bin"
    return f"{local}{os.pathsep}{os.environ.get('PATH', '')}"


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portal")
    database_url, drop = fresh_database(tmp, "portal")
    catcher = MailCatcher()
    smtp = Controller(catcher, hostname="127.0.0.1", port=free_port())
    smtp.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IBOK_")}
    env.update({
        "IBOK_DATABASE_URL": database_url,
        "IBOK_VAR_DIR": str(tmp / "var"),
        "IBOK_PORT": str(port),
        "IBOK_PUBLIC_URL": f"http://localhost:{port}",
        "IBOK_SECRET_KEY": "browser-test-secret",
        "IBOK_SMTP_HOST": "127.0.0.1",
        "IBOK_SMTP_PORT": str(smtp.port),
        "IBOK_SMTP_STARTTLS": "0",
        "IBOK_OUTBOX_INTERVAL_SECONDS": "0.5",
        "PATH": _bun_path(),
        "REFLEX_USE_SYSTEM_BUN": "1",
        "PYTHONUNBUFFERED": "1",
    })
    # The scale-out path (.ci/run's third pass): tab states in Redis, two Granian workers.
    redis_url = os.environ.get("IBOK_TEST_REDIS_URL", "").strip()
    if redis_url:
        env.update({"IBOK_REDIS_URL": redis_url, "IBOK_WORKERS": "2"})
    portal = Portal(f"http://localhost:{port}", database_url, env, catcher,
                    create_engine(database_url), tmp / "reflex.log")
    portal.cli("migrate")
    portal.cli("seed-demo", "--customers", "40", "--quiet")
    try:
        with running_portal(env, portal.url, tmp / "reflex.log"):
            yield portal
    finally:
        smtp.stop()
        portal.engine.dispose()
        drop()


@contextlib.contextmanager
def running_portal(env: dict, url: str, log_path: Path):
    """`reflex run --env prod` with `env` until the block ends; yields its process (the
    server's process group is stopped, workers and all)."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "reflex", "run", "--env", "prod", "--loglevel", "info"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_until_served(url, proc, log_path)
            yield proc
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _wait_until_served(url: str, proc: subprocess.Popen, log_path: Path, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"reflex exited early:\n{log_path.read_text()[-4000:]}")
        try:
            if requests.get(f"{url}/logowanie", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"portal not up after {timeout}s:\n{log_path.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def demo_accounts(portal) -> dict:
    return json.loads(portal.cli("demo-accounts", "--json"))




def pytest_collection_modifyitems(items):
    """Everything under tests/browser/ is a browser test (`-m "not browser"` skips them)."""
    for item in items:
        if "/tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
