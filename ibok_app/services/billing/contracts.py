"""The customer's contracts and their annexes (§9 d), and their PDFs."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.integrations.contract_pdf import render_annex_pdf, render_contract_pdf
from ibok_app.models import Contract, ContractAnnex, Customer, ServicePoint
from ibok_app.services.billing.document_detail import PdfFile, safe_filename
from ibok_app.services.common.inputs import parse_id
from ibok_app.views.billing import AnnexDetail, AnnexView, ContractView
from ibok_app.views.formats import address_line, date_pl, today_in_warsaw

OPEN_ENDED = "bezterminowo"


def _valid_to(d: date | None) -> str:
    return date_pl(d) if d else OPEN_ENDED


def _annex_view(a: ContractAnnex) -> AnnexView:
    return AnnexView(a.id, a.contract_id, a.number, a.signed_on, date_pl(a.signed_on), a.subject,
                     a.valid_from, date_pl(a.valid_from), a.valid_to, _valid_to(a.valid_to))


def _views(session: Session, customer_id: int, contracts: list[Contract], today: date) -> list[ContractView]:
    if not contracts:
        return []
    ids = [c.id for c in contracts]
    annexes: dict[int, list[AnnexView]] = defaultdict(list)
    for a in session.exec(
        select(ContractAnnex).where(ContractAnnex.contract_id.in_(ids))
        .order_by(ContractAnnex.signed_on, ContractAnnex.id)
    ).all():
        annexes[a.contract_id].append(_annex_view(a))
    sp_ids = {c.service_point_id for c in contracts if c.service_point_id is not None}
    points = {
        sp.id: sp for sp in session.exec(
            select(ServicePoint).where(ServicePoint.id.in_(sp_ids), ServicePoint.customer_id == customer_id)
        ).all()
    } if sp_ids else {}
    views = []
    for c in contracts:
        sp = points.get(c.service_point_id)
        views.append(ContractView(
            id=c.id, number=c.number, signed_on=c.signed_on, signed_display=date_pl(c.signed_on),
            subject=c.subject,
            service_point_code=sp.code if sp else "",
            service_point_address=address_line(sp.street, sp.postal_code, sp.city) if sp else "",
            valid_from=c.valid_from, valid_from_display=date_pl(c.valid_from),
            valid_to=c.valid_to, valid_to_display=_valid_to(c.valid_to),
            is_active=c.valid_from <= today and (c.valid_to is None or c.valid_to >= today),
            annexes=annexes[c.id],
        ))
    return views


def list_contracts(session: Session, customer_id: int, today: date | None = None) -> list[ContractView]:
    """All the customer's contracts, newest first, each with its annexes (oldest first)."""
    contracts = session.exec(
        select(Contract).where(Contract.customer_id == customer_id)
        .order_by(Contract.signed_on.desc(), Contract.id.desc())
    ).all()
    return _views(session, customer_id, list(contracts), today or today_in_warsaw())


def contract_detail(session: Session, customer_id: int, contract_id: object,
                    today: date | None = None) -> ContractView | None:
    cid = parse_id(contract_id)
    if cid is None:
        return None
    c = session.exec(select(Contract).where(Contract.id == cid, Contract.customer_id == customer_id)).first()
    if c is None:
        return None
    return _views(session, customer_id, [c], today or today_in_warsaw())[0]


def annex_detail(session: Session, customer_id: int, annex_id: object,
                 today: date | None = None) -> AnnexDetail | None:
    aid = parse_id(annex_id)
    if aid is None:
        return None
    contract_id = session.exec(
        select(ContractAnnex.contract_id).join(Contract, Contract.id == ContractAnnex.contract_id)
        .where(ContractAnnex.id == aid, Contract.customer_id == customer_id)
    ).first()
    if contract_id is None:
        return None
    contract = contract_detail(session, customer_id, contract_id, today)
    annex = next(a for a in contract.annexes if a.id == aid)
    return AnnexDetail(annex, contract)


def contract_pdf(session: Session, customer_id: int, contract_id: object) -> PdfFile | None:
    """The contract with its annexes as a PDF; None when it is not the customer's (404)."""

    view = contract_detail(session, customer_id, contract_id)
    customer = session.get(Customer, customer_id) if view else None
    if view is None or customer is None:
        return None
    return PdfFile(safe_filename(f"umowa-{view.number}"), render_contract_pdf(view, customer, settings().company))


def annex_pdf(session: Session, customer_id: int, annex_id: object) -> PdfFile | None:

    detail = annex_detail(session, customer_id, annex_id)
    customer = session.get(Customer, customer_id) if detail else None
    if detail is None or customer is None:
        return None
    return PdfFile(safe_filename(f"aneks-{detail.annex.number}"), render_annex_pdf(detail, customer, settings().company))
