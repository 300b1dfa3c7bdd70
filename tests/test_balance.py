"""Balance (§9 f), payment history (§9 c) and the monthly series."""
from datetime import date

from sqlmodel import select

from ibok_app.models import Document, Payment, PaymentMethod
from ibok_app.services.billing.balance import balance
from ibok_app.services.billing.payments import (
    charges_and_payments_series,
    payment_history,
)
from tests.factories import billing as f

TODAY = date(2024, 3, 15)


def _plain(s: str) -> str:
    return s.replace("\u00a0", " ").replace("\u202f", " ")


def _expected(session, customer_id: int) -> int:
    docs = session.exec(select(Document.gross_gr).where(Document.customer_id == customer_id)).all()
    pays = session.exec(select(Payment.amount_gr).where(Payment.customer_id == customer_id)).all()
    return sum(docs) - sum(pays)


def test_empty_customer_is_settled(session):
    c = f.customer(session)
    b = balance(session, c.id, today=TODAY)
    assert (b.balance_gr, b.overdue_gr, b.next_due_date, b.is_credit) == (0, 0, None, False)
    assert b.label == "Rozliczone"
    assert _plain(b.balance_display) == "0,00 zł"


def test_fully_paid_customer(session):
    c = f.customer(session)
    inv = f.document(session, c, gross_gr=12345, due=date(2024, 1, 31))
    f.payment(session, c, 12345, allocate=[(inv, 12345)])
    b = balance(session, c.id, today=TODAY)
    assert b.balance_gr == 0 == _expected(session, c.id)
    assert b.overdue_gr == 0 and b.next_due_date is None and b.label == "Rozliczone"


def test_overdue_and_next_due(session):
    c = f.customer(session)
    late = f.document(session, c, gross_gr=123456, issue=date(2024, 1, 5), due=date(2024, 1, 20))
    f.document(session, c, gross_gr=5000, issue=date(2024, 3, 1), due=date(2024, 3, 29))
    f.document(session, c, gross_gr=700, issue=date(2024, 3, 10), due=date(2024, 4, 10))
    f.payment(session, c, 1000, allocate=[(late, 1000)])
    b = balance(session, c.id, today=TODAY)
    assert b.balance_gr == 123456 + 5000 + 700 - 1000 == _expected(session, c.id)
    assert b.overdue_gr == 122456
    assert b.next_due_date == date(2024, 3, 29)
    assert b.label == "Do zapłaty" and not b.is_credit
    assert _plain(b.balance_display) == "1 281,56 zł"
    assert _plain(b.overdue_display) == "1 224,56 zł"
    assert b.next_due_display == "29.03.2024"


def test_due_today_is_not_overdue(session):
    c = f.customer(session)
    f.document(session, c, gross_gr=5000, due=TODAY)
    b = balance(session, c.id, today=TODAY)
    assert b.overdue_gr == 0 and b.next_due_date == TODAY
    assert balance(session, c.id, today=date(2024, 3, 16)).overdue_gr == 5000


def test_overpayment_is_credit(session):
    c = f.customer(session)
    inv = f.document(session, c, gross_gr=10000)
    f.payment(session, c, 10000, allocate=[(inv, 10000)])
    f.payment(session, c, 2550)  # not allocated: an overpayment
    b = balance(session, c.id, today=TODAY)
    assert b.balance_gr == -2550 == _expected(session, c.id)
    assert b.is_credit and b.label == "Nadpłata"
    assert _plain(b.balance_display) == "25,50 zł"  # the label says which way
    assert b.overdue_gr == 0


def test_unallocated_payment_caps_overdue(session):
    c = f.customer(session)
    f.document(session, c, gross_gr=10000, due=date(2024, 1, 31))
    f.payment(session, c, 6000)  # booked, not yet allocated
    b = balance(session, c.id, today=TODAY)
    assert b.balance_gr == 4000
    assert b.overdue_gr == 4000


def test_corrections_count_with_their_sign(session):
    c = f.customer(session)
    inv = f.document(session, c, gross_gr=10000, due=date(2024, 1, 31))
    f.correction(session, inv, -2000)
    f.payment(session, c, 8000, allocate=[(inv, 8000)])
    up = f.document(session, c, gross_gr=5000, due=date(2024, 2, 10))
    f.correction(session, up, 1500, due=date(2024, 4, 1))  # raising correction: a new amount to pay
    b = balance(session, c.id, today=TODAY)
    assert b.balance_gr == 10000 - 2000 - 8000 + 5000 + 1500 == _expected(session, c.id)
    assert b.overdue_gr == 5000  # the lowered invoice is paid; `up` is late; its correction is not due yet
    assert b.next_due_date == date(2024, 4, 1)


def test_constructed_customers_match_the_definition_and_do_not_mix(session):
    customers = []
    for k in range(5):
        c = f.customer(session)
        docs = [f.document(session, c, gross_gr=1000 * (k + 1) + i * 37, issue=date(2023, 1 + i, 5),
                           due=date(2023, 1 + i, 20)) for i in range(6)]
        f.correction(session, docs[0], -(k * 111))
        f.payment(session, c, 777 * k + 1, allocate=[(docs[1], 500)])
        f.payment(session, c, 1999)
        customers.append(c)
    for c in customers:
        assert balance(session, c.id, today=TODAY).balance_gr == _expected(session, c.id)


# ----------------------------------------------------------------- payment history

def test_payment_history_rows_newest_first_with_settled_documents(session):
    c, other = f.customer(session), f.customer(session)
    a = f.document(session, c, gross_gr=4000, number="FV/2024/A")
    b = f.document(session, c, gross_gr=6000, number="FV/2024/B")
    f.payment(session, c, 10000, paid_on=date(2024, 2, 1), allocate=[(a, 4000), (b, 6000)],
              method=PaymentMethod.ONLINE, reference="ORD-1")
    f.payment(session, c, 500, paid_on=date(2024, 3, 1), method=PaymentMethod.CASH)
    f.payment(session, c, 123456, paid_on=date(2024, 1, 1), method=PaymentMethod.OFFSET)
    f.payment(session, other, 999, paid_on=date(2024, 3, 2))
    page = payment_history(session, c.id)
    assert page.total == 3 and page.pages == 1
    assert [r.paid_on for r in page.rows] == [date(2024, 3, 1), date(2024, 2, 1), date(2024, 1, 1)]
    assert [r.method_label for r in page.rows] == ["gotówka", "płatność online", "kompensata"]
    assert page.rows[1].document_numbers == ["FV/2024/A", "FV/2024/B"]
    assert page.rows[1].reference == "ORD-1"
    assert _plain(page.rows[2].amount_display) == "1 234,56 zł"
    assert page.rows[0].date_display == "01.03.2024"


def test_payment_history_pagination_is_clamped(session):
    c = f.customer(session)
    for i in range(25):
        f.payment(session, c, 100 + i, paid_on=date(2023, 1, 1 + i))
    p2 = payment_history(session, c.id, page=2, page_size=10)
    assert (p2.total, p2.page, p2.pages, len(p2.rows)) == (25, 2, 3, 10)
    last = payment_history(session, c.id, page=99, page_size=10)
    assert last.page == 3 and len(last.rows) == 5
    for junk in ("x", None, -5, 0, {"a": 1}, True, "1e9"):
        assert payment_history(session, c.id, page=junk, page_size=junk).page == 1
    assert payment_history(session, f.customer(session).id).rows == []


def test_monthly_series(session):
    c = f.customer(session)
    f.document(session, c, gross_gr=10000, issue=date(2024, 1, 31))
    f.document(session, c, gross_gr=2500, issue=date(2024, 1, 2))
    f.document(session, c, gross_gr=999, issue=date(2021, 1, 2))  # outside the window
    f.payment(session, c, 3000, paid_on=date(2024, 3, 1))
    f.payment(session, f.customer(session), 50000, paid_on=date(2024, 3, 1))
    series = charges_and_payments_series(session, c.id, months=12, today=TODAY)
    assert len(series) == 12
    assert series[0].label == "04.2023" and series[-1].label == "03.2024"
    by_label = {p.label: p for p in series}
    assert by_label["01.2024"].charges_gr == 12500 and by_label["01.2024"].charges_zl == 125.0
    assert by_label["03.2024"].payments_gr == 3000
    assert sum(p.charges_gr for p in series) == 12500
    assert len(charges_and_payments_series(session, c.id, months="bogus", today=TODAY)) == 36
    assert len(charges_and_payments_series(session, c.id, months=10**6, today=TODAY)) == 120
