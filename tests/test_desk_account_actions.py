"""The customer card's account actions: each audited, each refused for garbage."""
from datetime import timedelta

import pytest
from sqlmodel import select

from ibok_app.models import AccountStatus, AuditLog, Customer, CustomerStatus, PortalAccount, utcnow
from ibok_app.services.accounts import authentication, closure, registration
from ibok_app.services.accounts.sessions import create_session, resolve_session
from ibok_app.services.desk import account_actions as actions
from tests.factories.accounts import KNOWN_PASSWORD, make_invoice
from tests.factories.cases import customer_with_account, emails_to
from tests.factories.staff import staff


def _audited(session, action):
    return session.exec(select(AuditLog).where(AuditLog.action == action)).all()


@pytest.fixture
def member(session):
    return staff(session)


def test_lock_ends_sessions_and_login_and_unlock_restores(session, member):
    who = customer_with_account(session)
    token = create_session(session, account_id=who.account_id)
    result = actions.lock_account(session, member.id, who.customer_id, "Podejrzenie przejęcia konta",
                                  client_ip="10.0.0.1")
    assert result.ok and "zablokowane" in result.message
    assert resolve_session(session, token) is None
    login = authentication.login(session, login=who.account.login, password=KNOWN_PASSWORD)
    assert not login.ok
    [entry] = _audited(session, "account.locked")
    assert entry.actor_id == member.id and '"status": "active"' in entry.before_json
    assert "Podejrzenie" in entry.after_json and entry.client_ip == "10.0.0.1"
    assert not actions.lock_account(session, member.id, who.customer_id).ok  # already locked

    assert actions.unlock_account(session, member.id, who.customer_id).ok
    assert session.get(PortalAccount, who.account_id).status == AccountStatus.ACTIVE
    assert authentication.login(session, login=who.account.login, password=KNOWN_PASSWORD).ok
    assert len(_audited(session, "account.unlocked")) == 1
    assert not actions.unlock_account(session, member.id, who.customer_id).ok


def test_locked_account_cannot_be_registered_again(session, member):
    who = customer_with_account(session)
    invoice = make_invoice(session, who.customer, gross_gr=12_345)
    actions.lock_account(session, member.id, who.customer_id)
    result = registration.register(
        session, customer_number=who.customer.number, invoice_number=invoice.number, gross_amount="123,45",
        phone="601 234 567", email="nowy@example.com", password="Inne-Hasło-2026!x",
        password_confirm="Inne-Hasło-2026!x", accepted_terms=True)
    assert not result.ok and result.message == registration.MSG_ACCOUNT_LOCKED
    assert session.get(PortalAccount, who.account_id).status == AccountStatus.LOCKED


def test_unlock_returns_a_pending_account_to_pending(session, member):
    who = customer_with_account(session, status=AccountStatus.PENDING)
    who.account.activation_token_hash = "a" * 64
    session.flush()
    actions.lock_account(session, member.id, who.customer_id)
    actions.unlock_account(session, member.id, who.customer_id)
    assert session.get(PortalAccount, who.account_id).status == AccountStatus.PENDING


def test_end_sessions(session, member):
    who = customer_with_account(session)
    tokens = [create_session(session, account_id=who.account_id) for _ in range(2)]
    result = actions.end_sessions(session, member.id, who.customer_id)
    assert result.ok and "2" in result.message
    assert all(resolve_session(session, t) is None for t in tokens)
    assert '"sessions_ended": 2' in _audited(session, "account.sessions_ended")[0].after_json


def test_resend_activation_only_for_pending(session, member):
    who = customer_with_account(session, status=AccountStatus.PENDING)
    assert actions.resend_activation(session, member.id, who.customer_id).ok
    mails = emails_to(session, who.account.email)
    assert len(mails) == 1 and "/aktywacja?token=" in mails[0].body_text
    assert session.get(PortalAccount, who.account_id).activation_token_hash
    active = customer_with_account(session)
    assert not actions.resend_activation(session, member.id, active.customer_id).ok
    assert len(_audited(session, "account.activation_resent")) == 1


def test_temporary_password_is_mailed_never_shown(session, member):
    who = customer_with_account(session)
    result = actions.send_temporary_password(session, member.id, who.customer_id)
    assert result.ok and who.account.email in result.message
    [mail] = emails_to(session, who.account.email)
    account = session.get(PortalAccount, who.account_id)
    assert account.temp_password_hash and account.temp_password_expires_at > utcnow()
    entry = _audited(session, "account.temporary_password_sent")[0]
    assert "hash" not in (entry.after_json or "")
    locked = customer_with_account(session)
    actions.lock_account(session, member.id, locked.customer_id)
    assert not actions.send_temporary_password(session, member.id, locked.customer_id).ok


def test_company_closure_through_to_erasure(session, member):
    who = customer_with_account(session)
    token = create_session(session, account_id=who.account_id)
    start = utcnow()
    result = actions.start_closure(session, member.id, who.customer_id, now=start)
    assert result.ok and "§7" in result.message
    account = session.get(PortalAccount, who.account_id)
    assert account.status == AccountStatus.CLOSING
    assert session.get(Customer, who.customer_id).status == CustomerStatus.TERMINATED
    [notice] = emails_to(session, who.account.email)
    assert "dezaktywacja" in notice.subject.lower() and "14 dni" in notice.body_text
    assert resolve_session(session, token) is not None  # 14 more days of access
    assert _audited(session, "account.closure_started")[0].actor_id == member.id
    assert not actions.start_closure(session, member.id, who.customer_id, now=start).ok  # once

    assert closure.erase_due_accounts(session, now=start + timedelta(days=13)) == 0  # the clock moves
    assert authentication.login(session, login=who.account.login, password=KNOWN_PASSWORD).ok
    assert closure.erase_due_accounts(session, now=start + timedelta(days=14, minutes=1)) == 1
    assert session.exec(select(PortalAccount).where(PortalAccount.customer_id == who.customer_id)).first() is None
    assert session.get(Customer, who.customer_id) is not None  # documents and customer stay
    assert not authentication.login(session, login=who.customer.number, password=KNOWN_PASSWORD).ok


def test_locked_closing_account_is_erased_on_time(session, member):
    who = customer_with_account(session)
    start = utcnow()
    actions.start_closure(session, member.id, who.customer_id, now=start)
    actions.lock_account(session, member.id, who.customer_id)
    assert closure.erase_due_accounts(session, now=start + timedelta(days=15)) == 1


def test_closure_without_account_marks_the_contract_ended(session, member):
    who = customer_with_account(session)
    session.delete(who.account)
    session.flush()
    result = actions.start_closure(session, member.id, who.customer_id)
    assert result.ok and session.get(Customer, who.customer_id).status == CustomerStatus.TERMINATED


@pytest.mark.parametrize("action", [actions.resend_activation, actions.lock_account, actions.unlock_account,
                                    actions.end_sessions, actions.send_temporary_password,
                                    actions.start_closure])
@pytest.mark.parametrize("staff_id,customer_id", [(None, None), ("x", 1), (2**40, 1), (True, True),
                                                  ("1\x00", "\x00"), ("9" * 10_000, [])])
def test_garbage_is_refused_without_a_trace(session, member, action, staff_id, customer_id):
    who = customer_with_account(session)
    result = action(session, staff_id, customer_id)
    assert not result.ok and result.message
    assert action(session, member.id, "nie-id").message == actions.NO_CUSTOMER
    assert session.exec(select(AuditLog)).all() == []
    assert session.get(PortalAccount, who.account_id).status == AccountStatus.ACTIVE


def test_inactive_staff_is_refused(session):
    who = customer_with_account(session)
    gone = staff(session, active=False)
    assert actions.lock_account(session, gone.id, who.customer_id).message == actions.NO_RIGHTS
