"""Downloads of the billing area: invoices/notes, contracts and annexes as PDFs.

Each fetch takes the id from the URL as an untrusted string and passes it to a service
that re-checks it belongs to `customer_id` (from the session); None means 404.
"""
from __future__ import annotations

from sqlmodel import Session

from ibok_app.services.billing import contracts, document_detail
from ibok_app.services.billing.document_detail import PdfFile

DOCUMENT_PDF = "/api/dokumenty/{id}.pdf"
CONTRACT_PDF = "/api/umowy/{id}.pdf"
ANNEX_PDF = "/api/aneksy/{id}.pdf"


def fetch_document_pdf(session: Session, customer_id: int, object_id: str | None) -> PdfFile | None:
    return document_detail.document_pdf(session, customer_id, object_id)


def fetch_contract_pdf(session: Session, customer_id: int, object_id: str | None) -> PdfFile | None:
    return contracts.contract_pdf(session, customer_id, object_id)


def fetch_annex_pdf(session: Session, customer_id: int, object_id: str | None) -> PdfFile | None:
    return contracts.annex_pdf(session, customer_id, object_id)
