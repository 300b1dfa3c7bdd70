"""authorize (issue 10): the one staff check. No session, a customer session, an
inactive member and each lower role are refused, and every refusal is audited."""
from __future__ import annotations

import json

import pytest
from sqlmodel import select

from ibok_app.models import AuditLog, StaffRole, StaffUser
from ibok_app.services.accounts.sessions import create_session
from ibok_app.services.staff import roles
from ibok_app.services.staff.authorization import authorize
from tests.factories.accounts import make_account
from tests.factories.staff import staff

ALLOWED = {
    "ADMIN": {StaffRole.ADMIN},
    "WORK": {StaffRole.ADMIN, StaffRole.OPERATOR},
    "READ": {StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.AUDITOR},
    "AUDIT": {StaffRole.ADMIN, StaffRole.AUDITOR},
}


def _refusals(session):
    return session.exec(select(AuditLog).where(AuditLog.action == "staff.refused").order_by(AuditLog.id)).all()


def _token(session, role, **kw):
    member = staff(session, role, **kw)
    return member, create_session(session, staff_id=member.id)


def test_the_role_sets_are_defined_once():
    for name, members in ALLOWED.items():
        assert getattr(roles, name) == frozenset(members)
    assert set(roles.ROLE_LABELS) == set(StaffRole)


@pytest.mark.parametrize("set_name", list(ALLOWED))
@pytest.mark.parametrize("role", list(StaffRole))
def test_each_role_is_allowed_or_refused_and_refusals_are_audited(session, set_name, role):
    member, token = _token(session, role)
    ctx = authorize(session, token, action="test.action", allowed=getattr(roles, set_name), client_ip="10.1.1.1")
    if role in ALLOWED[set_name]:
        assert ctx is not None and (ctx.staff_id, ctx.role) == (member.id, str(role))
        assert _refusals(session) == []
    else:
        assert ctx is None
        (entry,) = _refusals(session)
        assert (entry.actor_kind, entry.actor_id, entry.client_ip) == ("staff", member.id, "10.1.1.1")
        after = json.loads(entry.after_json)
        assert after["action"] == "test.action" and after["reason"] == "role" and after["role"] == str(role)


def test_lower_roles_are_refused_admin_actions(session):
    for role in (StaffRole.OPERATOR, StaffRole.AUDITOR):
        _member, token = _token(session, role)
        assert authorize(session, token, action="staff.create", allowed=roles.ADMIN) is None
    assert [json.loads(e.after_json)["role"] for e in _refusals(session)] == ["operator", "auditor"]


def test_a_customer_session_opens_nothing(session):
    account = make_account(session)
    token = create_session(session, account_id=account.id)
    for allowed in (roles.READ, roles.WORK, roles.ADMIN, roles.AUDIT):
        assert authorize(session, token, action="customer.card", allowed=allowed) is None
    entries = _refusals(session)
    assert len(entries) == 4
    assert {(e.actor_kind, e.actor_id, json.loads(e.after_json)["reason"]) for e in entries} == {
        ("customer", account.id, "customer_session")}


@pytest.mark.parametrize("token", [None, "", 0, 2**80, [], {}, b"x", "x" * 43, "x" * 1_000_000, "\x00" * 43,
                                   "\ud800" * 43])
def test_no_session_is_refused_and_audited(session, token):
    assert authorize(session, token, action="desk.counts", allowed=roles.READ, client_ip="\x00") is None
    (entry,) = _refusals(session)
    assert (entry.actor_kind, entry.actor_id, entry.client_ip) == ("system", None, None)
    assert json.loads(entry.after_json)["reason"] == "no_session"


def test_an_inactive_member_is_refused(session):
    member, token = _token(session, StaffRole.ADMIN)
    member.active = False
    session.add(member)
    assert authorize(session, token, action="staff.create", allowed=roles.ADMIN) is None
    assert len(_refusals(session)) == 1


def test_a_role_change_applies_to_the_next_call(session):
    member, token = _token(session, StaffRole.ADMIN)
    assert authorize(session, token, action="staff.list", allowed=roles.ADMIN) is not None
    row = session.get(StaffUser, member.id)
    row.role = StaffRole.AUDITOR
    session.add(row)
    assert authorize(session, token, action="staff.list", allowed=roles.ADMIN) is None
    assert authorize(session, token, action="audit.list", allowed=roles.AUDIT) is not None


@pytest.mark.parametrize("allowed", [None, "admin", ["admin"], {"x": 1}, 5])
def test_garbage_role_sets_allow_nothing(session, allowed):
    _member, token = _token(session, StaffRole.ADMIN)
    assert authorize(session, token, action="x", allowed=allowed) is None


@pytest.mark.parametrize("action", [None, 5, "a" * 10_000, "\x00"])
def test_garbage_action_names_are_still_audited(session, action):
    assert authorize(session, None, action=action, allowed=roles.READ) is None
    assert json.loads(_refusals(session)[0].after_json)["action"] == "?"


# ---- a flood of refusals (the same actor, action and reason) is one entry with a count ----

def test_repeated_refusals_within_a_minute_are_counted_on_the_first_entry(session):
    from datetime import timedelta

    from ibok_app.services.staff.authorization import REFUSAL_WINDOW_SECONDS
    member, token = _token(session, StaffRole.AUDITOR)
    for _ in range(5):
        assert authorize(session, token, action="ticket.reply", allowed=roles.WORK, client_ip="10.1.1.1") is None
    (entry,) = _refusals(session)
    after = json.loads(entry.after_json)
    assert after["count"] == 5 and after["reason"] == "role" and after["action"] == "ticket.reply"
    assert after["last_at"]
    # another action, another reason or another actor: a first refusal of its own, recorded
    authorize(session, token, action="staff.create", allowed=roles.ADMIN, client_ip="10.1.1.1")
    authorize(session, None, action="ticket.reply", allowed=roles.WORK, client_ip="10.1.1.1")
    authorize(session, None, action="ticket.reply", allowed=roles.WORK, client_ip="10.9.9.9")
    other, other_token = _token(session, StaffRole.AUDITOR)
    authorize(session, other_token, action="ticket.reply", allowed=roles.WORK, client_ip="10.1.1.1")
    entries = _refusals(session)
    assert len(entries) == 5
    assert [json.loads(e.after_json).get("count", 1) for e in entries] == [5, 1, 1, 1, 1]
    # after the window the same refusal is written anew
    entry.at = entry.at - timedelta(seconds=REFUSAL_WINDOW_SECONDS + 1)
    session.add(entry)
    session.flush()
    authorize(session, token, action="ticket.reply", allowed=roles.WORK, client_ip="10.1.1.1")
    assert len(_refusals(session)) == 6
    assert json.loads(_refusals(session)[-1].after_json).get("count") is None


def test_customer_session_refusals_are_coalesced_per_account(session):
    from ibok_app.services.accounts.sessions import create_session as customer_session
    account = make_account(session)
    token = customer_session(session, account_id=account.id)
    for _ in range(3):
        authorize(session, token, action="customers.search", allowed=roles.READ, client_ip="10.2.2.2")
    (entry,) = _refusals(session)
    assert (entry.actor_kind, entry.actor_id) == ("customer", account.id)
    assert json.loads(entry.after_json)["count"] == 3
