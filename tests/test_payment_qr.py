"""The banks' payment QR (ZBP "Rekomendacja dotycząca standardu 2D"): the text of
the code field by field, and an image that a QR reader turns back into that text."""
from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from ibok_app.integrations.payment_qr import payment_qr_text, qr_png


def test_the_recommendations_example():
    """Recipient type 1 with a fixed amount, as in the recommendation."""
    assert payment_qr_text(nip="1234567890", account="92124012340001567890123456", amount_gr=1200,
                           name="Odbiorca 1", title="FV 1234/34/2012") \
        == "1234567890|PL|92124012340001567890123456|001200|Odbiorca 1|FV 1234/34/2012|||"


def test_account_and_nip_are_digits_only_and_the_amount_has_six_digits():
    text = payment_qr_text(nip="925-000-33-46", account="PL12 1020 5402 0000 0102 0000 1234", amount_gr=5,
                           name="USKOM", title="FV/2024/01/000123")
    assert text == "9250003346|PL|12102054020000010200001234|000005|USKOM|FV/2024/01/000123|||"
    fields = text.split("|")
    assert len(fields) == 9 and fields[6:] == ["", "", ""]


def test_name_and_title_are_cut_to_their_lengths_and_never_carry_the_separator():
    text = payment_qr_text(nip="", account="12102054020000010200001234", amount_gr=999_999,
                           name='Przedsiębiorstwo Usług Komunalnych "USKOM" Sp. z o.o.',
                           title="Faktura | FV/2024/01/000123 za wodę i ścieki\nstyczeń")
    nip, country, account, amount, name, title, *reserved = text.split("|")
    assert (nip, country, account, amount) == ("", "PL", "12102054020000010200001234", "999999")
    assert name == "Przedsiębiorstwo Usł" and len(name) == 20
    assert title == "Faktura FV/2024/01/000123 za wod" and len(title) == 32
    assert reserved == ["", "", ""]


@pytest.mark.parametrize("kw", [
    {"account": "1234"},  # not 26 digits
    {"account": "12 1020 5402 0000 0102 0000 12345"},  # 27
    {"nip": "123456789"},
    {"amount_gr": 1_000_000},  # over 9 999,99 zł: six digits cannot hold it
    {"amount_gr": -1},
    {"amount_gr": 12.5},
    {"name": " | "},
    {"title": ""},
])
def test_data_that_cannot_make_a_valid_code_is_refused(kw):
    args = {"nip": "9250003346", "account": "12102054020000010200001234", "amount_gr": 100,
            "name": "USKOM", "title": "FV/1"} | kw
    with pytest.raises(ValueError):
        payment_qr_text(**args)


def test_png_decodes_to_the_text_with_polish_characters():
    text = payment_qr_text(nip="9250003346", account="12102054020000010200001234", amount_gr=140158,
                           name="Wodociągi Łódź", title="Opłata za wodę FV/2024/01/000123")
    png = qr_png(text)
    assert png.startswith(b"\x89PNG")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [(b.format, b.text) for b in found] == [(zxingcpp.BarcodeFormat.QRCode, text)]
