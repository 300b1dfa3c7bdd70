"""The addresses of the desk's list pages: filters, sort and page live in the query, so
a view can be bookmarked, Back works and the sortable headers and the pager are plain
navigation (components/staff_widgets.py)."""
from __future__ import annotations

from urllib.parse import urlencode


def list_address(path: str, params: dict[str, str]) -> str:
    """The list page's address with the non-empty filters (a filter form's answer)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return path + ("?" + query if query else "")


def list_bases(path: str, filters: dict[str, str]) -> tuple[str, str]:
    """(page_base, sort_base) of a list page: its address with the filters, ending in
    "?" or "&", for the pager (with the sort) and the sortable headers (without it)."""
    def base(params: dict[str, str]) -> str:
        query = urlencode({k: v for k, v in params.items() if v})
        return path + "?" + (query + "&" if query else "")
    return base(filters), base({k: v for k, v in filters.items() if k != "sort"})
