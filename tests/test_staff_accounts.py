"""Staff accounts (issue 10): creation with the customers' password policy, role
changes, deactivation, the last active administrator, second-factor reset, the
admin-only rule and an audit entry with before/after for every change."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlmodel import select

from ibok_app.models import AuditLog, StaffRecoveryCode, StaffRole, StaffUser, UserSession
from ibok_app.services.accounts.passwords import verify_password
from ibok_app.services.accounts.sessions import create_session
from ibok_app.services.staff import accounts, policy
from ibok_app.services.staff.accounts import create_staff
from tests.factories.staff import staff

T0 = datetime(2026, 3, 2, 8, 0, 0)
GOOD = "Kranówka-Pitna-2026"
GARBAGE = [None, 0, -1, 2**40, True, 12.5, b"bytes", [], {}, "", " ", "x" * 100_000, "\x00", "\ud800", "1\x00"]


def _entries(session, action):
    return session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all()


def _new(session, actor_id=None, **overrides):
    fields = dict(login="jan.nowak", full_name="Jan Nowak", email="Jan.Nowak@USKOM.eu", role="operator",
                  password=GOOD)
    fields.update(overrides)
    return create_staff(session, actor_id=actor_id, **fields)


def test_the_command_line_creates_an_account_with_a_bcrypt_hash_and_an_audit_entry(session):
    result = _new(session, login="  Jan.Nowak ")
    assert result.ok and result.errors == {}
    assert (result.staff.login, result.staff.email, result.staff.role) == ("jan.nowak", "jan.nowak@uskom.eu", "operator")
    assert result.staff.role_label == "Operator" and not result.staff.second_factor
    row = session.get(StaffUser, result.staff.id)
    assert row.active and verify_password(GOOD, row.password_hash) and GOOD not in row.password_hash
    (entry,) = _entries(session, "staff.create")
    assert (entry.actor_kind, entry.actor_id, entry.entity_id) == ("system", None, row.id)
    after = json.loads(entry.after_json)
    assert after["login"] == "jan.nowak" and after["role"] == "operator"
    assert not any("hash" in key or "password" in key for key in after)


def test_an_admin_creates_accounts_and_is_named_in_the_audit(session):
    admin = staff(session, StaffRole.ADMIN)
    result = _new(session, actor_id=admin.id, role=StaffRole.AUDITOR)
    assert result.ok and result.staff.role == "auditor"
    (entry,) = _entries(session, "staff.create")
    assert (entry.actor_kind, entry.actor_id) == ("staff", admin.id)


@pytest.mark.parametrize("role", [StaffRole.OPERATOR, StaffRole.AUDITOR])
def test_lower_roles_and_inactive_admins_change_nothing(session, role):
    actor = staff(session, role)
    inactive_admin = staff(session, StaffRole.ADMIN, active=False)
    target = staff(session, StaffRole.OPERATOR)
    for actor_id in (actor.id, inactive_admin.id, 999_999, "1", *GARBAGE[1:]):
        assert not _new(session, actor_id=actor_id).ok
        assert not accounts.change_role(session, actor_id=actor_id, staff_id=target.id, role="admin").ok
        assert not accounts.deactivate(session, actor_id=actor_id, staff_id=target.id).ok
        assert not accounts.reset_second_factor(session, actor_id=actor_id, staff_id=target.id).ok
        assert not policy.set_second_factor_required(session, actor_id=actor_id, required=True).ok
    session.refresh(target)
    assert target.role == StaffRole.OPERATOR and target.active
    assert session.exec(select(StaffUser).where(StaffUser.login == "jan.nowak")).first() is None
    assert not policy.second_factor_required(session)
    assert _entries(session, "staff.create") == [] and _entries(session, "staff.role") == []


def test_field_errors_in_polish(session):
    staff(session, login="zajety")
    result = _new(session, login="zajety", full_name="  ", email="nie-email", role="boss", password="password")
    assert not result.ok and result.message == "Popraw zaznaczone pola formularza."
    assert set(result.errors) == {"login", "full_name", "email", "role", "password"}
    assert result.errors["login"] == "Ten login jest już zajęty."
    assert "popularne" in result.errors["password"]
    assert _new(session, login="ab").errors["login"].startswith("Podaj login")
    assert "login" in _new(session, login="żaneta").errors
    assert _new(session, password=GOOD, password_confirm="inne").errors == {"password_confirm": "Hasła nie są zgodne."}
    assert "password" in _new(session, password="krótkie").errors
    assert "password" in _new(session, login="kowalski", password="kowalski-ma-kota-7").errors


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_in_any_field_is_a_field_error(session, garbage):
    for name in ("login", "full_name", "email", "role", "password"):
        result = _new(session, **{name: garbage})
        assert not result.ok and name in result.errors
    target = staff(session)
    admin = staff(session, StaffRole.ADMIN)
    assert not accounts.change_role(session, actor_id=admin.id, staff_id=garbage, role="admin").ok
    assert not accounts.change_role(session, actor_id=admin.id, staff_id=target.id, role=garbage).ok
    assert not accounts.deactivate(session, actor_id=admin.id, staff_id=garbage).ok
    assert not accounts.reactivate(session, actor_id=admin.id, staff_id=garbage).ok
    assert not accounts.reset_second_factor(session, actor_id=admin.id, staff_id=garbage).ok
    assert accounts.get_staff(session, garbage) is None
    if not isinstance(garbage, bool):
        assert not policy.set_second_factor_required(session, actor_id=admin.id, required=garbage).ok


def test_change_role_is_audited_with_before_and_after(session):
    admin = staff(session, StaffRole.ADMIN)
    target = staff(session, StaffRole.OPERATOR)
    result = accounts.change_role(session, actor_id=admin.id, staff_id=target.id, role="auditor", client_ip="10.0.0.5")
    assert result.ok
    assert session.get(StaffUser, target.id).role == StaffRole.AUDITOR
    (entry,) = _entries(session, "staff.role")
    assert json.loads(entry.before_json)["role"] == "operator" and json.loads(entry.after_json)["role"] == "auditor"
    assert (entry.actor_id, entry.entity_id, entry.client_ip) == (admin.id, target.id, "10.0.0.5")


def test_the_last_active_admin_stays(session):
    admin = staff(session, StaffRole.ADMIN)
    staff(session, StaffRole.ADMIN, active=False)  # an inactive admin does not count
    result = accounts.change_role(session, actor_id=admin.id, staff_id=admin.id, role="operator")
    assert not result.ok and "jedyny aktywny administrator" in result.message
    assert not accounts.deactivate(session, actor_id=admin.id, staff_id=admin.id).ok  # never oneself
    assert not accounts.deactivate(session, actor_id=None, staff_id=admin.id).ok  # nor the last admin from the CLI
    second = staff(session, StaffRole.ADMIN)
    assert accounts.change_role(session, actor_id=admin.id, staff_id=admin.id, role="operator").ok
    assert not accounts.change_role(session, actor_id=None, staff_id=second.id, role="auditor").ok
    assert session.get(StaffUser, second.id).role == StaffRole.ADMIN


def test_deactivation_ends_sessions_and_reactivation_restores(session):
    admin = staff(session, StaffRole.ADMIN)
    target = staff(session)
    create_session(session, staff_id=target.id, now=T0)
    result = accounts.deactivate(session, actor_id=admin.id, staff_id=target.id, now=T0)
    assert result.ok
    row = session.get(StaffUser, target.id)
    assert not row.active and row.deactivated_at == T0
    assert session.exec(select(UserSession).where(UserSession.staff_id == target.id)).all() == []
    (entry,) = _entries(session, "staff.deactivate")
    assert json.loads(entry.before_json)["active"] is True and json.loads(entry.after_json)["active"] is False
    assert accounts.reactivate(session, actor_id=admin.id, staff_id=target.id).ok
    assert session.get(StaffUser, target.id).active and len(_entries(session, "staff.reactivate")) == 1


def test_reset_second_factor_forgets_the_app_and_the_codes(session):
    admin = staff(session, StaffRole.ADMIN)
    target = staff(session, totp_secret="JBSWY3DPEHPK3PXP")
    session.add(StaffRecoveryCode(staff_id=target.id, code_hash="a" * 64))
    create_session(session, staff_id=target.id)
    assert accounts.reset_second_factor(session, actor_id=admin.id, staff_id=target.id).ok
    row = session.get(StaffUser, target.id)
    assert row.totp_secret is None and row.totp_last_step is None
    assert session.exec(select(StaffRecoveryCode)).all() == []
    assert session.exec(select(UserSession).where(UserSession.staff_id == target.id)).all() == []
    (entry,) = _entries(session, "staff.second_factor_reset")
    assert json.loads(entry.before_json)["second_factor"] is True
    assert "JBSWY3DPEHPK3PXP" not in (entry.before_json + entry.after_json)


def test_list_staff_shows_no_secrets(session):
    staff(session, login="b.operator")
    staff(session, StaffRole.ADMIN, login="a.admin", totp_secret="JBSWY3DPEHPK3PXP")
    listed = accounts.list_staff(session)
    assert [s.login for s in listed] == ["a.admin", "b.operator"]
    assert listed[0].second_factor and not listed[1].second_factor
    assert not any("hash" in name or "secret" in name for name in type(listed[0]).__dataclass_fields__)


def test_requiring_a_second_factor_ends_sessions_without_one(session):
    admin = staff(session, StaffRole.ADMIN, totp_secret="JBSWY3DPEHPK3PXP")
    without = staff(session)
    keep = create_session(session, staff_id=admin.id)
    create_session(session, staff_id=without.id)
    assert policy.set_second_factor_required(session, actor_id=admin.id, required=True).ok
    assert policy.second_factor_required(session)
    kinds = {row.staff_id for row in session.exec(select(UserSession)).all()}
    assert kinds == {admin.id} and keep
    (entry,) = _entries(session, "settings.second_factor_required")
    assert json.loads(entry.before_json) == {"required": False}
    assert policy.set_second_factor_required(session, actor_id=admin.id, required=False).ok
    assert not policy.second_factor_required(session)
