"""SMS: an SMSAPI.pl-style HTTP gateway, or JSON files in var/sms when no gateway
is configured (the embedded default)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

import requests

from ibok_app.config import settings
from ibok_app.integrations.outbound import (
    DeliveryError,
    PermanentDeliveryError,
    drop_file_name,
    write_atomic,
)

# Statuses SMSAPI can report right away for a message it will not deliver.
_REJECTED_STATUSES = {"EXPIRED", "UNDELIVERED", "FAILED", "REJECTED", "STOP"}
_SEPARATORS = re.compile(r"[\s\-().,/]")


class SmsSender(Protocol):
    def send(self, to: str, text: str, ref: str | None = None) -> str:
        """Deliver the text; return the gateway's message id, or raise DeliveryError."""


def smsapi_number(raw: str | None) -> str | None:
    """A Polish number in SMSAPI's wire form `48XXXXXXXXX`, or None if it is not one.

    The outbox stores numbers as services/common/inputs.normalise_phone makes them
    (`+48XXXXXXXXX`); this only translates for the gateway, and also takes the
    forms people type (`600 100 200`, `0048600100200`, `48600100200`)."""
    if not raw or len(raw) > 40:
        return None
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    elif len(digits) == 9:
        digits = "48" + digits
    if not digits.isdigit() or len(digits) != 11 or not digits.startswith("48") or digits[2] == "0":
        return None
    return digits


def _number_or_fail(to: str) -> str:
    number = smsapi_number(to)
    if number is None:
        raise PermanentDeliveryError("Nieprawidłowy numer telefonu (oczekiwany polski numer, 9 cyfr)")
    return number


@dataclass
class HttpSmsSender:
    """POST {api_url}/sms.do, form-encoded, `Authorization: Bearer <token>`."""

    api_url: str
    token: str = field(repr=False)
    sender: str = ""
    timeout: float = 15.0

    def send(self, to: str, text: str, ref: str | None = None) -> str:
        number = _number_or_fail(to)
        if not self.token:
            raise DeliveryError("Bramka SMS: brak tokenu (IBOK_SMS_TOKEN)")
        form = {"to": number, "message": text, "format": "json", "encoding": "utf-8"}
        if self.sender:
            form["from"] = self.sender
        try:
            resp = requests.post(f"{self.api_url.rstrip('/')}/sms.do", data=form, timeout=self.timeout,
                                 headers={"Authorization": f"Bearer {self.token}"})
        except requests.RequestException as exc:
            raise DeliveryError(f"Bramka SMS nieosiągalna: {type(exc).__name__}") from exc
        try:
            body = resp.json()
        except ValueError:
            body = None
        # SMSAPI reports errors as {"error": N, "message": ...}, sometimes with HTTP 200.
        if isinstance(body, dict) and "error" in body:
            raise DeliveryError(f"Bramka SMS: błąd {body.get('error')}: {str(body.get('message', ''))[:200]}")
        if resp.status_code >= 400 or not isinstance(body, dict):
            raise DeliveryError(f"Bramka SMS: nieoczekiwana odpowiedź HTTP {resp.status_code}")
        items = body.get("list")
        if not isinstance(items, list) or not items or not isinstance(items[0], dict):
            raise DeliveryError("Bramka SMS: odpowiedź bez listy wiadomości")
        status = str(items[0].get("status", "")).upper()
        if status in _REJECTED_STATUSES:
            raise DeliveryError(f"Bramka SMS odrzuciła wiadomość: {status}")
        return str(items[0].get("id", ""))


@dataclass
class FileSmsSender:
    """Writes each SMS as a JSON file into `directory` (local fake of the gateway)."""

    directory: Path
    sender: str = ""

    def send(self, to: str, text: str, ref: str | None = None) -> str:
        number = _number_or_fail(to)
        now = datetime.now(timezone.utc)
        name = drop_file_name(ref, ".json", now)
        record = {"to": number, "from": self.sender, "message": text,
                  "created_at": now.isoformat(timespec="seconds"), "ref": ref}
        data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
        try:
            write_atomic(Path(self.directory), name, data)
        except OSError as exc:
            raise DeliveryError(f"Zapis SMS do {self.directory} nieudany: {exc}") from exc
        return name.removesuffix(".json")


def sms_sender_from_settings() -> SmsSender:
    """The HTTP gateway when IBOK_SMS_API_URL is set, else JSON files in var/sms."""
    s = settings()
    if s.sms_api_url:
        return HttpSmsSender(api_url=s.sms_api_url, token=s.sms_token, sender=s.sms_sender)
    return FileSmsSender(s.sms_dir, sender=s.sms_sender)
