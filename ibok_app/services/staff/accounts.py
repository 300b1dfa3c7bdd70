"""Staff accounts: create, change the role, deactivate and reactivate, reset the
second factor, list. Every change is made by an active administrator (`actor_id`) or
by the operator's command line (`actor_id=None`, cli.py only) and written to the
audit log with the values before and after. The portal never ends up without an
active administrator. The caller commits.

A password set by an administrator for someone else (a new account, `set_password`)
is an initial one: the member must change it after the next login
(`must_change_password`, enforced by authorize) before any other admin page opens.
`change_own_password` is the member's own change. create_staff, set_password and
change_own_password hash with bcrypt: the UI runs them via asyncio.to_thread.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ibok_app.models import (
    StaffLoginTicket,
    StaffRecoveryCode,
    StaffRole,
    StaffUser,
    UserSession,
    utcnow,
)
from ibok_app.services.accounts.passwords import PASSWORDS_DIFFER, hash_password, password_problem, verify_password
from ibok_app.services.common import throttle
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import bounded_text, client_address, normalise_email, parse_id
from ibok_app.services.staff.roles import ROLE_LABELS, parse_role
from ibok_app.services.staff.shared import (
    MSG_NO_STAFF,
    MSG_NOT_ALLOWED,
    ActionResult,
    Actor,
    StaffSummary,
    acting_admin,
    active_staff,
    staff_row,
    summary,
)

LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,49}")
MSG_FIX_FIELDS = "Popraw zaznaczone pola formularza."
MSG_LAST_ADMIN = ("To jedyny aktywny administrator. Najpierw nadaj rolę administratora "
                  "innej osobie.")
MSG_LOGIN_TAKEN = "Ten login jest już zajęty."
ROLE_CHOICE = "Wybierz rolę: " + ", ".join(label.lower() for label in ROLE_LABELS.values()) + "."


@dataclass(frozen=True)
class CreateStaffResult:
    ok: bool
    message: str
    errors: dict[str, str] = field(default_factory=dict)  # field → Polish message
    staff: StaffSummary | None = None


def normalise_login(value: object) -> str | None:
    """A staff login as stored (lower case), or None when it is not a valid one."""
    text = bounded_text(value, 50)
    if not text:
        return None
    text = text.lower()
    return text if text.isascii() and LOGIN_PATTERN.fullmatch(text) else None


def _field_errors(session: Session, login: str | None, full_name: str | None, email: str | None,
                  role: StaffRole | None, password: object, password_confirm: object) -> dict[str, str]:
    errors: dict[str, str] = {}
    if login is None:
        errors["login"] = ("Podaj login: od 3 do 50 znaków, małe litery bez polskich znaków, "
                           "cyfry, kropka, minus lub podkreślenie.")
    elif session.exec(select(StaffUser.id).where(StaffUser.login == login)).first() is not None:
        errors["login"] = MSG_LOGIN_TAKEN
    if not full_name or not full_name.isprintable():
        errors["full_name"] = "Podaj imię i nazwisko (najwyżej 200 znaków)."
    if email is None:
        errors["email"] = "Podaj poprawny adres e-mail, np. jan.kowalski@example.com."
    if role is None:
        errors["role"] = ROLE_CHOICE
    problem = password_problem(password, login=login or "", confirm=password_confirm)
    if problem == PASSWORDS_DIFFER:
        errors["password_confirm"] = problem
    elif problem:
        errors["password"] = problem
    return errors


def create_staff(session: Session, *, actor_id: int | None, login: object, full_name: object, email: object,
                 role: object, password: object, password_confirm: object = None,
                 client_ip: object = None, now: datetime | None = None) -> CreateStaffResult:
    """A new active staff account with the customers' password policy. Field errors in
    Polish under the form's field names: login, full_name, email, role, password,
    password_confirm (`password_confirm` None = no confirmation field)."""
    actor = acting_admin(session, actor_id)
    if actor is None:
        return CreateStaffResult(False, MSG_NOT_ALLOWED)
    login_text = normalise_login(login)
    name = bounded_text(full_name, 200)
    email_text = normalise_email(email)
    role_value = parse_role(role)
    errors = _field_errors(session, login_text, name, email_text, role_value, password, password_confirm)
    if errors:
        return CreateStaffResult(False, MSG_FIX_FIELDS, errors)
    # an administrator chose this password for someone else: an initial one, changed at
    # the first login; the command line's first administrator typed their own
    staff = StaffUser(login=login_text, full_name=name, email=email_text, role=role_value,
                      password_hash=hash_password(password), active=True, created_at=now or utcnow(),
                      must_change_password=actor.id is not None)
    try:
        with session.begin_nested():
            session.add(staff)
    except IntegrityError:  # the same login created at the same moment elsewhere
        return CreateStaffResult(False, MSG_FIX_FIELDS, {"login": MSG_LOGIN_TAKEN})
    audit(session, actor_kind=actor.kind, actor_id=actor.id, action="staff.create", entity="staff_user",
          entity_id=staff.id, after=_audited(staff), client_ip=client_address(client_ip))
    return CreateStaffResult(True, f"Utworzono konto pracownika {login_text}.", staff=summary(staff))


def list_staff(session: Session, *, include_inactive: bool = True) -> list[StaffSummary]:
    """Every staff account, by login (a utility has dozens, not thousands)."""
    stmt = select(StaffUser).order_by(StaffUser.login)
    if include_inactive is not True:
        stmt = stmt.where(StaffUser.active.is_(True))
    return [summary(s) for s in session.exec(stmt).all()]


def get_staff(session: Session, staff_id: object) -> StaffSummary | None:
    staff = staff_row(session, staff_id)
    return summary(staff) if staff is not None else None


def _audited(staff: StaffUser) -> dict:
    return {"login": staff.login, "full_name": staff.full_name, "email": staff.email, "role": str(staff.role),
            "active": bool(staff.active), "second_factor": bool(staff.totp_secret),
            "must_change": bool(staff.must_change_password)}


def _other_active_admins(session: Session, staff_id: int) -> int:
    return session.exec(select(func.count()).select_from(StaffUser).where(
        StaffUser.active.is_(True), StaffUser.role == StaffRole.ADMIN, StaffUser.id != staff_id)).one()


def _is_last_admin(session: Session, staff: StaffUser) -> bool:
    return (bool(staff.active) and parse_role(staff.role) == StaffRole.ADMIN
            and _other_active_admins(session, staff.id) == 0)


def _end_sessions(session: Session, staff_id: int) -> None:
    session.exec(delete(UserSession).where(UserSession.staff_id == staff_id))
    session.exec(delete(StaffLoginTicket).where(StaffLoginTicket.staff_id == staff_id))


def _target(session: Session, actor_id: object, staff_id: object) -> tuple[Actor | None, StaffUser | None,
                                                                            ActionResult | None]:
    actor = acting_admin(session, actor_id)
    if actor is None:
        return None, None, ActionResult(False, MSG_NOT_ALLOWED)
    staff = staff_row(session, staff_id)
    if staff is None:
        return actor, None, ActionResult(False, MSG_NO_STAFF)
    return actor, staff, None


def _record(session: Session, actor: Actor, action: str, staff: StaffUser, before: dict,
            client_ip: object) -> None:
    session.add(staff)
    session.flush()
    audit(session, actor_kind=actor.kind, actor_id=actor.id, action=action, entity="staff_user",
          entity_id=staff.id, before=before, after=_audited(staff), client_ip=client_address(client_ip))


def change_role(session: Session, *, actor_id: int | None, staff_id: object, role: object,
                client_ip: object = None) -> ActionResult:
    """Give a staff member another role; the last active administrator keeps theirs.
    The new role applies to the next call already (authorize reads it every time)."""
    actor, staff, refusal = _target(session, actor_id, staff_id)
    if refusal:
        return refusal
    new_role = parse_role(role)
    if new_role is None:
        return ActionResult(False, MSG_FIX_FIELDS, {"role": ROLE_CHOICE})
    if parse_role(staff.role) == new_role:
        return ActionResult(True, "Rola bez zmian.")
    if new_role != StaffRole.ADMIN and _is_last_admin(session, staff):
        return ActionResult(False, MSG_LAST_ADMIN, {"role": MSG_LAST_ADMIN})
    before = _audited(staff)
    staff.role = new_role
    _record(session, actor, "staff.role", staff, before, client_ip)
    return ActionResult(True, f"{staff.full_name}: nowa rola — {ROLE_LABELS[new_role].lower()}.")


def deactivate(session: Session, *, actor_id: int | None, staff_id: object, client_ip: object = None,
               now: datetime | None = None) -> ActionResult:
    """Stop a staff member's access at once: the account stays (the audit log names
    it), its sessions and half-done logins end. Not oneself, not the last admin."""
    actor, staff, refusal = _target(session, actor_id, staff_id)
    if refusal:
        return refusal
    if actor.id is not None and actor.id == staff.id:
        return ActionResult(False, "Nie możesz dezaktywować własnego konta.")
    if not staff.active:
        return ActionResult(True, "Konto jest już nieaktywne.")
    if _is_last_admin(session, staff):
        return ActionResult(False, MSG_LAST_ADMIN)
    before = _audited(staff)
    staff.active, staff.deactivated_at = False, now or utcnow()
    _end_sessions(session, staff.id)
    _record(session, actor, "staff.deactivate", staff, before, client_ip)
    return ActionResult(True, f"Konto {staff.login} jest nieaktywne; jego sesje zostały zakończone.")


def reactivate(session: Session, *, actor_id: int | None, staff_id: object, client_ip: object = None) -> ActionResult:
    actor, staff, refusal = _target(session, actor_id, staff_id)
    if refusal:
        return refusal
    if staff.active:
        return ActionResult(True, "Konto jest już aktywne.")
    before = _audited(staff)
    staff.active, staff.deactivated_at = True, None
    _record(session, actor, "staff.reactivate", staff, before, client_ip)
    return ActionResult(True, f"Konto {staff.login} jest znów aktywne.")


def reset_second_factor(session: Session, *, actor_id: int | None, staff_id: object,
                        client_ip: object = None) -> ActionResult:
    """After a lost phone: the authenticator and recovery codes are forgotten and the
    member's sessions end; they log in with the password and (if the second factor
    is required) enrol a new authenticator."""
    actor, staff, refusal = _target(session, actor_id, staff_id)
    if refusal:
        return refusal
    before = _audited(staff)
    staff.totp_secret = staff.totp_pending_secret = staff.totp_last_step = None
    session.exec(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_id == staff.id))
    _end_sessions(session, staff.id)
    _record(session, actor, "staff.second_factor_reset", staff, before, client_ip)
    return ActionResult(True, f"Drugi składnik konta {staff.login} został usunięty; "
                              "jego sesje zostały zakończone.")


def set_password(session: Session, *, actor_id: int | None, staff_id: object, password: object,
                 password_confirm: object = None, client_ip: object = None) -> ActionResult:
    """An administrator gives a member a new initial password (a forgotten one): the
    member's sessions and half-done logins end, and after the next login the member
    must choose their own before any other admin page opens. Field errors under
    `password` and `password_confirm`. Not one's own (that is change_own_password)."""
    actor, staff, refusal = _target(session, actor_id, staff_id)
    if refusal:
        return refusal
    if actor.id is not None and actor.id == staff.id:
        return ActionResult(False, "Własne hasło zmienisz na stronie „Zmień hasło”.")
    problem = password_problem(password, login=staff.login, confirm=password_confirm)
    if problem:
        return ActionResult(False, MSG_FIX_FIELDS,
                            {"password_confirm" if problem == PASSWORDS_DIFFER else "password": problem})
    before = _audited(staff)
    staff.password_hash = hash_password(password)
    staff.must_change_password = True
    _end_sessions(session, staff.id)
    throttle.reset(session, "staff_login_account", staff.login)
    _record(session, actor, "staff.password_set", staff, before, client_ip)
    return ActionResult(True, f"Konto {staff.login} ma nowe hasło początkowe; jego sesje zostały zakończone. "
                              "Po zalogowaniu pracownik ustawi własne hasło.")


MSG_WRONG_CURRENT = "Obecne hasło jest nieprawidłowe."
MSG_SAME_PASSWORD = "Nowe hasło musi być inne niż obecne."
PASSWORD_CHANGED = "Hasło zostało zmienione. Pozostałe sesje tego konta zostały zakończone."


def change_own_password(session: Session, *, staff_id: object, session_id: object, current: object, new: object,
                        confirm: object, client_ip: object = None) -> ActionResult:
    """A member changes their own password (`staff_id` and `session_id` from
    authorize, never from the browser): the current one, the new one twice, the
    customers' policy. Wrong current passwords are throttled like logins. On success
    `must_change_password` is cleared and every other session of the member ends
    (this one stays). Field errors under current_password, new_password,
    new_password_confirm."""
    staff = active_staff(session, staff_id)
    if staff is None:
        return ActionResult(False, MSG_NOT_ALLOWED)
    wait = throttle.retry_after(session, "staff_login_account", staff.login)
    if wait:
        return ActionResult(False, f"Zbyt wiele nieudanych prób. Spróbuj ponownie za {throttle.wait_text(wait)}.")
    if not verify_password(current, staff.password_hash):
        throttle.record_failure(session, "staff_login_account", staff.login)
        return ActionResult(False, MSG_FIX_FIELDS, {"current_password": MSG_WRONG_CURRENT})
    problem = password_problem(new, login=staff.login, confirm=confirm)
    if problem:
        return ActionResult(False, MSG_FIX_FIELDS,
                            {"new_password_confirm" if problem == PASSWORDS_DIFFER else "new_password": problem})
    if verify_password(new, staff.password_hash):
        return ActionResult(False, MSG_FIX_FIELDS, {"new_password": MSG_SAME_PASSWORD})
    was_forced = bool(staff.must_change_password)
    staff.password_hash = hash_password(new)
    staff.must_change_password = False
    session.add(staff)
    session.flush()
    throttle.reset(session, "staff_login_account", staff.login)
    keep = parse_id(session_id)
    others = [UserSession.staff_id == staff.id, *([UserSession.id != keep] if keep else [])]
    ended = session.exec(delete(UserSession).where(*others)).rowcount or 0
    session.exec(delete(StaffLoginTicket).where(StaffLoginTicket.staff_id == staff.id))
    audit(session, actor_kind="staff", actor_id=staff.id, action="staff.password_changed", entity="staff_user",
          entity_id=staff.id, after={"after_initial": was_forced, "other_sessions_ended": int(ended)},
          client_ip=client_address(client_ip))
    return ActionResult(True, PASSWORD_CHANGED)
