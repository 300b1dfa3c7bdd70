"""In-memory senders: what was sent stays in a list. For tests and demonstrations,
chosen with IBOK_MAIL_BACKEND=ibok_app.integrations.memory:MemoryMailSender (and
IBOK_SMS_BACKEND=ibok_app.integrations.memory:MemorySmsSender)."""
from __future__ import annotations

import itertools
import threading
from email.message import EmailMessage


class MemoryMailSender:
    sent: list[EmailMessage] = []  # shared by every instance: the process's "mailbox"
    _lock = threading.Lock()

    def __init__(self, settings: object = None) -> None:
        pass

    def send(self, message: EmailMessage) -> None:
        with self._lock:
            self.sent.append(message)


class MemorySmsSender:
    sent: list[tuple[str, str]] = []
    _ids = itertools.count(1)
    _lock = threading.Lock()

    def __init__(self, settings: object = None) -> None:
        pass

    def send(self, to: str, text: str, ref: str | None = None) -> str:
        with self._lock:
            self.sent.append((to, text))
            return f"memory-{next(self._ids)}"
