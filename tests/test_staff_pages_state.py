"""The back office's states without a browser (issue 10): the two-step login through
StaffLoginState sets only the staff cookie, a staff session opens nothing in the
customer zone, and the staff accounts page acts through the services with an audit."""
from __future__ import annotations

import pyotp
from sqlmodel import select
from state_support import browser_cookie, call, new_state, redirect_target, staff_browser_cookie

import ibok_app.ibok_app  # noqa: F401  (registers every page and state)
from ibok_app import routes
from ibok_app.models import AuditLog, StaffRole, StaffUser
from ibok_app.state.panel import PanelState
from ibok_app.state.staff_accounts import StaffAccountsState
from ibok_app.state.staff_desk import StaffDeskState
from ibok_app.state.staff_login import StaffLoginState
from tests.factories.staff import PASSWORD, staff


def _login(member_login: str, secret: str | None) -> StaffLoginState:
    state = new_state(StaffLoginState)
    call(state, StaffLoginState.load)
    call(state, StaffLoginState.submit_password, {"login": member_login, "password": PASSWORD})
    if secret:
        assert state.step == "code" and staff_browser_cookie(state) == ""  # half-way is no session
        call(state, StaffLoginState.submit_code, {"code": "12345"})
        assert state.errors.get("code") and staff_browser_cookie(state) == ""
        events = call(state, StaffLoginState.submit_code, {"code": pyotp.TOTP(secret).now()})
        assert redirect_target(events) == routes.STAFF_HOME
    return state


def test_password_then_code_sets_the_staff_cookie_only(db, session):
    secret = pyotp.random_base32()
    member = staff(session, StaffRole.OPERATOR, totp_secret=secret)
    session.commit()
    state = _login(member.login, secret)
    token = staff_browser_cookie(state)
    assert token
    customer_cookie = browser_cookie(state)
    assert customer_cookie == ""  # the customer's cookie is not touched by a staff login
    desk = new_state(StaffDeskState, staff_cookie=token)
    assert redirect_target(call(desk, StaffDeskState.load)) is None and desk.loaded
    assert [c.status for c in desk.tickets_by_status] == ["new", "in_progress"] and desk.tickets_open == 0
    # the staff token opens nothing in the customer zone, as a customer cookie
    panel = new_state(PanelState, cookie=token)
    assert redirect_target(call(panel, PanelState.load)).startswith(routes.LOGIN)
    assert panel.loaded is False


def test_a_wrong_password_gives_the_one_message_and_no_session(db, session):
    member = staff(session, StaffRole.ADMIN)
    session.commit()
    state = new_state(StaffLoginState)
    call(state, StaffLoginState.submit_password, {"login": member.login, "password": "zle"})
    assert state.message.startswith("Nieprawidłowy login lub hasło") and staff_browser_cookie(state) == ""
    call(state, StaffLoginState.submit_password, {"login": "nie.ma.takiego", "password": PASSWORD})
    assert state.message.startswith("Nieprawidłowy login lub hasło") and staff_browser_cookie(state) == ""
    call(state, StaffLoginState.submit_password, {})
    assert set(state.errors) == {"login", "password"}


def test_the_admin_creates_an_operator_and_confirms_a_deactivation(db, session):
    admin = staff(session, StaffRole.ADMIN)
    session.commit()
    token = staff_browser_cookie(_login(admin.login, None))
    page = new_state(StaffAccountsState, staff_cookie=token)
    call(page, StaffAccountsState.load)
    assert [r.login for r in page.rows] == [admin.login]
    call(page, StaffAccountsState.create, {"login": "Jan.Operator", "full_name": "Jan Operator",
                                           "email": "jan@example.com", "role": "operator",
                                           "password": "Operator-Haslo-2026!",
                                           "password_confirm": "Operator-Haslo-2026!"})
    assert page.errors == {} and "jan.operator" in page.message
    created = next(r for r in page.rows if r.login == "jan.operator")
    call(page, StaffAccountsState.ask, "deactivate", created.id)
    assert "Jan Operator" in page.ask_text
    call(page, StaffAccountsState.cancel)
    session.expire_all()
    assert session.get(StaffUser, created.id).active
    call(page, StaffAccountsState.ask, "deactivate", created.id)
    call(page, StaffAccountsState.confirm)
    session.expire_all()
    assert not session.get(StaffUser, created.id).active
    call(page, StaffAccountsState.ask, "drop_database", created.id)  # not an action: nothing asked
    assert page.ask_text == ""
    actions = session.exec(select(AuditLog.action).where(AuditLog.actor_id == admin.id,
                                                         AuditLog.actor_kind == "staff")).all()
    assert {"staff.create", "staff.deactivate"} <= set(actions)
