"""Staff login (issue 10): password, then a TOTP code computed here with pyotp or a
recovery code; enrolment with the QR code; one message for every failure; throttling;
login tickets that are not sessions; staff sessions 15 min idle, 8 h absolute."""
from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

import pyotp
import pytest
from sqlmodel import select

from ibok_app.models import AuditLog, StaffLoginTicket, StaffRecoveryCode, StaffRole, StaffUser, UserSession
from ibok_app.services.accounts.portal_access import customer_context
from ibok_app.services.accounts.sessions import create_session, purge_expired, resolve_session
from ibok_app.services.staff import authentication as auth
from ibok_app.services.staff import policy, second_factor
from ibok_app.services.staff.authorization import staff_context
from tests.factories.accounts import make_account
from tests.factories.staff import PASSWORD, staff

T0 = datetime(2026, 3, 2, 8, 0, 0)
IP = "192.0.2.10"
GARBAGE = [None, 0, 2**70, 12.5, b"x", [], {}, "", "x" * 1_000_000, "\x00" * 40, "\ud800" * 40, "ą" * 200]


def code_at(secret: str, when: datetime) -> str:
    return pyotp.TOTP(secret).at(when.replace(tzinfo=timezone.utc))


def _enrolled(session, role=StaffRole.OPERATOR):
    secret = pyotp.random_base32()
    return staff(session, role, totp_secret=secret), secret


def test_without_a_second_factor_the_password_opens_a_staff_session(session):
    member = staff(session)
    result = auth.login(session, login=member.login.upper(), password=PASSWORD, client_ip=IP, now=T0)
    assert result.ok and result.step == "done" and result.token and not result.ticket
    ctx = staff_context(session, result.token, now=T0)
    assert ctx.staff_id == member.id and ctx.role == "operator"
    assert session.get(StaffUser, member.id).last_login_at == T0
    assert session.exec(select(AuditLog).where(AuditLog.action == "staff.login")).one().actor_id == member.id


def test_every_failure_has_the_same_message(session):
    member = staff(session)
    inactive = staff(session, active=False)
    answers = [
        auth.login(session, login="nikt.taki", password=PASSWORD, now=T0),
        auth.login(session, login=member.login, password="Złe-Hasło-123", now=T0),
        auth.login(session, login=inactive.login, password=PASSWORD, now=T0),
    ]
    for _ in range(10):  # throttled now
        answers.append(auth.login(session, login=member.login, password="Złe-Hasło-123", now=T0))
    throttled = auth.login(session, login=member.login, password=PASSWORD, now=T0)
    assert throttled.retry_after > 0
    answers.append(throttled)
    assert {a.message for a in answers} == {auth.MSG_LOGIN_FAILED}
    assert all(not a.ok and a.step == "failed" and not a.token and not a.ticket for a in answers)


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_never_raises(session, garbage):
    member, _secret = _enrolled(session)
    assert auth.login(session, login=garbage, password=garbage, client_ip=garbage, now=T0).step == "failed"
    assert auth.login(session, login=member.login, password=garbage, now=T0).step == "failed"
    ticket = auth.login(session, login=member.login, password=PASSWORD, now=T0).ticket
    assert not auth.verify_code(session, ticket=garbage, code="123456", now=T0).ok
    assert not auth.verify_code(session, ticket=ticket, code=garbage, client_ip=garbage, now=T0).ok
    assert auth.start_login_enrolment(session, ticket=garbage, now=T0) is None
    assert not auth.finish_login_enrolment(session, ticket=garbage, code=garbage, now=T0).ok
    assert second_factor.verify(session, member.id, garbage, now=T0) is None
    assert second_factor.verify(session, garbage, "123456", now=T0) is None
    assert second_factor.start_enrolment(session, garbage) is None
    assert not second_factor.confirm_enrolment(session, garbage, garbage, now=T0).ok
    assert staff_context(session, garbage) is None
    auth.logout(session, garbage)


def test_throttled_per_login_and_per_address(session):
    member = staff(session)
    for _ in range(5):
        auth.login(session, login=member.login, password="Złe-Hasło-123", now=T0)
    assert auth.login(session, login=member.login, password="Złe-Hasło-123", now=T0).retry_after == 0
    assert auth.login(session, login=member.login, password=PASSWORD, now=T0).retry_after > 0  # 6th failure blocks
    later = T0 + timedelta(minutes=1)
    assert auth.login(session, login=member.login, password=PASSWORD, now=later).step == "done"
    other = staff(session)
    for n in range(11):
        auth.login(session, login=f"zgadywany.{n}", password="x", client_ip=IP, now=later)
    assert auth.login(session, login=other.login, password=PASSWORD, client_ip=IP, now=later).step == "failed"
    assert auth.login(session, login=other.login, password=PASSWORD, client_ip="192.0.2.99", now=later).ok


def test_login_with_a_totp_code(session):
    member, secret = _enrolled(session)
    first = auth.login(session, login=member.login, password=PASSWORD, client_ip=IP, now=T0)
    assert first.ok and first.step == "code" and first.ticket and not first.token
    assert session.exec(select(UserSession)).all() == []  # the half-done login is no session
    assert staff_context(session, first.ticket, now=T0) is None
    assert session.exec(select(StaffLoginTicket)).one().token_hash != first.ticket
    done = auth.verify_code(session, ticket=first.ticket, code=code_at(secret, T0 + timedelta(seconds=5)),
                            client_ip=IP, now=T0 + timedelta(seconds=5))
    assert done.ok and done.step == "done" and done.token and not done.used_recovery_code
    assert staff_context(session, done.token, now=T0 + timedelta(seconds=5)).staff_id == member.id
    again = auth.verify_code(session, ticket=first.ticket, code=code_at(secret, T0), now=T0)
    assert again.restart and not again.ok  # the ticket was consumed


def test_a_code_works_once_and_one_step_either_side(session):
    member, secret = _enrolled(session)
    ticket = auth.login(session, login=member.login, password=PASSWORD, now=T0).ticket
    assert auth.verify_code(session, ticket=ticket, code=code_at(secret, T0 - timedelta(seconds=30)), now=T0).ok
    ticket = auth.login(session, login=member.login, password=PASSWORD, now=T0).ticket
    replay = auth.verify_code(session, ticket=ticket, code=code_at(secret, T0 - timedelta(seconds=30)), now=T0)
    assert not replay.ok and replay.message == auth.MSG_CODE_FAILED
    assert auth.verify_code(session, ticket=ticket, code=code_at(secret, T0 + timedelta(seconds=30)), now=T0).ok
    ticket = auth.login(session, login=member.login, password=PASSWORD, now=T0 + timedelta(minutes=3)).ticket
    too_old = code_at(secret, T0 + timedelta(minutes=2))
    assert not auth.verify_code(session, ticket=ticket, code=too_old, now=T0 + timedelta(minutes=3)).ok


def test_a_recovery_code_works_once(session):
    member = staff(session)
    enrolment = second_factor.start_enrolment(session, member.id)
    confirmed = second_factor.confirm_enrolment(session, member.id, code_at(enrolment.secret, T0), now=T0)
    codes = confirmed.recovery_codes
    assert len(codes) == 10 == len(set(codes))
    stored = session.exec(select(StaffRecoveryCode.code_hash)).all()
    assert not set(codes) & set(stored)
    later = T0 + timedelta(minutes=10)
    ticket = auth.login(session, login=member.login, password=PASSWORD, now=later).ticket
    done = auth.verify_code(session, ticket=ticket, code=f"  {codes[3].upper()} ", now=later)
    assert done.ok and done.used_recovery_code
    assert second_factor.recovery_codes_left(session, member.id) == 9
    ticket = auth.login(session, login=member.login, password=PASSWORD, now=later).ticket
    assert not auth.verify_code(session, ticket=ticket, code=codes[3], now=later).ok
    assert auth.verify_code(session, ticket=ticket, code=codes[4].replace("-", ""), now=later).ok


def test_wrong_codes_are_throttled_and_end_the_ticket(session):
    member, secret = _enrolled(session)
    ticket = auth.login(session, login=member.login, password=PASSWORD, now=T0).ticket
    answers = [auth.verify_code(session, ticket=ticket, code="000000", now=T0) for _ in range(4)]
    assert {a.message for a in answers} == {auth.MSG_CODE_FAILED} and not any(a.restart for a in answers)
    refused = auth.verify_code(session, ticket=ticket, code=code_at(secret, T0), now=T0)
    assert not refused.ok and refused.retry_after > 0 and refused.message == auth.MSG_CODE_FAILED
    after_wait = T0 + timedelta(seconds=31)
    last = auth.verify_code(session, ticket=ticket, code="000000", now=after_wait)
    assert last.restart and auth.TICKET_ATTEMPTS == 5  # the fifth wrong code ends the ticket
    later = T0 + timedelta(hours=2)
    ticket = auth.login(session, login=member.login, password=PASSWORD, now=later).ticket
    assert auth.verify_code(session, ticket=ticket, code=code_at(secret, later), now=later).ok


def test_a_ticket_expires_after_five_minutes(session):
    member, secret = _enrolled(session)
    ticket = auth.login(session, login=member.login, password=PASSWORD, now=T0).ticket
    late = T0 + timedelta(minutes=5)
    result = auth.verify_code(session, ticket=ticket, code=code_at(secret, late), now=late)
    assert result.restart and not result.token
    assert session.exec(select(StaffLoginTicket)).all() == []


def test_enrolment_required_by_an_administrator(session):
    admin = staff(session, StaffRole.ADMIN)
    assert policy.set_second_factor_required(session, actor_id=admin.id, required=True).ok
    first = auth.login(session, login=admin.login, password=PASSWORD, now=T0)
    assert first.ok and first.step == "enrol" and first.ticket and not first.token
    assert not auth.verify_code(session, ticket=first.ticket, code="123456", now=T0).ok  # wrong kind of ticket
    enrolment = auth.start_login_enrolment(session, ticket=first.ticket, now=T0)
    assert enrolment.uri.startswith("otpauth://totp/") and f"secret={enrolment.secret}" in enrolment.uri
    assert "issuer=IBOK" in enrolment.uri and admin.login in enrolment.uri
    assert enrolment.qr_svg.startswith("<svg") and "<title>" in enrolment.qr_svg
    assert enrolment.qr_data_uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(enrolment.qr_data_uri.split(",", 1)[1]).startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert enrolment.secret_grouped.replace(" ", "") == enrolment.secret
    assert session.get(StaffUser, admin.id).totp_secret is None  # not before it is confirmed
    wrong = auth.finish_login_enrolment(session, ticket=first.ticket, code="000000", now=T0)
    assert not wrong.ok and not wrong.recovery_codes
    later = T0 + timedelta(minutes=10)  # enrolment tickets last longer than code tickets
    done = auth.finish_login_enrolment(session, ticket=first.ticket, code=code_at(enrolment.secret, later), now=later)
    assert done.ok and done.step == "done" and done.token and len(done.recovery_codes) == 10
    row = session.get(StaffUser, admin.id)
    assert row.totp_secret == enrolment.secret and row.totp_pending_secret is None
    nxt = auth.login(session, login=admin.login, password=PASSWORD, now=later + timedelta(minutes=1))
    assert nxt.step == "code"


def test_voluntary_enrolment_keeps_the_old_factor_until_confirmed(session):
    member, old = _enrolled(session)
    enrolment = second_factor.start_enrolment(session, member.id)
    assert not second_factor.confirm_enrolment(session, member.id, code_at(old, T0), now=T0).ok
    assert session.get(StaffUser, member.id).totp_secret == old
    assert second_factor.confirm_enrolment(session, member.id, code_at(enrolment.secret, T0), now=T0).ok
    assert session.get(StaffUser, member.id).totp_secret == enrolment.secret


def test_staff_session_idle_15_minutes_absolute_8_hours(session):
    member = staff(session)
    token = create_session(session, staff_id=member.id, now=T0)
    assert resolve_session(session, token, now=T0 + timedelta(minutes=14, seconds=59)) is not None
    assert resolve_session(session, token, now=T0 + timedelta(minutes=29, seconds=58)) is not None
    assert resolve_session(session, token, now=T0 + timedelta(minutes=45)) is None  # 15 min idle
    token = create_session(session, staff_id=member.id, now=T0)
    t = T0
    while t + timedelta(minutes=10) < T0 + timedelta(hours=8):
        t += timedelta(minutes=10)
        assert staff_context(session, token, now=t) is not None
    assert staff_context(session, token, now=T0 + timedelta(hours=8)) is None
    idle = create_session(session, staff_id=member.id, now=T0)
    account = make_account(session)
    customer = create_session(session, account_id=account.id, now=T0)
    session.commit()
    assert purge_expired(session, now=T0 + timedelta(minutes=16)) == 1  # the staff one only
    assert resolve_session(session, idle, now=T0 + timedelta(minutes=16)) is None
    assert resolve_session(session, customer, now=T0 + timedelta(minutes=16)) is not None


def test_a_staff_session_is_never_a_customer_one_and_vice_versa(session):
    member = staff(session)
    account = make_account(session)
    staff_token = auth.login(session, login=member.login, password=PASSWORD).token
    customer_token = create_session(session, account_id=account.id)
    row = session.exec(select(UserSession).where(UserSession.staff_id == member.id)).one()
    seen = row.last_seen_at
    assert customer_context(session, staff_token) is None
    assert resolve_session(session, staff_token, now=seen + timedelta(minutes=5), kind="customer") is None
    session.refresh(row)
    assert row.last_seen_at == seen  # asking the wrong zone does not keep the session alive
    assert staff_context(session, customer_token) is None
    assert customer_context(session, customer_token) is not None
    assert staff_context(session, staff_token) is not None


def test_logout_ends_only_staff_sessions(session):
    member = staff(session)
    account = make_account(session)
    token = auth.login(session, login=member.login, password=PASSWORD, now=T0).token
    customer_token = create_session(session, account_id=account.id, now=T0)
    auth.logout(session, customer_token, now=T0)
    assert resolve_session(session, customer_token, now=T0) is not None
    auth.logout(session, token, now=T0)
    assert staff_context(session, token, now=T0) is None
