"""The desk's start page counts, with hand-made data and the clock moved."""
from datetime import date, datetime, timedelta

from ibok_app.models import (
    AccountStatus,
    CaseStatus,
    Complaint,
    OnlinePayment,
    OnlinePaymentStatus,
    ReadingStatus,
    Ticket,
    TicketCategory,
)
from ibok_app.services.desk.start import desk_counts
from tests.factories import readings as rf
from tests.factories.cases import customer_with_account

NOW = datetime(2026, 6, 10, 10, 0)  # naive UTC, 12:00 in Warsaw
TODAY = date(2026, 6, 10)


def _complaint(session, customer, due: date, status=CaseStatus.NEW, n=[0]):
    n[0] += 1
    session.add(Complaint(number=f"RK/T/{n[0]:06d}", customer_id=customer.id, subject="Faktura", description="Za dużo",
                          received_on=due - timedelta(days=14), answer_due_on=due, status=status))


def _ticket(session, customer, status, n=[0]):
    n[0] += 1
    session.add(Ticket(number=f"ZG/T/{n[0]:06d}", customer_id=customer.id, category=TicketCategory.LEAK,
                       description="Wyciek przy liczniku", status=status))


def test_empty_database_counts_nothing(session):
    counts = desk_counts(session, now=NOW)
    assert counts.readings_to_verify == 0 and counts.tickets_open == 0
    assert [c.status for c in counts.tickets_by_status] == ["new", "in_progress"]
    assert counts.complaints_overdue == counts.complaints_due_soon == counts.payments_pending_too_long == 0


def test_each_queue_is_counted(session):
    who = customer_with_account(session)
    c, _sp, meter = rf.household(session)
    rf.reading(session, meter, c, date(2026, 5, 1), 100_000)
    rf.reading(session, meter, c, date(2026, 6, 1), 900_000, status=ReadingStatus.TO_VERIFY)
    rf.reading(session, meter, c, date(2026, 6, 2), 900_001, status=ReadingStatus.TO_VERIFY)
    rf.reading(session, meter, c, date(2026, 6, 3), 900_002, status=ReadingStatus.REJECTED)
    for status in (CaseStatus.NEW, CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED):
        _ticket(session, who.customer, status)
    _complaint(session, who.customer, TODAY - timedelta(days=1))  # overdue
    _complaint(session, who.customer, TODAY)  # due today: within 3 days
    _complaint(session, who.customer, TODAY + timedelta(days=3))  # due soon
    _complaint(session, who.customer, TODAY + timedelta(days=4))  # not yet
    _complaint(session, who.customer, TODAY - timedelta(days=5), status=CaseStatus.RESOLVED)  # answered
    for i, (status, age) in enumerate([(OnlinePaymentStatus.PENDING, 600), (OnlinePaymentStatus.STARTED, 600),
                                       (OnlinePaymentStatus.PENDING, 1), (OnlinePaymentStatus.SUCCESS, 600)]):
        session.add(OnlinePayment(customer_id=who.customer_id, order_id=f"T{i}", amount_gr=100, choice_key=f"k{i}",
                                  description="Wpłata", status=status, created_at=NOW - timedelta(minutes=age),
                                  updated_at=NOW - timedelta(minutes=age)))
    closing = customer_with_account(session)
    closing.account.status = AccountStatus.CLOSING
    closing.account.closing_requested_at = NOW - timedelta(days=15)
    locked = customer_with_account(session)
    locked.account.status = AccountStatus.LOCKED
    locked.account.closing_requested_at = NOW - timedelta(days=2)
    session.flush()

    counts = desk_counts(session, now=NOW)
    assert counts.readings_to_verify == 2
    assert {c.status: c.count for c in counts.tickets_by_status} == {"new": 2, "in_progress": 1}
    assert counts.tickets_open == 3
    assert counts.complaints_overdue == 1
    assert counts.complaints_due_soon == 2
    assert counts.payments_pending_too_long == 2
    assert counts.accounts_awaiting_erasure == 2
    assert counts.accounts_erasure_due == 1

    later = desk_counts(session, now=NOW + timedelta(days=2))  # the clock moves: deadlines pass
    assert later.complaints_overdue == 2  # today's became overdue
    assert later.complaints_due_soon == 2  # +3 and +4 are now within 3 days
    assert later.accounts_erasure_due == 1


def test_garbage_now_is_the_present(session):
    assert desk_counts(session, now="jutro").readings_to_verify == 0


def test_the_follow_up_lists_are_what_the_counts_count(session):
    """The payments and closing accounts behind the start page's two counts: the same
    rows (one condition for both), the oldest first."""
    from ibok_app.services.desk.follow_up import closing_accounts, stuck_payments
    who = customer_with_account(session)
    for i, (status, age) in enumerate([(OnlinePaymentStatus.PENDING, 900), (OnlinePaymentStatus.STARTED, 600),
                                       (OnlinePaymentStatus.PENDING, 1), (OnlinePaymentStatus.SUCCESS, 600)]):
        session.add(OnlinePayment(customer_id=who.customer_id, order_id=f"F{i}", amount_gr=12_345, choice_key=f"f{i}",
                                  description="Wpłata", status=status, created_at=NOW - timedelta(minutes=age),
                                  updated_at=NOW - timedelta(minutes=age)))
    old = customer_with_account(session)
    old.account.status = AccountStatus.CLOSING
    old.account.closing_requested_at = NOW - timedelta(days=15)
    recent = customer_with_account(session)
    recent.account.status = AccountStatus.LOCKED
    recent.account.closing_requested_at = NOW - timedelta(days=2)
    session.flush()

    stuck = stuck_payments(session, now=NOW)
    assert [p.order_id for p in stuck] == ["F0", "F1"]
    assert stuck[0].amount == "123,45\xa0zł" and stuck[0].customer_number == who.customer.number
    accounts = closing_accounts(session, now=NOW)
    assert [(a.customer_id, a.erasure_due) for a in accounts] == [(old.customer_id, True), (recent.customer_id, False)]
    counts = desk_counts(session, now=NOW)
    assert counts.payments_pending_too_long == len(stuck)
    assert counts.accounts_awaiting_erasure == len(accounts)
    assert counts.accounts_erasure_due == sum(a.erasure_due for a in accounts)
