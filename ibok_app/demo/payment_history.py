"""How a demo customer paid: by payment profile ("good", "late", "overdue",
"credit"), with interest notes (and the 40 EUR compensation for businesses) after
late payments, the odd debit note, and the payments allocated to the documents.

The order of the random draws is the data: keep it when changing anything here.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ibok_app.demo.context import Batch, Context, at
from ibok_app.demo.documents import add_document
from ibok_app.demo.money import div_half_up
from ibok_app.models import DocumentType, PaymentMethod
from ibok_app.views.formats import count_pl

INVOICE = DocumentType.INVOICE.value
# Demo simplification: one flat rate instead of the statutory rate in force each day.
INTEREST_RATE_BP = 1075  # 10.75 % a year
COMPENSATION_GR = 17200  # 40 EUR (art. 10 of the late-payments act) at about 4.30 PLN
RESEAL_FEE_GR = 8000
_METHOD_VALUES = {m: m.value for m in PaymentMethod}

Planned = tuple[dict, date, int]  # (document, paid on, amount)


@dataclass(frozen=True)
class _Payer:
    """When the customer pays a document."""
    rng: random.Random
    profile: str
    today: date
    stop_paying: date | None  # overdue: nothing issued from this day on gets paid

    def day(self, doc: dict) -> date | None:
        if self.stop_paying is not None and doc["issue_date"] >= self.stop_paying:
            return None
        issue, due, rng = doc["issue_date"], doc["due_date"], self.rng
        if self.profile == "credit":
            day = min(issue + timedelta(days=rng.randint(1, 6)), self.today)
        elif self.profile == "late" and rng.random() < 0.35:
            day = due + timedelta(days=rng.randint(5, 45))
        else:
            day = issue + timedelta(days=rng.randint(2, 13))
        return day if day <= self.today else None


def add_notes_and_payments(ctx: Context, batch: Batch, rng: random.Random, customer_id: int,
                           is_business: bool, profile: str, docs: list[dict]) -> None:
    """The customer's notes and payments into `batch` (`docs`: its invoices and
    corrections, sorted here by issue date)."""
    docs.sort(key=lambda d: (d["issue_date"], d["id"]))
    payer = _payer(rng, profile, docs, ctx.today)
    planned = _pay_documents(ctx, batch, rng, customer_id, is_business, payer, docs)
    _add_payments(ctx, batch, rng, customer_id, profile, planned)


def _payer(rng: random.Random, profile: str, docs: list[dict], today: date) -> _Payer:
    invoices = [d for d in docs if d["doc_type"] == INVOICE]
    stop_paying = None
    if profile == "overdue":
        k = rng.randint(1, 3)
        if k == 1 and invoices[-1]["due_date"] >= today:
            k = 2
        stop_paying = invoices[-k]["issue_date"]
    return _Payer(rng, profile, today, stop_paying)


def _lowered(docs: list[dict]) -> dict[int, tuple[int, date]]:
    """Invoice id -> (the total its corrections lower it by, the day of the last one).

    A correction lowering an invoice lowers what is due on that invoice (the rule of
    services.documents.ledger_query); the customer pays the lowered amount after it.
    """
    lowered: dict[int, tuple[int, date]] = {}
    for doc in docs:
        if doc["gross_gr"] < 0 and doc["corrected_document_id"] is not None:
            amount, _ = lowered.get(doc["corrected_document_id"], (0, doc["issue_date"]))
            lowered[doc["corrected_document_id"]] = (amount + doc["gross_gr"], doc["issue_date"])
    return lowered


def _pay_documents(ctx: Context, batch: Batch, rng: random.Random, customer_id: int, is_business: bool,
                   payer: _Payer, docs: list[dict]) -> list[Planned]:
    """Which documents get paid when and how much, with the notes that late payments
    and a broken seal bring (those get paid too, or not, by the same profile)."""
    lowered = _lowered(docs)
    planned: list[Planned] = []
    extra: list[dict] = []
    for doc in docs:
        change, corrected_on = lowered.get(doc["id"], (0, None))
        due_amount = doc["gross_gr"] + change
        day = payer.day(doc) if due_amount > 0 else None
        if day is not None and corrected_on is not None and day <= corrected_on:
            day = corrected_on + timedelta(days=rng.randint(1, 4))
            day = day if day <= ctx.today else None
        if day is None:
            continue
        planned.append((doc, day, due_amount))
        if doc["doc_type"] == INVOICE and day > doc["due_date"]:
            extra += _late_payment_notes(ctx, batch, rng, customer_id, is_business, doc, day, due_amount)
    if rng.random() < 0.03:  # a broken seal charged with a debit note
        day = ctx.today - timedelta(days=rng.randint(30, 700))
        desc = "Obciążenie kosztami ponownego zaplombowania wodomierza (plomba zerwana z winy odbiorcy)"
        extra.append(add_document(ctx, batch, rng, DocumentType.ACCOUNTING_NOTE, "NK", customer_id, None, day,
                                  [(desc, 1000, "szt.", RESEAL_FEE_GR)], None))
    for doc in extra:
        day = payer.day(doc)
        if day is not None:
            planned.append((doc, day, doc["gross_gr"]))
    return planned


def _late_payment_notes(ctx: Context, batch: Batch, rng: random.Random, customer_id: int, is_business: bool,
                        doc: dict, day: date, amount: int) -> list[dict]:
    """The interest note (and, for a business 30 days late, the compensation note) for
    invoice `doc` paid late on `day`."""
    notes = []
    days_late = (day - doc["due_date"]).days
    interest = div_half_up(amount * INTEREST_RATE_BP * days_late, 365 * 10000)
    note_day = day + timedelta(days=rng.randint(3, 12))
    if interest >= 100 and note_day <= ctx.today:
        desc = (f"Odsetki ustawowe za opóźnienie w zapłacie {doc['number']} "
                f"({count_pl(days_late, 'dzień', 'dni', 'dni')}, {INTEREST_RATE_BP // 100},{INTEREST_RATE_BP % 100:02d}% w skali roku)")
        notes.append(add_document(ctx, batch, rng, DocumentType.INTEREST_NOTE, "NO", customer_id, None,
                                  note_day, [(desc, 1000, "szt.", interest)], None))
    if is_business and days_late >= 30 and note_day <= ctx.today:
        desc = (f"Rekompensata za koszty odzyskiwania należności – {doc['number']} (art. 10 ustawy "
                "o przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych, 40 EUR)")
        notes.append(add_document(ctx, batch, rng, DocumentType.ACCOUNTING_NOTE, "NK", customer_id, None,
                                  note_day, [(desc, 1000, "szt.", COMPENSATION_GR)], None))
    return notes


def _add_payments(ctx: Context, batch: Batch, rng: random.Random, customer_id: int, profile: str,
                  planned: list[Planned]) -> None:
    """One payment per planned document, in the order paid; a "credit" customer also
    pays one too many (an invoice twice, or a prepayment)."""
    method = rng.choices((PaymentMethod.TRANSFER, PaymentMethod.ONLINE, PaymentMethod.CASH), (78, 14, 8))[0]
    payments: list[tuple[dict, list[tuple[dict, int]]]] = []
    for doc, day, amount in sorted(planned, key=lambda x: (x[1], x[0]["id"])):
        m = method if rng.random() > 0.1 else PaymentMethod.TRANSFER
        payments.append((_payment(ctx, rng, customer_id, day, amount, m, doc["number"]), [(doc, amount)]))
    if profile == "credit":
        last_day = max((p["paid_on"] for p, _ in payments), default=ctx.today)
        day = min(last_day + timedelta(days=rng.randint(1, 20)), ctx.today)
        if rng.random() < 0.5 and payments:  # the last invoice paid twice
            amount, ref = payments[-1][0]["amount_gr"], payments[-1][0]["reference"]
        else:
            amount, ref = rng.choice((5000, 10000, 20000, 30000)), "Przedpłata na poczet przyszłych należności"
        payments.append((_payment(ctx, rng, customer_id, day, amount, PaymentMethod.TRANSFER, ref), []))
    for payment, allocations in payments:
        batch.add("payment", payment)
        for doc, amount in allocations:
            batch.add("payment_allocation", {"id": ctx.new_id("payment_allocation"), "payment_id": payment["id"],
                                             "document_id": doc["id"], "amount_gr": amount})


def _payment(ctx: Context, rng: random.Random, customer_id: int, day: date, amount: int,
             method: PaymentMethod, title: str) -> dict:
    if method == PaymentMethod.ONLINE:
        reference = f"Autopay {rng.getrandbits(40):010X} – {title}"
    elif method == PaymentMethod.CASH:
        reference = f"Wpłata w kasie – {title}"
    else:
        reference = title
    return {"id": ctx.new_id("payment"), "customer_id": customer_id, "paid_on": day, "amount_gr": amount,
            "method": _METHOD_VALUES[method], "reference": reference[:100],
            "created_at": at(day, 12, rng.randint(0, 59))}
