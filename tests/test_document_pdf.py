"""The printed invoice/correction/note: text extracted with pypdf must carry the
art. 106e content, amounts in Polish format and correct Polish characters; and what
customers know from a utility invoice (issue 9): the readings it is based on, the
amount still due, the banks' payment QR (read back from the page at 200 dpi with
pdftoppm and zxing-cpp) and the company's logo."""
import io
import re
import subprocess
from dataclasses import replace
from datetime import date

import pypdf
import zxingcpp
from PIL import Image

from ibok_app.config import settings
from ibok_app.integrations.document_pdf import document_qr_text, render_document_pdf
from ibok_app.models import DocumentType, MeterKind, ReadingSource, ReadingStatus
from ibok_app.services.billing.document_detail import document_detail
from tests.factories import billing as f
from tests.factories import readings as r


def _text(pdf_bytes: bytes) -> tuple[str, pypdf.PdfReader]:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[ \u00a0\u202f]+", " ", raw), reader


def _render(session, customer, doc):
    return _text(render_document_pdf(document_detail(session, customer.id, doc.id), customer, settings().company))


def test_invoice_pdf(session):
    c = f.customer(session, name="Spółdzielnia Mieszkaniowa „Źródło”", is_business=True, nip="5261040828",
                   street="ul. Żeromskiego 5")
    sp = f.service_point(session, c, street="ul. Łąkowa 12")
    inv = f.document(session, c, number="FV/2024/01/000123", lines=[
        f.line("Dostawa wody", 12345, "m3", 512),
        f.line("Opłata abonamentowa", 1000, "szt.", 123456),
    ], issue=date(2024, 1, 10), due=date(2024, 1, 24), sale_date=date(2023, 12, 31),
        period_from=date(2023, 12, 1), period_to=date(2023, 12, 31), service_point_id=sp.id,
        ksef_number="5265877635-20250826-0100001AF629-AF")
    text, reader = _render(session, c, inv)
    company = settings().company
    assert "FAKTURA VAT nr FV/2024/01/000123" in text
    assert reader.metadata.title == "Faktura VAT FV/2024/01/000123"
    assert "Data wystawienia: 10.01.2024" in text
    assert "Data sprzedaży: 31.12.2023" in text
    assert "Okres rozliczeniowy: 01.12.2023 – 31.12.2023" in text
    assert "Termin płatności: 24.01.2024" in text
    assert f"NIP: {company.nip}" in text and company.name in text.replace("\n", " ")
    assert "NIP: 5261040828" in text  # a business buyer
    assert "Spółdzielnia Mieszkaniowa „Źródło”" in text and "ul. Żeromskiego 5" in text
    assert "Miejsce świadczenia usługi: ul. Łąkowa 12" in text
    assert "12,345 m³" in text and "5,12" in text and "63,20" in text  # quantity, unit price, net
    assert "1 234,56" in text  # net unit price and net value of the subscription
    net = 6320 + 123456
    vat = round(6320 * 0.08) + round(123456 * 0.08)
    gross = net + vat
    assert inv.gross_gr == gross
    assert "8%" in text and "Stawka VAT" in text and "Kwota VAT" in text
    assert f"Razem 1 297,76 {vat // 100},{vat % 100:02d} 1 401,58" in text
    assert "Do zapłaty: 1 401,58 zł" in text
    assert company.bank_account in text
    assert "Numer KSeF: 5265877635-20250826-0100001AF629-AF" in text


def test_private_buyer_has_no_nip_and_sale_date_equal_to_issue_date_is_not_repeated(session):
    c = f.customer(session, name="Grzegorz Brzęczyszczykiewicz", nip="5261040828")
    inv = f.document(session, c, gross_gr=5400, issue=date(2024, 2, 1), sale_date=date(2024, 2, 1))
    text, _ = _render(session, c, inv)
    assert "Grzegorz Brzęczyszczykiewicz" in text
    assert "5261040828" not in text
    assert "Data sprzedaży" not in text
    assert "Numer KSeF" not in text


def test_correction_pdf(session):
    c = f.customer(session)
    inv = f.document(session, c, gross_gr=123456, number="FV/2024/02/000001", issue=date(2024, 2, 5))
    cor = f.correction(session, inv, -10800, number="FK/2024/03/000001", reason="Błędny odczyt wodomierza",
                       issue=date(2024, 3, 1))
    text, reader = _render(session, c, cor)
    assert "FAKTURA KORYGUJĄCA nr FK/2024/03/000001" in text
    assert "Korekta faktury nr FV/2024/02/000001 z dnia 05.02.2024" in text
    assert "Przyczyna korekty: Błędny odczyt wodomierza" in text
    assert "Przed korektą" in text and "Po korekcie" in text
    assert re.search(r"Różnica \(korekta\) -\d+,\d\d -\d+,\d\d -108,00", text)
    assert re.search(r"Po korekcie [\d ]+,\d\d [\d ]+,\d\d 1 126,56", text)
    assert "Do zwrotu: 108,00 zł" in text
    assert reader.metadata.title.startswith("Faktura korygująca")


def test_interest_note_pdf_has_no_vat(session):
    c = f.customer(session)
    note = f.document(session, c, number="NO/2024/000007", doc_type=DocumentType.INTEREST_NOTE,
                      lines=[f.line("Odsetki ustawowe za opóźnienie od FV/2024/01/000123", 1000, "szt.", 123456, None)])
    text, _ = _render(session, c, note)
    assert "NOTA ODSETKOWA nr NO/2024/000007" in text
    assert "FAKTURA" not in text
    assert "Stawka VAT" not in text and "Kwota VAT" not in text and "8%" not in text
    assert "nie jest fakturą VAT" in text
    assert "1 234,56" in text and "Do zapłaty: 1 234,56 zł" in text


def test_long_invoice_spans_pages(session):
    c = f.customer(session)
    inv = f.document(session, c, lines=[f.line(f"Pozycja numer {i} – dostawa wody", 1000, "m3", 500)
                                        for i in range(80)])
    text, reader = _render(session, c, inv)
    assert len(reader.pages) >= 2
    assert "Pozycja numer 79" in text and f"Strona {len(reader.pages)}/{len(reader.pages)}" in text


# ---------------------------------------------------------------- what customers know from a utility invoice

QR_CAPTION = "Zeskanuj w aplikacji banku, aby zapłacić"


def _company(**kw):
    """The configured company with the payment data the expected QR texts name."""
    return replace(settings().company, nip="9250003346", bank_account="12 1020 5402 0000 0102 0000 1234",
                   short_name="USKOM", **kw)


def _pdf(session, customer, doc, company=None) -> bytes:
    return render_document_pdf(document_detail(session, customer.id, doc.id), customer, company or _company())


def _images(reader: pypdf.PdfReader) -> int:
    return sum(len(page.images) for page in reader.pages)


def _qr_texts_on_page(pdf_bytes: bytes, tmp_path) -> list[str]:
    """The PDF as a customer's printer would see it (200 dpi), read by a QR reader."""
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(source), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages
    return [b.text for page in pages for b in zxingcpp.read_barcodes(Image.open(page))]


def _one_line(text: str) -> str:
    return text.replace("\n", " ")


def _invoice_of(session, gross_gr=140158, **kw):
    c = f.customer(session)
    return c, f.document(session, c, gross_gr=gross_gr, number="FV/2024/01/000123", **kw)


def test_qr_text_of_an_unpaid_invoice(session):
    c, inv = _invoice_of(session)
    detail = document_detail(session, c.id, inv.id)
    assert document_qr_text(detail, _company()) \
        == "9250003346|PL|12102054020000010200001234|140158|USKOM|FV/2024/01/000123|||"


def test_qr_of_a_partly_paid_invoice_asks_for_what_is_still_due(session):
    c, inv = _invoice_of(session)
    f.payment(session, c, 40000, allocate=[(inv, 40000)])
    text, _ = _text(_pdf(session, c, inv))
    assert document_qr_text(document_detail(session, c.id, inv.id), _company()) \
        == "9250003346|PL|12102054020000010200001234|100158|USKOM|FV/2024/01/000123|||"
    assert "Do zapłaty: 1 001,58 zł" in text
    assert "Wartość dokumentu: 1 401,58 zł; zapłacono: 400,00 zł" in text
    assert "Zapłacono" not in text


def test_qr_in_the_pdf_decodes_to_the_transfer(session, tmp_path):
    c, inv = _invoice_of(session)
    pdf_bytes = _pdf(session, c, inv)
    assert _qr_texts_on_page(pdf_bytes, tmp_path) \
        == ["9250003346|PL|12102054020000010200001234|140158|USKOM|FV/2024/01/000123|||"]
    text, reader = _text(pdf_bytes)
    assert QR_CAPTION in _one_line(text)
    assert _images(reader) == 2  # the logo and the code


def test_paid_invoice_shows_zaplacono_and_nothing_to_pay_and_has_no_qr(session, tmp_path):
    c, inv = _invoice_of(session)
    f.payment(session, c, inv.gross_gr, allocate=[(inv, inv.gross_gr)])
    pdf_bytes = _pdf(session, c, inv)
    text, reader = _text(pdf_bytes)
    assert "Do zapłaty: 0,00 zł" in text
    assert "Zapłacono" in text
    assert "Wartość dokumentu: 1 401,58 zł; zapłacono: 1 401,58 zł" in text
    assert QR_CAPTION not in _one_line(text) and "Numer rachunku" not in text
    assert document_qr_text(document_detail(session, c.id, inv.id), _company()) is None
    assert _images(reader) == 1  # the logo only
    assert _qr_texts_on_page(pdf_bytes, tmp_path) == []  # pdftoppm: `make test` installs poppler-utils


def test_invoice_lowered_by_a_correction_asks_for_the_lowered_amount(session):
    c, inv = _invoice_of(session, gross_gr=123456)
    f.correction(session, inv, -10800)
    text, _ = _text(_pdf(session, c, inv))
    assert "Do zapłaty: 1 126,56 zł" in text
    assert "Wartość dokumentu: 1 234,56 zł, po korektach: 1 126,56 zł" in text
    assert "|112656|" in document_qr_text(document_detail(session, c.id, inv.id), _company())


def test_unpaid_interest_note_has_the_qr_too(session):
    c = f.customer(session)
    note = f.document(session, c, number="NO/2024/000007", doc_type=DocumentType.INTEREST_NOTE,
                      lines=[f.line("Odsetki ustawowe za opóźnienie", 1000, "szt.", 2345, None)])
    text, reader = _text(_pdf(session, c, note))
    assert QR_CAPTION in _one_line(text) and _images(reader) == 2
    assert document_qr_text(document_detail(session, c.id, note.id), _company()) \
        == "9250003346|PL|12102054020000010200001234|002345|USKOM|NO/2024/000007|||"


def test_amount_over_what_the_code_can_hold_keeps_the_transfer_details_without_a_code(session):
    c, inv = _invoice_of(session, gross_gr=1_000_000)
    text, reader = _text(_pdf(session, c, inv))
    assert "Do zapłaty: 10 000,00 zł" in text and "Numer rachunku: 12 1020 5402 0000 0102 0000 1234" in text
    assert QR_CAPTION not in _one_line(text) and _images(reader) == 1


def test_logo_comes_from_the_configuration_and_a_missing_or_broken_file_is_skipped(session, tmp_path):
    c, inv = _invoice_of(session)
    _, reader = _text(_pdf(session, c, inv))
    assert _images(reader) == 2
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    for logo in (tmp_path / "missing.png", broken):
        text, reader = _text(_pdf(session, c, inv, _company(logo_file=logo)))
        assert _images(reader) == 1  # the code only
        assert text.startswith("USKOM\nFAKTURA VAT nr FV/2024/01/000123")  # the short name instead


def test_readings_the_invoice_is_based_on(session):
    c = f.customer(session, name="Jan Kowalski")
    sp = f.service_point(session, c)
    main = r.meter(session, sp, serial="WM-2019-004417")
    r.meter(session, sp, serial="WM-STARY-1", removed_on=date(2023, 10, 15))  # gone before the period
    r.meter(session, sp, serial="WM-BEZ-ODCZYTU")  # never read: left out
    previous_owner = f.customer(session, name="Poprzedni Właściciel")
    for day, value, kw in [
        (date(2023, 8, 30), 1_000_000, {}),
        (date(2023, 10, 31), 1_100_500, {"source": ReadingSource.INSPECTOR}),
        (date(2023, 11, 1), 1_100_750, {"source": ReadingSource.ESTIMATE}),  # previous: on period_from
        (date(2023, 12, 15), 1_110_000, {}),
        (date(2023, 12, 31), 1_120_250, {"source": ReadingSource.INSPECTOR}),  # current: on period_to
        (date(2023, 12, 31), 1_999_000, {"status": ReadingStatus.REJECTED}),
        (date(2023, 12, 31), 1_130_000, {"status": ReadingStatus.TO_VERIFY}),
        (date(2024, 1, 2), 1_121_000, {}),  # after the period
    ]:
        r.reading(session, main, c, day, value, **kw)
    r.reading(session, main, previous_owner, date(2023, 12, 31), 1_125_000)  # not this customer's
    inv = f.document(session, c, period_from=date(2023, 11, 1), period_to=date(2023, 12, 31),
                     service_point_id=sp.id)

    detail = document_detail(session, c.id, inv.id)
    [row] = detail.meter_readings
    assert row.meter_serial == "WM-2019-004417"
    assert (row.previous.value_l, row.previous.read_on, row.previous.source_label) \
        == (1_100_750, date(2023, 11, 1), "szacowany")
    assert (row.current.value_l, row.current.read_on, row.current.source_label) \
        == (1_120_250, date(2023, 12, 31), "inkasent")
    assert row.consumption_l == 19_500
    text, _ = _text(_pdf(session, c, inv))
    assert "Odczyty wodomierzy (m³)" in text
    assert "WM-2019-004417 1 100,750 01.11.2023 szacowany 1 120,250 31.12.2023 inkasent 19,500" in text
    assert "WM-STARY-1" not in text and "WM-BEZ-ODCZYTU" not in text


def test_meter_installed_during_the_period_starts_from_its_installation_reading(session):
    c = f.customer(session)
    sp = f.service_point(session, c)
    old = r.meter(session, sp, serial="WM-STARY", removed_on=date(2023, 11, 20))
    new = r.meter(session, sp, serial="WM-NOWY", installed_on=date(2023, 11, 20))
    r.reading(session, old, c, date(2023, 10, 31), 345_000, source=ReadingSource.INSPECTOR)
    r.reading(session, old, c, date(2023, 11, 20), 351_500, source=ReadingSource.INSPECTOR)  # removed
    r.reading(session, new, c, date(2023, 11, 20), 0, source=ReadingSource.INSPECTOR)  # installed
    inv = f.document(session, c, period_from=date(2023, 11, 1), period_to=date(2023, 12, 31),
                     service_point_id=sp.id)
    [installed, removed] = document_detail(session, c.id, inv.id).meter_readings
    assert (installed.meter_serial, installed.previous, installed.current.value_l) == ("WM-NOWY", None, 0)
    assert installed.consumption_display == ""
    assert (removed.previous.value_l, removed.current.value_l, removed.consumption_l) == (345_000, 351_500, 6_500)
    r.reading(session, new, c, date(2023, 12, 29), 12_345)
    [installed, _] = document_detail(session, c.id, inv.id).meter_readings
    assert (installed.previous.value_l, installed.current.value_l) == (0, 12_345)
    assert installed.consumption_display == "12,345"
    text, _ = _text(_pdf(session, c, inv))
    assert "WM-NOWY 0,000 20.11.2023 inkasent 12,345 29.12.2023 klient 12,345" in text
    assert "WM-STARY 345,000 31.10.2023 inkasent 351,500 20.11.2023 inkasent 6,500" in text


def test_documents_without_a_service_point_or_period_show_no_readings(session):
    c = f.customer(session)
    sp = f.service_point(session, c)
    m = r.meter(session, sp)
    r.reading(session, m, c, date(2023, 12, 31), 1000)
    note = f.document(session, c, doc_type=DocumentType.INTEREST_NOTE,
                      lines=[f.line("Odsetki", 1000, "szt.", 500, None)])
    no_period = f.document(session, c, service_point_id=sp.id)
    for doc in (note, no_period):
        assert document_detail(session, c.id, doc.id).meter_readings == []
        text, _ = _text(_pdf(session, c, doc))
        assert "Odczyty wodomierzy" not in text


def test_garden_sub_meter_is_named_and_listed_after_the_main_meter(session):
    c = f.customer(session)
    sp = f.service_point(session, c)
    garden = r.meter(session, sp, serial="AA-OGROD", kind=MeterKind.GARDEN)
    main = r.meter(session, sp, serial="ZZ-GLOWNY")
    for m, start, end in ((garden, 43_917, 54_386), (main, 468_503, 500_967)):
        r.reading(session, m, c, date(2026, 5, 31), start, source=ReadingSource.ESTIMATE)
        r.reading(session, m, c, date(2026, 7, 31), end)
    inv = f.document(session, c, period_from=date(2026, 6, 1), period_to=date(2026, 7, 31), service_point_id=sp.id)
    rows = document_detail(session, c.id, inv.id).meter_readings
    assert [(m.meter_serial, m.meter_kind_label, m.consumption_display) for m in rows] \
        == [("ZZ-GLOWNY", "główny", "32,464"), ("AA-OGROD", "ogrodowy", "10,469")]
    text, _ = _text(_pdf(session, c, inv))
    assert "ZZ-GLOWNY 468,503 31.05.2026 szacowany 500,967 31.07.2026 klient 32,464" in text
    assert "AA-OGROD\n(ogrodowy)" in text
