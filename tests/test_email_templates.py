"""Every e-mail of the portal goes through one branded layout (notifications/emails.py
`render`): the company's name and contact data, inline styles only, escaped values,
and a plain-text part without markup."""
from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest

from ibok_app.config import settings
from ibok_app.integrations.mail import build_message
from ibok_app.services.notifications import case_emails, emails, payment_emails

# The company and the public URL (http://localhost:3999) come from the test session's environment.
pytestmark = pytest.mark.usefixtures("ibok_env")

AT = datetime(2026, 5, 4, 10, 0)
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'

TEMPLATES = {
    "activation": lambda: emails.activation_email(login="100001", link="http://localhost:3999/aktywacja?token=abc"),
    "temporary_password": lambda: emails.temporary_password_email(login="100001", password="Tymczasowe-12"),
    "password_changed": lambda: emails.password_changed_email(login="100001", changed_at=AT),
    "ticket_created": lambda: case_emails.ticket_created_email(number="ZG/2026/000001", category_label="Wyciek",
                                                               place="ul. Polna 1", created_at=AT),
    "ticket_status": lambda: case_emails.ticket_status_email(number="ZG/2026/000001", status_label="W realizacji",
                                                             message="Przyjedziemy jutro."),
    "ticket_reply": lambda: case_emails.ticket_reply_email(number="ZG/2026/000001",
                                                           message="Ekipa przyjedzie jutro."),
    "complaint_received": lambda: case_emails.complaint_received_email(
        number="RK/2026/000001", subject="Zawyżony odczyt", received_on=date(2026, 5, 4),
        answer_due_on=date(2026, 5, 18)),
    "complaint_answered": lambda: case_emails.complaint_answered_email(
        number="RK/2026/000001", subject="Zawyżony odczyt", status_label="uwzględniona", answer="Korekta."),
    "email_change_confirm": lambda: case_emails.email_change_confirm_email(
        login="100001", new_email="nowa@example.com", link="http://localhost:3999/potwierdz-email?token=t",
        valid_hours=24),
    "email_change_notice": lambda: case_emails.email_change_notice_email(login="100001",
                                                                         new_email_masked="n***@example.com"),
    "closure_requested": lambda: case_emails.closure_requested_email(login="100001", requested_at=AT,
                                                                     access_until=datetime(2026, 5, 18, 10, 0)),
    "payment_receipt": lambda: payment_emails.payment_receipt_email(
        order_id="IBOK123", amount_gr=12345, fee_gr=0, documents=["FV/2026/04/000777"], overpayment_gr=0),
}


class _Tags(HTMLParser):
    """Collects start tags with their attributes; fails on nothing (we check what it saw)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_every_email_has_the_branded_layout(name):
    subject, text, html = TEMPLATES[name]()
    c = settings().company
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="pl">' in html and f"<title>{subject}</title>" in html.replace("&quot;", '"')
    for value in (c.short_name, c.address, c.phone, c.email):
        assert value in html and value in text
    assert c.name.replace('"', "&quot;") in html and c.name in text
    assert "max-width:600px" in html
    tags = _tags(html)
    assert all(tag != "style" for tag, _ in tags)
    assert all("class" not in attrs for _, attrs in tags)
    tables = [attrs for tag, attrs in tags if tag == "table"]
    assert tables and all(attrs.get("role") == "presentation" for attrs in tables)
    links = [attrs for tag, attrs in tags if tag == "a"]
    assert links and all("text-decoration:underline" in (attrs.get("style") or "") for attrs in links)
    assert "#1b2430" in html and "#0b4f8a" in html


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_the_text_part_stays_plain(name):
    _subject, text, _html = TEMPLATES[name]()
    assert not re.search(r"<[a-zA-Z/!]", text) and "&amp;" not in text and "style=" not in text
    assert text.startswith("Dzień dobry,\n") and text.endswith("Prosimy na nią nie odpowiadać.\n")


def test_the_link_of_a_message_is_clickable_in_html_and_plain_in_text():
    _subject, text, html = TEMPLATES["activation"]()
    link = "http://localhost:3999/aktywacja?token=abc"
    assert f"\n{link}\n" in text
    assert [a["href"] for tag, a in _tags(html) if tag == "a" and a["href"].startswith("http")] == [link]


def test_hostile_values_are_escaped_in_html_and_kept_as_typed_in_text():
    subject, text, html = case_emails.complaint_received_email(
        number="RK/2026/000001", subject=HOSTILE, received_on=date(2026, 5, 4), answer_due_on=date(2026, 5, 18))
    assert "<script" not in html and "<img" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in html
    assert {tag for tag, _ in _tags(html)} <= {"html", "head", "meta", "title", "body", "table", "tr", "td", "p",
                                               "br", "a"}
    assert HOSTILE in text

    _subject, _text, html = case_emails.ticket_status_email(number="ZG/1", status_label=HOSTILE, message=HOSTILE)
    assert "<script" not in html and "<img" not in html
    assert "<script" not in html.split("<title>")[1].split("</title>")[0]


def test_a_hostile_link_cannot_break_out_of_its_attribute():
    _subject, _text, html = emails.activation_email(login="100001", link='http://x/"><script>alert(1)</script>')
    assert "<script" not in html
    assert [a["href"] for tag, a in _tags(html) if tag == "a" and not a["href"].startswith("mailto:")] == [
        'http://x/"><script>alert(1)</script>']


def test_the_message_is_multipart_alternative_with_the_branded_html():
    subject, text, html = TEMPLATES["ticket_created"]()
    msg = build_message("klient@example.pl", subject, text, html=html)
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    plain = msg.get_body(("plain",)).get_content()
    assert "<" not in plain and settings().company.phone in plain
    assert settings().company.short_name in msg.get_body(("html",)).get_content()


def test_temporary_password_email_links_to_the_login_page():
    _subject, text, html = emails.temporary_password_email(login="100001", password="Tymczasowe-12")
    login_page = "http://localhost:3999/logowanie"
    assert re.search(rf"(?m)^{re.escape(login_page)}$", text)
    assert f'href="{login_page}"' in html
    assert not re.search(r"(?m)^http://localhost:3999/?$", text)
