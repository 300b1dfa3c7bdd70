"""Online payments: the choice, the transaction, and the gateway's ITN through the real
HTTP endpoint (Starlette's test client on the portal's own routes), on whichever
database the suite runs on (SQLite, or PostgreSQL with IBOK_TEST_DATABASE_URL)."""
from __future__ import annotations

import base64
import threading
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ibok_app.bootstrap import integrations
from ibok_app.integrations import autopay
from ibok_app.models import (
    OnlinePayment,
    OnlinePaymentDocument,
    OutboxMessage,
    Payment,
    PaymentAllocation,
    utcnow,
)
from ibok_app.services.billing.balance import balance
from ibok_app.services.billing.documents import unpaid_documents
from ibok_app.services.payments import checkout
from ibok_app.services.payments.allocation import allocate
from ibok_app.services.payments.expiry import expire_stale
from ibok_app.services.payments.history import online_history, reconcile, return_view
from tests.factories import billing
from tests.factories.accounts import make_account

TODAY = date.today()


@pytest.fixture
def api(db):
    from ibok_app.api.routes import make_api

    with TestClient(make_api()) as client:
        yield client


@pytest.fixture
def customer(session: Session):
    """A customer with an account and three unpaid invoices (oldest due first: a, b, c)."""
    cust = billing.customer(session)
    make_account(session, cust, email="platnik@example.com")
    docs = [billing.document(session, cust, gross_gr=gr, issue=TODAY - timedelta(days=40 - i * 10),
                             due=TODAY - timedelta(days=26 - i * 10)) for i, gr in enumerate((12000, 4550, 30001))]
    session.commit()
    return cust, docs


def _start(session, cust, **kw):
    result = checkout.start_payment(session, cust.id, **kw)
    session.commit()
    return result


def _itn(order_id: str, amount_gr: int, status: str = "SUCCESS", *, key: str | None = None,
         currency: str = "PLN", service_id: str | None = None, remote_id: str = "R1") -> dict:
    gw = integrations().payments
    return {"transactions": autopay.itn_document(
        service_id=service_id or gw.service_id, order_id=order_id, remote_id=remote_id, amount_gr=amount_gr,
        currency=currency, status=status, key=key or gw.shared_key, payment_date="20261202101500")}


def _confirmation(response) -> str:
    gw = integrations().payments
    answer = autopay.confirmation_of(response.content, gw.service_id, gw.shared_key)
    assert answer is not None, response.text  # a signed confirmationList
    (word,) = answer.values()
    return word


def _payments(session, cust) -> list[Payment]:
    session.expire_all()
    return list(session.exec(select(Payment).where(Payment.customer_id == cust.id)).all())


def _status(session, order_id) -> str:
    session.expire_all()
    return str(session.exec(select(OnlinePayment.status).where(OnlinePayment.order_id == order_id)).one())


# ---------------------------------------------------------------- the choice

def test_everything_due_is_the_default_and_pays_every_unpaid_document(session, customer):
    cust, docs = customer
    result = _start(session, cust, mode="nonsense")
    assert result.ok, result.errors
    assert result.fields["Amount"] == "465.51"  # 120,00 + 45,50 + 300,01
    assert result.action.endswith("/symulator-platnosci/payment")
    assert result.fields["CustomerEmail"] == "platnik@example.com"
    assert autopay.start_hash_ok(result.fields, integrations().payments.shared_key)
    held = session.exec(select(OnlinePaymentDocument.document_id).where(OnlinePaymentDocument.active)).all()
    assert sorted(held) == sorted(d.id for d in docs)


def test_the_same_choice_again_reuses_the_transaction(session, customer):
    cust, docs = customer
    first = _start(session, cust, mode="documents", document_ids=[docs[0].id, docs[2].id])
    again = _start(session, cust, mode="documents", document_ids=[str(docs[2].id), docs[0].id])
    assert first.ok and again.ok and again.reused
    assert again.order_id == first.order_id
    assert len(session.exec(select(OnlinePayment)).all()) == 1


def test_a_document_in_progress_cannot_be_chosen_again(session, customer):
    cust, docs = customer
    assert _start(session, cust, mode="documents", document_ids=[docs[0].id]).ok
    second = _start(session, cust, mode="documents", document_ids=[docs[0].id, docs[1].id])
    assert not second.ok and second.errors == {"documents": checkout.DOCUMENT_IN_PROGRESS}
    options = checkout.payment_options(session, cust.id)
    assert [d.in_progress for d in options.documents] == [True, False, False]
    assert options.due_gr == 4550 + 30001  # everything due leaves the one in progress out


def test_bad_choices_get_a_message_and_create_nothing(session, customer):
    cust, docs = customer
    other = billing.customer(session, name="Ktoś Inny")
    foreign = billing.document(session, other, gross_gr=5000)
    session.commit()
    cases = [
        (dict(mode="documents", document_ids=[]), "documents", checkout.NO_DOCUMENT_CHOSEN),
        (dict(mode="documents", document_ids=[foreign.id]), "documents", checkout.DOCUMENT_NOT_PAYABLE),
        (dict(mode="documents", document_ids="1,2"), "documents", checkout.NO_DOCUMENT_CHOSEN),
        (dict(mode="documents", document_ids=[{"x": 1}]), "documents", checkout.NO_DOCUMENT_CHOSEN),
        (dict(mode="amount", amount="abc"), "amount", checkout.AMOUNT_INVALID),
        (dict(mode="amount", amount="0,99"), "amount", "Najmniejsza kwota płatności online to 1,00 zł."),
        (dict(mode="amount", amount="20000,01"), "amount", checkout.AMOUNT_TOO_LARGE.format(max="20 000,00 zł")),
        (dict(mode="amount", amount=None), "amount", checkout.AMOUNT_INVALID),
        (dict(mode="amount", amount="-5"), "amount", "Najmniejsza kwota płatności online to 1,00 zł."),
    ]
    for kwargs, field, message in cases:
        result = _start(session, cust, **kwargs)
        got = {k: v.replace("\xa0", " ") for k, v in result.errors.items()}
        assert not result.ok and got == {field: message.replace("\xa0", " ")}, (kwargs, result)
    assert session.exec(select(OnlinePayment)).all() == []


def test_nothing_due_refuses_everything_due_but_allows_paying_ahead(session):
    cust = billing.customer(session)
    make_account(session, cust)
    session.commit()
    assert _start(session, cust, mode="all").errors == {"mode": checkout.NOTHING_DUE}
    ahead = _start(session, cust, mode="amount", amount="150,00")
    assert ahead.ok and ahead.fields["Amount"] == "150.00"


def test_the_fee_is_added_at_the_gateway_but_not_credited(session, customer, monkeypatch):
    from ibok_app.config import reset_settings

    monkeypatch.setenv("IBOK_PAYMENT_FEE", "1,50")
    reset_settings()
    try:
        cust, docs = customer
        result = _start(session, cust, mode="documents", document_ids=[docs[1].id])
        assert result.fields["Amount"] == "47.00"
        tx = session.exec(select(OnlinePayment)).one()
        assert (tx.amount_gr, tx.fee_gr) == (4550, 150)
    finally:
        monkeypatch.delenv("IBOK_PAYMENT_FEE")
        reset_settings()


# ---------------------------------------------------------------- the ITN over HTTP

def test_success_credits_the_chosen_documents_once_and_sends_a_receipt(session, customer, api):
    cust, docs = customer
    before = balance(session, cust.id).balance_gr
    start = _start(session, cust, mode="documents", document_ids=[docs[0].id, docs[1].id])
    reply = api.post("/api/platnosci/itn", data=_itn(start.order_id, 16550))
    assert reply.status_code == 200 and _confirmation(reply) == "CONFIRMED"
    assert _status(session, start.order_id) == "success"
    (payment,) = _payments(session, cust)
    assert payment.amount_gr == 16550 and str(payment.method) == "online"
    allocs = session.exec(select(PaymentAllocation.document_id, PaymentAllocation.amount_gr)
                          .where(PaymentAllocation.payment_id == payment.id)).all()
    assert sorted(allocs) == sorted([(docs[0].id, 12000), (docs[1].id, 4550)])
    assert balance(session, cust.id).balance_gr == before - 16550
    assert [d.id for d in unpaid_documents(session, cust.id)] == [docs[2].id]
    receipts = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == "platnik@example.com")).all()
    assert len(receipts) == 1 and start.order_id in receipts[0].subject
    # the same ITN again: confirmed, nothing more credited
    replay = api.post("/api/platnosci/itn", data=_itn(start.order_id, 16550))
    assert _confirmation(replay) == "CONFIRMED"
    assert len(_payments(session, cust)) == 1
    assert not session.exec(select(OnlinePaymentDocument).where(OnlinePaymentDocument.active)).all()


def test_pending_then_success(session, customer, api):
    cust, docs = customer
    start = _start(session, cust, mode="all")
    assert _confirmation(api.post("/api/platnosci/itn", data=_itn(start.order_id, 46551, "PENDING"))) == "CONFIRMED"
    assert _status(session, start.order_id) == "pending" and _payments(session, cust) == []
    assert _confirmation(api.post("/api/platnosci/itn", data=_itn(start.order_id, 46551))) == "CONFIRMED"
    assert _status(session, start.order_id) == "success"
    assert unpaid_documents(session, cust.id) == []


def test_failure_changes_no_balance_and_a_success_after_it_is_refused(session, customer, api):
    cust, docs = customer
    before = balance(session, cust.id).balance_gr
    start = _start(session, cust, mode="amount", amount="100")
    assert _confirmation(api.post("/api/platnosci/itn", data=_itn(start.order_id, 10000, "FAILURE"))) == "CONFIRMED"
    assert _status(session, start.order_id) == "failure"
    assert _confirmation(api.post("/api/platnosci/itn", data=_itn(start.order_id, 10000))) == "NOTCONFIRMED"
    assert _status(session, start.order_id) == "failure"
    assert _payments(session, cust) == [] and balance(session, cust.id).balance_gr == before


@pytest.mark.parametrize("change, reason", [
    (dict(key="zly-klucz"), "wrong hash"),
    (dict(amount_gr=16551), "amount"),
    (dict(currency="EUR"), "currency"),
    (dict(service_id="999999"), "service"),
])
def test_a_forged_or_different_itn_is_not_confirmed_and_changes_nothing(session, customer, api, change, reason):
    cust, docs = customer
    start = _start(session, cust, mode="documents", document_ids=[docs[0].id, docs[1].id])
    kwargs = {"amount_gr": 16550, **change}
    data = _itn(start.order_id, kwargs.pop("amount_gr"), **kwargs)
    assert _confirmation(api.post("/api/platnosci/itn", data=data)) == "NOTCONFIRMED", reason
    assert _status(session, start.order_id) == "started" and _payments(session, cust) == []


def test_an_unknown_order_is_not_confirmed(session, customer, api):
    assert _confirmation(api.post("/api/platnosci/itn", data=_itn("IBOKNIEMA", 100))) == "NOTCONFIRMED"
    assert session.exec(select(Payment)).all() == []


BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><transactionList><serviceID>&lol3;</serviceID></transactionList>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<transactionList><serviceID>&e;</serviceID></transactionList>"""


@pytest.mark.parametrize("body", [
    {"transactions": "%%% not base64 %%%"},
    {"transactions": base64.b64encode(b"this is not xml").decode()},
    {"transactions": base64.b64encode(BOMB).decode()},
    {"transactions": base64.b64encode(EXTERNAL).decode()},
    {"transactions": base64.b64encode(b"<transactionList><transactions/></transactionList>").decode()},
    {"other": "x"},
    {},
], ids=["not-base64", "not-xml", "xml-bomb", "external-entity", "no-transaction", "no-field", "empty"])
def test_malformed_bodies_get_400_and_change_nothing(session, customer, api, body):
    cust, docs = customer
    start = _start(session, cust, mode="all")
    reply = api.post("/api/platnosci/itn", data=body)
    assert reply.status_code == 400
    assert _status(session, start.order_id) == "started" and _payments(session, cust) == []


def test_a_huge_body_is_refused_unread(session, customer, api):
    reply = api.post("/api/platnosci/itn", content=b"transactions=" + b"A" * (1024 * 1024),
                     headers={"content-type": "application/x-www-form-urlencoded"})
    assert reply.status_code == 400


def test_two_identical_itns_at_the_same_moment_credit_once(session, customer, api):
    cust, docs = customer
    start = _start(session, cust, mode="all")
    data = _itn(start.order_id, 46551)
    barrier, answers = threading.Barrier(4), []

    def send():
        barrier.wait()
        answers.append(_confirmation(api.post("/api/platnosci/itn", data=data)))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert answers == ["CONFIRMED"] * 4
    assert len(_payments(session, cust)) == 1
    assert sum(session.exec(select(PaymentAllocation.amount_gr)).all()) == 46551


# ---------------------------------------------------------------- expiry, return, history

def test_a_transaction_without_itn_expires_frees_its_documents_and_a_late_success_still_counts(session, customer, api):
    cust, docs = customer
    start = _start(session, cust, mode="documents", document_ids=[docs[0].id])
    rows, expired = reconcile(session, utcnow() + timedelta(minutes=31))
    session.commit()
    assert [r.order_id for r in rows] == [start.order_id] and len(expired) == 1
    assert _status(session, start.order_id) == "expired"
    assert not checkout.payment_options(session, cust.id).documents[0].in_progress
    assert online_history(session, cust.id)[0].status_label == "wygasła"
    assert _confirmation(api.post("/api/platnosci/itn", data=_itn(start.order_id, 12000))) == "CONFIRMED"
    assert _status(session, start.order_id) == "success" and len(_payments(session, cust)) == 1


def test_expiry_leaves_recent_transactions_alone(session, customer):
    cust, _ = customer
    start = _start(session, cust, mode="all")
    assert expire_stale(session, utcnow() + timedelta(minutes=29)) == []
    assert _status(session, start.order_id) == "started"


def test_the_return_view_checks_the_hash_and_the_customer(session, customer):
    cust, _ = customer
    start = _start(session, cust, mode="all")
    gw = integrations().payments
    good = {"ServiceID": gw.service_id, "OrderID": start.order_id,
            "Hash": autopay.return_hash(gw.service_id, start.order_id, gw.shared_key)}
    assert return_view(session, cust.id, good).outcome == "waiting"
    assert return_view(session, cust.id, {**good, "Hash": "0" * 64}).outcome == "invalid"
    assert return_view(session, cust.id, {**good, "OrderID": "IBOKINNY"}).outcome == "invalid"
    other = billing.customer(session)
    session.commit()
    assert return_view(session, other.id, good).outcome == "invalid"  # not theirs
    for junk in (None, [], "x", {"ServiceID": ["a"]}):
        assert return_view(session, cust.id, junk).outcome == "invalid"


# ---------------------------------------------------------------- allocation

@given(amount=st.integers(min_value=0, max_value=10**9),
       dues=st.lists(st.integers(min_value=-5000, max_value=10**7), max_size=30))
@hsettings(max_examples=300, deadline=None)
def test_the_allocation_always_sums_to_the_amount(amount, dues):
    split = allocate(amount, [(i, d) for i, d in enumerate(dues)])
    assert split.allocated_gr + split.overpayment_gr == amount
    assert all(0 < gr <= max(0, dues[i]) for i, gr in split.parts)
    # oldest due first: a document gets something only when every earlier one is covered
    covered = dict(split.parts)
    for i, d in enumerate(dues):
        if i in covered and i > 0:
            assert all(covered.get(j, 0) == max(0, dues[j]) for j in range(i))
    assert split.overpayment_gr == 0 or all(covered.get(i, 0) == max(0, d) for i, d in enumerate(dues))


def test_payments_status_lists_the_stale_and_expires_them(session, customer, capsys, monkeypatch):
    from ibok_app.cli import main
    from ibok_app.config import reset_settings

    cust, docs = customer
    start = _start(session, cust, mode="all")
    assert main(["payments-status"]) == 0
    assert "Brak zawieszonych" in capsys.readouterr().out
    session.exec(OnlinePayment.__table__.update().values(updated_at=utcnow() - timedelta(minutes=45)))
    session.commit()
    assert main(["payments-status"]) == 0
    out = capsys.readouterr().out
    assert start.order_id in out and "wygasła" in out and cust.number in out
    assert _status(session, start.order_id) == "expired"
    monkeypatch.setenv("IBOK_PAYMENT_PENDING_MINUTES", "60")
    reset_settings()
    try:
        assert main(["payments-status"]) == 0 and "Brak zawieszonych" in capsys.readouterr().out
    finally:
        monkeypatch.delenv("IBOK_PAYMENT_PENDING_MINUTES")
        reset_settings()
