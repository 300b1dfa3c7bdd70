"""A version of the terms of service."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TermsView:
    id: int
    version: int
    title: str
    body: str
    published_at: datetime
