"""Handlers that call a service behind a spinner: the spinner shows at their first
yield, and when the service fails the customer gets the generic message and the
spinner goes away (the state layer's one helper, ServiceCalls._call, does it)."""
from __future__ import annotations

import pytest
from state_support import logged_in, new_state, run

from ibok_app import demo, strings
from ibok_app.services.accounts import authentication, password_reset, profile, registration, terms
from ibok_app.services.accounts import closure as account_closure
from ibok_app.services.billing import contracts
from ibok_app.services.cases import complaints, tickets
from ibok_app.services.readings import submission
from ibok_app.state.activation import ActivationState
from ibok_app.state.base import FAILED
from ibok_app.state.complaints import ComplaintsState
from ibok_app.state.confirm_email import ConfirmEmailState
from ibok_app.state.contracts import ContractsState
from ibok_app.state.login import LoginState
from ibok_app.state.my_data import MyDataState
from ibok_app.state.password import ChangePasswordState, ForgotPasswordState
from ibok_app.state.readings import ReadingsState
from ibok_app.state.register import RegisterState
from ibok_app.state.session import SessionState
from ibok_app.state.terms import AcceptTermsState
from ibok_app.state.tickets import TicketsState

FORM = {"login": "100001", "password": "x", "login_or_email": "100001", "meter": "1", "value": "1",
        "body": "Dzień dobry", "description": "Opis", "subject": "Temat"}

# (state, handler, arguments, module and name of the service it calls, busy var, message var,
#  needs a session)
CASES = [
    (RegisterState, "submit", (FORM,), registration, "register", "busy", "message", False),
    (LoginState, "submit", (FORM,), authentication, "login", "busy", "message", False),
    (ForgotPasswordState, "submit", (FORM,), password_reset, "request_password_reset", "busy", "message", False),
    (ChangePasswordState, "submit", (FORM,), password_reset, "change_password", "busy", "message", True),
    (MyDataState, "save_contact", (FORM,), profile, "change_contact", "contact_busy", "contact_message", True),
    (MyDataState, "cancel_email_change", (), profile, "cancel_pending_email", "contact_busy", "contact_message",
     True),
    (MyDataState, "save_preferences", (FORM,), profile, "save_preferences", "prefs_busy", "prefs_message", True),
    (MyDataState, "close_account", (FORM,), account_closure, "request_closure", "close_busy", "close_message",
     True),
    (ComplaintsState, "submit", (FORM,), complaints, "create_complaint", "busy", "form_message", True),
    (TicketsState, "submit", (FORM,), tickets, "create_ticket", "busy", "form_message", True),
    (TicketsState, "add_message", (FORM,), tickets, "add_customer_message", "msg_busy", "msg_message", True),
    (ReadingsState, "submit", (FORM,), submission, "submit_reading", "busy", "form_message", True),
    (AcceptTermsState, "accept", (), terms, "accept_current", "busy", "message", True),
]


@pytest.fixture
def demo_db(db):
    demo.seed_demo(customers=3)
    return demo.demo_accounts()


def _broken(*_args, **_kwargs):
    raise RuntimeError("database gone")


def _drive(state, handler, args, busy_var: str) -> list[bool]:
    """Run the handler as Reflex does; the busy var at each of its yields."""
    async def go():
        root = state._get_root_state()
        await (await root.get_state(SessionState))._guard_connection()
        result = handler.fn(state, *args)
        if not hasattr(result, "__aiter__"):
            await result
            return []
        return [getattr(state, busy_var) async for _event in result]

    return run(go())


@pytest.mark.parametrize("cls, name, args, module, service, busy, message, needs_session", CASES,
                         ids=[f"{c[0].__name__}.{c[1]}" for c in CASES])
def test_a_failing_service_shows_the_generic_message_and_stops_the_spinner(
        demo_db, monkeypatch, cls, name, args, module, service, busy, message, needs_session):
    state = logged_in(cls, demo_db["registered"][0]) if needs_session else new_state(cls)
    if cls is TicketsState and name == "add_message":
        state.found, state.d_id = True, 1  # a ticket's detail is open
    monkeypatch.setattr(module, service, _broken)
    busy_at_yields = _drive(state, cls.event_handlers[name], args, busy)
    if busy_at_yields:  # a generator: its first yield shows the spinner
        assert busy_at_yields[0] is True
    assert getattr(state, message) == strings.GENERIC_ERROR
    assert getattr(state, busy) is False



# pages whose data comes from one service call: (state, module and name of a service it calls, needs a session)
LOADS = [
    (ContractsState, contracts, "list_contracts", True),
    (ComplaintsState, complaints, "document_options", True),
    (TicketsState, tickets, "list_tickets", True),
    (ReadingsState, submission, "customer_meters", True),
    (ActivationState, registration, "activate", False),
    (ConfirmEmailState, profile, "confirm_email", False),
]


@pytest.mark.parametrize("cls, module, service, needs_session", LOADS, ids=[c[0].__name__ for c in LOADS])
def test_a_page_whose_service_fails_shows_the_generic_message(demo_db, monkeypatch, cls, module, service,
                                                              needs_session):
    state = logged_in(cls, demo_db["registered"][0]) if needs_session else new_state(cls)
    monkeypatch.setattr(module, service, _broken)
    _drive(state, cls.event_handlers["load"], (), "loaded")  # raising fails the test
    assert state.message == strings.GENERIC_ERROR
    assert getattr(state, "ok", False) is False


def test_the_helper_returns_the_result_or_failed_and_always_clears_busy(db):
    state = new_state(RegisterState)

    async def go(fn):
        state.busy, state.message = True, ""
        return await state._call(fn, 2, busy="busy", error="message", factor=3)

    assert run(go(lambda _session, x, factor: x * factor)) == 6
    assert state.busy is False and state.message == ""
    assert run(go(_broken)) is FAILED
    assert state.busy is False and state.message == strings.GENERIC_ERROR
