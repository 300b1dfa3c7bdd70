"""The terms PDF: Polish text exactly, layout (bold "§ N", hanging indents),
version, date, company footer and "Strona X z Y"; robust on odd text; cached."""
from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from ibok_app.config import settings
from ibok_app.integrations.terms_pdf import (
    Block,
    parse_blocks,
    render_terms_pdf,
    terms_filename,
)
from ibok_app.services.accounts import terms as terms_service
from ibok_app.services.accounts.terms import (
    SHIPPED_TITLE,
    SHIPPED_V1,
    TermsView,
    clear_pdf_cache,
    current_terms_pdf,
)

ALPHABET = "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ „cytat” – •"

SAMPLE = f"""Regulamin próbny

Wydawca: Spółka w Kożuchowie

§ 1
Postanowienia ogólne
 • Zażółć gęślą jaźń. ŻÓŁĆ, ŹDŹBŁO, ĆMA, ŚLĄSK, ŃUMER, ĘKA, ĄTEST.
 • Lista:
  • a. pierwszy podpunkt,
   b. drugi podpunkt.
 • Znaki: {ALPHABET}
§ 2
Użyte określenia oznaczają:
  Wstęp do listy:
   a. tylko litera
"""


def _view(body: str, version: int = 3, title: str = "Regulamin próbny") -> TermsView:
    return TermsView(id=7, version=version, title=title, body=body,
                     published_at=datetime(2025, 6, 30, 23, 30))  # UTC: 1 July in Warsaw


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _runs(pdf: bytes) -> list[tuple[str, float, str]]:
    """(text, x in pt, font name) of every text run on every page."""
    runs: list[tuple[str, float, str]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        if text.strip():
            runs.append((text.strip(), tm[4], (font or {}).get("/BaseFont", "")))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return runs


def _run(runs, startswith: str) -> tuple[str, float, str]:
    return next(r for r in runs if r[0].startswith(startswith))


def test_parse_blocks_classifies_sections_titles_items_and_subitems():
    blocks = [b for b in parse_blocks(SAMPLE) if b.kind != "blank"]
    assert blocks[:4] == [
        Block("text", "Regulamin próbny"),
        Block("text", "Wydawca: Spółka w Kożuchowie"),
        Block("section", "§ 1"),
        Block("title", "Postanowienia ogólne"),
    ]
    assert Block("item", "Lista:", 1, "•") in blocks
    # the stray bullet of a flattened list goes; "a." and "b." line up
    assert Block("item", "pierwszy podpunkt,", 2, "a.") in blocks
    assert Block("item", "drugi podpunkt.", 2, "b.") in blocks
    # a line ending with ":" after "§ 2" is an introduction, not a title
    assert Block("text", "Użyte określenia oznaczają:", 0) in blocks
    assert Block("text", "Wstęp do listy:", 1) in blocks
    assert Block("item", "tylko litera", 2, "a.") in blocks


def test_polish_characters_come_out_exactly():
    pdf = render_terms_pdf(_view(SAMPLE), settings().company)
    text = " ".join(_pages(pdf))
    assert "Zażółć gęślą jaźń. ŻÓŁĆ, ŹDŹBŁO, ĆMA, ŚLĄSK, ŃUMER, ĘKA, ĄTEST." in text
    assert "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ „cytat” – •" in text
    assert "Wersja 3 · obowiązuje od 01.07.2025" in text
    assert "Wydawca: Spółka w Kożuchowie" in text


def test_section_headings_are_bold_and_items_keep_their_indent():
    runs = _runs(render_terms_pdf(_view(SAMPLE), settings().company))
    assert "Bold" in _run(runs, "§ 1")[2]
    assert "Bold" in _run(runs, "Postanowienia ogólne")[2]
    assert "Bold" not in _run(runs, "Zażółć")[2]
    assert "Bold" not in _run(runs, "Użyte określenia")[2]  # introduction, not a title

    bullet_x = _run(runs, "•")[1]
    item_x = _run(runs, "Zażółć")[1]
    sub_marker_x = _run(runs, "a.")[1]
    sub_text_x = _run(runs, "pierwszy podpunkt")[1]
    second_marker_x = _run(runs, "b.")[1]
    assert bullet_x < item_x < sub_text_x
    assert sub_marker_x == pytest.approx(item_x)        # "a." sits under the item text
    assert second_marker_x == pytest.approx(sub_marker_x)  # and "b." under "a."


def test_shipped_terms_layout_footer_and_page_numbers():
    view = TermsView(1, 1, SHIPPED_TITLE, SHIPPED_V1.read_text(encoding="utf-8"), datetime(2024, 1, 1))
    pages = _pages(render_terms_pdf(view, settings().company))
    assert len(pages) >= 3
    company = settings().company
    for number, text in enumerate(pages, start=1):
        assert f"Strona {number} z {len(pages)}" in text
        assert f"{company.name}, {company.address}" in text
        assert f"NIP {company.nip} · KRS {company.krs} · REGON {company.regon}" in text
        assert "Regulamin IBOK, wersja 1, obowiązuje od 01.01.2024" in text
    whole = " ".join(pages)
    for phrase in ("Przedsiębiorstwa Usług Komunalnych", "Kożuchowie", "§ 4", "Nie pamiętam hasła",
                   "§ 10", "Postanowienia końcowe"):
        assert phrase in whole, phrase


@pytest.mark.parametrize("body", [
    "",
    "x" * 5000,                               # one word far wider than the page
    "§ 1\n\tTab\x00\x07 i znaki sterujące\r\n • emoji 🚰 i chiński 水\n",
    "\n".join(f" • punkt {i}" for i in range(400)),
])
def test_odd_text_still_renders(body):
    pdf = render_terms_pdf(_view(body), settings().company)
    pages = _pages(pdf)
    assert f"Strona {len(pages)} z {len(pages)}" in pages[-1]


def test_filename():
    assert terms_filename(12) == "regulamin-ibok-v12.pdf"


def test_current_terms_pdf_renders_once_per_version(session):
    clear_pdf_cache()
    assert current_terms_pdf(session) is None
    terms_service.ensure_shipped_terms(session)
    session.commit()
    view, first = current_terms_pdf(session)
    assert view.version == 1
    _, again = current_terms_pdf(session)
    assert again is first  # served from memory, not rendered again
    terms_service.publish(session, "Regulamin IBOK", "§ 1\nNowa treść\n", published_at=datetime(2025, 1, 1))
    session.commit()
    view2, second = current_terms_pdf(session)
    assert view2.version == 2 and second != first
    assert "Nowa treść" in " ".join(_pages(second))
