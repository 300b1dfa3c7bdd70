"""Password hashing and the password policy (§4: stored only in a one-way form).

Hashing: bcrypt over a pre-hash. bcrypt reads at most 72 bytes (bcrypt 5 raises
beyond that), so the password is first HMAC-SHA256-ed with a fixed application key
and the digest base64-encoded (44 ASCII bytes, no NUL): long Unicode passwords keep
every character significant. Text is NFC-normalised first, so "ą" typed as one code
point or as "a" + combining ogonek is the same password.

The common-password list, ibok_app/data/common-passwords.txt.gz, is Django's
(django/contrib/auth/common-passwords.txt.gz from Django 5.2: 20,000 common passwords
by Royce Williams, lower-cased and deduplicated; Django's BSD 3-clause licence,
Copyright (c) Django Software Foundation and individual contributors).

All functions are synchronous and thread-safe: the UI runs them via asyncio.to_thread.
"""
from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import hmac
import secrets
import unicodedata

import bcrypt

from ibok_app.config import DATA_DIR, settings
from ibok_app.integrations import bcrypt_pool
from ibok_app.views.formats import plural

_PREHASH_KEY = b"ibok-password-v1"  # changing it invalidates every stored hash
COMMON_PASSWORDS_FILE = DATA_DIR / "common-passwords.txt.gz"
MAX_LENGTH = 128
# Longer input is refused before any hashing work (a browser may send megabytes).
_MAX_VERIFY_CHARS = 4 * MAX_LENGTH
_MIN_CONTAINED_LEN = 3  # a login shorter than this would forbid half of all passwords

# Readable alphabet: no 0/O/o, 1/l/I, nor 5/S or 2/Z look-alikes.
_TEMP_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRTUVWXY346789"
_TEMP_LENGTH = 14
PASSWORDS_DIFFER = "Hasła nie są zgodne."


def _prehash(plain: str) -> bytes:
    text = unicodedata.normalize("NFC", plain)
    # surrogatepass: a lone surrogate (possible in JSON from a browser) still encodes
    digest = hmac.new(_PREHASH_KEY, text.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()
    return base64.b64encode(digest)


def hash_password(plain: str) -> str:
    """bcrypt hash (cost from settings) of a password already accepted by the policy."""
    if not isinstance(plain, str):
        raise TypeError("password must be a str")
    salt = bcrypt.gensalt(rounds=settings().bcrypt_rounds)
    return bcrypt_pool.hashpw(_prehash(plain), salt).decode("ascii")


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> bytes:
    """A valid hash of a random secret: checking against it costs what a real check costs."""
    return hash_password(secrets.token_urlsafe(16)).encode("ascii")


def verify_password(plain: object, hashed: str | None) -> bool:
    """True only when `plain` is the password of `hashed`. Never raises.

    With no hash (unknown account) a dummy check runs so that the answer takes as
    long as for a real account.
    """
    candidate = plain if isinstance(plain, str) and len(plain) <= _MAX_VERIFY_CHARS else None
    stored: bytes | None = None
    if isinstance(hashed, str) and hashed.isascii() and hashed.startswith("$2"):
        stored = hashed.encode("ascii")
    if candidate is None or stored is None:
        _dummy_check()
        return False
    try:
        return bcrypt_pool.checkpw(_prehash(candidate), stored)
    except (ValueError, TypeError):
        return False


def _dummy_check() -> None:
    try:
        bcrypt_pool.checkpw(b"not-the-password", _dummy_hash())
    except ValueError:  # pragma: no cover - the dummy hash is always valid
        pass


def needs_rehash(hashed: str | None) -> bool:
    """True when the stored hash uses fewer rounds than configured now."""
    if not isinstance(hashed, str):
        return False
    parts = hashed.split("$")
    try:
        return int(parts[2]) < settings().bcrypt_rounds
    except (IndexError, ValueError):
        return False


@functools.lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list, lower-cased; loaded once (lru_cache is thread-safe enough:
    at worst two threads read the file at the same time)."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip())


def _chars(n: int) -> str:
    return plural(n, "znak", "znaki", "znaków")


def password_problem(password: object, *, login: str = "", confirm: object = None) -> str | None:
    """What is wrong with a new password, in Polish; None when it is acceptable.

    `confirm` None means "no confirmation field"; otherwise it must equal `password`.
    """
    if not isinstance(password, str) or password == "":
        return "Podaj hasło."
    text = unicodedata.normalize("NFC", password)
    min_len = settings().password_min_length
    if len(text) < min_len:
        return f"Hasło musi mieć co najmniej {min_len} {_chars(min_len)}."
    if len(text) > MAX_LENGTH:
        return f"Hasło może mieć najwyżej {MAX_LENGTH} znaków."
    if text.strip() == "":
        return "Hasło nie może składać się z samych spacji."
    folded = text.casefold()
    if folded in common_passwords() or text.lower() in common_passwords():
        return "To hasło jest zbyt popularne i łatwe do odgadnięcia. Wybierz inne."
    login_text = login.strip() if isinstance(login, str) else ""
    if len(login_text) >= _MIN_CONTAINED_LEN and login_text.casefold() in folded:
        return "Hasło nie może zawierać numeru klienta (loginu)."
    short_name = settings().company.short_name.strip()
    if len(short_name) >= _MIN_CONTAINED_LEN and short_name.casefold() in folded:
        return f"Hasło nie może zawierać nazwy „{short_name}”."
    if confirm is not None and (not isinstance(confirm, str)
                                or unicodedata.normalize("NFC", confirm) != text):
        return PASSWORDS_DIFFER
    return None


def generate_temporary_password() -> str:
    """14 random characters from a readable alphabet, with a lower-case letter, an
    upper-case letter and a digit; always accepted by password_problem."""
    while True:
        pw = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(_TEMP_LENGTH))
        if (any(c.islower() for c in pw) and any(c.isupper() for c in pw)
                and any(c.isdigit() for c in pw) and password_problem(pw) is None):
            return pw
