"""KSeF (Krajowy System e-Faktur) numbers and the invoice verification link ("KOD I").

A KSeF number is `NIP(10)-YYYYMMDD-XXXXXXXXXXXX-CC`, 35 characters; CC is a CRC-8
(polynomial 0x07, initial value 0x00, no reflection) of the ASCII of the first 32
characters, written as two upper-case hex digits.
"""
from __future__ import annotations

import base64
import hashlib
import re
from datetime import date, datetime

KSEF_NUMBER_LENGTH = 35
VERIFICATION_BASE_URL = "https://qr.ksef.mf.gov.pl/invoice"

_KSEF_RE = re.compile(r"^(\d{10})-(\d{8})-([0-9A-F]{12})-([0-9A-F]{2})$")
_NIP_RE = re.compile(r"^\d{10}$")


def _crc8(data: bytes) -> int:
    crc = 0x00
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def ksef_checksum(first32: str) -> str:
    """The two check characters for the first 32 characters of a KSeF number."""
    return f"{_crc8(first32.encode('ascii')):02X}"


def is_valid_ksef_number(s: object) -> bool:
    """Format, a real calendar date and the CRC-8 check. Never raises."""
    if not isinstance(s, str) or len(s) != KSEF_NUMBER_LENGTH:
        return False
    m = _KSEF_RE.fullmatch(s)
    if not m:
        return False
    try:
        datetime.strptime(m.group(2), "%Y%m%d")
    except ValueError:
        return False
    return ksef_checksum(s[:32]) == m.group(4)


def ksef_verification_url(nip: str, issue_date: date, xml_bytes: bytes) -> str:
    """Link printed (as a QR code) on a KSeF invoice shown outside KSeF:
    .../invoice/{seller NIP}/{issue date DD-MM-YYYY}/{Base64URL(SHA-256(invoice XML)), no padding}."""
    digits = re.sub(r"\D", "", nip or "")
    if not _NIP_RE.fullmatch(digits):
        raise ValueError("NIP must have 10 digits")
    digest = base64.urlsafe_b64encode(hashlib.sha256(xml_bytes).digest()).rstrip(b"=").decode("ascii")
    return f"{VERIFICATION_BASE_URL}/{digits}/{issue_date:%d-%m-%Y}/{digest}"
