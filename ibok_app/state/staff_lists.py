"""The addresses of the desk's list pages: filters, sort and page live in the query, so
a view can be bookmarked, Back works and the sortable headers and the pager are plain
navigation (components/staff_widgets.py)."""
from __future__ import annotations

from urllib.parse import urlencode


def list_bases(path: str, filters: dict[str, str]) -> tuple[str, str]:
    """(page_base, sort_base) of a list page: its address with the filters, ending in
    "?" or "&", for the pager (with the sort) and the sortable headers (without it)."""
    def base(params: dict[str, str]) -> str:
        query = urlencode({k: v for k, v in params.items() if v})
        return path + "?" + (query + "&" if query else "")
    return base(filters), base({k: v for k, v in filters.items() if k != "sort"})
