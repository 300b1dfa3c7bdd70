"""Sorting the desk's tables by their column headers (issue 10): each list's service
has a whitelist of sorts (a key only picks one of its orders; anything else, SQL
included, is the default), the page keeps the sort in the address next to the
filters, and the header is a <button> in a <th> that says how the list is sorted."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from state_support import call, navigate, new_state

import ibok_app.ibok_app  # noqa: F401  (registers every page and state)
from ibok_app import routes
from ibok_app.components.staff_widgets import sort_header, sortable_head
from ibok_app.models import AuditLog, StaffRole
from ibok_app.services.accounts.sessions import create_session
from ibok_app.services.cases import complaints, tickets
from ibok_app.services.desk import audit_log, customers
from ibok_app.state.staff_audit import StaffAuditState
from ibok_app.state.staff_customers import StaffCustomersState
from ibok_app.state.staff_tickets import StaffTicketsState
from tests.factories import customers as cf
from tests.factories.cases import customer_with_account
from tests.factories.staff import staff

HOSTILE = [None, 42, [], {"a": 1}, "", "name; DROP TABLE customer", "Customer.name", "-", "--number",
           "number desc", "\x00", "x" * 10_000]


def test_customer_search_sorts_by_each_column_both_ways(session):
    cf.customer(session, number="K300001", name="Celina Zając", street="ul. Akacjowa 1", city="Nowa Sól")
    cf.customer(session, number="K300002", name="Adam Bąk", street="ul. Zielona 2", city="Kożuchów")
    cf.customer(session, number="K300003", name="Bogdan Czajka", street="ul. Polna 3", city="Zielona Góra")

    def numbers(sort):
        return [r.number for r in customers.search_customers(session, "K3000", sort=sort).rows]

    assert numbers("number") == ["K300001", "K300002", "K300003"]
    assert numbers("-number") == ["K300003", "K300002", "K300001"]
    assert numbers("name") == ["K300002", "K300003", "K300001"]
    assert numbers("-name") == ["K300001", "K300003", "K300002"]
    assert numbers("address") == ["K300002", "K300001", "K300003"]  # by town, then street
    assert numbers("-address") == ["K300003", "K300001", "K300002"]
    assert customers.SORT_KEYS == {"number", "-number", "name", "-name", "address", "-address"}
    for bad in HOSTILE:
        found = customers.search_customers(session, "K3000", sort=bad)
        assert found.sort == "number" and [r.number for r in found.rows] == numbers("number")


def _ticket(session, who, category, now):
    made = tickets.create_ticket(session, who.customer_id, category=category, service_point_id=who.point.id,
                                 description="Woda wycieka spod studzienki przed domem.",
                                 contact_phone="600 123 456", now=now)
    assert made.ok, made.field_errors
    return made.ticket_id


def test_ticket_queue_sorts_by_number_customer_category_status_and_date(session):
    a, b = customer_with_account(session, name="Anna A"), customer_with_account(session, name="Bogdan B")
    first = _ticket(session, b, "leak", datetime(2026, 3, 1, 9))
    second = _ticket(session, a, "other", datetime(2026, 3, 2, 9))
    third = _ticket(session, b, "leak", datetime(2026, 3, 3, 9))

    def ids(sort):
        page = tickets.staff_ticket_queue(session, sort=sort)
        assert page.sort == sort
        return [r.id for r in page.rows]

    assert ids("-created") == [third, second, first] and ids("created") == [first, second, third]
    assert ids("number") == [first, second, third] and ids("-number") == [third, second, first]
    by_customer = ids("customer")
    a_first = a.customer.number < b.customer.number
    assert by_customer == ([second, third, first] if a_first else [third, first, second])
    assert ids("-customer") == ([third, first, second] if a_first else [second, third, first])
    assert ids("category")[-1] == second and ids("-category")[0] == second  # "leak" < "other"
    assert ids("status") == ids("created")  # all new: then the longest waiting first
    for bad in HOSTILE:
        assert tickets.staff_ticket_queue(session, sort=bad).sort == "-created"


def test_complaint_queue_sorts_by_number_customer_received_and_deadline(session):
    who = [customer_with_account(session, name=n) for n in ("Anna A", "Bogdan B")]
    ids = []
    for i, day in enumerate((1, 5, 10)):
        made = complaints.create_complaint(session, who[i % 2].customer_id, subject="Zawyżona faktura",
                                           description="Faktura za luty jest dwa razy wyższa niż zwykle.",
                                           now=datetime(2026, 3, day, 9))
        ids.append(made.complaint_id)
    now = datetime(2026, 3, 10, 12)

    def order(sort):
        return [r.id for r in complaints.staff_complaint_queue(session, sort=sort, now=now).rows]

    assert order("number") == ids and order("-number") == ids[::-1]
    assert order("due") == ids and order("-received") == ids[::-1]
    assert sorted(order("customer")) == sorted(ids) and order("customer") != order("-customer")
    for bad in HOSTILE:
        assert complaints.staff_complaint_queue(session, sort=bad, now=now).sort == "due"


def test_the_audit_log_sorts_by_time_and_action_and_the_csv_follows(session):
    for i, action in enumerate(("b.second", "a.first", "c.third")):
        session.add(AuditLog(at=datetime(2026, 3, 1, 9, i), actor_kind="system", action=action))
    session.flush()

    def actions(sort):
        page = audit_log.browse_audit(session, sort=sort)
        return [r.action for r in page.rows], page.sort

    assert actions("-at") == (["c.third", "a.first", "b.second"], "-at")
    assert actions("at") == (["b.second", "a.first", "c.third"], "at")
    assert actions("action") == (["a.first", "b.second", "c.third"], "action")
    assert actions("-action") == (["c.third", "b.second", "a.first"], "-action")
    for bad in HOSTILE:
        assert actions(bad) == actions("-at")
    lines = audit_log.audit_csv(session, sort="action").splitlines()[1:]
    assert [line.split(";")[3] for line in lines] == ["a.first", "b.second", "c.third"]


# ---- the header component --------------------------------------------------------------

def _props(component) -> str:
    return json.dumps(component.render(), ensure_ascii=False, default=str)


def test_the_sortable_header_is_a_button_in_a_th_with_aria_sort():
    import reflex as rx
    th = sort_header("Numer", "number", rx.Var.create("number"), rx.Var.create("/admin/klienci?q=x&"))
    assert th.tag == "th"
    (button,) = [c for c in th.children if getattr(c, "tag", "") == "button"]
    rendered = _props(th)
    assert "aria-sort" in rendered or "ariaSort" in rendered
    assert '"scope"' in rendered or "scope" in rendered
    assert 'type' in _props(button) and "button" in _props(button)
    head = sortable_head(rx.Var.create("-created"), rx.Var.create("/admin/zgloszenia?"), "Miejsce",
                         ("Utworzono", "created", True))
    ths = head.children[0].children
    assert [t.tag for t in ths] == ["th", "th"]
    assert "data-sortable" not in _props(ths[0]) and "sortable" in _props(ths[1])


# ---- the pages keep the sort in the address ----------------------------------------------

def _page(session, cls, url):
    member = staff(session, StaffRole.ADMIN)
    token = create_session(session, staff_id=member.id)
    session.commit()
    state = new_state(cls, staff_cookie=token)
    navigate(state, url)
    call(state, cls.load)
    return state


def test_the_ticket_queue_keeps_sort_and_filters_apart_in_its_addresses(db, session):
    state = _page(session, StaffTicketsState, routes.STAFF_TICKETS + "?status=new&sort=customer&strona=2")
    assert state.sort == "customer"
    assert state.sort_base == routes.STAFF_TICKETS + "?status=new&"  # a new sort starts on page 1
    assert state.page_base == routes.STAFF_TICKETS + "?status=new&sort=customer&"  # the pager keeps it
    garbage = _page(session, StaffTicketsState, routes.STAFF_TICKETS + "?sort=1%3BDROP")
    assert garbage.sort == "-created" and garbage.loaded


@pytest.mark.parametrize("sort, shown", [("name", "name"), ("-address", "-address"), ("zly", "number")])
def test_the_customer_search_keeps_its_sort_and_encodes_the_query(db, session, sort, shown):
    cf.customer(session, number="K400001", name="Ewa & Syn")
    session.commit()
    state = _page(session, StaffCustomersState, routes.STAFF_CUSTOMERS + "?q=Ewa+%26&sort=" + sort)
    assert state.sort == shown and state.total == 1
    assert state.sort_base == routes.STAFF_CUSTOMERS + "?q=Ewa+%26&"
    assert state.page_base.startswith(routes.STAFF_CUSTOMERS + "?q=Ewa+%26")
    assert ("sort=" + shown in state.page_base) == (shown != "number")


def test_the_audit_page_sorts_and_its_csv_link_exports_the_same_order(db, session):
    state = _page(session, StaffAuditState, routes.STAFF_AUDIT + "?czynnosc=staff.&sort=action")
    assert state.sort == "action" and "sort=action" in state.csv_url and "czynnosc=staff." in state.csv_url
    assert state.sort_base == routes.STAFF_AUDIT + "?czynnosc=staff.&"
    default = _page(session, StaffAuditState, routes.STAFF_AUDIT + "?sort=-at")
    assert default.sort == "-at" and "sort" not in default.csv_url
