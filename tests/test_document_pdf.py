"""The printed invoice/correction/note: text extracted with pypdf must carry the
art. 106e content, amounts in Polish format and correct Polish characters."""
import io
import re
from datetime import date

import pypdf

from ibok_app.config import settings
from ibok_app.integrations.document_pdf import render_document_pdf
from ibok_app.models import DocumentType
from ibok_app.services.billing.document_detail import document_detail
from tests.factories import billing as f


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
