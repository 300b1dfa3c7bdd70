"""The terms of service as a printable PDF (§1: "w formie umożliwiającej jego
pozyskiwanie, odtwarzanie i wydrukowanie"), rendered from the text in the database.

The body is plain text as staff publish it: "§ N" lines open a section, the line
after one (unless it ends with ":") is the section's title, " • " lines are items,
and deeper-indented "a." / "b." lines are sub-items. Indentation is kept readable
with hanging indents; nothing in the text can make rendering fail.
"""
from __future__ import annotations

from fpdf import FPDF

from ibok_app.config import Company
from ibok_app.integrations.pdf import FONT, new_pdf, to_bytes
from ibok_app.views.formats import date_pl
from ibok_app.views.terms import Block, TermsView, parse_blocks

INDENT_MM = 6.0       # one level of hanging indent
LINE_MM = 5.0         # body line height at 10 pt
FOOTER_MARGIN_MM = 24  # room for the company footer and page numbers

def terms_filename(version: int) -> str:
    return f"regulamin-ibok-v{version}.pdf"


def _footer_lines(company: Company, terms: TermsView) -> tuple[str, str, str]:
    return (
        f"{company.name}, {company.address}",
        f"NIP {company.nip} · KRS {company.krs} · REGON {company.regon} · "
        f"tel. {company.phone} · {company.email}",
        f"Regulamin IBOK, wersja {terms.version}, obowiązuje od {date_pl(terms.published_at)}",
    )


def _install_footer(pdf: FPDF, lines: tuple[str, str, str]) -> None:
    # new_pdf() hands back a plain FPDF; fpdf2 calls self.footer() on every page
    # break and at the end, so an instance attribute is enough (no subclass needed).
    def footer() -> None:
        pdf.set_y(-FOOTER_MARGIN_MM + 6)
        pdf.set_draw_color(150)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(1.5)
        pdf.set_font(FONT, size=7.5)
        pdf.set_text_color(70)
        for line in lines[:2]:
            pdf.cell(0, 3.4, line, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(pdf.epw * 0.75, 3.4, lines[2], align="L")
        pdf.cell(0, 3.4, f"Strona {pdf.page_no()} z {{nb}}", align="R")
        pdf.set_text_color(0)
        pdf.set_font(FONT, size=10)

    pdf.footer = footer


def _item(pdf: FPDF, block: Block) -> None:
    marker_x = pdf.l_margin + INDENT_MM * (block.level - 1)
    text_x = marker_x + INDENT_MM
    # Keep the marker with the first line of its text.
    if pdf.will_page_break(LINE_MM):
        pdf.add_page()
    pdf.set_x(marker_x)
    pdf.cell(INDENT_MM, LINE_MM, block.marker)
    pdf.set_x(text_x)
    # Ragged right: justified lines in a narrow hanging indent get wide gaps.
    pdf.multi_cell(pdf.w - pdf.r_margin - text_x, LINE_MM, block.text, align="L",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(0.8)


def render_terms_pdf(terms: TermsView, company: Company) -> bytes:
    """The PDF of one terms version: title, version and date, body, footer."""
    pdf = new_pdf(terms.title, company.name)
    pdf.set_auto_page_break(auto=True, margin=FOOTER_MARGIN_MM)
    pdf.set_subject(f"{terms.title}, wersja {terms.version}")
    _install_footer(pdf, _footer_lines(company, terms))
    pdf.add_page()
    _heading(pdf, terms)
    seen_section = False
    for block in _body_blocks(terms):
        seen_section = seen_section or block.kind == "section"
        _block(pdf, block, seen_section)
        pdf.set_font(FONT, size=10)
    return to_bytes(pdf)


def _heading(pdf: FPDF, terms: TermsView) -> None:
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 7.5, terms.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, size=10)
    pdf.set_text_color(60)
    pdf.cell(0, LINE_MM, f"Wersja {terms.version} · obowiązuje od {date_pl(terms.published_at)}",
             align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(4)


def _body_blocks(terms: TermsView) -> list[Block]:
    """The body's blocks; the shipped text repeats the title as its first line: print it once."""
    blocks = parse_blocks(terms.body)
    while blocks and blocks[0].kind == "blank":
        blocks.pop(0)
    if blocks and blocks[0].text.casefold() == terms.title.strip().casefold():
        blocks.pop(0)
    return blocks


def _block(pdf: FPDF, block: Block, seen_section: bool) -> None:
    """One block; lines before the first "§" (who issues the terms) are centred."""
    if block.kind == "blank":
        pdf.ln(2)
    elif block.kind == "section":
        if pdf.will_page_break(LINE_MM * 4):  # no heading alone at a page's foot
            pdf.add_page()
        else:
            pdf.ln(3)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(0, 6, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
    elif block.kind == "title":
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    elif block.kind == "item":
        pdf.set_font(FONT, size=10)
        _item(pdf, block)
    else:
        pdf.set_font(FONT, size=10)
        x = pdf.l_margin + INDENT_MM * block.level
        pdf.set_x(x)
        pdf.multi_cell(pdf.w - pdf.r_margin - x, LINE_MM, block.text,
                       align="L" if seen_section else "C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
