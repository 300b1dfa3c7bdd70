"""Small builders of billing data for tests: customers, invoices (with lines that add
up), corrections, notes, payments with allocations, contracts and annexes."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from ibok_app.models import (
    Contract,
    ContractAnnex,
    Customer,
    Document,
    DocumentLine,
    DocumentType,
    Payment,
    PaymentAllocation,
    PaymentMethod,
    ServicePoint,
)
from tests.factories import customers


def customer(session: Session, name: str = "Jan Kowalski", **kw) -> Customer:
    return customers.customer(session, name=name, **kw)


service_point = customers.service_point


def line(description: str, quantity_milli: int, unit: str, unit_net_gr: int, vat_rate: int | None = 8) -> dict:
    net = quantity_milli * unit_net_gr // 1000 if quantity_milli >= 0 else -((-quantity_milli) * unit_net_gr // 1000)
    vat = 0 if vat_rate is None else round(net * vat_rate / 100)
    return {"description": description, "quantity_milli": quantity_milli, "unit": unit,
            "unit_net_gr": unit_net_gr, "vat_rate": vat_rate, "net_gr": net, "vat_gr": vat, "gross_gr": net + vat}


def document(session: Session, cust: Customer, *, gross_gr: int | None = None, lines: list[dict] | None = None,
             issue: date = date(2024, 1, 10), due: date = date(2024, 1, 24),
             doc_type: DocumentType = DocumentType.INVOICE, number: str | None = None, **kw) -> Document:
    """A document; either explicit `lines` or one 8% line worth `gross_gr`."""
    if lines is None:
        gross = 10000 if gross_gr is None else gross_gr
        net = round(gross * 100 / 108)
        lines = [{"description": "Dostawa wody", "quantity_milli": 1000, "unit": "szt.", "unit_net_gr": net,
                  "vat_rate": 8, "net_gr": net, "vat_gr": gross - net, "gross_gr": gross}]
    prefix = {DocumentType.INVOICE: "FV", DocumentType.CORRECTION: "FK",
              DocumentType.ACCOUNTING_NOTE: "NK", DocumentType.INTEREST_NOTE: "NO"}[doc_type]
    doc = Document(customer_id=cust.id, doc_type=doc_type,
                   number=number or f"{prefix}/{issue.year}/{customers.next_number():05d}",
                   issue_date=issue, due_date=due,
                   net_gr=sum(l["net_gr"] for l in lines), vat_gr=sum(l["vat_gr"] for l in lines),
                   gross_gr=sum(l["gross_gr"] for l in lines), **kw)
    session.add(doc)
    session.flush()
    for i, l in enumerate(lines, start=1):
        session.add(DocumentLine(document_id=doc.id, position=i, **l))
    session.flush()
    return doc


def correction(session: Session, original: Document, gross_gr: int, reason: str = "Błędny odczyt wodomierza",
               **kw) -> Document:
    cust = session.get(Customer, original.customer_id)
    return document(session, cust, gross_gr=gross_gr, doc_type=DocumentType.CORRECTION,
                    corrected_document_id=original.id, correction_reason=reason, **kw)


def payment(session: Session, cust: Customer, amount_gr: int, paid_on: date = date(2024, 1, 20),
            allocate: list[tuple[Document, int]] | None = None,
            method: PaymentMethod = PaymentMethod.TRANSFER, reference: str | None = None) -> Payment:
    p = Payment(customer_id=cust.id, paid_on=paid_on, amount_gr=amount_gr, method=method, reference=reference)
    session.add(p)
    session.flush()
    for doc, amount in allocate or []:
        session.add(PaymentAllocation(payment_id=p.id, document_id=doc.id, amount_gr=amount))
    session.flush()
    return p


def contract(session: Session, cust: Customer, sp: ServicePoint | None = None, signed: date = date(2020, 3, 1),
             **kw) -> Contract:
    c = Contract(customer_id=cust.id, service_point_id=sp.id if sp else None,
                 number=kw.pop("number", f"UM/{signed.year}/{customers.next_number():04d}"), signed_on=signed,
                 subject=kw.pop("subject", "Zaopatrzenie w wodę i odprowadzanie ścieków"),
                 valid_from=kw.pop("valid_from", signed), **kw)
    session.add(c)
    session.flush()
    return c


def annex(session: Session, c: Contract, signed: date = date(2022, 5, 1), **kw) -> ContractAnnex:
    a = ContractAnnex(contract_id=c.id, number=kw.pop("number", f"A/{customers.next_number():04d}"), signed_on=signed,
                      subject=kw.pop("subject", "Zmiana taryfy i wodomierza ogrodowego"),
                      valid_from=kw.pop("valid_from", signed), **kw)
    session.add(a)
    session.flush()
    return a
