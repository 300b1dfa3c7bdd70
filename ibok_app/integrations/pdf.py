"""PDF base: an fpdf2 document with a Unicode font shipped in the package, so
Polish characters render the same on every machine (no system fonts needed)."""
from __future__ import annotations

from fpdf import FPDF

from ibok_app.config import DATA_DIR

FONT_DIR = DATA_DIR / "fonts"
FONT = "DejaVu"


def new_pdf(title: str, author: str) -> FPDF:
    """An A4 portrait document with the DejaVu family ("" and "B") registered."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("IBOK")
    pdf.set_lang("pl")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(18, 18, 18)
    pdf.set_font(FONT, size=10)
    return pdf


def to_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
