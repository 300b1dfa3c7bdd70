"""/admin/klienci — find a customer (the query, sort and page live in the address) —
and /admin/klienci/karta?id=N — the customer card: what the customer sees plus the
portal account, with the account actions (each confirmed, audited). Opening a card is
itself written to the audit log (GDPR: who looked at whose data)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlencode

import reflex as rx

from ibok_app import routes
from ibok_app.api.staff_files import DOCUMENT_PDF
from ibok_app.services.desk import account_actions
from ibok_app.services.desk.customers import (
    CARD_PAGED,
    CustomerCard,
    customer_card,
    log_card_view,
    search_customers,
)
from ibok_app.services.staff import roles
from ibok_app.state.base import FAILED, form_value
from ibok_app.state.staff_session import StaffSessionState
from ibok_app.strings import staff as txt

PAGE_SIZE = 25


@dataclass(frozen=True)
class SortChoice:
    value: str
    label: str


@dataclass(frozen=True)
class FoundRow:
    customer_id: int
    number: str
    name: str
    address: str
    account: str
    contact: str


@dataclass(frozen=True)
class CardTable:
    """One list of the card, ready to show: a heading, column names and text cells."""
    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    links: list[str] = field(default_factory=list)  # per row: where its first cell leads ("" nowhere)
    # a paged list (services/desk/customers.CARD_PAGED): its page, and the card's address
    # with the other lists' pages, ending in "&", for the pager (the page's name is `key`)
    paged: bool = False
    total: int = 0
    page: int = 1
    pages: int = 1
    page_base: str = ""
    pager_label: str = ""


def search_url(query: str, sort: str = "number", page: int = 1) -> str:
    params = {"q": query, **({"sort": sort} if sort != "number" else {}), **({"strona": page} if page > 1 else {})}
    return routes.STAFF_CUSTOMERS + "?" + urlencode(params)


def search_bases(query: str, sort: str) -> tuple[str, str]:
    """(page_base, sort_base): the search's address for the pager (with the sort) and
    for the sortable headers (without it), ending in "&"."""
    return search_url(query, sort) + "&", routes.STAFF_CUSTOMERS + "?" + urlencode({"q": query}) + "&"


class StaffCustomersState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ

    loaded: bool = False
    query: str = ""
    sort: str = "number"  # as the search applied it (customers.SORT_KEYS)
    page_base: str = routes.STAFF_CUSTOMERS + "?"
    sort_base: str = routes.STAFF_CUSTOMERS + "?"
    rows: list[FoundRow] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    message: str = ""
    searched: bool = False
    errors: dict[str, str] = {}

    @rx.event
    async def load(self):
        self.loaded, self.rows, self.total, self.message, self.searched = False, [], 0, "", False
        ctx, redirect = await self._require_staff("customers.search")
        if redirect:
            return redirect
        params = self.router.url.query_parameters
        query = params.get("q", "")
        self.query = query[:200] if isinstance(query, str) else ""
        self.sort = params.get("sort", "number") if isinstance(params.get("sort"), str) else "number"
        if self.query:
            found = await self._call(search_customers, self.query, page=params.get("strona", 1),
                                     page_size=PAGE_SIZE, sort=self.sort)
            if found is not FAILED:
                self.searched = True
                self.rows = [FoundRow(r.customer_id, r.number, r.name, r.address, r.account_status_label,
                                      " ".join(x for x in (r.email, r.phone_text) if x)) for r in found.rows]
                self.total, self.page, self.pages, self.sort = found.total, found.page, found.pages, found.sort
                self.message = found.message
                self.page_base, self.sort_base = search_bases(found.query, found.sort)
        self.loaded = True

    @rx.event
    async def search(self, form: dict):
        """The form's answer is an address: the search is bookmarkable and Back works."""
        ctx, redirect = await self._require_staff("customers.search")
        if redirect:
            return redirect
        return rx.redirect(search_url(form_value(form, "q", 200).strip(), form_value(form, "sort", 20) or "number"))


# ---- the card --------------------------------------------------------------------------

_ACTIONS = {
    "resend_activation": (account_actions.resend_activation, txt.ASK_RESEND_ACTIVATION),
    "lock": (account_actions.lock_account, txt.ASK_LOCK),
    "unlock": (account_actions.unlock_account, txt.ASK_UNLOCK),
    "end_sessions": (account_actions.end_sessions, txt.ASK_END_SESSIONS),
    "temporary_password": (account_actions.send_temporary_password, txt.ASK_TEMP_PASSWORD),
    "closure": (account_actions.start_closure, txt.ASK_CLOSURE),
}


def _yes(flag: bool) -> str:
    return txt.YES if flag else txt.NO


def card_url(customer_id: int, pages: dict[str, int]) -> str:
    """The card's address with the pages of its paged lists (page 1 left out)."""
    return routes.STAFF_CUSTOMER_CARD + "?" + urlencode(
        {"id": customer_id, **{k: pages[k] for k in CARD_PAGED if pages.get(k, 1) > 1}})


def _paged(table: CardTable, page, card: CustomerCard, shown: dict[str, int]) -> CardTable:
    """The table with its pager: the address keeps the other lists where they are."""
    others = {k: v for k, v in shown.items() if k != table.key}
    return CardTable(table.key, table.title, table.columns, table.rows, table.links, paged=True,
                     total=page.total, page=page.page, pages=page.pages,
                     page_base=card_url(card.customer_id, others) + "&",
                     pager_label=f"{txt.CARD_PAGES}: {table.title}")


def _tables(card: CustomerCard) -> list[CardTable]:
    shown = {"dokumenty": card.documents.page, "odczyty": card.readings.page,
             "platnosci": card.payments.page, "online": card.online_payments.page}
    return [
        _paged(CardTable("dokumenty", txt.CARD_DOCUMENTS, [txt.C_NUMBER, txt.C_TYPE, txt.C_ISSUED, txt.C_DUE,
                                                           txt.C_AMOUNT, txt.C_STATUS],
                         [[d.number, d.type_label, d.issue_date_display, d.due_date_display, d.gross_display,
                           d.status_label] for d in card.documents.rows],
                         [DOCUMENT_PDF.format(id=d.id) for d in card.documents.rows]),
               card.documents, card, shown),
        _paged(CardTable("odczyty", txt.CARD_READINGS, [txt.C_DATE, txt.C_METER, txt.C_VALUE, txt.C_USAGE,
                                                        txt.C_SOURCE, txt.C_STATUS],
                         [[r.read_on_text, f"{r.meter_serial} ({r.meter_kind_label})", r.value_text,
                           r.consumption_text, r.source_label, r.status_label] for r in card.readings.rows]),
               card.readings, card, shown),
        _paged(CardTable("platnosci", txt.CARD_PAYMENTS, [txt.C_DATE, txt.C_AMOUNT, txt.C_METHOD, txt.C_DOCUMENTS],
                         [[p.date_display, p.amount_display, p.method_label, ", ".join(p.document_numbers)]
                          for p in card.payments.rows]),
               card.payments, card, shown),
        _paged(CardTable("online", txt.CARD_ONLINE, [txt.C_ORDER, txt.C_STARTED, txt.C_AMOUNT, txt.C_STATUS],
                         [[o.order_id, o.started_display, o.amount_display, o.status_label]
                          for o in card.online_payments.rows]),
               card.online_payments, card, shown),
        CardTable("umowy", txt.CARD_CONTRACTS, [txt.C_NUMBER, txt.C_SUBJECT, txt.C_PLACE, txt.C_VALID],
                  [[c.number, c.subject, c.service_point_address,
                    f"{c.valid_from_display} – {c.valid_to_display or txt.OPEN_ENDED}"] for c in card.contracts]),
        CardTable("zgloszenia", txt.CARD_TICKETS, [txt.C_NUMBER, txt.C_CATEGORY, txt.C_STATUS, txt.C_CREATED],
                  [[t.number, t.category_label, t.status_label, t.created_at_text] for t in card.tickets]),
        CardTable("reklamacje", txt.CARD_COMPLAINTS, [txt.C_NUMBER, txt.C_SUBJECT, txt.C_STATUS, txt.C_ANSWER_DUE],
                  [[c.number, c.subject, c.status_label + (txt.OVERDUE_MARK if c.overdue else ""),
                    c.answer_due_on_text] for c in card.complaints]),
    ]


def _account_facts(card: CustomerCard) -> list[list[str]]:
    a = card.account
    if a is None:
        return []
    p = a.preferences
    prefs = [label for label, on in ((txt.PREF_DOCS_EMAIL, p.notify_documents_email),
                                     (txt.PREF_DOCS_SMS, p.notify_documents_sms),
                                     (txt.PREF_OUTAGES_EMAIL, p.notify_outages_email),
                                     (txt.PREF_OUTAGES_SMS, p.notify_outages_sms),
                                     (txt.PREF_READINGS_EMAIL, p.notify_readings_email),
                                     (txt.PREF_READINGS_SMS, p.notify_readings_sms),
                                     (txt.PREF_EINVOICE, p.einvoice_consent)) if on]
    terms = f"{a.terms_version} ({a.terms_accepted_at_text})" if a.terms_version else txt.NONE
    return [
        [txt.A_LOGIN, a.login], [txt.A_STATUS, a.status_label + (f" — {txt.ACCESS_UNTIL} {a.access_until_text}"
                                                                  if a.closing and a.access_until_text else "")],
        [txt.A_EMAIL, a.email + (f" ({txt.PENDING_EMAIL}: {a.pending_email})" if a.pending_email else "")],
        [txt.A_PHONE, a.phone_text or txt.NONE], [txt.A_CREATED, a.created_at_text],
        [txt.A_LAST_LOGIN, a.last_login_text or txt.NEVER], [txt.A_TERMS, terms],
        [txt.A_SESSIONS, str(a.active_sessions)], [txt.A_PREFS, ", ".join(prefs) or txt.NONE],
    ]


def _available(card: CustomerCard) -> list[SortChoice]:
    a = card.account
    if a is None:
        return []
    flags = {"resend_activation": a.can_resend_activation, "lock": a.can_lock, "unlock": a.can_unlock,
             "end_sessions": a.can_end_sessions, "temporary_password": a.can_send_temporary_password,
             "closure": a.can_start_closure}
    return [SortChoice(key, txt.ACTION_LABELS[key]) for key, on in flags.items() if on]


class StaffCustomerCardState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.READ
    HANDLER_ROLES: ClassVar[dict] = {"ask": roles.WORK, "cancel": roles.WORK, "confirm": roles.WORK}

    loaded: bool = False
    found: bool = False
    customer_id: int = 0
    number: str = ""
    name: str = ""
    facts: list[list[str]] = []
    balance_label: str = ""
    balance: str = ""
    overdue: str = ""
    has_account: bool = False
    account_facts: list[list[str]] = []
    actions: list[SortChoice] = []
    tables: list[CardTable] = []
    message: str = ""
    ask_text: str = ""
    can_act: bool = False

    _ask: str = ""
    _pages: dict[str, str] = {}  # the paged lists' pages as the address gave them

    async def _show(self, card: CustomerCard) -> None:
        self.found, self.customer_id, self.number, self.name = True, card.customer_id, card.number, card.name
        self.facts = [[txt.F_CUSTOMER_STATUS, card.status_label], [txt.F_ADDRESS, card.address],
                      *([[txt.F_CORRESPONDENCE, card.correspondence_address]] if card.correspondence_address else []),
                      *([[txt.F_NIP, card.nip]] if card.nip else []),
                      [txt.F_POINTS, "; ".join(card.service_points) or txt.NONE]]
        self.balance_label, self.balance = card.balance.label, card.balance.balance_display
        self.overdue = card.balance.overdue_display if card.balance.overdue_gr > 0 else ""
        self.has_account = card.account is not None
        self.account_facts, self.actions, self.tables = _account_facts(card), _available(card), _tables(card)

    def _card_id(self) -> str:
        raw = self.router.url.query_parameters.get("id", "")
        return raw[:20] if isinstance(raw, str) else ""

    def _list_pages(self) -> dict[str, str]:
        params = self.router.url.query_parameters
        return {k: params[k][:8] for k in CARD_PAGED if isinstance(params.get(k), str)}

    @rx.event
    async def load(self):
        self.loaded, self.found, self.message, self.ask_text, self._ask = False, False, "", "", ""
        ctx, redirect = await self._require_staff("customers.card")
        if redirect:
            return redirect
        self.can_act = ctx.can(roles.WORK)
        self._pages = self._list_pages()
        card = await self._call(_viewed, ctx.staff_id, self._card_id(), self._client_ip(), self._pages)
        if card is not FAILED and card is not None:
            await self._show(card)
        self.loaded = True

    @rx.event
    async def ask(self, action: str):
        self.ask_text, self.message = "", ""
        ctx, redirect = await self._require_staff("customers.account_action", roles.WORK)
        if redirect:
            return redirect
        if not isinstance(action, str) or action not in {a.value for a in self.actions}:
            return
        self._ask, self.ask_text = action, _ACTIONS[action][1]

    @rx.event
    async def cancel(self):
        self._ask, self.ask_text = "", ""
        ctx, redirect = await self._require_staff("customers.account_action", roles.WORK)
        if redirect:
            return redirect

    @rx.event
    async def confirm(self):
        action, self._ask, self.ask_text = self._ask, "", ""
        ctx, redirect = await self._require_staff(f"customers.{action or 'action'}", roles.WORK)
        if redirect:
            return redirect
        if action not in _ACTIONS or not self.customer_id:
            return
        result = await self._call(_ACTIONS[action][0], ctx.staff_id, self.customer_id, client_ip=self._client_ip())
        if result is FAILED:
            return
        self.message = result.message
        card = await self._call(customer_card, self.customer_id, pages=dict(self._pages))
        if card is not FAILED and card is not None:
            await self._show(card)


def _viewed(session, staff_id: int, customer_id: str, client_ip: str, pages: dict) -> CustomerCard | None:
    """The card, and the audit entry that this member opened it, in one transaction."""
    card = customer_card(session, customer_id, pages=pages)
    if card is not None:
        log_card_view(session, staff_id, card.customer_id, client_ip)
    return card
