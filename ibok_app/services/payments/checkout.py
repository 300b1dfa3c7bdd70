"""What a customer may pay online and the transaction that pays it.

The customer chooses everything due (the default), some unpaid documents, or an
amount of their own. `start_payment` checks the choice against the database (never
the browser's numbers), then reuses the active transaction for the same choice or
creates one, and returns the form the browser posts to the gateway.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ibok_app.bootstrap import integrations
from ibok_app.config import settings
from ibok_app.models import (
    Customer,
    OnlinePayment,
    OnlinePaymentDocument,
    OnlinePaymentMode,
    PortalAccount,
    utcnow,
)
from ibok_app.services.billing.balance import balance
from ibok_app.services.billing.documents import DocumentRow, unpaid_documents
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import parse_id
from ibok_app.services.payments.expiry import ACTIVE, expire_stale
from ibok_app.views.formats import money, parse_amount_gr

MAX_DOCUMENTS = 200  # more ids than any customer has unpaid documents is garbage

# The rules' messages (Polish, shown next to the field they concern).
AMOUNT_INVALID = "Wpisz kwotę w złotych, np. 150,00."
AMOUNT_TOO_SMALL = "Najmniejsza kwota płatności online to {min}."
AMOUNT_TOO_LARGE = "Jedna płatność online może wynosić najwyżej {max}. Wybierz mniej dokumentów lub wpisz kwotę."
NO_DOCUMENT_CHOSEN = "Zaznacz co najmniej jeden dokument do zapłaty."
DOCUMENT_IN_PROGRESS = ("Jeden z wybranych dokumentów jest już opłacany w innej płatności online (płatność "
                        "w toku). Poczekaj na jej wynik albo wybierz inne dokumenty.")
DOCUMENT_NOT_PAYABLE = "Wybrane dokumenty nie czekają już na zapłatę. Odśwież stronę i wybierz ponownie."
NOTHING_DUE = "Nie masz teraz nic do zapłaty. Możesz wpłacić dowolną kwotę z góry: wybierz „Inną kwotę”."
UNAVAILABLE = "Płatności online są chwilowo niedostępne. Możesz zapłacić przelewem na rachunek z faktury."
DESCRIPTION = "Należność IBOK, klient {number}"


@dataclass(frozen=True)
class PayableDocument:
    id: int
    number: str
    type_label: str
    due_date_display: str
    outstanding_gr: int
    outstanding_display: str
    status_label: str
    in_progress: bool  # already in an active online payment: "płatność w toku"


@dataclass(frozen=True)
class PaymentOptions:
    enabled: bool
    due_gr: int  # "everything due": what the customer owes, documents in progress aside
    due_display: str
    documents: list[PayableDocument]
    fee_gr: int
    fee_display: str
    min_display: str
    max_display: str
    simulated: bool


def _held_document_ids(session: Session, customer_id: int) -> set[int]:
    rows = session.exec(
        select(OnlinePaymentDocument.document_id)
        .join(OnlinePayment, OnlinePayment.id == OnlinePaymentDocument.online_payment_id)
        .where(OnlinePayment.customer_id == customer_id, OnlinePaymentDocument.active)
    ).all()
    return set(rows)


def _payable(session: Session, customer_id: int) -> tuple[list[DocumentRow], set[int]]:
    return unpaid_documents(session, customer_id), _held_document_ids(session, customer_id)


def _due_gr(session: Session, customer_id: int, free: list[DocumentRow]) -> int:
    """What the documents not in progress still want, never more than the balance owes
    (a payment not yet allocated to documents lowers what is due)."""
    return max(0, min(balance(session, customer_id).balance_gr, sum(d.outstanding_gr for d in free)))


def payment_options(session: Session, customer_id: int, now: datetime | None = None) -> PaymentOptions:
    expire_stale(session, now)
    rows, held = _payable(session, customer_id)
    due = _due_gr(session, customer_id, [d for d in rows if d.id not in held])
    p = settings().payments
    docs = [PayableDocument(d.id, d.number, d.type_label, d.due_date_display, d.outstanding_gr,
                            money(d.outstanding_gr), d.status_label, d.id in held) for d in rows]
    return PaymentOptions(p.enabled, due, money(due), docs, p.fee_gr, money(p.fee_gr),
                          money(p.min_amount_gr), money(p.max_amount_gr), p.simulated)


# ---------------------------------------------------------------- the choice

@dataclass(frozen=True)
class Choice:
    mode: OnlinePaymentMode
    amount_gr: int
    documents: list[DocumentRow]  # in the order to settle them (oldest due first)

    @property
    def key(self) -> str:
        ids = ",".join(str(d.id) for d in self.documents)
        return hashlib.sha256(f"{self.mode}|{ids}|{self.amount_gr}".encode()).hexdigest()


@dataclass(frozen=True)
class StartResult:
    ok: bool
    errors: dict[str, str] = field(default_factory=dict)  # field name -> Polish message
    message: str = ""
    action: str = ""  # where the browser posts the form
    fields: dict[str, str] = field(default_factory=dict)
    order_id: str = ""
    reused: bool = False


def _mode(value: object) -> OnlinePaymentMode:
    return next((m for m in OnlinePaymentMode if value == m.value), OnlinePaymentMode.ALL_DUE)


def _chosen_ids(value: object) -> list[int] | None:
    if not isinstance(value, (list, tuple)) or len(value) > MAX_DOCUMENTS:
        return None
    ids = [parse_id(v) for v in value]
    return None if any(i is None for i in ids) else sorted(set(ids))


def _limits_error(amount_gr: int) -> str:
    p = settings().payments
    if amount_gr < p.min_amount_gr:
        return AMOUNT_TOO_SMALL.format(min=money(p.min_amount_gr))
    if amount_gr > p.max_amount_gr:
        return AMOUNT_TOO_LARGE.format(max=money(p.max_amount_gr))
    return ""


def read_choice(session: Session, customer_id: int, mode: object, document_ids: object,
                amount: object, *, respect_holds: bool = True) -> tuple[Choice | None, dict[str, str]]:
    """The customer's choice checked against their own unpaid documents, or errors.

    `respect_holds=False` reads the choice as if no document were in progress: what
    the customer asked for, to find the transaction already started for it."""
    chosen = _mode(mode)
    rows, held = _payable(session, customer_id)
    if not respect_holds:
        held = set()
    free = [d for d in rows if d.id not in held]
    if chosen is OnlinePaymentMode.AMOUNT:
        gr = parse_amount_gr(amount)
        if gr is None:
            return None, {"amount": AMOUNT_INVALID}
        error = _limits_error(gr)
        return (None, {"amount": error}) if error else (Choice(chosen, gr, []), {})
    if chosen is OnlinePaymentMode.DOCUMENTS:
        ids = _chosen_ids(document_ids)
        if not ids:
            return None, {"documents": NO_DOCUMENT_CHOSEN}
        if set(ids) & held:
            return None, {"documents": DOCUMENT_IN_PROGRESS}
        docs = [d for d in free if d.id in ids]
        if len(docs) != len(ids):  # someone else's, paid meanwhile, or made up
            return None, {"documents": DOCUMENT_NOT_PAYABLE}
        gr = sum(d.outstanding_gr for d in docs)
    else:
        docs, gr = free, _due_gr(session, customer_id, free)
        if gr <= 0:
            return None, {"mode": NOTHING_DUE}
    error = _limits_error(gr)
    return (None, {"mode" if chosen is OnlinePaymentMode.ALL_DUE else "documents": error}) if error \
        else (Choice(chosen, gr, docs), {})


# ---------------------------------------------------------------- the transaction

def _description(customer_number: str, docs: list[DocumentRow]) -> str:
    text = DESCRIPTION.format(number=customer_number)
    if docs:
        text += ": " + ", ".join(d.number for d in docs)
    return text if len(text) <= 79 else text[:78] + "…"


def _new_order_id(now: datetime) -> str:
    return f"IBOK{now:%y%m%d}{secrets.token_hex(8).upper()}"  # 26 characters


def _active_for(session: Session, customer_id: int, key: str) -> OnlinePayment | None:
    return session.exec(select(OnlinePayment).where(
        OnlinePayment.customer_id == customer_id, OnlinePayment.choice_key == key,
        OnlinePayment.status.in_(ACTIVE))).first()


def _create(session: Session, customer_id: int, number: str, choice: Choice, now: datetime) -> OnlinePayment:
    tx = OnlinePayment(customer_id=customer_id, order_id=_new_order_id(now), amount_gr=choice.amount_gr,
                       fee_gr=settings().payments.fee_gr, mode=choice.mode, choice_key=choice.key,
                       description=_description(number, choice.documents), created_at=now, updated_at=now)
    session.add(tx)
    session.flush()
    for position, doc in enumerate(choice.documents):
        session.add(OnlinePaymentDocument(online_payment_id=tx.id, document_id=doc.id, position=position,
                                          outstanding_gr=doc.outstanding_gr))
    session.flush()  # the unique indexes speak here
    audit(session, actor_kind="customer", actor_id=customer_id, action="online_payment.start",
          entity="online_payment", entity_id=tx.id, customer_id=customer_id,
          after={"order_id": tx.order_id, "amount_gr": tx.amount_gr, "mode": str(tx.mode),
                 "documents": [d.id for d in choice.documents]})
    return tx


def start_payment(session: Session, customer_id: int, *, mode: object, document_ids: object = None,
                  amount: object = None, now: datetime | None = None) -> StartResult:
    """Reuse the active transaction for this choice, or create one; the gateway form."""
    if not settings().payments.enabled:
        return StartResult(False, message=UNAVAILABLE)
    now = now or utcnow()
    expire_stale(session, now)
    asked, _ = read_choice(session, customer_id, mode, document_ids, amount, respect_holds=False)
    tx, reused = (_active_for(session, customer_id, asked.key) if asked else None), True
    if tx is None:
        choice, errors = read_choice(session, customer_id, mode, document_ids, amount)
        if choice is None:
            return StartResult(False, errors=errors)
        number = session.get(Customer, customer_id).number
        try:
            tx, reused = _create(session, customer_id, number, choice, now), False
        except IntegrityError:
            # Another tab won the race: the same choice is reused; a document taken
            # by a different choice is refused.
            session.rollback()
            tx = _active_for(session, customer_id, choice.key)
            if tx is None:
                return StartResult(False, errors={"documents": DOCUMENT_IN_PROGRESS})
    account = session.exec(select(PortalAccount).where(PortalAccount.customer_id == customer_id)).first()
    gateway = integrations().payments
    fields = gateway.start_fields(order_id=tx.order_id, amount_gr=tx.amount_gr + tx.fee_gr,
                                  description=tx.description, customer_email=account.email if account else "")
    return StartResult(True, action=gateway.payment_url, fields=fields, order_id=tx.order_id, reused=reused)


# ---------------------------------------------------------------- what the page shows

@dataclass(frozen=True)
class Summary:
    """What leaving for the gateway will pay, shown before the customer leaves."""
    amount_display: str  # "" when the choice is not complete yet
    fee_display: str
    total_display: str
    documents: list[str]  # numbers of the documents it pays


def summarise(options: PaymentOptions, mode: object, selected: object, amount: object) -> Summary:
    """The summary of a choice as the page holds it (the service checks it again at start)."""
    chosen, picked = _mode(mode), set(_chosen_ids(selected) or [])
    docs: list[str] = []
    if chosen is OnlinePaymentMode.AMOUNT:
        gr = parse_amount_gr(amount)
    elif chosen is OnlinePaymentMode.DOCUMENTS:
        rows = [d for d in options.documents if d.id in picked and not d.in_progress]
        gr, docs = (sum(d.outstanding_gr for d in rows) or None), [d.number for d in rows]
    else:
        rows = [d for d in options.documents if not d.in_progress]
        gr, docs = options.due_gr or None, [d.number for d in rows]
    if gr is None or gr <= 0:
        return Summary("", options.fee_display, "", docs)
    return Summary(money(gr), options.fee_display, money(gr + options.fee_gr), docs)
