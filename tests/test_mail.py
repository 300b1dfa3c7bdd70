"""E-mail building and the two senders, against a real local SMTP server."""
from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest
from fake_servers import SmtpServer, free_port, patched_env

from ibok_app.integrations.mail import (
    FileMailSender,
    SmtpMailSender,
    build_message,
    mail_sender_from_settings,
)
from ibok_app.integrations.outbound import DeliveryError, PermanentDeliveryError

# Settings (sender address, var dir) come from the test session's environment.
pytestmark = pytest.mark.usefixtures("ibok_env")

SUBJECT = "Zażółć gęślą jaźń — faktura FV/2026/11/0042"
TEXT = "Dzień dobry,\nw załączeniu informacja o należności: 1 234,56 zł.\nŁódź, Świętokrzyska 5"


def text_of(part) -> str:
    """Decoded text of a part; line ends as in Python (a message on the wire uses CRLF)."""
    return part.get_content().replace("\r\n", "\n").rstrip("\n")


def test_build_message_polish_text_only():
    msg = build_message("jan.kowalski@example.pl", SUBJECT, TEXT, from_addr="Biuro Obsługi <bok@uskom.eu>")
    raw = msg.as_bytes()
    raw.decode("ascii")  # headers RFC 2047-encoded, body quoted-printable: 7-bit safe
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == SUBJECT
    assert parsed["From"].addresses[0].display_name == "Biuro Obsługi"
    assert parsed.get_content_type() == "text/plain"
    assert text_of(parsed) == TEXT
    assert re.fullmatch(r"<[^@>]+@uskom\.eu>", parsed["Message-ID"])
    assert parsed["Date"].datetime.tzinfo is not None


def test_build_message_html_is_an_alternative_to_text():
    msg = build_message("a@example.pl", "Nowa faktura", TEXT, html="<p>Należność: <b>12,00 zł</b></p>")
    parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert "Należność" in parsed.get_body(("html",)).get_content()
    assert text_of(parsed.get_body(("plain",))) == TEXT


def test_build_message_uses_configured_sender_by_default():
    msg = build_message("a@example.pl", "Test", "x")
    assert msg["From"].addresses[0].addr_spec == "ibok@uskom.eu"


@pytest.mark.parametrize("to", ["", "bez-malpy", "a@example.pl, b@example.pl", "a@example.pl\nBcc: x@evil.pl",
                                "@example.pl"])
def test_build_message_refuses_bad_recipients(to):
    with pytest.raises(PermanentDeliveryError):
        build_message(to, "Test", "x")


def test_subject_newlines_cannot_inject_headers():
    msg = build_message("a@example.pl", "Temat\r\nBcc: x@evil.pl", "x")
    parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Temat Bcc: x@evil.pl"


def test_smtp_sender_delivers_to_real_server():
    with SmtpServer() as server:
        sender = SmtpMailSender(host="127.0.0.1", port=server.port, starttls=False, timeout=5)
        sender.send(build_message("odbiorca@example.pl", SUBJECT, TEXT))
    assert server.rcpt == [["odbiorca@example.pl"]]
    got = server.messages[0]
    assert got["Subject"] == SUBJECT
    assert text_of(got.get_body(("plain",))) == TEXT


def test_smtp_sender_logs_in_when_user_is_set():
    with SmtpServer(login=("ibok", "tajne-haslo-123")) as server:
        SmtpMailSender(host="127.0.0.1", port=server.port, user="ibok", password="tajne-haslo-123",
                       starttls=False, timeout=5).send(build_message("a@example.pl", "T", "x"))
        with pytest.raises(DeliveryError):
            SmtpMailSender(host="127.0.0.1", port=server.port, user="ibok", password="zle",
                           starttls=False, timeout=5).send(build_message("a@example.pl", "T", "x"))
        with pytest.raises(DeliveryError):  # smtplib cannot send a non-ASCII password
            SmtpMailSender(host="127.0.0.1", port=server.port, user="ibok", password="hasło",
                           starttls=False, timeout=5).send(build_message("a@example.pl", "T", "x"))
    assert server.logins == ["ibok"]
    assert len(server.messages) == 1
    assert "tajne" not in repr(SmtpMailSender(host="h", password="tajne"))


def test_smtp_sender_refuses_plaintext_when_starttls_is_required():
    with SmtpServer() as server:  # offers no STARTTLS
        with pytest.raises(DeliveryError):
            SmtpMailSender(host="127.0.0.1", port=server.port, starttls=True, timeout=5).send(
                build_message("a@example.pl", "T", "x"))
    assert server.messages == []


def test_smtp_sender_raises_delivery_error_when_server_is_down():
    with pytest.raises(DeliveryError, match="brak połączenia"):
        SmtpMailSender(host="127.0.0.1", port=free_port(), starttls=False, timeout=2).send(
            build_message("a@example.pl", "T", "x"))


def test_file_sender_writes_parseable_eml(tmp_path):
    msg = build_message("a@example.pl", SUBJECT, TEXT, html="<p>Dzień dobry</p>")
    msg["X-IBOK-Outbox-Id"] = "42"
    FileMailSender(tmp_path / "mail").send(msg)
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1, files  # no temp file left behind
    assert re.fullmatch(r"\d{8}T\d{6}Z-42\.eml", files[0].name)
    raw = files[0].read_bytes()
    assert b"\r\n" in raw
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == SUBJECT
    assert parsed["To"] == "a@example.pl"
    assert text_of(parsed.get_body(("plain",))) == TEXT


def test_file_sender_reports_unwritable_directory(tmp_path):
    blocker = tmp_path / "plik"
    blocker.write_text("nie katalog")
    with pytest.raises(DeliveryError):
        FileMailSender(blocker / "mail").send(build_message("a@example.pl", "T", "x"))


def test_sender_chosen_by_settings(tmp_path):
    with patched_env(IBOK_SMTP_HOST=None):
        assert isinstance(mail_sender_from_settings(), FileMailSender)
    with patched_env(IBOK_SMTP_HOST="smtp.example.pl", IBOK_SMTP_PORT="2525", IBOK_SMTP_USER="u",
                  IBOK_SMTP_PASSWORD="p", IBOK_SMTP_STARTTLS="0"):
        sender = mail_sender_from_settings()
        assert isinstance(sender, SmtpMailSender)
        assert (sender.host, sender.port, sender.user, sender.password, sender.starttls) == \
            ("smtp.example.pl", 2525, "u", "p", False)
