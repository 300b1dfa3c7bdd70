"""State handlers called as a browser would call them over the websocket: with any
arguments, with or without a session. They must never raise, must check the session
themselves and must scope data by the session's customer."""
from __future__ import annotations

import pytest
from sqlmodel import select
from state_support import browser_cookie, call, connect, logged_in, new_state, redirect_target, set_browser_cookie

import ibok_app.ibok_app  # noqa: F401  (registers every page and state: the file runs alone too)
from ibok_app import demo, routes
from ibok_app.models import PortalAccount, TermsAcceptance, UserSession
from ibok_app.services.accounts import terms
from ibok_app.state.login import LoginState
from ibok_app.state.panel import PanelState
from ibok_app.state.password import ChangePasswordState, ForgotPasswordState
from ibok_app.state.register import RegisterState
from ibok_app.state.terms import AcceptTermsState

GARBAGE = [None, [], 42, "text", {"login": 5, "password": ["x"]}, {"login": "1" * 100_000}]


@pytest.fixture
def demo_db(db):
    demo.seed_demo(customers=6)
    return demo.demo_accounts()


@pytest.mark.parametrize("form", GARBAGE)
def test_login_never_raises_on_garbage(db, form):
    state = new_state(LoginState)
    events = call(state, LoginState.submit, form)
    assert browser_cookie(state) == ""
    assert redirect_target(events) is None
    assert state.errors or state.message


def test_wrong_password_gives_the_generic_message_and_no_session(demo_db):
    account = demo_db["registered"][0]
    state = new_state(LoginState)
    call(state, LoginState.submit, {"login": account["login"], "password": "Zupelnie-Zle-1"})
    other = new_state(LoginState)
    call(other, LoginState.submit, {"login": "999999", "password": "Zupelnie-Zle-1"})
    assert state.message == other.message == "Nieprawidłowy login lub hasło."
    assert browser_cookie(state) == ""


def test_login_sets_the_cookie_and_the_panel_loads_that_customer(demo_db):
    account = demo_db["registered"][0]
    state = new_state(LoginState)
    events = call(state, LoginState.submit, {"login": account["login"], "password": account["password"]})
    assert redirect_target(events) == routes.PANEL
    panel = new_state(PanelState, cookie=browser_cookie(state))
    assert redirect_target(call(panel, PanelState.load)) is None
    assert panel.number == account["login"]
    assert panel.balance.endswith("zł")
    assert panel.loaded


@pytest.mark.parametrize("token", ["", "forged-token", "x" * 10_000])
def test_protected_handlers_redirect_without_a_valid_session(db, token):
    for cls, handler, args in [
        (PanelState, PanelState.load, ()),
        (ChangePasswordState, ChangePasswordState.load, ()),
        (ChangePasswordState, ChangePasswordState.submit, ({"new_password": "x"},)),
        (AcceptTermsState, AcceptTermsState.accept, ()),
    ]:
        state = new_state(cls, cookie=token)
        set_browser_cookie(state, token)
        target = redirect_target(call(state, handler, *args))
        assert target is not None and target.startswith(routes.LOGIN), (cls, handler)


def test_logout_ends_the_server_session(demo_db, session):
    panel = logged_in(PanelState, demo_db["registered"][0])
    token = browser_cookie(panel)
    events = call(panel, PanelState.logout)
    assert redirect_target(events).startswith(routes.LOGIN)
    assert browser_cookie(panel) == ""
    from ibok_app.services.accounts.sessions import resolve_session

    assert resolve_session(session, token) is None
    connect(panel, cookie=token)  # a replayed cookie is refused
    assert redirect_target(call(panel, PanelState.load)).startswith(routes.LOGIN)


def test_new_terms_block_the_panel_until_accepted(demo_db, session):
    account = demo_db["registered"][1]
    terms.publish(session, "Regulamin v2", "§ 1\nZmieniona treść.")
    session.commit()
    panel = logged_in(PanelState, account)
    assert redirect_target(call(panel, PanelState.load)) == routes.ACCEPT_TERMS
    accept = new_state(AcceptTermsState, cookie=browser_cookie(panel))
    assert redirect_target(call(accept, AcceptTermsState.accept)) == routes.PANEL
    assert redirect_target(call(panel, PanelState.load)) is None
    account_id = session.exec(select(PortalAccount.id).where(PortalAccount.login == account["login"])).one()
    current = terms.current_terms(session)
    assert session.exec(select(TermsAcceptance).where(TermsAcceptance.account_id == account_id,
                                                      TermsAcceptance.terms_version_id == current.id)).first()


@pytest.mark.parametrize("form", GARBAGE)
def test_register_and_forgot_never_raise(db, session, form):
    reg = new_state(RegisterState)
    call(reg, RegisterState.submit, form)
    assert reg.message and reg.done_login == ""
    forgot = new_state(ForgotPasswordState)
    call(forgot, ForgotPasswordState.submit, form)
    assert forgot.errors or forgot.done
    assert session.exec(select(PortalAccount)).first() is None


def test_password_change_needs_the_current_password_and_ends_other_sessions(demo_db, session):
    account = demo_db["registered"][2]
    first = logged_in(ChangePasswordState, account)
    second = logged_in(ChangePasswordState, account)
    call(first, ChangePasswordState.load)
    call(first, ChangePasswordState.submit, {"current_password": "zle", "new_password": "Nowe-Haslo-Wodne-88",
                                             "new_password_confirm": "Nowe-Haslo-Wodne-88"})
    assert first.errors.get("current_password")
    call(first, ChangePasswordState.submit, {"current_password": account["password"],
                                             "new_password": "Nowe-Haslo-Wodne-88",
                                             "new_password_confirm": "Nowe-Haslo-Wodne-88"})
    assert first.done and not first.errors
    from ibok_app.services.accounts.sessions import resolve_session

    assert resolve_session(session, browser_cookie(first)) is not None
    assert resolve_session(session, browser_cookie(second)) is None
    assert session.exec(select(UserSession)).all()


def test_accept_terms_page_survives_a_failing_database(demo_db, session, monkeypatch):
    """A service failure while loading the new terms shows the generic message; nothing raises."""
    account = demo_db["registered"][1]
    terms.publish(session, "Regulamin v3", "§ 1\nJeszcze nowsza treść.")
    session.commit()
    state = logged_in(AcceptTermsState, account)

    def broken(_session):
        raise RuntimeError("database gone")

    import ibok_app.state.terms as terms_state

    monkeypatch.setattr(terms_state, "_current", broken)  # the page's data, not the session check
    call(state, AcceptTermsState.load)  # raising fails the test
    assert state.message and not state.loaded


def test_a_tab_keeps_only_the_shown_pages_lists(demo_db):
    """Every tab's state tree lives in the server's memory: leaving a page empties its
    lists (the page loads them again when shown)."""
    from ibok_app.state.documents import DocumentsState
    from ibok_app.state.payments import PaymentsState

    account = demo_db["registered"][0]
    login = new_state(LoginState)
    call(login, LoginState.submit, {"login": account["login"], "password": account["password"]})
    payments = new_state(PaymentsState, cookie=browser_cookie(login))
    call(payments, PaymentsState.load)
    assert payments.loaded and payments.rows and payments.months and payments.chart
    balance = payments.balance

    documents = payments._get_root_state().get_substate(DocumentsState.get_full_name().split("."))
    assert redirect_target(call(documents, DocumentsState.load)) is None
    assert documents.loaded and documents.rows
    assert not payments.loaded
    assert payments.rows == [] and payments.months == [] and payments.chart == [] and payments.online == []
    assert payments.balance == balance  # small values stay; the page reloads them anyway

    call(payments, PaymentsState.load)  # back again: everything is there
    assert payments.loaded and payments.rows and not documents.loaded and documents.rows == []
