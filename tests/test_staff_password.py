"""A staff member's own password (issue 10): /admin/haslo changes it with the
customers' policy, ends the member's other sessions and is audited; a password an
administrator chose for someone else (a new account, a reset) is an initial one that
must be changed before any other admin page or action works."""
from __future__ import annotations

import json

import pytest
from sqlmodel import select
from state_support import call, new_state, redirect_target, staff_browser_cookie

import ibok_app.ibok_app  # noqa: F401  (registers every page and state)
from ibok_app import routes
from ibok_app.models import AuditLog, StaffRole, StaffUser, UserSession
from ibok_app.services.accounts.passwords import verify_password
from ibok_app.services.accounts.sessions import create_session
from ibok_app.services.staff import accounts, roles
from ibok_app.services.staff.authorization import authorize
from ibok_app.state.staff_accounts import StaffAccountsState
from ibok_app.state.staff_customers import StaffCustomersState
from ibok_app.state.staff_desk import StaffDeskState
from ibok_app.state.staff_login import StaffLoginState
from ibok_app.state.staff_password import StaffPasswordState
from tests.factories.staff import PASSWORD, staff

NEW = "Studnia-Głębinowa-2026"
INITIAL = "Poczatkowe-Haslo-77"


def _entries(session, action):
    return session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all()


def _create(session, actor_id):
    return accounts.create_staff(session, actor_id=actor_id, login="nowy.pracownik", full_name="Nowy Pracownik",
                                 email="nowy@example.com", role="operator", password=INITIAL,
                                 password_confirm=INITIAL)


def test_an_account_made_by_an_admin_starts_with_an_initial_password(session):
    admin = staff(session, StaffRole.ADMIN)
    result = _create(session, admin.id)
    assert result.ok and result.staff.must_change_password
    assert session.get(StaffUser, result.staff.id).must_change_password is True


def test_the_command_lines_first_admin_types_their_own_password(session):
    result = _create(session, None)
    assert result.ok and not result.staff.must_change_password


def test_authorize_refuses_everything_but_the_password_change_until_it_is_done(session):
    member = staff(session, StaffRole.ADMIN)
    member.must_change_password = True
    token = create_session(session, staff_id=member.id)
    assert authorize(session, token, action="customers.search", allowed=roles.READ) is None
    (entry,) = _entries(session, "staff.refused")
    assert json.loads(entry.after_json)["reason"] == "password_change"
    ctx = authorize(session, token, action="staff.password_change", allowed=roles.READ, password_change=True)
    assert ctx is not None and ctx.must_change_password


def test_change_own_password_checks_the_current_one_and_the_policy(session):
    member = staff(session, StaffRole.OPERATOR)
    mine = create_session(session, staff_id=member.id)
    ctx = authorize(session, mine, action="x", allowed=roles.READ)

    def change(current, new, confirm):
        return accounts.change_own_password(session, staff_id=member.id, session_id=ctx.session_id,
                                            current=current, new=new, confirm=confirm, client_ip="10.0.0.9")

    assert change("zle-haslo", NEW, NEW).errors == {"current_password": accounts.MSG_WRONG_CURRENT}
    assert set(change(PASSWORD, "krotkie", "krotkie").errors) == {"new_password"}
    assert set(change(PASSWORD, NEW, NEW + "x").errors) == {"new_password_confirm"}
    assert change(PASSWORD, PASSWORD, PASSWORD).errors == {"new_password": accounts.MSG_SAME_PASSWORD}
    for garbage in (None, 42, [], {"a": 1}, "\x00", "x" * 100_000):
        assert not change(garbage, garbage, garbage).ok
    assert _entries(session, "staff.password_changed") == []


def test_a_change_ends_the_other_sessions_clears_the_flag_and_is_audited(session):
    member = staff(session, StaffRole.AUDITOR)
    member.must_change_password = True
    mine = create_session(session, staff_id=member.id)
    other = create_session(session, staff_id=member.id)
    colleague = staff(session, StaffRole.OPERATOR)
    theirs = create_session(session, staff_id=colleague.id)
    ctx = authorize(session, mine, action="x", allowed=roles.READ, password_change=True)
    result = accounts.change_own_password(session, staff_id=member.id, session_id=ctx.session_id,
                                          current=PASSWORD, new=NEW, confirm=NEW, client_ip="10.0.0.9")
    assert result.ok, result
    session.expire_all()
    row = session.get(StaffUser, member.id)
    assert verify_password(NEW, row.password_hash) and not row.must_change_password
    assert authorize(session, mine, action="x", allowed=roles.READ) is not None  # this session stays
    assert authorize(session, other, action="x", allowed=roles.READ) is None  # the other one ended
    assert authorize(session, theirs, action="x", allowed=roles.READ) is not None  # a colleague's untouched
    (entry,) = _entries(session, "staff.password_changed")
    assert (entry.actor_kind, entry.actor_id, entry.client_ip) == ("staff", member.id, "10.0.0.9")
    assert json.loads(entry.after_json) == {"after_initial": True, "other_sessions_ended": 1}
    assert NEW not in (entry.after_json or "") and PASSWORD not in (entry.after_json or "")


def test_wrong_current_passwords_are_throttled(session):
    member = staff(session, StaffRole.OPERATOR)
    for _ in range(8):
        result = accounts.change_own_password(session, staff_id=member.id, session_id=None, current="zle",
                                              new=NEW, confirm=NEW)
    assert not result.ok and "Zbyt wiele" in result.message
    assert not accounts.change_own_password(session, staff_id=member.id, session_id=None, current=PASSWORD,
                                            new=NEW, confirm=NEW).ok


def test_an_admin_sets_an_initial_password_for_someone_else(session):
    admin = staff(session, StaffRole.ADMIN)
    member = staff(session, StaffRole.OPERATOR)
    token = create_session(session, staff_id=member.id)
    assert accounts.set_password(session, actor_id=admin.id, staff_id=member.id, password="abc",
                                 password_confirm="abc").errors.keys() == {"password"}
    assert accounts.set_password(session, actor_id=admin.id, staff_id=member.id, password=INITIAL,
                                 password_confirm="inne").errors.keys() == {"password_confirm"}
    assert not accounts.set_password(session, actor_id=admin.id, staff_id=admin.id, password=INITIAL,
                                     password_confirm=INITIAL).ok  # one's own: /admin/haslo
    assert not accounts.set_password(session, actor_id=member.id, staff_id=admin.id, password=INITIAL,
                                     password_confirm=INITIAL).ok  # an operator may not
    result = accounts.set_password(session, actor_id=admin.id, staff_id=member.id, password=INITIAL,
                                   password_confirm=INITIAL, client_ip="10.0.0.1")
    assert result.ok
    session.expire_all()
    row = session.get(StaffUser, member.id)
    assert row.must_change_password and verify_password(INITIAL, row.password_hash)
    assert session.exec(select(UserSession).where(UserSession.staff_id == member.id)).all() == []
    assert authorize(session, token, action="x", allowed=roles.READ) is None
    (entry,) = _entries(session, "staff.password_set")
    assert (entry.actor_id, entry.entity_id) == (admin.id, member.id)
    assert json.loads(entry.after_json)["must_change"] is True and json.loads(entry.before_json)["must_change"] is False
    assert INITIAL not in entry.after_json


# ---- the pages -------------------------------------------------------------------------

def _login(login: str, password: str) -> tuple[StaffLoginState, list]:
    state = new_state(StaffLoginState)
    call(state, StaffLoginState.load)
    events = call(state, StaffLoginState.submit_password, {"login": login, "password": password})
    return state, events


@pytest.mark.parametrize("page", [StaffDeskState, StaffCustomersState, StaffAccountsState])
def test_every_other_page_sends_a_member_with_an_initial_password_to_the_change(db, session, page):
    member = staff(session, StaffRole.ADMIN)
    member.must_change_password = True
    session.commit()
    state, events = _login(member.login, PASSWORD)
    assert redirect_target(events) == routes.STAFF_PASSWORD  # straight there after login
    other = new_state(page, staff_cookie=staff_browser_cookie(state))
    assert redirect_target(call(other, page.load)) == routes.STAFF_PASSWORD
    assert other.loaded is False


def test_the_forced_change_through_the_page_opens_the_desk(db, session):
    member = staff(session, StaffRole.OPERATOR)
    member.must_change_password = True
    session.commit()
    token = staff_browser_cookie(_login(member.login, PASSWORD)[0])
    page = new_state(StaffPasswordState, staff_cookie=token)
    assert redirect_target(call(page, StaffPasswordState.load)) is None
    assert page.loaded and page.forced
    call(page, StaffPasswordState.change, {"current_password": PASSWORD, "new_password": NEW,
                                           "new_password_confirm": "inne"})
    assert set(page.errors) == {"new_password_confirm"} and page.done == ""
    call(page, StaffPasswordState.change, {"current_password": PASSWORD, "new_password": NEW,
                                           "new_password_confirm": NEW})
    assert page.errors == {} and page.done and page.forced is False
    desk = new_state(StaffDeskState, staff_cookie=token)
    assert redirect_target(call(desk, StaffDeskState.load)) is None and desk.loaded


def test_a_member_without_a_forced_change_logs_in_to_the_desk(db, session):
    member = staff(session, StaffRole.OPERATOR)
    session.commit()
    assert redirect_target(_login(member.login, PASSWORD)[1]) == routes.STAFF_HOME


def test_the_admin_gives_a_new_initial_password_on_the_staff_page(db, session):
    admin = staff(session, StaffRole.ADMIN)
    member = staff(session, StaffRole.OPERATOR)
    session.commit()
    token = staff_browser_cookie(_login(admin.login, PASSWORD)[0])
    page = new_state(StaffAccountsState, staff_cookie=token)
    call(page, StaffAccountsState.load)
    call(page, StaffAccountsState.ask_password, admin.id)  # not one's own
    assert page.pw_for == ""
    call(page, StaffAccountsState.ask_password, member.id)
    assert member.login in page.pw_for
    call(page, StaffAccountsState.assign_password, {"initial_password": INITIAL, "initial_password_confirm": "x"})
    assert set(page.pw_errors) == {"initial_password_confirm"}
    call(page, StaffAccountsState.assign_password, {"initial_password": INITIAL,
                                                    "initial_password_confirm": INITIAL})
    assert page.pw_errors == {} and page.pw_for == "" and member.login in page.message
    session.expire_all()
    assert session.get(StaffUser, member.id).must_change_password
    _state, events = _login(member.login, INITIAL)
    assert redirect_target(events) == routes.STAFF_PASSWORD
