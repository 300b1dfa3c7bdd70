"""An invoice, correction or note as a PDF, with the content art. 106e of the VAT act
asks of an invoice (and art. 106j of a correction).

Notes (interest, accounting) are not VAT invoices: no VAT columns or VAT summary.
Beyond the act, what customers know from a utility invoice: the company's logo, the
meter readings the invoice is based on, the amount still due ("Do zapłaty", 0,00 zł
and "Zapłacono" once paid) and, while something is due, the banks' payment QR code
(integrations/payment_qr.py).

The renderer takes a `DocumentDetail` built by the documents service, the customer
(anything with name/street/postal_code/city/is_business/nip/number) and the company
settings, so it never touches the database.
"""
from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from ibok_app.integrations.payment_qr import payment_qr_text, qr_png
from ibok_app.integrations.pdf import FONT, new_pdf, to_bytes
from ibok_app.views.billing import DocumentDetail, ReadingPoint, Totals
from ibok_app.views.formats import amount_pl, money

log = logging.getLogger(__name__)

LINE_H = 5.0
NOTE_DISCLAIMERS = {
    "interest_note": "Nota odsetkowa nie jest fakturą VAT: odsetki nie podlegają opodatkowaniu podatkiem VAT.",
    "accounting_note": "Nota księgowa nie jest fakturą VAT.",
}
_NEXT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
_HEADINGS = FontFace(family=FONT, emphasis="BOLD", fill_color=(230, 230, 235))
LOGO_H = 16.0  # mm; the width follows the image's proportions
QR_SIZE = 32.0  # mm: well above the ~2 cm a phone needs at arm's length
QR_CAPTION = "Zeskanuj w aplikacji banku, aby zapłacić"
PAID_MARK = "Zapłacono"
PAID_COLOR = (0, 110, 60)


def _footer(pdf: FPDF, company) -> None:
    pdf.set_y(-13)
    pdf.set_font(FONT, size=7)
    pdf.set_text_color(90)
    parts = [company.name, company.address, f"NIP {company.nip}"]
    if company.krs:
        parts.append(f"KRS {company.krs}")
    if company.regon:
        parts.append(f"REGON {company.regon}")
    pdf.multi_cell(0, 3.2, ", ".join(parts), align="C", **_NEXT)
    pdf.cell(0, 3.2, f"Strona {pdf.page_no()}/{{nb}}", align="C")
    pdf.set_text_color(0)


def start_pdf(title: str, company) -> FPDF:
    """A page with the company footer on every page (shared with contract PDFs)."""
    pdf = new_pdf(title, company.name)
    pdf.footer = lambda: _footer(pdf, company)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    return pdf


def text(pdf: FPDF, value: str, size: float = 9, bold: bool = False, h: float = LINE_H, align: str = "L",
         w: float = 0) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(w, h, value, align=align, **_NEXT)


def party_blocks(pdf: FPDF, left_title: str, left: list[str], right_title: str, right: list[str]) -> None:
    """Two columns side by side (seller | buyer), each a bold heading and lines."""
    with pdf.table(col_widths=(1, 1), borders_layout="NONE", first_row_as_headings=False,
                   line_height=4.6, padding=(0.5, 1, 0.5, 0), v_align="TOP", text_align="LEFT") as table:
        head = table.row()
        pdf.set_font(FONT, "B", 9)
        head.cell(left_title)
        head.cell(right_title)
        pdf.set_font(FONT, "", 9)
        row = table.row()
        row.cell("\n".join(x for x in left if x))
        row.cell("\n".join(x for x in right if x))


def buyer_lines(customer) -> list[str]:
    lines = [customer.name, customer.street, f"{customer.postal_code} {customer.city}"]
    nip = getattr(customer, "nip", None)
    if getattr(customer, "is_business", False) and nip:
        lines.append(f"NIP: {nip}")
    if getattr(customer, "number", None):
        lines.append(f"Numer klienta: {customer.number}")
    return lines


def _unbreakable_legal_form(name: str) -> str:
    """"Sp. z o.o." wraps as one word, never as "Sp. z" / "o.o."."""
    return re.sub(r"\b(sp\.) (z) (o\.o\.)", "\\1\u00a0\\2\u00a0\\3", name, flags=re.IGNORECASE)


def seller_lines(company) -> list[str]:
    return [_unbreakable_legal_form(company.name), company.address, f"NIP: {company.nip}"]


def _table(pdf: FPDF, widths: tuple, aligns: tuple, header: list[str], rows: list[list[str]],
           bold_last: bool = False, size: float = 7.5) -> None:
    pdf.set_font(FONT, "", size)
    with pdf.table(col_widths=widths, text_align=aligns, line_height=4, padding=0.8,
                   headings_style=_HEADINGS) as table:
        head = table.row()
        for h in header:
            head.cell(h, align="C")
        for i, values in enumerate(rows):
            is_last = bold_last and i == len(rows) - 1
            if is_last:
                pdf.set_font(FONT, "B", size)
            row = table.row()
            for v in values:
                row.cell(v)
        pdf.set_font(FONT, "", size)
    pdf.ln(2)


def _meta(detail: DocumentDetail) -> list[tuple[str, str]]:
    meta = [("Data wystawienia", detail.issue_date_display)]
    if detail.sale_date and detail.sale_date != detail.issue_date:
        meta.append(("Data sprzedaży", detail.sale_date_display))
    if detail.period_display:
        meta.append(("Okres rozliczeniowy", detail.period_display))
    meta.append(("Termin płatności", detail.due_date_display))
    if detail.ksef_number:
        meta.append(("Numer KSeF", detail.ksef_number))
    return meta


def _vat_lines_table(pdf: FPDF, detail: DocumentDetail) -> None:
    header = ["Lp.", "Nazwa usługi", "Ilość", "J.m.", "Cena jedn. netto", "Wartość netto",
              "Stawka VAT", "Kwota VAT", "Wartość brutto"]
    rows = [[str(i), l.description, l.quantity, l.unit,
             amount_pl(l.unit_net_gr), amount_pl(l.net_gr), l.vat_rate_display,
             amount_pl(l.vat_gr), amount_pl(l.gross_gr)]
            for i, l in enumerate(detail.lines, start=1)]
    _table(pdf, (8, 46, 16, 10, 20, 20, 13, 19, 22), ("C", "L", "R", "C", "R", "R", "C", "R", "R"),
           header, rows)


def _note_lines_table(pdf: FPDF, detail: DocumentDetail) -> None:
    rows = [[str(i), l.description, l.quantity, l.unit,
             amount_pl(l.gross_gr)] for i, l in enumerate(detail.lines, start=1)]
    _table(pdf, (8, 104, 18, 14, 30), ("C", "L", "R", "C", "R"), ["Lp.", "Tytuł", "Ilość", "J.m.", "Kwota"], rows)


def _vat_summary_table(pdf: FPDF, detail: DocumentDetail) -> None:
    text(pdf, "Podsumowanie według stawek VAT (zł)", bold=True)
    rows = [[r.vat_rate_display, amount_pl(r.totals.net_gr), amount_pl(r.totals.vat_gr),
             amount_pl(r.totals.gross_gr)] for r in detail.vat_summary]
    t = detail.totals
    rows.append(["Razem", amount_pl(t.net_gr), amount_pl(t.vat_gr), amount_pl(t.gross_gr)])
    _table(pdf, (34, 40, 40, 40), ("C", "R", "R", "R"),
           ["Stawka VAT", "Wartość netto", "Kwota VAT", "Wartość brutto"], rows, bold_last=True, size=8)


def _correction_block(pdf: FPDF, detail: DocumentDetail) -> None:
    c = detail.correction
    if c is None:
        return
    text(pdf, f"Korekta faktury nr {c.corrected_number} z dnia {c.corrected_issue_date_display}", bold=True)
    if c.reason:
        text(pdf, f"Przyczyna korekty: {c.reason}")
    pdf.ln(1)


def _correction_totals(pdf: FPDF, detail: DocumentDetail) -> None:
    c = detail.correction
    if c is None:
        return
    text(pdf, "Wartości faktury przed korektą i po korekcie (zł)", bold=True)

    def row(label: str, t: Totals) -> list[str]:
        return [label, amount_pl(t.net_gr), amount_pl(t.vat_gr), amount_pl(t.gross_gr)]

    _table(pdf, (54, 40, 40, 40), ("L", "R", "R", "R"), ["", "Wartość netto", "Kwota VAT", "Wartość brutto"],
           [row("Przed korektą", c.before), row("Po korekcie", c.after), row("Różnica (korekta)", c.difference)],
           bold_last=True, size=8)


def _readings_table(pdf: FPDF, detail: DocumentDetail) -> None:
    """"Odczyty wodomierzy": per meter the readings at the period's start and end."""
    if not detail.meter_readings:
        return

    def cells(point: ReadingPoint | None) -> list[str]:
        return [point.value_display, point.read_on_display, point.source_label] if point else ["–", "", ""]

    def meter(m) -> str:  # a sub-meter says so: its water is not billed as sewage
        return m.meter_serial if m.meter_kind == "main" else f"{m.meter_serial}\n({m.meter_kind_label})"

    text(pdf, "Odczyty wodomierzy (m³)", bold=True)
    rows = [[meter(m), *cells(m.previous), *cells(m.current), m.consumption_display or "–"]
            for m in detail.meter_readings]
    _table(pdf, (32, 22, 19, 18, 22, 19, 18, 24), ("L", "R", "C", "C", "R", "C", "C", "R"),
           ["Wodomierz", "Odczyt poprzedni", "Data", "Źródło", "Odczyt bieżący", "Data", "Źródło", "Zużycie"],
           rows, size=8)


def document_qr_text(detail: DocumentDetail, company) -> str | None:
    """The banks' QR text of a transfer of what is still due: to the company's account,
    titled with the document number. None when nothing is due or the amount or the
    company's account cannot be put in the code."""
    if detail.outstanding_gr <= 0:
        return None
    try:
        return payment_qr_text(nip=company.nip, account=company.bank_account, amount_gr=detail.outstanding_gr,
                               name=company.short_name or company.name, title=detail.number)
    except ValueError as exc:  # over 9 999,99 zł, or a misconfigured account: the text details stay
        log.info("no payment QR on %s: %s", detail.number, exc)
        return None


def _amount_lines(detail: DocumentDetail) -> list[str]:
    """What makes up "Do zapłaty" when it differs from the document's total."""
    gross = detail.totals.gross_gr
    due_after_corrections = detail.outstanding_gr + detail.paid_gr
    parts = []
    if due_after_corrections != gross:
        parts.append(f"Wartość dokumentu: {money(gross)}, po korektach: {money(due_after_corrections)}")
    elif detail.paid_gr:
        parts.append(f"Wartość dokumentu: {money(gross)}")
    if detail.paid_gr:
        parts.append(f"zapłacono: {detail.paid_display}")
    return ["; ".join(parts)] if parts else []


def _payment_block(pdf: FPDF, detail: DocumentDetail, company) -> None:
    gross = detail.totals.gross_gr
    if gross < 0:
        text(pdf, f"Do zwrotu: {money(-gross)}", size=11, bold=True)
        return
    qr_text = document_qr_text(detail, company)
    qr = qr_png(qr_text) if qr_text else None
    if pdf.will_page_break(QR_SIZE + 10 if qr else 25):
        pdf.add_page()  # the amount, the transfer details and the code stay together
    top = pdf.get_y()
    width = pdf.epw - QR_SIZE - 8 if qr else 0
    text(pdf, f"Do zapłaty: {money(max(detail.outstanding_gr, 0))}", size=11, bold=True, h=6, w=width)
    if gross > 0 and detail.outstanding_gr <= 0:
        pdf.set_text_color(*PAID_COLOR)
        text(pdf, PAID_MARK, size=11, bold=True, h=6, w=width)
        pdf.set_text_color(0)
    for line in _amount_lines(detail):
        text(pdf, line, w=width)
    if detail.outstanding_gr > 0:
        text(pdf, f"Termin płatności: {detail.due_date_display}, forma płatności: przelew", w=width)
        text(pdf, f"Numer rachunku: {company.bank_account}", w=width)
        text(pdf, f"Tytuł przelewu: {detail.number}", w=width)
    if qr:
        _qr_image(pdf, qr, top)


def _qr_image(pdf: FPDF, png: bytes, top: float) -> None:
    """The code at the right of the payment details, its caption below it."""
    text_bottom = pdf.get_y()
    x = pdf.l_margin + pdf.epw - QR_SIZE
    pdf.image(io.BytesIO(png), x=x, y=top, w=QR_SIZE, h=QR_SIZE, alt_text=QR_CAPTION)
    pdf.set_xy(x - 4, top + QR_SIZE)
    pdf.set_font(FONT, "", 7)
    pdf.multi_cell(QR_SIZE + 8, 3.2, QR_CAPTION, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(text_bottom, pdf.get_y()))


def _logo(pdf: FPDF, logo_file: Path | str | None) -> bool:
    """The company's logo at the top left; False (and nothing drawn) when the file is
    missing or not an image fpdf can read."""
    path = Path(logo_file) if logo_file else None
    if path is None or not path.is_file():
        return False
    try:
        info = pdf.image(str(path), x=pdf.l_margin, y=pdf.t_margin, h=LOGO_H)
    except Exception as exc:  # noqa: BLE001 - a broken logo must not cost the customer the invoice
        log.warning("logo %s not shown: %s", path, exc)
        return False
    pdf.set_y(pdf.t_margin + info.rendered_height + 3)
    return True


def render_document_pdf(detail: DocumentDetail, customer, company) -> bytes:
    pdf = start_pdf(f"{detail.type_label} {detail.number}", company)
    if not _logo(pdf, getattr(company, "logo_file", None)):
        text(pdf, company.short_name or company.name, size=9, bold=True)
    text(pdf, f"{detail.title} nr {detail.number}", size=15, bold=True, h=9)
    pdf.ln(1)
    for label, value in _meta(detail):
        pdf.set_font(FONT, "", 9)
        pdf.cell(42, LINE_H, f"{label}:")
        pdf.set_font(FONT, "B", 9)
        pdf.cell(0, LINE_H, value, **_NEXT)
    pdf.ln(3)
    party_blocks(pdf, "Sprzedawca", seller_lines(company), "Nabywca", buyer_lines(customer))
    pdf.ln(2)
    if detail.service_point_address:
        text(pdf, f"Miejsce świadczenia usługi: {detail.service_point_address}")
    _correction_block(pdf, detail)
    pdf.ln(1)
    _readings_table(pdf, detail)
    if detail.is_vat_invoice:
        text(pdf, "Pozycje korekty – różnica (zł)" if detail.correction else "Pozycje (zł)", bold=True)
        _vat_lines_table(pdf, detail)
        _vat_summary_table(pdf, detail)
        _correction_totals(pdf, detail)
    else:
        text(pdf, "Pozycje (zł)", bold=True)
        _note_lines_table(pdf, detail)
        text(pdf, NOTE_DISCLAIMERS.get(detail.doc_type, "Dokument nie jest fakturą VAT."), size=8)
    pdf.ln(2)
    _payment_block(pdf, detail, company)
    return to_bytes(pdf)
