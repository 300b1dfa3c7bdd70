"""Helpers for browser tests: the e-mail catcher, the portal handle, page helpers."""
from __future__ import annotations

import email
import email.policy
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session


ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".tools" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"


class MailCatcher:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(msg)
        return "250 OK"

    def wait_for(self, to: str, subject_contains: str, timeout: float = 30.0) -> email.message.EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for msg in reversed(self.messages):
                    if to.lower() in str(msg["To"]).lower() and subject_contains in str(msg["Subject"]):
                        return msg
            time.sleep(0.2)
        raise AssertionError(f"no e-mail to {to} with {subject_contains!r}; got "
                             f"{[(m['To'], m['Subject']) for m in self.messages]}")


def text_body(msg: email.message.EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    assert part is not None, "every e-mail has a plain-text part"
    return part.get_content()


@dataclass
class Portal:
    url: str
    database_url: str
    env: dict
    mail: MailCatcher
    engine: object = field(repr=False)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def cli(self, *args: str) -> str:
        out = subprocess.run([sys.executable, "-m", "ibok_app.cli", *args], cwd=ROOT, env=self.env,
                             capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr
        return out.stdout


def goto(page, url: str) -> None:
    """Open a page and wait until Reflex has hydrated it (handlers are live)."""
    page.goto(url)
    page.wait_for_selector("main[data-hydrated='1']", timeout=30_000)


def assert_accessible(page, label: str) -> None:
    """Zero axe-core violations for WCAG 2.0/2.1 A and AA."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    assert result == [], f"{label}: {result}"


def login(page, portal: Portal, username: str, password: str) -> None:
    goto(page, f"{portal.url}/logowanie")
    page.get_by_label("Login", exact=True).fill(username)
    page.get_by_label("Hasło", exact=True).fill(password)
    page.get_by_role("button", name="Zaloguj").click()
