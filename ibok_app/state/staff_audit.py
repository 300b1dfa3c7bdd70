"""/admin/dziennik — the audit log for administrators and auditors: filter by staff
member, customer, action and dates (the filters live in the address, so a view can be
bookmarked and the CSV link exports exactly it). Read-only: nothing in the portal
edits or deletes an entry."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlencode

import reflex as rx

from ibok_app import routes
from ibok_app.api.staff_files import AUDIT_CSV
from ibok_app.services.desk.audit_log import (
    AUDIT_FILTERS,
    DEFAULT_SORT,
    AuditRow,
    action_options,
    browse_audit,
    sort_key,
    staff_options,
)
from ibok_app.services.staff import roles
from ibok_app.state.base import FAILED, form_value
from ibok_app.state.staff_lists import list_address, list_bases
from ibok_app.state.staff_session import StaffSessionState

PAGE_SIZE = 50


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def _filters_from(params: dict) -> dict[str, str]:
    """The filters of the address, and its sort (kept when the filters change)."""
    return {param: (params.get(param) or "")[:100] for param in (*AUDIT_FILTERS.values(), "sort")
            if isinstance(params.get(param, ""), str)}


def _page_data(session, filters: dict[str, str], page: str):
    found = browse_audit(session, page=page, page_size=PAGE_SIZE, sort=filters.get("sort") or DEFAULT_SORT,
                         **{name: filters.get(param) or None for name, param in AUDIT_FILTERS.items()})
    return found, action_options(session), staff_options(session)


class StaffAuditState(StaffSessionState):
    ROLES: ClassVar[frozenset] = roles.AUDIT

    loaded: bool = False
    rows: list[AuditRow] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    filters: dict[str, str] = {}
    actions: list[Choice] = []
    staff: list[Choice] = []
    csv_url: str = AUDIT_CSV
    page_base: str = routes.STAFF_AUDIT + "?"
    sort_base: str = routes.STAFF_AUDIT + "?"
    sort: str = DEFAULT_SORT  # as applied (audit_log.SORT_KEYS)
    message: str = ""
    errors: dict[str, str] = {}

    @rx.event
    async def load(self):
        self.loaded, self.message = False, ""
        ctx, redirect = await self._require_staff("audit.view")
        if redirect:
            return redirect
        params = self.router.url.query_parameters
        self.filters = _filters_from(params)
        self.sort = sort_key(self.filters.get("sort"))
        if self.sort == DEFAULT_SORT:
            self.filters.pop("sort", None)
        query = urlencode({k: v for k, v in self.filters.items() if v})
        self.csv_url = AUDIT_CSV + ("?" + query if query else "")  # the CSV of this very view, in its order
        self.page_base, self.sort_base = list_bases(routes.STAFF_AUDIT, self.filters)
        raw_page = params.get("strona", "1")
        data = await self._call(_page_data, self.filters, raw_page if isinstance(raw_page, str) else "1")
        if data is not FAILED:
            found, actions, staff = data
            self.rows, self.total, self.page, self.pages = found.rows, found.total, found.page, found.pages
            self.actions = [Choice(a, a) for a in actions]
            self.staff = [Choice(str(i), label) for i, label in staff]
        self.loaded = True

    @rx.event
    async def apply(self, form: dict):
        """The filter form's answer is an address (bookmarkable, Back works)."""
        ctx, redirect = await self._require_staff("audit.view")
        if redirect:
            return redirect
        chosen = {param: form_value(form, param, 100).strip() for param in (*AUDIT_FILTERS.values(), "sort")}
        return rx.redirect(list_address(routes.STAFF_AUDIT, chosen))
