"""One paging rule for every paginated list (documents, payments, readings, online
transactions, the desk's queues): a page number from whatever the browser sent, and
the page clamped into 1..pages."""
from __future__ import annotations

import math

from ibok_app.services.common.inputs import parse_id

MAX_PAGE_SIZE = 100


def as_page(value: object, default: int = 1) -> int:
    n = parse_id(value)
    return n if n is not None else default


def paginate(total: int, page: object, page_size: object, default_size: int = 20) -> tuple[int, int, int]:
    """(page, page_size, pages) with the page clamped into 1..pages."""
    size = min(as_page(page_size, default_size), MAX_PAGE_SIZE)
    pages = max(1, math.ceil(total / size))
    return min(as_page(page), pages), size, pages
