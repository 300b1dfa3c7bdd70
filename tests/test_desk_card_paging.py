"""The customer card's long lists (issue 10): documents, readings, payments and online
transactions each page in SQL (LIMIT/OFFSET with the total), each with its own page in
the address, so an old invoice of a customer of 30 years is one click away."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import event
from state_support import call, navigate, new_state

import ibok_app.ibok_app  # noqa: F401  (registers every page and state)
from ibok_app import routes
from ibok_app.models import OnlinePayment, OnlinePaymentStatus, ReadingStatus, StaffRole
from ibok_app.services.accounts.sessions import create_session
from ibok_app.services.desk.customers import CARD_READINGS, CARD_ROWS, customer_card
from ibok_app.services.payments.history import online_page
from ibok_app.services.readings.history import reading_history, reading_page
from ibok_app.state.staff_customers import StaffCustomerCardState, card_url
from tests.factories import billing as bf
from tests.factories import readings as rf
from tests.factories.cases import customer_with_account
from tests.factories.staff import staff


def _readings(session, who, n: int):
    """n readings on two meters, some rejected, some on the same day (the edge of the
    "previous accepted reading" rule)."""
    meters = [rf.meter(session, who.point), rf.meter(session, who.point, kind=rf.MeterKind.GARDEN)]
    start = date(2020, 1, 1)
    for i in range(n):
        meter = meters[i % 2]
        status = ReadingStatus.REJECTED if i % 7 == 3 else ReadingStatus.ACCEPTED
        day = start + timedelta(days=20 * (i // 3))
        rf.reading(session, meter, who.customer, day, 1_000 * (i + 1), status=status)


def test_reading_page_pages_in_sql_and_agrees_with_the_whole_history(session):
    who = customer_with_account(session)
    _readings(session, who, 61)
    whole = reading_history(session, who.customer_id)
    statements = []
    engine = session.get_bind()

    def seen(conn, cursor, statement, params, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        pages = [reading_page(session, who.customer_id, page=n, page_size=25) for n in (1, 2, 3)]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert [p.total for p in pages] == [61] * 3 and [p.pages for p in pages] == [3] * 3
    assert [len(p.rows) for p in pages] == [25, 25, 11]
    assert [r for p in pages for r in p.rows] == whole  # same rows, same consumption, same order
    listing = [s for s in statements if "FROM meter_reading" in s and "JOIN meter" in s]
    assert listing and all("LIMIT" in s.upper() and "OFFSET" in s.upper() for s in listing)
    # garbage and past-the-end pages
    assert reading_page(session, who.customer_id, page="abc", page_size=25).page == 1
    assert reading_page(session, who.customer_id, page=99, page_size=25).page == 3
    assert reading_page(session, who.customer_id, page=None, page_size=10**9).pages == 1  # size capped at 100


def test_online_page_has_the_total_and_pages(session):
    who = customer_with_account(session)
    now = datetime(2026, 3, 1, 10, 0)
    for i in range(23):
        session.add(OnlinePayment(customer_id=who.customer_id, order_id=f"IBOK{i:06d}", amount_gr=1000 + i,
                                  choice_key=f"k{i}", description="Opłata", status=OnlinePaymentStatus.SUCCESS,
                                  created_at=now + timedelta(minutes=i)))
    session.flush()
    first, second = (online_page(session, who.customer_id, page=n, page_size=20) for n in (1, 2))
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (23, 2, 20, 3)
    assert first.rows[0].order_id == "IBOK000022" and second.rows[-1].order_id == "IBOK000000"


def test_the_card_shows_the_asked_page_of_each_list(session):
    who = customer_with_account(session)
    for i in range(CARD_ROWS + 5):
        bf.document(session, who.customer, issue=date(2020, 1, 1) + timedelta(days=10 * i),
                    due=date(2020, 1, 15) + timedelta(days=10 * i))
    _readings(session, who, CARD_READINGS + 1)
    card = customer_card(session, who.customer_id, pages={"dokumenty": "2", "odczyty": 2, "platnosci": "x"})
    assert (card.documents.page, card.documents.pages, card.documents.total) == (2, 2, CARD_ROWS + 5)
    assert len(card.documents.rows) == 5
    assert (card.readings.page, len(card.readings.rows)) == (2, 1)
    assert card.payments.page == 1 and card.online_payments.page == 1
    for garbage in (None, [], "dokumenty", {"dokumenty": ["2"]}, {"dokumenty": "9" * 50}):
        assert customer_card(session, who.customer_id, pages=garbage).documents.page in (1, 2)


def _navigate_to_card(session, customer_id: int, query: str):
    member = staff(session, StaffRole.AUDITOR)
    token = create_session(session, staff_id=member.id)
    session.commit()
    state = new_state(StaffCustomerCardState, staff_cookie=token)
    navigate(state, f"{routes.STAFF_CUSTOMER_CARD}?id={customer_id}{query}")
    call(state, StaffCustomerCardState.load)
    return state


def test_the_card_page_keeps_the_other_lists_pages_in_each_pagers_address(db, session):
    who = customer_with_account(session)
    for i in range(CARD_ROWS + 1):
        bf.document(session, who.customer, issue=date(2021, 1, 1) + timedelta(days=i))
    _readings(session, who, CARD_READINGS + 3)
    session.commit()
    state = _navigate_to_card(session, who.customer_id, "&odczyty=2&dokumenty=zly")
    assert state.found
    tables = {t.key: t for t in state.tables}
    docs, readings = tables["dokumenty"], tables["odczyty"]
    assert (docs.page, docs.pages, docs.total) == (1, 2, CARD_ROWS + 1)
    assert (readings.page, readings.pages, len(readings.rows)) == (2, 2, 3)
    # the documents' pager keeps the readings on page 2; the readings' pager names no page of its own
    assert docs.page_base == card_url(who.customer_id, {"odczyty": 2}) + "&"
    assert readings.page_base == card_url(who.customer_id, {}) + "&"
    assert docs.pager_label != readings.pager_label  # distinct navigation landmarks
    assert not tables["umowy"].paged
