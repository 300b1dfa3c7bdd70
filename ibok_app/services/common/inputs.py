"""Values as a browser sends them, made safe to use: bounded text, a client
address, a Polish phone number, an e-mail address, the hash of a secret token.
One of each for the whole portal; none raises on any input."""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from email_validator import EmailNotValidError, validate_email

_PHONE_SEPARATORS = re.compile(r"[\s\-().\u00a0]")
_PHONE = re.compile(r"(?:\+48|0048)?([1-9]\d{8})")


def bounded_text(value: object, max_len: int) -> str | None:
    """Stripped text, or None for non-text, for text longer than a field can be, and
    for text no database column can hold (NUL, lone surrogates from broken JSON)."""
    if not isinstance(value, str) or len(value) > max_len + 20 or "\x00" in value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    value = value.strip()
    return value if len(value) <= max_len else None


def normalise_phone(value: object) -> str | None:
    """A Polish number (9 digits, optional +48/0048) as "+48XXXXXXXXX"; None if not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    m = _PHONE.fullmatch(_PHONE_SEPARATORS.sub("", value))
    return f"+48{m.group(1)}" if m else None


def normalise_email(value: object) -> str | None:
    """Syntax check only (no DNS); lower-cased ASCII form, fit for SMTP."""
    text = bounded_text(value, 254)
    if not text:
        return None
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except (EmailNotValidError, UnicodeError, ValueError):
        return None
    email = checked.ascii_email.lower()
    return email if len(email) <= 254 else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()



def client_address(client_ip: object) -> str | None:
    return bounded_text(client_ip, 45) or None


def is_blank(value: object) -> bool:
    """Nothing chosen: no value, or only white space (an empty <select> sends "")."""
    return value is None or (isinstance(value, str) and not value.strip())


MAX_ID = 2**31 - 1  # ids are INTEGER columns


def parse_id(value: object) -> int | None:
    """A database id from whatever a browser sent (an int or a digit string), or None:
    never a bool, never zero or negative, never beyond an INTEGER column."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 10):
            return None
        value = int(text)
    if isinstance(value, int) and 0 < value <= MAX_ID:
        return value
    return None


def parse_day(value: object) -> date | None:
    """A day typed or picked by a person: a date, a datetime (its date), "rrrr-mm-dd"
    or "dd.mm.rrrr"; None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = bounded_text(value, 10)
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
