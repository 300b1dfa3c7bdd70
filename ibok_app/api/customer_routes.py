"""The customer zone's download routes, one list (see customer_files.customer_file_route)."""
from __future__ import annotations

from starlette.routing import BaseRoute


def customer_routes() -> list[BaseRoute]:
    return []
