"""Every public method of every State class is a websocket endpoint that any browser
can call with any arguments. This test finds the handlers itself (a new one is
covered the moment it exists) and calls each one as a stranger would:

* with no session, every customer-zone handler redirects to the login page and
  leaves every var of the tab at its default (no customer data set);
* with garbage arguments, no handler raises;
* Reflex's generic `setvar` refuses every var of ours (no state_auto_setters; only
  Reflex's own `is_hydrated` has a setter).
"""
from __future__ import annotations

import inspect

import pytest
import reflex as rx
from state_support import call, new_state, redirect_target

import ibok_app.ibok_app  # noqa: F401  (registers every page and state)
from ibok_app import routes
from ibok_app.state.session import SessionState, customer_zone_states

GARBAGE = [None, [], 42, -1, 10**30, 3.5, True, "x" * 100_000, "\x00\ud800",
           {"a": {"b": [1, {"c": None}]}}, {"login": ["x"], "password": {"y": 1}, "value": -5}]

# SessionState descendants that serve people who are not logged in, and why.
PUBLIC_SESSION_HANDLERS = {
    "LoginState.load", "LoginState.submit",  # the login page itself
    "ConfirmEmailState.load",  # the e-mail link works without a session (the token is the proof)
}
# Handlers every SessionState descendant inherits that need no session: logging out,
# and the public pages' look at who is logged in (for the header only).
PUBLIC_INHERITED = {"logout", "peek"}


def _ibok_states() -> list[type[rx.State]]:
    found, todo = [], list(rx.State.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("ibok_app.") and not cls._mixin:  # a mixin is not in the tree
            found.append(cls)
    return sorted(found, key=lambda c: c.__name__)


def _handlers() -> list[tuple[type[rx.State], str]]:
    pairs = [(cls, name) for cls in _ibok_states() for name in cls.event_handlers if name != "setvar"]
    assert len(pairs) > 40  # the introspection found the portal's handlers
    return pairs


def _arity(cls, name: str) -> int:
    params = list(inspect.signature(cls.event_handlers[name].fn).parameters.values())[1:]
    return len([p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])


def _public_vars(state) -> dict:
    cls = type(state)
    return {name: getattr(state, name) for name, field in cls.__fields__.items()
            if field._owner is cls and not name.startswith("router") and not name.startswith("_")
            and name not in ("is_hydrated",)}


def _defaults(cls) -> dict:
    return {name: field.default_value() for name, field in cls.__fields__.items()
            if field._owner is cls and not name.startswith("router") and not name.startswith("_")
            and name not in ("is_hydrated",)}


CUSTOMER_ZONE = [(cls, name) for cls, name in _handlers()
                 if issubclass(cls, SessionState) and f"{cls.__name__}.{name}" not in PUBLIC_SESSION_HANDLERS
                 and name not in PUBLIC_INHERITED]
PUBLIC_ZONE = [(cls, name) for cls, name in _handlers() if issubclass(cls, SessionState) and name == "peek"]


@pytest.mark.parametrize("cls, name", PUBLIC_ZONE, ids=[f"{c.__name__}.{n}" for c, n in PUBLIC_ZONE])
@pytest.mark.parametrize("cookie", [None, "zmyslony-token"])
def test_a_public_look_without_a_session_sets_no_data(db, cls, name, cookie):
    state = new_state(cls, cookie=cookie)
    call(state, cls.event_handlers[name])
    root = state._get_root_state()
    base = root.get_substate(SessionState.get_full_name().split(".")[1:])
    assert base.logged_in is False and base.customer_name == ""
    for zone_cls in customer_zone_states():
        substate = root.get_substate(zone_cls.get_full_name().split(".")[1:])
        assert _public_vars(substate) == _defaults(zone_cls), (cls.__name__, name, zone_cls.__name__)


@pytest.mark.parametrize("cls, name", CUSTOMER_ZONE, ids=[f"{c.__name__}.{n}" for c, n in CUSTOMER_ZONE])
@pytest.mark.parametrize("cookie", [None, "zmyslony-token"])
def test_no_session_means_a_redirect_and_no_data(db, cls, name, cookie):
    for junk in (None, {"form": 1}):
        state = new_state(cls, cookie=cookie)
        events = call(state, cls.event_handlers[name], *([junk] * _arity(cls, name)))
        target = redirect_target(events)
        assert target is not None and target.startswith(routes.LOGIN), (cls.__name__, name, events)
        root = state._get_root_state()
        for zone_cls in customer_zone_states():
            substate = root.get_substate(zone_cls.get_full_name().split(".")[1:])
            assert _public_vars(substate) == _defaults(zone_cls), (cls.__name__, name, zone_cls.__name__)


ALL = _handlers()


@pytest.mark.parametrize("cls, name", ALL, ids=[f"{c.__name__}.{n}" for c, n in ALL])
def test_garbage_arguments_never_raise(db, cls, name):
    arity = _arity(cls, name)
    for junk in GARBAGE if arity else [None]:
        state = new_state(cls)
        call(state, cls.event_handlers[name], *([junk] * arity))  # raising fails the test


@pytest.mark.parametrize("cls", _ibok_states(), ids=lambda c: c.__name__)
def test_setvar_refuses_every_var(cls):
    state = new_state(cls)
    names = ["session_token", "staff_token", "_auth_token", "_auth_sid", "logged_in", "customer_name", "device_cookie",
             *(n for n in cls.__fields__ if not n.startswith("router") and n != "is_hydrated")]
    for name in names:
        with pytest.raises(AttributeError):
            cls.event_handlers["setvar"].fn(state, name, "x")


# ---- the back office (/admin, issue 10) ------------------------------------------------
from ibok_app.models import StaffRole  # noqa: E402
from ibok_app.state.staff_session import StaffSessionState, staff_zone_states  # noqa: E402

# StaffSessionState descendants that serve someone not yet signed in: the login page.
PUBLIC_STAFF_HANDLERS = {f"StaffLoginState.{name}" for name in
                         ("load", "submit_password", "submit_code", "submit_enrolment", "start_over",
                          "codes_saved")}
PUBLIC_STAFF_INHERITED = {"staff_logout"}

STAFF_ZONE = [(cls, name) for cls, name in _handlers()
              if issubclass(cls, StaffSessionState) and f"{cls.__name__}.{name}" not in PUBLIC_STAFF_HANDLERS
              and name not in PUBLIC_STAFF_INHERITED]


def test_the_back_office_has_handlers_to_guard():
    assert {cls.__name__ for cls, _ in STAFF_ZONE} >= {"StaffDeskState"}


def _staff_data_is_default(state) -> None:
    root = state._get_root_state()
    for zone_cls in [StaffSessionState, *staff_zone_states()]:
        substate = root.get_substate(zone_cls.get_full_name().split(".")[1:])
        assert _public_vars(substate) == _defaults(zone_cls), zone_cls.__name__


def _customer_token(session) -> str:
    from ibok_app.services.accounts.sessions import create_session
    from tests.factories.accounts import make_account
    account = make_account(session)
    token = create_session(session, account_id=account.id)
    session.commit()
    return token


@pytest.mark.parametrize("cls, name", STAFF_ZONE, ids=[f"{c.__name__}.{n}" for c, n in STAFF_ZONE])
@pytest.mark.parametrize("who", ["nobody", "garbage", "customer-as-staff", "customer-cookie"])
def test_the_back_office_refuses_without_a_staff_session_and_sets_no_data(db, session, cls, name, who):
    """No session, a made-up token, a customer's session token in the staff cookie, or
    a customer's own cookie: every admin handler sends to the staff login, sets nothing."""
    customer = _customer_token(session) if who.startswith("customer") else None
    cookies = {"nobody": {}, "garbage": {"staff_cookie": "zmyslony-token-" + "x" * 40},
               "customer-as-staff": {"staff_cookie": customer}, "customer-cookie": {"cookie": customer}}[who]
    for junk in (None, {"form": 1}):
        state = new_state(cls, **cookies)
        events = call(state, cls.event_handlers[name], *([junk] * _arity(cls, name)))
        assert redirect_target(events) == routes.STAFF_LOGIN, (cls.__name__, name, who, events)
        _staff_data_is_default(state)


LOWER_ROLES = [(cls, name, role) for cls, name in STAFF_ZONE for role in StaffRole
               if role not in cls.HANDLER_ROLES.get(name, cls.ROLES)]


@pytest.mark.parametrize("cls, name, role", LOWER_ROLES,
                         ids=[f"{c.__name__}.{n}-{r.value}" for c, n, r in LOWER_ROLES])
def test_a_lower_role_is_refused_audited_and_sees_no_data(db, session, cls, name, role):
    import json

    from sqlmodel import select

    from ibok_app.models import AuditLog
    from ibok_app.services.accounts.sessions import create_session
    from tests.factories.staff import staff
    member = staff(session, role)
    token = create_session(session, staff_id=member.id)
    session.commit()
    state = new_state(cls, staff_cookie=token)
    events = call(state, cls.event_handlers[name], *([None] * _arity(cls, name)))
    assert redirect_target(events) == f"{routes.STAFF_HOME}?{routes.STAFF_REFUSED}", (cls.__name__, name, events)
    root = state._get_root_state()
    for zone_cls in staff_zone_states():  # the header may name the member; no page data
        substate = root.get_substate(zone_cls.get_full_name().split(".")[1:])
        assert _public_vars(substate) == _defaults(zone_cls), zone_cls.__name__
    refusals = session.exec(select(AuditLog).where(AuditLog.action == "staff.refused")).all()
    assert [json.loads(r.after_json)["role"] for r in refusals] == [role.value]


# A member whose password an administrator set (a new account, a reset) must change it
# first: every admin handler but the password page's sends them there and sets no data.
FORCED_CHANGE = [(cls, name) for cls, name in STAFF_ZONE if not cls.PASSWORD_CHANGE_PAGE]


@pytest.mark.parametrize("cls, name", FORCED_CHANGE, ids=[f"{c.__name__}.{n}" for c, n in FORCED_CHANGE])
def test_an_initial_password_must_be_changed_before_any_admin_handler_works(db, session, cls, name):
    from ibok_app.services.accounts.sessions import create_session
    from tests.factories.staff import staff
    member = staff(session, StaffRole.ADMIN)
    member.must_change_password = True
    token = create_session(session, staff_id=member.id)
    session.commit()
    state = new_state(cls, staff_cookie=token)
    events = call(state, cls.event_handlers[name], *([None] * _arity(cls, name)))
    assert redirect_target(events) == routes.STAFF_PASSWORD, (cls.__name__, name, events)
    root = state._get_root_state()
    for zone_cls in staff_zone_states():
        substate = root.get_substate(zone_cls.get_full_name().split(".")[1:])
        assert _public_vars(substate) == _defaults(zone_cls), zone_cls.__name__
