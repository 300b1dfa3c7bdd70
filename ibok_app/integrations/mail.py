"""E-mail: building a message and sending it over SMTP, or dropping it as an .eml
file into var/mail when no SMTP server is configured (the embedded default)."""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol

from ibok_app.config import settings
from ibok_app.integrations.outbound import (
    DeliveryError,
    PermanentDeliveryError,
    drop_file_name,
    write_atomic,
)

OUTBOX_ID_HEADER = "X-IBOK-Outbox-Id"


class MailSender(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Deliver the message or raise DeliveryError."""


def _one_line(value: str) -> str:
    # A CR/LF in a header value would let text pick its own headers (header injection).
    return " ".join(value.split())


def build_message(to: str, subject: str, text: str, html: str | None = None,
                  from_addr: str | None = None) -> EmailMessage:
    """A UTF-8 message: text/plain always, text/html as its alternative when given.

    Raises PermanentDeliveryError when `to` is not exactly one usable address."""
    msg = EmailMessage(policy=policy.SMTP)
    to = (to or "").strip()
    try:
        msg["To"] = _one_line(to)
        recipients = msg["To"].addresses
    except (ValueError, IndexError, TypeError) as exc:  # the email package's parse errors
        raise PermanentDeliveryError(f"Nieprawidłowy adres e-mail odbiorcy: {exc}") from exc
    if "\n" in to or "\r" in to or len(recipients) != 1 or not recipients[0].domain \
            or not recipients[0].username:
        raise PermanentDeliveryError("Nieprawidłowy adres e-mail odbiorcy")
    msg["From"] = _one_line(from_addr or settings().smtp_from)
    msg["Subject"] = _one_line(subject)
    msg["Date"] = format_datetime(datetime.now(timezone.utc))
    sender_domain = _domain(msg["From"].addresses)
    msg["Message-ID"] = make_msgid(domain=sender_domain)
    # Quoted-printable keeps Polish letters 7-bit safe for any relay and readable in files.
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if html:
        msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return msg


def _domain(addresses: tuple[Address, ...]) -> str:
    # Passing a domain also avoids make_msgid's reverse-DNS lookup of this host.
    return addresses[0].domain if addresses and addresses[0].domain else "ibok.localhost"


@dataclass
class SmtpMailSender:
    host: str
    port: int = 587
    user: str = ""
    password: str = field(default="", repr=False)
    starttls: bool = True
    timeout: float = 30.0

    def send(self, message: EmailMessage) -> None:
        where = f"SMTP {self.host}:{self.port}"
        try:
            smtp = self._connect()
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{where}: brak połączenia ({type(exc).__name__}: {exc})") from exc
        try:
            if self.starttls and self.port != 465:
                smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            error = PermanentDeliveryError if codes and all(c >= 500 for c in codes) else DeliveryError
            raise error(f"{where}: odbiorca odrzucony {codes}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{where}: {type(exc).__name__}: {exc}") from exc
        except UnicodeError as exc:  # smtplib sends logins and passwords as ASCII only
            raise DeliveryError(f"{where}: login lub hasło SMTP spoza ASCII") from exc
        finally:
            self._close(smtp)

    def _connect(self) -> smtplib.SMTP:
        if self.port == 465:  # implicit TLS ("SMTPS")
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                    context=ssl.create_default_context())
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    @staticmethod
    def _close(smtp: smtplib.SMTP) -> None:
        # A failing QUIT after an accepted message must not turn into a resend.
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


@dataclass
class FileMailSender:
    """Writes each message as an RFC 822 .eml file (CRLF line ends) into `directory`."""

    directory: Path

    def send(self, message: EmailMessage) -> None:
        name = drop_file_name(message.get(OUTBOX_ID_HEADER), ".eml")
        try:
            write_atomic(Path(self.directory), name, message.as_bytes(policy=policy.SMTP))
        except OSError as exc:
            raise DeliveryError(f"Zapis e-maila do {self.directory} nieudany: {exc}") from exc


def mail_sender_from_settings() -> MailSender:
    """SMTP when IBOK_SMTP_HOST is set, else .eml files in var/mail."""
    s = settings()
    if s.smtp_host:
        return SmtpMailSender(host=s.smtp_host, port=s.smtp_port, user=s.smtp_user,
                              password=s.smtp_password, starttls=s.smtp_starttls)
    return FileMailSender(s.mail_dir)
