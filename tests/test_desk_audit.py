"""Browsing and exporting the audit log."""
from datetime import datetime

import pytest

from ibok_app.models import AuditLog
from ibok_app.services.desk.audit_log import CSV_HEADERS, audit_csv, browse_audit
from tests.factories import customers as cf
from tests.factories.staff import staff


@pytest.fixture
def log(session):
    anna, ewa = staff(session), staff(session)
    c1 = cf.customer(session, number="A000001")
    c2 = cf.customer(session, number="A000002")
    entries = [
        (datetime(2026, 3, 1, 23, 30), anna.id, "account.locked", c1.id, '{"reason": "=HYPERLINK(\\"x\\")"}'),
        (datetime(2026, 3, 2, 8, 0), ewa.id, "reading.rejected", c2.id, None),
        (datetime(2026, 3, 3, 9, 0), anna.id, "customer.card_viewed", c2.id, None),
    ]
    for at, sid, action, cid, after in entries:
        session.add(AuditLog(at=at, actor_kind="staff", actor_id=sid, action=action, customer_id=cid,
                             after_json=after, client_ip="=1+1" if after else "10.0.0.1"))
    session.add(AuditLog(at=datetime(2026, 3, 4), actor_kind="customer", actor_id=None, action="password.changed"))
    session.flush()
    return anna, ewa, c1, c2


def _actions(page):
    return [r.action for r in page.rows]


def test_newest_first_and_filters(session, log):
    anna, ewa, c1, _c2 = log
    assert _actions(browse_audit(session)) == ["password.changed", "customer.card_viewed", "reading.rejected",
                                               "account.locked"]
    assert _actions(browse_audit(session, staff_id=anna.id)) == ["customer.card_viewed", "account.locked"]
    assert _actions(browse_audit(session, customer="A000001")) == ["account.locked"]
    assert _actions(browse_audit(session, customer=c1.id)) == ["account.locked"]
    assert _actions(browse_audit(session, action="reading.")) == ["reading.rejected"]
    # 23:30 UTC on 1 March is 2 March in Warsaw: days are Polish days
    assert _actions(browse_audit(session, date_from="2026-03-02", date_to="02.03.2026")) == [
        "reading.rejected", "account.locked"]
    row = browse_audit(session, staff_id=ewa.id).rows[0]
    assert row.actor_name == f"{ewa.full_name} ({ewa.login})" and row.customer_number == "A000002"


def test_pages(session, log):
    page = browse_audit(session, page=2, page_size=3)
    assert (page.total, page.pages, page.page, len(page.rows)) == (4, 2, 2, 1)


@pytest.mark.parametrize("kw", [{"staff_id": "x"}, {"customer": "NIE-MA"}, {"action": "DROP TABLE;"},
                                {"customer": 2**40}, {"staff_id": ["1"]}, {"action": "\x00"}])
def test_garbage_filters_match_nothing(session, log, kw):
    assert browse_audit(session, **kw).total == 0
    assert audit_csv(session, **kw).count("\r\n") == 1  # the header only


def test_garbage_dates_are_ignored(session, log):
    assert browse_audit(session, date_from="jutro", date_to=12, page="x", page_size=None).total == 4


def test_csv_is_polish_semicolon_and_formula_safe(session, log):
    text = audit_csv(session, action="account.locked")
    assert text.startswith("\ufeff" + ";".join(CSV_HEADERS))
    lines = text.strip().split("\r\n")
    assert len(lines) == 2 and "A000001" in lines[1]
    assert lines[1].endswith(";'=1+1")  # a cell that would be a formula is quoted
    assert not any(cell.startswith("=") for cell in lines[1].split(";"))
