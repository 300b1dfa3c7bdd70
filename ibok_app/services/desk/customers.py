"""Finding a customer and the customer card (the office's view of one customer).

`search_customers` matches every word of the query (all of them must match, each
anywhere): the customer number (from its start), the name, the customer's address,
the street of any of their service points, the portal account's e-mail address or
phone number. Case-insensitive, also for Polish letters. Indexes (migration 0006):
pg_trgm GIN indexes on lower(column) on PostgreSQL; SQLite scans, with a Unicode
lower() registered by db.py (`ibok_lower`).

`customer_card` shows what the customer sees on their own pages, built by the same
customer-side services (so the office never sees other numbers than the customer),
plus the portal account. Opening a card is personal data access: the caller writes
`log_card_view` (GDPR: who looked at whose data).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, union
from sqlmodel import Session, select

from ibok_app.models import (
    AccountStatus,
    Customer,
    PortalAccount,
    ServicePoint,
    TermsAcceptance,
    TermsVersion,
    UserSession,
    utcnow,
)
from ibok_app.services.accounts.closure import access_until
from ibok_app.services.accounts.profile import PREFERENCE_FIELDS, Preferences, phone_text
from ibok_app.services.billing.balance import BalanceView, balance
from ibok_app.services.billing.contracts import list_contracts
from ibok_app.services.billing.documents import DocumentPage, as_page, list_documents
from ibok_app.services.billing.payments import PaymentPage, payment_history
from ibok_app.services.cases.complaints import ComplaintRow, list_complaints
from ibok_app.services.cases.shared import staff_member
from ibok_app.services.cases.tickets import TicketRow, list_tickets
from ibok_app.services.common.audit import audit
from ibok_app.services.common.inputs import client_address, parse_id
from ibok_app.services.payments.history import OnlinePage, online_page
from ibok_app.services.readings.history import ReadingPage, reading_page
from ibok_app.views.billing import ContractView
from ibok_app.views.formats import address_line, datetime_pl, today_in_warsaw
from ibok_app.views.labels import ACCOUNT_STATUS_LABELS, CUSTOMER_STATUS_LABELS

QUERY_MAX = 100  # characters of a query that are read
TERMS_MAX = 5  # words of a query that are read
QUERY_MIN = 2  # a shorter query finds nothing (it would match half the town)
PAGE_SIZE_MAX = 100
CARD_READINGS = 50  # readings per page of the card
CARD_ROWS = 20  # documents, payments, online transactions per page; tickets and complaints shown
# The card's paged lists, by the name of their page in the address (?id=..&dokumenty=2).
CARD_PAGED = ("dokumenty", "odczyty", "platnosci", "online")
MSG_SHORT = f"Wpisz co najmniej {QUERY_MIN} znaki: numer klienta, nazwisko lub nazwę, adres, e-mail albo telefon."
_PHONE_SEPARATORS = re.compile(r"[\s\-().+]")
# The sorts a browser may ask for (the page's column headers): the whitelist; a key
# is never put into SQL, it picks one of these orders.
_SORTS = {
    "number": (Customer.number,),
    "-number": (Customer.number.desc(),),
    "name": (Customer.name, Customer.number),
    "-name": (Customer.name.desc(), Customer.number),
    "address": (Customer.city, Customer.street, Customer.number),
    "-address": (Customer.city.desc(), Customer.street.desc(), Customer.number),
}
SORT_KEYS = frozenset(_SORTS)


@dataclass(frozen=True)
class CustomerRow:
    customer_id: int
    number: str
    name: str
    address: str
    customer_status_label: str
    has_account: bool
    account_status: str  # "" without a portal account
    account_status_label: str  # "brak konta w IBOK" without one
    email: str
    phone_text: str


@dataclass(frozen=True)
class SearchPage:
    rows: list[CustomerRow]
    total: int
    page: int
    pages: int
    query: str = ""  # the query as read (cleaned, shortened)
    sort: str = "number"
    message: str = ""  # why nothing was searched, e.g. a query too short


# ---------------------------------------------------------------- search

def _clean_query(value: object) -> str:
    if not isinstance(value, str):
        return ""
    text = value[: QUERY_MAX * 2].encode("utf-8", "replace").decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())[:QUERY_MAX].strip()


def _fold(session: Session):
    """lower() that folds Polish letters too: PostgreSQL's own, SQLite's registered one."""
    return func.lower if session.get_bind().dialect.name == "postgresql" else func.ibok_lower


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _term_ids(fold, term: str):
    """The ids of customers that one word of the query matches, as a UNION of three
    selects (each served by its own table's indexes)."""
    word = term.lower()
    contains = f"%{_like_escape(word)}%"
    starts = f"{_like_escape(word)}%"
    like = {"escape": "\\"}
    own = select(Customer.id).where(or_(
        fold(Customer.number).like(starts, **like), fold(Customer.name).like(contains, **like),
        fold(Customer.street).like(contains, **like)))
    points = select(ServicePoint.customer_id).where(fold(ServicePoint.street).like(contains, **like))
    account_match = [fold(PortalAccount.email).like(contains, **like)]
    digits = _PHONE_SEPARATORS.sub("", term)
    if digits.isdigit() and len(digits) >= 3:
        account_match.append(fold(PortalAccount.phone).like(f"%{digits[-9:] if len(digits) > 9 else digits}%"))
    accounts = select(PortalAccount.customer_id).where(or_(*account_match))
    return union(own, points, accounts)


def search_customers(session: Session, query: object, *, page: object = 1, page_size: object = 25,
                     sort: object = "number") -> SearchPage:
    """One page of the customers every word of `query` matches, sorted by `sort`
    (one of SORT_KEYS; anything else sorts by number)."""
    text = _clean_query(query)
    sort_key = sort if isinstance(sort, str) and sort in _SORTS else "number"
    if len(text) < QUERY_MIN:
        return SearchPage([], 0, 1, 1, text, sort_key, MSG_SHORT)
    fold = _fold(session)
    terms = text.split()[:TERMS_MAX]
    conditions = [Customer.id.in_(_term_ids(fold, term)) for term in terms]
    size = min(as_page(page_size, 25), PAGE_SIZE_MAX)
    page_no = as_page(page)

    def fetch(number: int):
        # the total rides along (count(*) over ()): the matching runs once per page, not twice
        return session.exec(
            select(Customer, PortalAccount, func.count().over())
            .join(PortalAccount, PortalAccount.customer_id == Customer.id, isouter=True)
            .where(and_(*conditions)).order_by(*_SORTS[sort_key], Customer.id)
            .offset((number - 1) * size).limit(size)
        ).all()

    found = fetch(page_no)
    if found:
        total = int(found[0][2])
    else:  # past the end (or nothing at all): count, then show the last page
        total = int(session.exec(select(func.count()).select_from(Customer).where(and_(*conditions))).one())
        if total and page_no > 1:
            page_no = -(-total // size)
            found = fetch(page_no)
        else:
            page_no = 1
    pages = max(1, -(-total // size))
    found = [(c, a) for c, a, _total in found]
    rows = [_row(c, a) for c, a in found]
    message = "" if total else "Nie znaleziono klientów pasujących do zapytania."
    return SearchPage(rows, total, page_no, pages, text, sort_key, message)


def _status_label(account: PortalAccount | None) -> str:
    if account is None:
        return "brak konta w IBOK"
    return ACCOUNT_STATUS_LABELS.get(AccountStatus(account.status), str(account.status))


def _row(c: Customer, a: PortalAccount | None) -> CustomerRow:
    return CustomerRow(
        customer_id=c.id, number=c.number, name=c.name, address=address_line(c.street, c.postal_code, c.city),
        customer_status_label=CUSTOMER_STATUS_LABELS.get(c.status, str(c.status)),
        has_account=a is not None, account_status=str(a.status) if a else "",
        account_status_label=_status_label(a), email=a.email if a else "",
        phone_text=phone_text(a.phone) if a else "",
    )


# ---------------------------------------------------------------- the card

@dataclass(frozen=True)
class AccountCard:
    account_id: int
    login: str
    status: str
    status_label: str
    email: str
    pending_email: str  # a change of address not yet confirmed
    phone_text: str
    created_at_text: str
    activated_at_text: str
    last_login_text: str  # "" never logged in
    terms_version: int | None  # the newest version accepted
    terms_accepted_at_text: str
    preferences: Preferences
    must_change_password: bool
    temporary_password_until_text: str  # "" when none is waiting
    active_sessions: int
    closing: bool  # §7 window running
    access_until_text: str  # its end, "" when not closing
    # which actions of account_actions.py make sense now (the service checks again)
    can_resend_activation: bool
    can_lock: bool
    can_unlock: bool
    can_end_sessions: bool
    can_send_temporary_password: bool
    can_start_closure: bool


@dataclass(frozen=True)
class CustomerCard:
    customer_id: int
    number: str
    name: str
    is_business: bool
    nip: str
    address: str
    correspondence_address: str
    status: str
    status_label: str
    terminated_at_text: str
    service_points: list[str]
    balance: BalanceView
    # the paged lists (CARD_PAGED), each one page, newest first, with total and pages
    documents: DocumentPage
    readings: ReadingPage
    payments: PaymentPage
    online_payments: OnlinePage
    contracts: list[ContractView]
    tickets: list[TicketRow]
    complaints: list[ComplaintRow]
    account: AccountCard | None  # None: no portal account


def _terms(session: Session, account_id: int) -> tuple[int | None, str]:
    row = session.exec(
        select(TermsVersion.version, TermsAcceptance.accepted_at)
        .join(TermsVersion, TermsVersion.id == TermsAcceptance.terms_version_id)
        .where(TermsAcceptance.account_id == account_id)
        .order_by(TermsVersion.version.desc()).limit(1)
    ).first()
    return (row[0], datetime_pl(row[1])) if row else (None, "")


def account_card(session: Session, account: PortalAccount, now: datetime | None = None) -> AccountCard:
    now = now or utcnow()
    status = AccountStatus(account.status)
    version, accepted_at = _terms(session, account.id)
    sessions = int(session.exec(select(func.count()).select_from(UserSession).where(
        UserSession.account_id == account.id, UserSession.expires_at > now)).one())
    closing = account.closing_requested_at is not None
    temp_waiting = bool(account.temp_password_hash and account.temp_password_expires_at
                        and account.temp_password_expires_at > now)
    return AccountCard(
        account_id=account.id, login=account.login, status=status.value,
        status_label=ACCOUNT_STATUS_LABELS.get(status, status.value), email=account.email,
        pending_email=account.pending_email or "", phone_text=phone_text(account.phone),
        created_at_text=datetime_pl(account.created_at), activated_at_text=datetime_pl(account.activated_at),
        last_login_text=datetime_pl(account.last_login_at), terms_version=version,
        terms_accepted_at_text=accepted_at,
        preferences=Preferences(**{name: bool(getattr(account, name)) for name in PREFERENCE_FIELDS},
                                has_phone=bool(account.phone)),
        must_change_password=account.must_change_password,
        temporary_password_until_text=datetime_pl(account.temp_password_expires_at) if temp_waiting else "",
        active_sessions=sessions, closing=closing,
        access_until_text=datetime_pl(access_until(account)) if closing else "",
        can_resend_activation=status == AccountStatus.PENDING,
        can_lock=status in (AccountStatus.PENDING, AccountStatus.ACTIVE, AccountStatus.CLOSING),
        can_unlock=status == AccountStatus.LOCKED,
        can_end_sessions=sessions > 0,
        can_send_temporary_password=status in (AccountStatus.ACTIVE, AccountStatus.CLOSING),
        can_start_closure=not closing and status in (AccountStatus.PENDING, AccountStatus.ACTIVE,
                                                     AccountStatus.LOCKED),
    )


def customer_card(session: Session, customer_id: object, now: datetime | None = None, *,
                  pages: object = None) -> CustomerCard | None:
    """Everything the office sees of one customer; None for an unknown id. `pages`
    maps a name of CARD_PAGED to the page of that list to show (whatever the address
    held: garbage is page 1, past the end the last page); each list is paged in SQL."""
    cid = parse_id(customer_id)
    customer = session.get(Customer, cid) if cid else None
    if customer is None:
        return None
    now = now if isinstance(now, datetime) else utcnow()
    today = today_in_warsaw(now)
    account = session.exec(select(PortalAccount).where(PortalAccount.customer_id == cid)).first()
    points = session.exec(select(ServicePoint).where(ServicePoint.customer_id == cid)
                          .order_by(ServicePoint.code)).all()
    return CustomerCard(
        customer_id=customer.id, number=customer.number, name=customer.name, is_business=customer.is_business,
        nip=customer.nip or "", address=address_line(customer.street, customer.postal_code, customer.city),
        correspondence_address=address_line(customer.corr_street, customer.corr_postal_code, customer.corr_city),
        status=str(customer.status), status_label=CUSTOMER_STATUS_LABELS.get(customer.status, str(customer.status)),
        terminated_at_text=datetime_pl(customer.terminated_at),
        service_points=[f"{address_line(p.street, p.postal_code, p.city)} ({p.code})" for p in points],
        balance=balance(session, cid, today=today),
        documents=list_documents(session, cid, page=_page(pages, "dokumenty"), page_size=CARD_ROWS, today=today),
        readings=reading_page(session, cid, page=_page(pages, "odczyty"), page_size=CARD_READINGS),
        payments=payment_history(session, cid, page=_page(pages, "platnosci"), page_size=CARD_ROWS),
        online_payments=online_page(session, cid, page=_page(pages, "online"), page_size=CARD_ROWS),
        contracts=list_contracts(session, cid, today=today),
        tickets=list_tickets(session, cid, limit=CARD_ROWS),
        complaints=list_complaints(session, cid, limit=CARD_ROWS, now=now),
        account=account_card(session, account, now) if account else None,
    )


def _page(pages: object, name: str) -> object:
    """The raw page of one list (paginate() reads it; anything odd is page 1)."""
    if not isinstance(pages, dict):
        return 1
    value = pages.get(name, 1)
    return value[:8] if isinstance(value, str) else value


def log_card_view(session: Session, staff_id: object, customer_id: object, client_ip: object = None) -> bool:
    """Write "customer.card_viewed" (who looked at whose data, from where). False, and
    nothing written, for an inactive staff member or an unknown customer."""
    staff = staff_member(session, staff_id)
    cid = parse_id(customer_id)
    customer = session.get(Customer, cid) if cid else None
    if staff is None or customer is None:
        return False
    audit(session, actor_kind="staff", actor_id=staff.id, action="customer.card_viewed", entity="customer",
          entity_id=customer.id, customer_id=customer.id, after={"number": customer.number},
          client_ip=client_address(client_ip))
    return True
