"""Invoices, payments and contracts (§9 c–f) as a customer sees them, in Chromium.

Read-only on demo_accounts["registered"][0]; expected values come from the database."""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
import requests
from browser_helpers import (
    check_layout,
    customer_id,
    open_page,
    session_cookies,
    sign_in,
)
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlmodel import func, select

from ibok_app.models import (
    Contract,
    ContractAnnex,
    Document,
    DocumentLine,
    DocumentType,
    Payment,
)
from ibok_app.views.formats import money

PAGE_SIZE = 20


def _plain(text: str) -> str:
    """Babel puts non-breaking spaces in amounts; PDF text and the DOM may differ in which."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _documents(portal, customer: int) -> list[Document]:
    with portal.session() as s:
        return list(s.exec(select(Document).where(Document.customer_id == customer)
                           .order_by(Document.issue_date.desc(), Document.id.desc())).all())


def _row_numbers(page) -> list[str]:
    return [n.strip() for n in page.locator("table tbody tr th[scope='row']").all_inner_texts()]


def _pdf_text(content: bytes) -> str:
    assert content[:5] == b"%PDF-"
    return _plain("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


@pytest.fixture
def customer(portal, demo_accounts, page):
    account = demo_accounts["registered"][0]
    sign_in(page, portal, account)
    return customer_id(portal, account["login"])


def test_documents_list_filters_pages_detail_and_pdf(portal, customer, page):
    docs = _documents(portal, customer)
    assert len(docs) > PAGE_SIZE, "the demo customer has more than one page of documents"
    open_page(page, f"{portal.url}/faktury")
    expect(page.get_by_role("heading", name="Faktury i noty")).to_be_visible()
    assert _row_numbers(page) == [d.number for d in docs[:PAGE_SIZE]]  # newest first
    first = page.locator("table tbody tr").first
    assert _plain(money(docs[0].gross_gr)) in _plain(first.inner_text())
    expect(page.get_by_text("Strona 1 z 2")).to_be_visible()
    check_layout(page, "/faktury")

    # pagination
    page.get_by_role("button", name="Następna").click()
    expect(page.get_by_text("Strona 2 z 2")).to_be_visible()
    assert _row_numbers(page) == [d.number for d in docs[PAGE_SIZE:]]
    expect(page.get_by_role("button", name="Następna")).to_be_disabled()
    page.get_by_role("button", name="Poprzednia").click()
    expect(page.get_by_text("Strona 1 z 2")).to_be_visible()
    assert _row_numbers(page) == [d.number for d in docs[:PAGE_SIZE]]

    # filter by type: only corrections (the garden demo customer always has one)
    corrections = [d for d in docs if d.doc_type == DocumentType.CORRECTION.value]
    assert corrections, "the demo data gives the garden customer a correction"
    row_numbers = page.locator("table tbody tr th[scope='row']")
    page.get_by_label("Rodzaj dokumentu").select_option(label="Faktura korygująca")
    expect(row_numbers).to_have_text([d.number for d in corrections][:PAGE_SIZE])
    for cell in page.locator("table tbody tr td:nth-child(2)").all_inner_texts():
        assert cell.strip() == "Faktura korygująca"
    # and by year: only the oldest year's documents
    page.get_by_role("button", name="Wyczyść filtry").click()
    year = min(d.issue_date.year for d in docs)
    page.get_by_label("Rok wystawienia").select_option(str(year))
    expect(row_numbers).to_have_text([d.number for d in docs if d.issue_date.year == year][:PAGE_SIZE])
    check_layout(page, "/faktury filtrowane")
    page.get_by_role("button", name="Wyczyść filtry").click()
    expect(page.locator("table tbody tr")).to_have_count(PAGE_SIZE)

    # a filter nothing matches says what to do
    labels = {DocumentType.INVOICE.value: "Faktura VAT", DocumentType.CORRECTION.value: "Faktura korygująca",
              DocumentType.ACCOUNTING_NOTE.value: "Nota księgowa", DocumentType.INTEREST_NOTE.value: "Nota odsetkowa"}
    years = sorted({d.issue_date.year for d in docs})
    empty = [(value, label, year) for value, label in labels.items() for year in years
             if not any(d.doc_type == value and d.issue_date.year == year for d in docs)]
    assert empty, "some type has no document in some year"
    _value, label, year = empty[0]
    page.get_by_label("Rodzaj dokumentu").select_option(label=label)
    page.get_by_label("Rok wystawienia").select_option(str(year))
    expect(page.get_by_text("Żaden dokument nie spełnia wybranych kryteriów")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(0)
    check_layout(page, "/faktury bez wyników")
    page.get_by_role("button", name="Wyczyść filtry").click()
    expect(page.locator("table tbody tr")).to_have_count(PAGE_SIZE)

    # the detail of a correction: lines, the corrected document, the KSeF number when present
    target = corrections[0]
    if target not in docs[:PAGE_SIZE]:
        page.get_by_role("button", name="Następna").click()
    page.get_by_role("link", name=target.number, exact=True).click()
    page.wait_for_url(re.compile(rf"/faktury/{target.id}/?$"))
    page.wait_for_selector(".loading", state="detached")
    expect(page.get_by_role("heading", level=1)).to_contain_text(target.number)
    with portal.session() as s:
        lines = s.exec(select(DocumentLine).where(DocumentLine.document_id == target.id)
                       .order_by(DocumentLine.position)).all()
        corrected = s.get(Document, target.corrected_document_id)
    assert corrected is not None, "a correction names the document it corrects"
    line_table = page.get_by_role("table", name="Pozycje")
    expect(line_table.locator("tbody tr")).to_have_count(len(lines))
    expect(line_table).to_contain_text(lines[0].description)
    expect(page.get_by_role("link", name=corrected.number, exact=True)).to_have_attribute(
        "href", f"/faktury/{corrected.id}")
    check_layout(page, f"/faktury/{target.id}")
    # from a correction to the document it corrects, inside the app
    page.get_by_role("link", name=corrected.number, exact=True).click()
    page.wait_for_url(re.compile(rf"/faktury/{corrected.id}/?$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(corrected.number)
    expect(page.get_by_text(f"Korekty tego dokumentu: {target.number}")).to_be_visible()

    # an invoice with a KSeF number: download its PDF from the detail view
    invoice = next(d for d in docs if d.doc_type == DocumentType.INVOICE.value and d.ksef_number
                   and d.gross_gr > 0)
    open_page(page, f"{portal.url}/faktury/{invoice.id}")
    expect(page.get_by_text(invoice.ksef_number)).to_be_visible()
    shown_gross = page.locator(".billing-facts div", has_text="Kwota brutto").locator("dd").inner_text()
    assert _plain(shown_gross) == _plain(money(invoice.gross_gr))
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz PDF", exact=True).click()
    content = Path(download.value.path()).read_bytes()
    text = _pdf_text(content)
    assert invoice.number in text
    assert _plain(shown_gross) in text
    check_layout(page, f"/faktury/{invoice.id}")

    # another customer's document and a made-up id: "not found", nothing of theirs shown
    with portal.session() as s:
        foreign = s.exec(select(Document).where(Document.customer_id != customer).limit(1)).one()
    for path in (f"/faktury/{foreign.id}", "/faktury/999999999", "/faktury/abc"):
        open_page(page, portal.url + path)
        expect(page.get_by_role("heading", name="Nie znaleziono dokumentu")).to_be_visible()
        expect(page.get_by_text(foreign.number)).to_have_count(0)
    check_layout(page, "/faktury/<obcy>")


def test_pdf_downloads_answer_only_the_owner(portal, customer, page):
    docs = _documents(portal, customer)
    own = docs[0]
    with portal.session() as s:
        foreign_doc = s.exec(select(Document).where(Document.customer_id != customer).limit(1)).one()
        own_contract = s.exec(select(Contract).where(Contract.customer_id == customer)).first()
        foreign_contract = s.exec(select(Contract).where(Contract.customer_id != customer)).first()
        foreign_annex = ContractAnnex(contract_id=foreign_contract.id, number="ANX/TEST/1", signed_on=date(2025, 1, 2),
                                      subject="Aneks innego klienta", valid_from=date(2025, 1, 2))
        s.add(foreign_annex)
        s.commit()
    cookie = session_cookies(page)
    assert cookie

    def get(path: str, with_cookie: bool = True) -> requests.Response:
        return requests.get(portal.url + path, cookies=cookie if with_cookie else None, timeout=30)

    ok = get(f"/api/dokumenty/{own.id}.pdf")
    assert ok.status_code == 200 and ok.headers["content-type"].startswith("application/pdf")
    assert own.number in _pdf_text(ok.content)
    assert get(f"/api/dokumenty/{foreign_doc.id}.pdf").status_code == 404
    assert get("/api/dokumenty/999999999.pdf").status_code == 404
    assert get("/api/dokumenty/abc.pdf").status_code == 404
    assert get(f"/api/dokumenty/{own.id}.pdf", with_cookie=False).status_code == 404
    assert get(f"/api/dokumenty/{foreign_doc.id}.pdf", with_cookie=False).status_code == 404
    assert get(f"/api/umowy/{own_contract.id}.pdf").status_code == 200
    assert get(f"/api/umowy/{own_contract.id}.pdf", with_cookie=False).status_code == 404
    assert get(f"/api/umowy/{foreign_contract.id}.pdf").status_code == 404
    assert get(f"/api/aneksy/{foreign_annex.id}.pdf").status_code == 404


def test_payments_balance_matches_the_books_and_the_panel(portal, customer, page):
    with portal.session() as s:
        charges = s.exec(select(func.coalesce(func.sum(Document.gross_gr), 0))
                         .where(Document.customer_id == customer)).one()
        paid = s.exec(select(func.coalesce(func.sum(Payment.amount_gr), 0))
                      .where(Payment.customer_id == customer)).one()
        payments = s.exec(select(Payment).where(Payment.customer_id == customer)
                          .order_by(Payment.paid_on.desc(), Payment.id.desc())).all()
    balance = charges - paid
    label = "Do zapłaty" if balance > 0 else "Nadpłata" if balance < 0 else "Rozliczone"

    open_page(page, f"{portal.url}/platnosci")
    shown = page.locator("[data-testid='saldo']").inner_text()
    assert _plain(shown) == _plain(money(abs(balance)))
    expect(page.locator("[data-testid='saldo-label']")).to_have_text(label)
    history = page.get_by_role("table", name="Historia wpłat")
    expect(history.locator("tbody tr")).to_have_count(min(PAGE_SIZE, len(payments)))
    assert _plain(money(payments[0].amount_gr)) in _plain(history.locator("tbody tr").first.inner_text())
    series = page.get_by_role("table", name="Naliczenia i wpłaty w kolejnych miesiącach")
    expect(series.locator("tbody tr")).to_have_count(24)
    expect(page.locator(".billing-chart svg").first).to_be_visible()
    check_layout(page, "/platnosci")
    next_page = page.get_by_role("button", name="Następna")
    if len(payments) > PAGE_SIZE:  # either way the pager tells the truth
        next_page.click()
        expect(page.get_by_text("Strona 2 z")).to_be_visible()
        expect(history.locator("tbody tr")).to_have_count(min(PAGE_SIZE, len(payments) - PAGE_SIZE))
    else:
        expect(next_page).to_have_count(0)

    open_page(page, f"{portal.url}/panel")
    assert _plain(page.locator("[data-testid='saldo']").inner_text()) == _plain(shown)
    expect(page.get_by_role("heading", name="Saldo")).to_be_visible()


def test_contracts_listed_with_annexes_and_pdf(portal, customer, page):
    with portal.session() as s:
        contracts = s.exec(select(Contract).where(Contract.customer_id == customer)).all()
        annexes = s.exec(select(ContractAnnex).where(ContractAnnex.contract_id.in_([c.id for c in contracts]))).all()
    assert contracts
    open_page(page, f"{portal.url}/umowy")
    for c in contracts:
        expect(page.get_by_role("heading", name=f"Umowa nr {c.number}")).to_be_visible()
    for a in annexes:
        expect(page.get_by_text(a.number, exact=True)).to_be_visible()
    check_layout(page, "/umowy")

    contract = contracts[0]
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Pobierz umowę (PDF): {contract.number}").click()
    assert contract.number in _pdf_text(Path(download.value.path()).read_bytes())
    assert annexes, "the garden demo customer has the garden sub-meter annex"
    annex = annexes[0]
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Pobierz PDF aneks {annex.number}").click()
    assert annex.number in _pdf_text(Path(download.value.path()).read_bytes())
