"""One demo document (invoice, correction, interest or debit note) with its lines,
its number and, from KSeF's start, its KSeF number."""
from __future__ import annotations

import random
from datetime import date, timedelta

from ibok_app.demo.context import Batch, Context, at
from ibok_app.demo.money import document_line, totals
from ibok_app.models import DocumentType

PAYMENT_DAYS = 14
KSEF_START = date(2026, 4, 1)  # KSeF obligatory for the utility from this date
_DOC_TYPE_VALUES = {t: t.value for t in DocumentType}


def _crc8_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
        table.append(crc)
    return tuple(table)


_CRC8 = _crc8_table()


def crc8(text: str) -> int:
    """KSeF check sum (CRC-8, poly 0x07, init 0), table-driven: ksef.ksef_checksum
    computes the same bit by bit, too slow for a million invoices (tests compare them)."""
    crc = 0
    for byte in text.encode("ascii"):
        crc = _CRC8[crc ^ byte]
    return crc


def add_document(ctx: Context, batch: Batch, rng: random.Random, doc_type: DocumentType, prefix: str,
                 customer_id: int, sp_id: int | None, issue: date, spec: list[tuple[str, int, str, int]],
                 vat_rate: int | None, *, sale_date: date | None = None,
                 period: tuple[date, date] | None = None, corrected: int | None = None,
                 reason: str | None = None) -> dict:
    """The document and its lines (`spec`: description, quantity in thousandths, unit,
    net unit price) into `batch`; returns the document's row."""
    doc_id = ctx.new_id("document")
    lines = [document_line(doc_id, ctx.new_id("document_line"), pos, desc, qty, unit, price, vat_rate)
             for pos, (desc, qty, unit, price) in enumerate(spec, start=1)]
    net, vat, gross = totals(lines)
    number_prefix = f"{prefix}/{issue.year}/{issue.month:02d}/"
    ksef = None
    if doc_type in (DocumentType.INVOICE, DocumentType.CORRECTION) and issue >= KSEF_START:
        first32 = f"{ctx.seller_nip}-{issue:%Y%m%d}-{rng.getrandbits(48):012X}"
        ksef = f"{first32}-{crc8(first32):02X}"
    doc = {
        "id": doc_id, "customer_id": customer_id, "service_point_id": sp_id,
        "doc_type": _DOC_TYPE_VALUES[doc_type], "number": f"{number_prefix}{ctx.next_number(number_prefix):06d}",
        "issue_date": issue, "sale_date": sale_date,
        "period_from": period[0] if period else None, "period_to": period[1] if period else None,
        "due_date": issue + timedelta(days=PAYMENT_DAYS), "net_gr": net, "vat_gr": vat,
        "gross_gr": gross, "ksef_number": ksef, "corrected_document_id": corrected,
        "correction_reason": reason, "created_at": at(issue, 6),
    }
    batch.add("document", doc)
    for line in lines:
        batch.add("document_line", line)
    return doc
