"""A contract with its annexes, or a single annex, as a PDF: a summary of what the
utility's records hold (number, parties, subject, service point, validity)."""
from __future__ import annotations

from ibok_app.integrations.document_pdf import (
    buyer_lines,
    party_blocks,
    seller_lines,
    start_pdf,
    text,
)
from ibok_app.integrations.pdf import FONT, to_bytes
from ibok_app.views.billing import AnnexDetail, AnnexView, ContractView

LABEL_W = 48


def _field(pdf, label: str, value: str) -> None:
    pdf.set_font(FONT, "", 9)
    pdf.cell(LABEL_W, 5, f"{label}:")
    pdf.set_font(FONT, "B", 9)
    pdf.multi_cell(0, 5, value or "—", new_x="LMARGIN", new_y="NEXT")


def _contract_fields(pdf, contract: ContractView) -> None:
    _field(pdf, "Numer umowy", contract.number)
    _field(pdf, "Data zawarcia", contract.signed_display)
    _field(pdf, "Przedmiot umowy", contract.subject)
    if contract.service_point_address:
        point = contract.service_point_address
        if contract.service_point_code:
            point = f"{point} (punkt {contract.service_point_code})"
        _field(pdf, "Punkt poboru", point)
    _field(pdf, "Obowiązuje od", contract.valid_from_display)
    _field(pdf, "Obowiązuje do", contract.valid_to_display)


def _annex_fields(pdf, annex: AnnexView) -> None:
    _field(pdf, "Numer aneksu", annex.number)
    _field(pdf, "Data zawarcia", annex.signed_display)
    _field(pdf, "Przedmiot aneksu", annex.subject)
    _field(pdf, "Obowiązuje od", annex.valid_from_display)
    _field(pdf, "Obowiązuje do", annex.valid_to_display)


def _parties(pdf, customer, company) -> None:
    party_blocks(pdf, "Przedsiębiorstwo", seller_lines(company), "Odbiorca usług", buyer_lines(customer))
    pdf.ln(3)


def render_contract_pdf(contract: ContractView, customer, company) -> bytes:
    pdf = start_pdf(f"Umowa {contract.number}", company)
    text(pdf, company.short_name or company.name, bold=True)
    text(pdf, f"UMOWA nr {contract.number}", size=15, bold=True, h=9)
    pdf.ln(2)
    _parties(pdf, customer, company)
    _contract_fields(pdf, contract)
    pdf.ln(4)
    if contract.annexes:
        text(pdf, f"Aneksy do umowy ({len(contract.annexes)})", size=11, bold=True)
        for annex in contract.annexes:
            pdf.ln(1)
            _annex_fields(pdf, annex)
            pdf.ln(2)
    else:
        text(pdf, "Do umowy nie zawarto aneksów.")
    return to_bytes(pdf)


def render_annex_pdf(detail: AnnexDetail, customer, company) -> bytes:
    annex, contract = detail.annex, detail.contract
    pdf = start_pdf(f"Aneks {annex.number} do umowy {contract.number}", company)
    text(pdf, company.short_name or company.name, bold=True)
    text(pdf, f"ANEKS nr {annex.number}", size=15, bold=True, h=9)
    text(pdf, f"do umowy nr {contract.number} z dnia {contract.signed_display}", size=11)
    pdf.ln(2)
    _parties(pdf, customer, company)
    _annex_fields(pdf, annex)
    pdf.ln(4)
    text(pdf, "Umowa, której dotyczy aneks", size=11, bold=True)
    _contract_fields(pdf, contract)
    return to_bytes(pdf)
