"""Customer search and the customer card of the desk."""
from datetime import date

import pytest
from sqlmodel import select

from ibok_app.models import AuditLog, TermsAcceptance, TermsVersion
from ibok_app.services.desk.customers import MSG_SHORT, customer_card, log_card_view, search_customers
from tests.factories import billing as bf
from tests.factories import customers as cf
from tests.factories import readings as rf
from tests.factories.cases import customer_with_account
from tests.factories.staff import staff


@pytest.fixture
def town(session):
    a = cf.customer(session, number="K100200", name="Łukasz Żółtowski", street="ul. Główna 3")
    cf.service_point(session, a, "ul. Śródmiejska 9")
    b = customer_with_account(session, name="Anna Nowak", email="anna.nowak@example.com", phone="+48601234567")
    c = cf.customer(session, number="K100300", name="Jan Kowalski", street="ul. Polna 1")
    session.flush()
    return a, b.customer, c


def _numbers(page):
    return [r.number for r in page.rows]


def test_search_by_each_field(session, town):
    a, b, c = town
    assert _numbers(search_customers(session, "K1002")) == ["K100200"]  # number prefix
    assert _numbers(search_customers(session, "k1003")) == ["K100300"]  # case-insensitive
    assert _numbers(search_customers(session, "100200")) == []  # a number matches from its start only
    assert _numbers(search_customers(session, "łukasz")) == ["K100200"]  # Polish letters folded
    assert _numbers(search_customers(session, "ŻÓŁTOW")) == ["K100200"]
    assert _numbers(search_customers(session, "ŚRÓDMIEJ")) == ["K100200"]  # a service point's street
    assert _numbers(search_customers(session, "Polna")) == ["K100300"]  # the customer's address
    assert _numbers(search_customers(session, "anna.nowak@")) == [b.number]  # e-mail
    assert _numbers(search_customers(session, "601 234 567")) == [b.number]  # phone, any spacing
    assert _numbers(search_customers(session, "kowalski polna")) == ["K100300"]  # every word must match
    assert _numbers(search_customers(session, "kowalski śródmiejska")) == []


def test_rows_show_the_account(session, town):
    _a, b, _c = town
    row = search_customers(session, "nowak").rows[0]
    assert row.has_account and row.email == "anna.nowak@example.com" and row.phone_text == "+48 601 234 567"
    assert row.account_status_label == "aktywne"
    assert search_customers(session, "kowalski").rows[0].account_status_label == "brak konta w IBOK"


def test_like_wildcards_are_plain_text(session, town):
    assert search_customers(session, "%%").total == 0
    assert search_customers(session, "__").total == 0


def test_pages_and_sorting(session):
    for i in range(7):
        cf.customer(session, number=f"P{i:03d}", name=f"Wiśniewska {chr(ord('G') - i)}")
    first = search_customers(session, "wiśniew", page=1, page_size=3)
    assert (first.total, first.pages, _numbers(first)) == (7, 3, ["P000", "P001", "P002"])
    last = search_customers(session, "wiśniew", page=99, page_size=3)
    assert last.page == 3 and _numbers(last) == ["P006"]
    by_name = search_customers(session, "wiśniew", sort="name", page_size=3)
    assert [r.name[-1] for r in by_name.rows] == ["A", "B", "C"]
    assert _numbers(search_customers(session, "wiśniew", sort="-number", page_size=2)) == ["P006", "P005"]
    assert search_customers(session, "wiśniew", sort="DROP TABLE").sort == "number"


@pytest.mark.parametrize("garbage", [None, 12, "", " ", "a", "\x00\x00", ["x"], {"q": 1}, "x" * 100_000,
                                     "\ud800\ud800", "K1\x002"])
def test_garbage_never_raises(session, town, garbage):
    page = search_customers(session, garbage, page="abc", page_size=-5, sort=None)
    assert page.total == len(page.rows) or page.total > 0
    if not isinstance(garbage, str) or len(garbage.strip().replace("\x00", "")) < 2:
        assert page.rows == [] and page.message == MSG_SHORT


def test_card_shows_what_the_customer_sees_and_the_account(session):
    who = customer_with_account(session, name="Anna Nowak")
    inv = bf.document(session, who.customer, gross_gr=12_345, issue=date(2026, 1, 10), due=date(2026, 1, 24))
    bf.payment(session, who.customer, 5_000, paid_on=date(2026, 1, 20), allocate=[(inv, 5_000)])
    bf.contract(session, who.customer, who.point)
    meter = rf.meter(session, who.point)
    rf.reading(session, meter, who.customer, date(2026, 1, 5), 12_345)
    terms = TermsVersion(version=3, title="Regulamin", body="…")
    session.add(terms)
    session.flush()
    session.add(TermsAcceptance(account_id=who.account_id, terms_version_id=terms.id))
    who.account.notify_outages_sms = True
    session.flush()

    card = customer_card(session, who.customer_id)
    assert card.name == "Anna Nowak" and card.number == who.customer.number
    assert card.balance.balance_gr == 7_345
    assert [d.number for d in card.documents.rows] == [inv.number]
    assert len(card.payments.rows) == 1 and len(card.contracts) == 1
    assert [r.value_text for r in card.readings.rows] == ["12,345 m³"]
    assert card.account.email == who.account.email and card.account.status == "active"
    assert card.account.terms_version == 3 and card.account.terms_accepted_at_text
    assert card.account.preferences.notify_outages_sms is True
    assert card.account.can_lock and not card.account.can_unlock and not card.account.can_resend_activation


def test_card_without_account_and_unknown_ids(session):
    c = cf.customer(session)
    assert customer_card(session, c.id).account is None
    for garbage in (None, 0, -1, "abc", 2**40, True, c.id + 1000):
        assert customer_card(session, garbage) is None


def test_card_view_is_audited(session):
    c = cf.customer(session)
    member = staff(session)
    assert log_card_view(session, member.id, c.id, "10.0.0.7") is True
    entry = session.exec(select(AuditLog).where(AuditLog.action == "customer.card_viewed")).one()
    assert (entry.actor_kind, entry.actor_id, entry.customer_id, entry.client_ip) == ("staff", member.id, c.id,
                                                                                        "10.0.0.7")
    inactive = staff(session, active=False)
    assert log_card_view(session, inactive.id, c.id, None) is False
    assert log_card_view(session, member.id, "x", None) is False
    assert len(session.exec(select(AuditLog)).all()) == 1
