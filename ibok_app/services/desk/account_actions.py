"""What the office does to a customer's portal account from the customer card. Each
action takes the staff member's id (from `authorize`, role set WORK), the customer's
id and the client address, checks again that the member is active, writes an audit
entry with the values before and after (never a password or a token) and answers in
Polish. The caller asks for a confirmation before calling, and commits.

The rules stay in the customer-side services: the activation link is
registration.renew_activation_link, the temporary password
password_reset.send_temporary_password, ending sessions sessions.end_other_sessions,
the §7 closure closure.start_company_closure (erased by housekeeping 14 days later).
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from ibok_app.models import AccountStatus, Customer, CustomerStatus, PortalAccount, StaffUser, utcnow
from ibok_app.services.accounts.closure import start_company_closure
from ibok_app.services.accounts.password_reset import send_temporary_password as send_temporary
from ibok_app.services.accounts.registration import renew_activation_link
from ibok_app.services.accounts.sessions import end_other_sessions
from ibok_app.services.cases.shared import ActionResult, clean_text, staff_member
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import client_address, parse_id
from ibok_app.views.formats import datetime_pl

NO_RIGHTS = "Brak uprawnień."
NO_CUSTOMER = "Nie znaleziono klienta."
NO_ACCOUNT = "Klient nie ma konta w IBOK."
REASON_MAX = 500
LOCKABLE = (AccountStatus.PENDING, AccountStatus.ACTIVE, AccountStatus.CLOSING)
CLOSABLE = (AccountStatus.PENDING, AccountStatus.ACTIVE, AccountStatus.LOCKED)  # as closure.start_company_closure


def _target(session: Session, staff_id: object, customer_id: object, *, need_account: bool = True):
    """(staff, customer, account, refusal)."""
    staff = staff_member(session, staff_id)
    if staff is None:
        return None, None, None, ActionResult(False, NO_RIGHTS)
    cid = parse_id(customer_id)
    customer = session.get(Customer, cid) if cid else None
    if customer is None:
        return staff, None, None, ActionResult(False, NO_CUSTOMER)
    account = session.exec(select(PortalAccount).where(PortalAccount.customer_id == customer.id)).first()
    if account is None and need_account:
        return staff, customer, None, ActionResult(False, NO_ACCOUNT)
    return staff, customer, account, None


def _audit(session: Session, staff: StaffUser, account: PortalAccount, action: str, client_ip: object,
           before: dict | None = None, after: dict | None = None) -> None:
    audit(session, actor_kind="staff", actor_id=staff.id, action=action, entity="portal_account",
          entity_id=account.id, customer_id=account.customer_id, before=before, after=after,
          client_ip=client_address(client_ip))


def resend_activation(session: Session, staff_id: object, customer_id: object, *, client_ip: object = None,
                      now: datetime | None = None) -> ActionResult:
    """A new activation link (48 h) to an account that was never activated."""
    staff, _customer, account, refusal = _target(session, staff_id, customer_id)
    if refusal:
        return refusal
    if account.status != AccountStatus.PENDING:
        return ActionResult(False, "Konto jest już aktywne: link aktywacyjny nie jest potrzebny.")
    renew_activation_link(session, account, now if isinstance(now, datetime) else None)
    _audit(session, staff, account, "account.activation_resent", client_ip, after={"email": account.email})
    return ActionResult(True, f"Wysłaliśmy nowy link aktywacyjny na adres {account.email}.")


def lock_account(session: Session, staff_id: object, customer_id: object, reason: object = None, *,
                 client_ip: object = None) -> ActionResult:
    """Lock the account: it cannot log in, its sessions end at once, a waiting temporary
    password is void. A §7 window already running keeps running."""
    staff, _customer, account, refusal = _target(session, staff_id, customer_id)
    if refusal:
        return refusal
    if account.status == AccountStatus.LOCKED:
        return ActionResult(False, "Konto jest już zablokowane.")
    if account.status not in LOCKABLE:
        return ActionResult(False, "Tego konta nie można zablokować.")
    why = (clean_text(reason) or "")[:REASON_MAX] or None
    before = str(account.status)
    account.status = AccountStatus.LOCKED
    account.temp_password_hash = None
    account.temp_password_expires_at = None
    session.add(account)
    session.flush()
    ended = end_other_sessions(session, account_id=account.id)
    _audit(session, staff, account, "account.locked", client_ip, before={"status": before},
           after={"status": AccountStatus.LOCKED.value, "sessions_ended": ended, "reason": why})
    return ActionResult(True, "Konto zostało zablokowane. Klient nie może się zalogować; "
                              f"zakończone sesje: {ended}.")


def _status_after_unlock(account: PortalAccount) -> AccountStatus:
    if account.closing_requested_at is not None:
        return AccountStatus.CLOSING
    if account.activation_token_hash is not None:  # registered, link not yet used
        return AccountStatus.PENDING
    return AccountStatus.ACTIVE


def unlock_account(session: Session, staff_id: object, customer_id: object, *,
                   client_ip: object = None) -> ActionResult:
    """Unlock: the account returns to what it was (active, waiting for activation, or
    closing if a §7 window runs)."""
    staff, _customer, account, refusal = _target(session, staff_id, customer_id)
    if refusal:
        return refusal
    if account.status != AccountStatus.LOCKED:
        return ActionResult(False, "Konto nie jest zablokowane.")
    status = _status_after_unlock(account)
    account.status = status
    session.add(account)
    session.flush()
    _audit(session, staff, account, "account.unlocked", client_ip, before={"status": AccountStatus.LOCKED.value},
           after={"status": status.value})
    return ActionResult(True, "Konto zostało odblokowane. Klient może się znowu logować.")


def end_sessions(session: Session, staff_id: object, customer_id: object, *,
                 client_ip: object = None) -> ActionResult:
    """Log the customer out everywhere (e.g. a phone was lost)."""
    staff, _customer, account, refusal = _target(session, staff_id, customer_id)
    if refusal:
        return refusal
    ended = end_other_sessions(session, account_id=account.id)
    _audit(session, staff, account, "account.sessions_ended", client_ip, after={"sessions_ended": ended})
    if not ended:
        return ActionResult(True, "Klient nie miał otwartych sesji.")
    return ActionResult(True, f"Zakończono sesje klienta: {ended}. Przy następnym wejściu musi się zalogować.")


def send_temporary_password(session: Session, staff_id: object, customer_id: object, *,
                            client_ip: object = None, now: datetime | None = None) -> ActionResult:
    """E-mail a temporary password (24 h, single use) to the account's own address;
    the office never sees it. Slow (bcrypt): call it off the event loop."""
    staff, _customer, account, refusal = _target(session, staff_id, customer_id)
    if refusal:
        return refusal
    if account.status not in (AccountStatus.ACTIVE, AccountStatus.CLOSING):
        return ActionResult(False, "Hasło tymczasowe można wysłać tylko do aktywnego konta.")
    send_temporary(session, account, now if isinstance(now, datetime) else None)
    _audit(session, staff, account, "account.temporary_password_sent", client_ip,
           after={"email": account.email, "valid_until": account.temp_password_expires_at})
    return ActionResult(True, f"Wysłaliśmy hasło tymczasowe (ważne 24 godziny) na adres {account.email}.")


def start_closure(session: Session, staff_id: object, customer_id: object, *, client_ip: object = None,
                  now: datetime | None = None) -> ActionResult:
    """§7 pt 5 on the company's side: the water or sewage contract ended. The customer
    is marked so, the account (if any) gets the notice by e-mail and 14 more days to
    download documents; then housekeeping invalidates the login and erases the
    personal data of the account (documents stay)."""
    staff, customer, account, refusal = _target(session, staff_id, customer_id, need_account=False)
    if refusal:
        return refusal
    now = now if isinstance(now, datetime) else utcnow()
    if account is not None and account.closing_requested_at is not None:
        return ActionResult(False, "Zamykanie konta zostało już rozpoczęte.")
    if account is not None and account.status not in CLOSABLE:
        return ActionResult(False, "Tego konta nie można zamknąć.")
    before = {"customer_status": str(customer.status),
              "account_status": str(account.status) if account else None}
    if customer.status != CustomerStatus.TERMINATED:
        customer.status = CustomerStatus.TERMINATED
        customer.terminated_at = now
        session.add(customer)
        session.flush()
    until = start_company_closure(session, account, now) if account is not None else None
    audit(session, actor_kind="staff", actor_id=staff.id, action="account.closure_started", entity="customer",
          entity_id=customer.id, customer_id=customer.id, before=before,
          after={"customer_status": CustomerStatus.TERMINATED.value,
                 "account_status": str(account.status) if account else None,
                 "access_until": until}, client_ip=client_address(client_ip))
    if account is None:
        return ActionResult(True, "Umowa klienta została oznaczona jako rozwiązana. Klient nie ma konta w IBOK.")
    return ActionResult(True, f"Rozpoczęto zamykanie konta (§7). Wysłaliśmy powiadomienie na adres {account.email}; "
                              f"klient ma dostęp do dokumentów do {datetime_pl(until)}, potem konto zostanie usunięte.")
