"""What authenticates an event (issue 6): the cookie of the event's own connection,
or the token that very connection established at login, never a value remembered in
the tab's state from an earlier connection; a tab that loses its session loses every
customer's data."""
from __future__ import annotations

import pytest
from state_support import call, connect, login_token, new_state, redirect_target

from ibok_app import demo, routes
from ibok_app.state.cookies import cookie_value
from ibok_app.state.login import LoginState
from ibok_app.state.my_data import MyDataState
from ibok_app.state.panel import PanelState
from ibok_app.state.session import customer_zone_states


@pytest.fixture
def demo_db(db):
    demo.seed_demo(customers=6)
    return demo.demo_accounts()


def _loaded_my_data(account) -> MyDataState:
    state = new_state(MyDataState, cookie=login_token(account))
    assert redirect_target(call(state, MyDataState.load)) is None
    assert state.email
    return state


def test_the_cookie_of_the_connection_authenticates(demo_db):
    state = _loaded_my_data(demo_db["registered"][0])
    assert state.logged_in and state.customer_login == demo_db["registered"][0]["login"]


def test_a_new_connection_without_the_cookie_gets_nothing(demo_db):
    state = _loaded_my_data(demo_db["registered"][0])
    connect(state)  # another client with this tab's token, no cookie
    events = call(state, MyDataState.load)
    assert redirect_target(events).startswith(routes.LOGIN)
    assert state.email == "" and not state.logged_in and state.customer_name == ""


def test_any_event_on_a_foreign_connection_wipes_the_tab_first(demo_db):
    """Even an event that checks nothing (here: the login page's) wipes the data of
    the customer before it runs: ConnectionGuard runs before every event."""
    state = _loaded_my_data(demo_db["registered"][0])
    connect(state, cookie="zmyslony-token")
    login = state._get_root_state().get_substate(LoginState.get_full_name().split(".")[1:])
    call(login, LoginState.load)
    assert state.email == "" and state.address == "" and not state.logged_in


def test_a_cookie_of_another_customer_is_a_logout_of_the_first(demo_db):
    first, second = demo_db["registered"][0], demo_db["registered"][1]
    state = _loaded_my_data(first)
    connect(state, cookie=login_token(second))  # the browser now holds the second customer's cookie
    assert redirect_target(call(state, MyDataState.load)) is None
    assert state.customer_login == second["login"]


def test_a_login_binds_the_token_to_its_own_connection(demo_db):
    account = demo_db["registered"][0]
    login = new_state(LoginState)  # the handshake had no cookie: it is set after login
    call(login, LoginState.submit, {"login": account["login"], "password": account["password"]})
    panel = login._get_root_state().get_substate(PanelState.get_full_name().split(".")[1:])
    assert redirect_target(call(panel, PanelState.load)) is None and panel.number == account["login"]
    connect(panel)  # the same tab token from a new connection with no cookie
    assert redirect_target(call(panel, PanelState.load)).startswith(routes.LOGIN)
    assert panel.number == "" and panel.balance == ""


def test_logout_resets_every_customer_zone_substate(demo_db):
    state = _loaded_my_data(demo_db["registered"][0])
    root = state._get_root_state()
    panel = root.get_substate(PanelState.get_full_name().split(".")[1:])
    call(panel, PanelState.load)
    assert panel.number
    call(panel, PanelState.logout)
    for cls in customer_zone_states():
        substate = root.get_substate(cls.get_full_name().split(".")[1:])
        defaults = {name: field.default_value() for name, field in cls.__fields__.items()
                    if field._owner is cls and not name.startswith("router")}
        assert {name: getattr(substate, name) for name in defaults} == defaults, cls.__name__


@pytest.mark.parametrize("header, value", [
    ("ibok_session=abc", "abc"), ("a=1; ibok_session=abc; b=2", "abc"), ('ibok_session="abc"', "abc"),
    ("ibok_sessionx=abc", ""), ("", ""), (None, ""), (["ibok_session=abc"], ""),
    ("ibok_session=" + "x" * 500, ""), ("=; ;;ibok_session", ""),
])
def test_cookie_value(header, value):
    assert cookie_value(header, "ibok_session") == value
