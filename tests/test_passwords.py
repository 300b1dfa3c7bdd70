"""Password hashing, verification and policy (§4), plus amount parsing used by registration."""
from __future__ import annotations

import time
import unicodedata

import bcrypt
import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ibok_app.config import settings
from ibok_app.services.accounts import passwords
from ibok_app.services.accounts.passwords import (
    PASSWORDS_DIFFER,
    common_passwords,
    generate_temporary_password,
    hash_password,
    password_problem,
    verify_password,
)
from ibok_app.views.formats import money, parse_amount_gr

SLOW = hsettings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FAST = hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def env(ibok_env):
    return ibok_env


@pytest.fixture(scope="module")
def long_hash(env):
    # 100 Polish letters = 200 UTF-8 bytes, far past bcrypt's 72
    return "ą" * 99 + "x", hash_password("ą" * 99 + "x")


def test_hash_uses_configured_cost_and_verifies(env):
    hashed = hash_password("Kolorowy-Kot-77")
    assert hashed.startswith("$2b$")
    assert int(hashed.split("$")[2]) == settings().bcrypt_rounds >= 12
    assert verify_password("Kolorowy-Kot-77", hashed)
    assert not verify_password("kolorowy-Kot-77", hashed)
    assert hash_password("Kolorowy-Kot-77") != hashed  # salted


def test_long_password_keeps_every_character(long_hash):
    plain, hashed = long_hash
    assert len(plain.encode()) > 72
    assert verify_password(plain, hashed)
    assert not verify_password("ą" * 99 + "y", hashed)  # differs only after byte 72
    assert not verify_password("ą" * 99, hashed)


def test_raw_bcrypt_would_refuse_what_we_accept(long_hash):
    plain, _ = long_hash
    with pytest.raises(ValueError):
        bcrypt.hashpw(plain.encode(), bcrypt.gensalt(4))


@pytest.mark.parametrize("plain", [None, 123, 1.5, b"bytes", ["x"], {"a": 1}, "", "a\x00b", "\ud800",
                                   "x" * 10_000_000, "ą" * 5000])
def test_verify_never_raises_on_any_candidate(long_hash, plain):
    assert verify_password(plain, long_hash[1]) is False


@pytest.mark.parametrize("hashed", [None, "", "garbage", "$2b$12$short", "$2b$99$" + "a" * 53,
                                    "ź" * 60, 12345, b"$2b$12$abc"])
def test_verify_never_raises_on_bad_hashes(env, hashed):
    assert verify_password("Kolorowy-Kot-77", hashed) is False


def test_missing_hash_costs_like_a_real_check(long_hash):
    verify_password("warm-up", None)  # the dummy hash is made once

    def fastest(hashed) -> float:  # other work on the machine only ever slows a run down
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            verify_password("Kolorowy-Kot-77", hashed)
            runs.append(time.perf_counter() - t0)
        return min(runs)

    real, dummy = fastest(long_hash[1]), fastest(None)
    assert 0.5 < dummy / real < 2, (dummy, real)


def test_nfc_and_nfd_forms_are_the_same_password(env):
    nfc = "Zażółć-gęślą-jaźń"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert verify_password(nfd, hash_password(nfc))
    assert password_problem(nfc, confirm=nfd) is None


@SLOW
@given(st.text(max_size=128))
def test_any_unicode_up_to_128_hashes_and_verifies(env, plain):
    problem = password_problem(plain)
    assert problem is None or isinstance(problem, str)
    hashed = hash_password(plain)
    assert verify_password(plain, hashed)


@SLOW
@given(st.text(min_size=40, max_size=128), st.data())
def test_one_character_change_fails(env, plain, data):
    i = data.draw(st.integers(0, len(plain) - 1))
    ch = data.draw(st.characters())
    changed = plain[:i] + ch + plain[i + 1:]
    assume(unicodedata.normalize("NFC", changed) != unicodedata.normalize("NFC", plain))
    hashed = hash_password(plain)
    assert verify_password(plain, hashed)
    assert not verify_password(changed, hashed)


@FAST
@given(st.one_of(st.text(max_size=200), st.none(), st.integers(), st.binary()),
       st.one_of(st.text(max_size=30), st.none(), st.integers()),
       st.one_of(st.text(max_size=200), st.none(), st.integers()))
def test_policy_never_raises(env, password, login, confirm):
    result = password_problem(password, login=login, confirm=confirm)
    assert result is None or (isinstance(result, str) and result.endswith("."))


def test_common_list_is_shipped_and_large(env):
    words = common_passwords()
    assert len(words) >= 10_000
    assert {"password", "qwerty123", "zaq12wsx", "haslo"} <= words


@pytest.mark.parametrize("password, login, expected", [
    ("krótkie", "", "co najmniej 8 znaków"),
    ("x" * 129, "", "najwyżej 128"),
    ("password1", "", "zbyt popularne"),
    ("PassWord1", "", "zbyt popularne"),
    ("Zaq12WSX", "", "zbyt popularne"),
    ("moje-K001234-haslo", "k001234", "numeru klienta"),
    ("Woda-z-Uskom-2024", "", "„USKOM”"),
    ("        ", "", "samych spacji"),
    (None, "", "Podaj hasło."),
    ("", "", "Podaj hasło."),
    (12345678, "", "Podaj hasło."),
])
def test_policy_refuses(env, password, login, expected):
    problem = password_problem(password, login=login)
    assert problem is not None and expected in problem


def test_policy_accepts_good_passwords_and_checks_confirmation(env):
    assert password_problem("Kolorowy-Kot-77", login="K001234") is None
    assert password_problem("x" * 128) is None
    assert password_problem("Kolorowy-Kot-77", confirm="Kolorowy-Kot-77") is None
    assert password_problem("Kolorowy-Kot-77", confirm="Kolorowy-Kot-78") == PASSWORDS_DIFFER
    assert password_problem("Kolorowy-Kot-77", confirm=42) == PASSWORDS_DIFFER
    # a very short login does not forbid everything containing it
    assert password_problem("Kolorowy-Kot-77", login="7") is None


def test_min_length_follows_settings(env, monkeypatch):
    from ibok_app.config import reset_settings

    monkeypatch.setenv("IBOK_PASSWORD_MIN_LENGTH", "12")
    reset_settings()
    try:
        assert "co najmniej 12 znaków" in password_problem("Kolorowy-77")
        assert password_problem("Kolorowy-Kot-77") is None
    finally:
        monkeypatch.delenv("IBOK_PASSWORD_MIN_LENGTH")
        reset_settings()


def test_temporary_passwords_are_readable_random_and_valid(env):
    seen = set()
    for _ in range(200):
        pw = generate_temporary_password()
        assert len(pw) == 14
        assert not set(pw) & set("0O1lIoS5Z2")
        assert password_problem(pw) is None
        seen.add(pw)
    assert len(seen) == 200


def test_needs_rehash_detects_a_lower_cost(env):
    old = bcrypt.hashpw(b"x", bcrypt.gensalt(10)).decode()
    assert passwords.needs_rehash(old)
    assert not passwords.needs_rehash(hash_password("Kolorowy-Kot-77"))
    assert not passwords.needs_rehash("garbage")


# --- amounts as people type them (registration compares them with the invoice) ---

def _grouped(gr: int, sep: str = " ") -> str:
    zl, rest = divmod(gr, 100)
    return f"{zl:,}".replace(",", sep) + f",{rest:02d}"


@FAST
@given(st.integers(min_value=0, max_value=10**10))
def test_parse_amount_round_trips(gr):
    zl, rest = divmod(gr, 100)
    for text in (f"{zl},{rest:02d}", f"{zl}.{rest:02d}", f"{zl},{rest:02d} zł", _grouped(gr),
                 _grouped(gr) + " zł", money(gr)):
        assert parse_amount_gr(text) == gr, text


@pytest.mark.parametrize("text, gr", [("123,45", 12345), ("123.45", 12345), ("123,45 zł", 12345),
                                      ("1 234,56", 123456), ("1\u00a0234,56 zł", 123456), ("7", 700),
                                      ("7,5", 750)])
def test_parse_amount_examples(text, gr):
    assert parse_amount_gr(text) == gr


@pytest.mark.parametrize("text", ["", "abc", "12,345", "1,2,3", None, 12345, "1" * 50])
def test_parse_amount_refuses(text):
    assert parse_amount_gr(text) is None
