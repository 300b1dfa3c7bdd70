"""Server-side sessions: hashed tokens, idle and absolute expiry, logout, purge."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from ibok_app.config import settings
from ibok_app.models import AccountStatus, StaffUser, UserSession
from ibok_app.services.accounts.sessions import (
    create_session,
    end_other_sessions,
    end_session,
    purge_expired,
    resolve_session,
)
from tests.factories.accounts import make_account

T0 = datetime(2025, 3, 1, 8, 0, 0)


@pytest.fixture
def account(session):
    return make_account(session, password_hash="$2b$12$" + "x" * 53)


def _row(session, token):
    digest = hashlib.sha256(token.encode()).hexdigest()
    return session.exec(select(UserSession).where(UserSession.token_hash == digest)).first()


def test_only_the_token_hash_is_stored(session, account):
    token = create_session(session, account_id=account.id, client_ip="198.51.100.7", now=T0)
    assert len(token) >= 43
    rows = session.exec(select(UserSession)).all()
    assert len(rows) == 1
    assert rows[0].token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert rows[0].expires_at == T0 + timedelta(hours=settings().session_absolute_hours)
    assert rows[0].subject_kind == "customer" and rows[0].client_ip == "198.51.100.7"


def test_resolve_gives_the_customer(session, account):
    token = create_session(session, account_id=account.id, now=T0)
    info = resolve_session(session, token, now=T0 + timedelta(minutes=5))
    assert info is not None
    assert (info.account_id, info.customer_id, info.staff_id) == (account.id, account.customer_id, None)
    assert info.subject_kind == "customer" and info.created_at == T0


@pytest.mark.parametrize("garbage", [None, 0, 12.5, b"bytes", [], {}, "", "short", "x" * 10_000_000,
                                     "ą" * 50, "\x00" * 43, "\ud800" * 43])
def test_garbage_tokens_resolve_to_nothing(session, account, garbage):
    create_session(session, account_id=account.id, now=T0)
    assert resolve_session(session, garbage, now=T0) is None
    end_session(session, garbage)  # no error either
    assert len(session.exec(select(UserSession)).all()) == 1


def test_idle_timeout_ends_and_deletes_the_session(session, account):
    idle = timedelta(minutes=settings().session_idle_minutes)
    token = create_session(session, account_id=account.id, now=T0)
    assert resolve_session(session, token, now=T0 + idle - timedelta(seconds=1)) is not None
    other = create_session(session, account_id=account.id, now=T0)
    assert resolve_session(session, other, now=T0 + idle) is None
    assert _row(session, other) is None


def test_activity_keeps_the_session_alive_but_writes_at_most_once_a_minute(session, account):
    token = create_session(session, account_id=account.id, now=T0)
    resolve_session(session, token, now=T0 + timedelta(seconds=30))
    assert _row(session, token).last_seen_at == T0
    resolve_session(session, token, now=T0 + timedelta(minutes=20))
    assert _row(session, token).last_seen_at == T0 + timedelta(minutes=20)
    assert resolve_session(session, token, now=T0 + timedelta(minutes=45)) is not None


def test_absolute_expiry_even_when_active(session, account):
    token = create_session(session, account_id=account.id, now=T0)
    t = T0
    limit = T0 + timedelta(hours=settings().session_absolute_hours)
    while t + timedelta(minutes=20) < limit:
        t += timedelta(minutes=20)
        assert resolve_session(session, token, now=t) is not None
    assert resolve_session(session, token, now=limit) is None
    assert _row(session, token) is None


def test_logout_and_ending_other_sessions(session, account):
    a = create_session(session, account_id=account.id, now=T0)
    b = create_session(session, account_id=account.id, now=T0)
    c = create_session(session, account_id=account.id, now=T0)
    stranger = make_account(session, password_hash="$2b$12$" + "y" * 53)
    d = create_session(session, account_id=stranger.id, now=T0)
    end_session(session, a)
    assert resolve_session(session, a, now=T0) is None
    assert end_other_sessions(session, account_id=account.id, keep_token=b) == 1
    assert resolve_session(session, b, now=T0) is not None
    assert resolve_session(session, c, now=T0) is None
    assert resolve_session(session, d, now=T0) is not None  # other customers untouched
    assert end_other_sessions(session, account_id=account.id) == 1
    assert resolve_session(session, b, now=T0) is None


def test_sessions_of_unusable_accounts_do_not_resolve(session, account):
    token = create_session(session, account_id=account.id, now=T0)
    account.status = AccountStatus.CLOSING  # §7: still readable
    session.add(account)
    assert resolve_session(session, token, now=T0) is not None
    account.status = AccountStatus.CLOSED
    session.add(account)
    assert resolve_session(session, token, now=T0) is None


def test_staff_sessions(session):
    staff = StaffUser(login="anna", full_name="Anna Nowak", email="anna@uskom.eu", password_hash="x")
    session.add(staff)
    session.flush()
    token = create_session(session, staff_id=staff.id, now=T0)
    info = resolve_session(session, token, now=T0)
    assert info.subject_kind == "staff" and info.staff_id == staff.id and info.customer_id is None
    staff.active = False
    session.add(staff)
    assert resolve_session(session, token, now=T0) is None


def test_exactly_one_subject(session, account):
    with pytest.raises(ValueError):
        create_session(session)
    with pytest.raises(ValueError):
        create_session(session, account_id=account.id, staff_id=1)


def test_purge_expired(session, account):
    idle = timedelta(minutes=settings().session_idle_minutes)
    create_session(session, account_id=account.id, now=T0)
    create_session(session, account_id=account.id, now=T0)
    fresh = create_session(session, account_id=account.id, now=T0 + idle)
    session.commit()
    assert purge_expired(session, now=T0 + idle + timedelta(minutes=1)) == 2
    assert resolve_session(session, fresh, now=T0 + idle + timedelta(minutes=1)) is not None
