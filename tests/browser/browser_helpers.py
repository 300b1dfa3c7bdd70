"""Helpers for browser tests: the e-mail catcher, the portal handle, page helpers."""
from __future__ import annotations

import email
import email.policy
import functools
import io
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from sqlmodel import Session, func, select

from ibok_app.models import PortalAccount
from ibok_app.routes import SESSION_COOKIE

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".tools" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"  # pinned in the Makefile; older ones miss label-content-name-mismatch
CHROMIUM = "/usr/bin/chromium"
WIDTHS = (1280, 360)  # desktop and phone


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
    log_path: Path | None = None  # the server's output (reflex run)

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


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def assert_accessible(page, label: str) -> None:
    """Zero axe-core violations for WCAG 2.0/2.1 A and AA."""
    # not a <script> tag: the CSP allows only the built pages' own inline scripts
    page.evaluate("(source) => { if (!window.axe) (0, eval)(source); }", _axe_source())
    assert page.evaluate("axe.version") == AXE_VERSION
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


def sign_in(page, portal: Portal, account: dict) -> None:
    """Log in and land on the panel, accepting new terms if another test published them."""
    login(page, portal, account["login"], account["password"])
    page.wait_for_url(re.compile(r"/(panel|akceptacja-regulaminu)/?$"))
    if "akceptacja" in page.url:
        page.wait_for_selector("main[data-hydrated='1']")
        page.get_by_role("button", name="Akceptuję regulamin").click()
        page.wait_for_url(re.compile(r"/panel/?$"))


def account_with(demo_accounts: dict, meters: str) -> dict:
    """The registered demo account with `meters` "one", "several" or "garden"."""
    found = [a for a in demo_accounts["registered"] if a["meters"] == meters]
    assert found, f"the demo data has no account with {meters!r} meters: {demo_accounts['registered']}"
    return found[0]


def extra_account(portal: Portal, number: str) -> dict:
    """A registered customer outside the demo data (password KNOWN_PASSWORD), for a
    test that changes the account: demo logins must keep their documented passwords."""
    from ibok_app.services.accounts import terms
    from tests.factories.accounts import (
        KNOWN_PASSWORD,
        make_account,
        make_customer,
        make_invoice,
    )

    with portal.session() as s:
        owner = make_customer(s, number=number)
        make_invoice(s, owner)
        account = make_account(s, owner)
        terms.record_acceptance(s, account.id, terms.current_terms(s).id)
        s.commit()
        return {"login": owner.number, "password": KNOWN_PASSWORD, "email": account.email}


def submit_registration(page, portal: Portal, target: dict, *, phone: str, email: str, password: str,
                        gross_amount: str | None = None) -> None:
    """Fill /rejestracja for the demo customer `target` (terms accepted) and submit it;
    `gross_amount` defaults to the right amount of the customer's invoice."""
    goto(page, f"{portal.url}/rejestracja")
    page.get_by_label("Numer klienta").fill(target["customer_number"])
    page.get_by_label("Numer faktury").fill(target["invoice_number"])
    page.get_by_label("Kwota brutto faktury").fill(gross_amount or target["gross_amount"].replace(".", ","))
    page.get_by_label("Numer telefonu").fill(phone)
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło", exact=True).fill(password)
    page.get_by_label("Potwierdź hasło").fill(password)
    page.get_by_label(re.compile("regulamin")).check()
    page.get_by_role("button", name="Zarejestruj").click()


def open_page(page, url: str) -> None:
    """goto() and wait until the page's data has loaded (its loading_guard is gone)."""
    goto(page, url)
    page.wait_for_selector(".loading", state="detached")


def assert_fits(page, label: str, width: int) -> None:
    """At the current viewport `width`: axe-clean and no sideways page scroll."""
    assert_accessible(page, f"{label} @ {width}px")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{label} scrolls sideways at {width}px ({scroll}px)"


def check_layout(page, label: str) -> None:
    """assert_fits at desktop and phone width; with IBOK_TEST_SHOTS=<dir> also saves
    full-page screenshots there as <label slug>-<width>.png, for looking at the pages."""
    shots = os.environ.get("IBOK_TEST_SHOTS", "")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert_fits(page, label, width)
        if shots:
            slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            page.screenshot(path=str(Path(shots) / f"{slug}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})


def portal_account(portal: Portal, login_name: str) -> PortalAccount:
    with portal.session() as s:
        return s.exec(select(PortalAccount).where(PortalAccount.login == login_name)).one()


def customer_id(portal: Portal, login_name: str) -> int:
    return portal_account(portal, login_name).customer_id


def count_rows(portal: Portal, model, *where) -> int:
    with portal.session() as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def email_link(body: str, path: str) -> str:
    """The one-time link to `path` (…/aktywacja?token=…) in an e-mail body."""
    match = re.search(rf"https?://\S+{path}\?token=[\w-]+", body)
    assert match, body
    return match.group(0)


def _image(fmt: str, size: tuple[int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buf, format=fmt)
    return buf.getvalue()


def tiny_png() -> bytes:
    """A real 40×30 PNG."""
    return _image("PNG", (40, 30))


def tiny_jpeg() -> bytes:
    """A real 64×48 JPEG."""
    return _image("JPEG", (64, 48))


def session_cookies(page) -> dict[str, str]:
    """The browser's session cookie, for plain HTTP requests as the same customer."""
    return {c["name"]: c["value"] for c in page.context.cookies() if c["name"] == SESSION_COOKIE}
