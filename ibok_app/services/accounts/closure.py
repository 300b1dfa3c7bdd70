"""Resignation from IBOK and erasure of the portal account (§7, §8).

Flow: the customer confirms with the password -> the account becomes CLOSING and
other sessions end (the current one stays, so documents can be downloaded) -> for
14 days the customer may still log in and download documents -> `erase_due_accounts`
(run daily by the operator's scheduler / CLI) erases the account.

What erasure removes and what it keeps (the choice, and why):
- Removed: the portal account row itself (login, e-mail, pending e-mail, phone,
  password hash, temporary password, every token hash, notification preferences,
  e-invoice consent), its sessions and terms acceptances — §7: "usunięcie danych
  osobowych użytkownika oraz unieważnienie loginu i hasła". Deleting the row (not
  blanking it) also lets the customer register again later with the same number.
- Removed from tickets: the free text the customer typed (description, own
  messages), the office's internal notes (they may describe the person), the
  contact phone and attached photos (file deleted). The ticket's
  number, category, service point, status, dates and staff replies stay: they are
  the utility's record of work on its network, not portal data.
- Removed from the audit log: client IP addresses of the customer's own actions and
  the before/after values of entries about the portal account (e-mail, phone);
  who/what/when stays for accountability. Queued/sent e-mails and SMS to the
  account's address or phone go too, unless another account uses the same address.
- Kept: the customer record, service points, meters, readings, documents (invoices,
  corrections, notes), payments, contracts and complaints. They belong to the water
  supply contract and billing, not to the portal account: invoices must be retained
  5 years from the end of the year in which the tax payment deadline passed, and
  complaints are evidence of how a claim was handled.

Deleting photo files cannot be rolled back with the transaction: at worst a ticket
keeps a photo path whose file is gone, which the download route answers with 404.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import Session, select

from ibok_app.config import settings
from ibok_app.models import (
    AccountStatus,
    AuditLog,
    OutboxMessage,
    PortalAccount,
    TermsAcceptance,
    Ticket,
    TicketMessage,
    utcnow,
)
from ibok_app.services.accounts.profile import verify_account_password
from ibok_app.services.accounts.sessions import end_other_sessions
from ibok_app.services.common import photos as meter_photos
from ibok_app.services.common.audit import audit
from ibok_app.services.notifications import case_emails
from ibok_app.services.notifications.outbox import enqueue_email
from ibok_app.views.formats import date_pl, datetime_pl

CLOSURE_DAYS = 14  # §7: access to the documents after closing is requested
ERASED_TEXT = "[treść usunięta po zamknięciu konta IBOK]"


@dataclass(frozen=True)
class ClosureResult:
    ok: bool
    message: str
    field_errors: dict[str, str] = field(default_factory=dict)
    access_until: datetime | None = None


@dataclass(frozen=True)
class ClosureInfo:
    closing: bool
    requested_at_text: str
    access_until: datetime | None
    access_until_text: str  # "dd.mm.rrrr gg:mm", Warsaw time
    access_until_date_text: str  # "dd.mm.rrrr"
    days_left: int


def access_until(account: PortalAccount) -> datetime | None:
    if account.closing_requested_at is None:
        return None
    return account.closing_requested_at + timedelta(days=CLOSURE_DAYS)


def request_closure(session: Session, account_id: int, *, password: object, keep_token: str | None = None,
                    now: datetime | None = None, client_ip: str | None = None) -> ClosureResult:
    """Resign from IBOK (§7 pt 2). The password confirms it is the customer."""
    account = session.get(PortalAccount, account_id) if isinstance(account_id, int) else None
    if account is None or account.status not in (AccountStatus.ACTIVE, AccountStatus.CLOSING):
        return ClosureResult(False, "Nie znaleziono konta. Zaloguj się ponownie.")
    if account.status == AccountStatus.CLOSING:
        until = access_until(account)
        return ClosureResult(False, f"Rezygnacja została już złożona. Dostęp do IBOK masz do {datetime_pl(until)}.",
                             access_until=until)
    now = now or utcnow()
    problem = verify_account_password(session, account, password, now)
    if problem:
        return ClosureResult(False, problem, {"password": problem})

    account.status = AccountStatus.CLOSING
    account.closing_requested_at = now
    session.add(account)
    session.flush()
    end_other_sessions(session, account_id=account.id, keep_token=keep_token)
    until = access_until(account)
    audit(session, actor_kind="customer", actor_id=account.id, action="account.closure_requested",
          entity="portal_account", entity_id=account.id, customer_id=account.customer_id,
          before={"status": AccountStatus.ACTIVE.value},
          after={"status": AccountStatus.CLOSING.value, "access_until": until.isoformat()}, client_ip=client_ip)
    subject, text, html = case_emails.closure_requested_email(login=account.login, requested_at=now,
                                                              access_until=until)
    enqueue_email(session, account.email, subject, text, html)
    return ClosureResult(
        True, f"Przyjęliśmy rezygnację. Do {datetime_pl(until)} możesz pobrać swoje dokumenty; "
              "potem konto i dane osobowe w IBOK zostaną usunięte. Potwierdzenie wysłaliśmy e-mailem.",
        access_until=until)


def start_company_closure(session: Session, account: PortalAccount, now: datetime | None = None) -> datetime | None:
    """§7 pt 5, on the company's side: the customer's water or sewage contract ended.
    The account becomes CLOSING (a locked one stays locked, its 14 days run all the
    same), the notice is e-mailed, the customer may log in and download documents for
    14 days, then `erase_due_accounts` erases it. Sessions stay (the customer may still
    read). Returns the end of access; None when the account is already closing or
    cannot be closed (the caller audits, with the staff member's id)."""
    if account.closing_requested_at is not None or account.status not in (
            AccountStatus.ACTIVE, AccountStatus.PENDING, AccountStatus.LOCKED):
        return None
    now = now or utcnow()
    if account.status != AccountStatus.LOCKED:
        account.status = AccountStatus.CLOSING
    account.closing_requested_at = now
    session.add(account)
    session.flush()
    until = access_until(account)
    subject, text, html = case_emails.closure_by_company_email(login=account.login, notified_at=now,
                                                               access_until=until)
    enqueue_email(session, account.email, subject, text, html)
    return until


def closure_info(session: Session, account_id: int, now: datetime | None = None) -> ClosureInfo | None:
    """For the UI: is the account closing, and until when is it readable."""
    account = session.get(PortalAccount, account_id) if isinstance(account_id, int) else None
    if account is None:
        return None
    until = access_until(account) if account.status == AccountStatus.CLOSING else None
    if until is None:
        return ClosureInfo(False, "", None, "", "", 0)
    now = now or utcnow()
    seconds = max(0.0, (until - now).total_seconds())
    days_left = int(-(-seconds // 86400))  # whole days, rounded up: "1 day left" until the end
    return ClosureInfo(True, datetime_pl(account.closing_requested_at), until, datetime_pl(until),
                       date_pl(until), days_left)


def erase_due_accounts(session: Session, now: datetime | None = None) -> int:
    """Erase every account whose 14-day window has passed; returns how many.
    The caller commits (the CLI: one transaction per run)."""
    now = now or utcnow()
    cutoff = now - timedelta(days=CLOSURE_DAYS)
    due = session.exec(
        # a closing account the office locked meanwhile is erased on time all the same
        select(PortalAccount).where(PortalAccount.status.in_((AccountStatus.CLOSING, AccountStatus.LOCKED)),
                                    PortalAccount.closing_requested_at.is_not(None),
                                    PortalAccount.closing_requested_at <= cutoff)
        .order_by(PortalAccount.id)
    ).all()
    for account in due:
        erase_account(session, account)
    return len(due)


def _delete_photo(relative: str | None, customer_id: int) -> None:
    if meter_photos.is_own_photo(relative, customer_id):
        try:
            (settings().files_dir / relative).unlink()
        except OSError:
            pass


def _erase_tickets(session: Session, customer_id: int) -> None:
    tickets = session.exec(select(Ticket).where(Ticket.customer_id == customer_id)).all()
    for ticket in tickets:
        _delete_photo(ticket.photo_path, customer_id)
        ticket.description = ERASED_TEXT
        ticket.contact_phone = None
        ticket.photo_path = None
        session.add(ticket)
    if tickets:
        session.exec(
            update(TicketMessage)
            .where(TicketMessage.ticket_id.in_([t.id for t in tickets]),
                   or_(TicketMessage.from_staff_id.is_(None), TicketMessage.internal.is_(True)))
            .values(body=ERASED_TEXT).execution_options(synchronize_session=False)
        )


def _delete_outbox(session: Session, account: PortalAccount) -> None:
    """Messages to this account's address/phone, unless another account shares it."""
    targets = {a for a in (account.email, account.pending_email, account.phone) if a}
    shared = set(session.exec(
        select(PortalAccount.email).where(PortalAccount.id != account.id, PortalAccount.email.in_(targets))
    ).all()) | set(session.exec(
        select(PortalAccount.phone).where(PortalAccount.id != account.id, PortalAccount.phone.in_(targets))
    ).all())
    mine = targets - shared
    if mine:
        session.exec(delete(OutboxMessage).where(OutboxMessage.recipient.in_(mine)))


def erase_account(session: Session, account: PortalAccount) -> None:
    """Erase one portal account now (see the module docstring for what stays)."""
    account_id, customer_id, login = account.id, account.customer_id, account.login
    _erase_tickets(session, customer_id)
    _delete_outbox(session, account)
    session.exec(
        update(AuditLog).where(AuditLog.customer_id == customer_id, AuditLog.actor_kind == "customer")
        .values(client_ip=None).execution_options(synchronize_session=False)
    )
    session.exec(
        update(AuditLog).where(AuditLog.customer_id == customer_id, AuditLog.entity == "portal_account")
        .values(before_json=None, after_json=None).execution_options(synchronize_session=False)
    )
    end_other_sessions(session, account_id=account_id)
    session.exec(delete(TermsAcceptance).where(TermsAcceptance.account_id == account_id))
    session.delete(account)
    session.flush()
    audit(session, actor_kind="system", actor_id=None, action="account.erased", entity="portal_account",
          entity_id=account_id, customer_id=customer_id, after={"login": login})
