from datetime import date

import pytest

from ibok_app.services.billing.ksef import (
    _crc8,
    is_valid_ksef_number,
    ksef_checksum,
    ksef_verification_url,
)

# Example printed in the Ministry of Finance KSeF 2.0 documentation ("Numer KSeF – struktura i walidacja").
PUBLISHED = "5265877635-20250826-0100001AF629-AF"


def test_crc8_matches_the_catalogue_check_value():
    # CRC-8 (poly 0x07, init 0x00, no reflection, xorout 0) = CRC-8/SMBUS: check("123456789") = 0xF4
    assert _crc8(b"123456789") == 0xF4


def test_published_example_is_valid():
    assert ksef_checksum(PUBLISHED[:32]) == "AF"
    assert is_valid_ksef_number(PUBLISHED)


def test_computed_number_roundtrip():
    first32 = "9250003346-20260201-00A1B2C3D4E5"
    number = f"{first32}-{ksef_checksum(first32)}"
    assert len(number) == 35
    assert is_valid_ksef_number(number)
    assert ksef_checksum(first32) == f"{_crc8(first32.encode()):02X}"


def test_changing_any_single_character_invalidates():
    # CRC-8 catches every error burst of up to 8 bits, i.e. any one changed character;
    # the replacement keeps the format (digit for digit, hex for hex, a real date).
    checked = 0
    for i, ch in enumerate(PUBLISHED):
        if ch == "-":
            continue
        replacement = "1" if ch != "1" else "2"
        mutated = PUBLISHED[:i] + replacement + PUBLISHED[i + 1:]
        assert not is_valid_ksef_number(mutated), (i, mutated)
        checked += 1
    assert checked == 32


@pytest.mark.parametrize("bad", [
    "", None, 123, "5265877635-20250826-0100001AF629-A", PUBLISHED + "0",
    PUBLISHED.lower(), "5265877635-20251326-0100001AF629-AF", PUBLISHED.replace("-", "_"),
    "52658776350-2025082-60100001AF629-AF",
])
def test_malformed_numbers_are_invalid(bad):
    assert is_valid_ksef_number(bad) is False


def test_invalid_calendar_date_is_rejected_even_with_right_checksum():
    first32 = "5265877635-20250231-0100001AF629"
    assert not is_valid_ksef_number(f"{first32}-{ksef_checksum(first32)}")


def test_verification_url():
    # SHA-256("abc") = ba7816bf...15ad, Base64URL without padding:
    url = ksef_verification_url("925-000-33-46", date(2026, 2, 1), b"abc")
    assert url == ("https://qr.ksef.mf.gov.pl/invoice/9250003346/01-02-2026/"
                   "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0")
    assert "=" not in url
