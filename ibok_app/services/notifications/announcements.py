"""Announcements (§6: outages, planned maintenance announced in advance)."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import bindparam
from sqlmodel import Session, or_, select

from ibok_app.models import Announcement, ServicePoint, utcnow
from ibok_app.services.common import queries
from ibok_app.views.formats import datetime_pl
from ibok_app.views.labels import ANNOUNCEMENT_KIND_LABELS as KIND_LABELS


@dataclass(frozen=True)
class AnnouncementView:
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    visible_from: str
    for_you: bool = False  # it names a street or locality of one of the customer's addresses
    area_text: str = ""  # "ul. Głogowska, ul. Polna"; "" for everyone


# "ul. Głogowska 12/3" and "Głogowska" are one street; "Stypułów 45" is the locality Stypułów.
_STREET_PREFIX = re.compile(r"^(ul|al|os|pl|aleja|aleje|osiedle|plac)\.?\s+")
_HOUSE_NUMBER = re.compile(r"\s+\d[\w/ -]*$")


def place_key(text: object) -> str:
    """The comparable name of a street or locality: no prefix, no house number, case-folded."""
    if not isinstance(text, str):
        return ""
    name = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return _HOUSE_NUMBER.sub("", _STREET_PREFIX.sub("", name)).strip(" ,.")


def area_names(areas: str | None) -> list[str]:
    """The announcement's areas as typed, one per line (commas too), blanks dropped."""
    return [part.strip() for part in re.split(r"[\n,;]", areas or "") if part.strip()]


def customer_places(session: Session, customer_id: int) -> set[str]:
    """The place keys of the customer's service points (their streets or localities)."""
    return {place_key(street) for street, in queries.rows(session, _places_query(), customer_id=customer_id)} - {""}


@functools.cache
def _places_query():
    points = ServicePoint.__table__
    return select(points.c.street).where(points.c.customer_id == bindparam("customer_id"))


@functools.cache
def _visible_query():
    """Built once: the Panel asks on every load."""
    a = Announcement.__table__
    now = bindparam("now", type_=a.c.visible_from.type)
    return (select(a.c.id, a.c.kind, a.c.title, a.c.body, a.c.visible_from, a.c.areas)
            .where(a.c.visible_from <= now, or_(a.c.visible_to.is_(None), a.c.visible_to > now))
            .order_by(a.c.visible_from.desc()).limit(bindparam("size")))


def for_customer(announcements: list[AnnouncementView], places: set[str]) -> list[AnnouncementView]:
    """The customer's order: those naming one of their places first (marked), then those
    for everyone, then those for other areas; newest first within each."""
    from dataclasses import replace

    def concerns(a: AnnouncementView) -> bool:
        return any(place_key(name) in places for name in area_names(a.area_text))

    marked = [replace(a, for_you=bool(a.area_text) and concerns(a)) for a in announcements]
    return sorted(marked, key=lambda a: 0 if a.for_you else (1 if not a.area_text else 2))


def visible_announcements(session: Session, now: datetime | None = None, limit: int = 10) -> list[AnnouncementView]:
    """The announcements in force at `now` (naive UTC, as stored; default: this moment),
    newest first. Each is shown from its `visible_from` up to, not including, its
    `visible_to`: the time an outage is announced to last until (or planned works to
    end); none means until it is withdrawn. An outage past its time is never shown as
    current."""
    now = now or utcnow()
    if now.tzinfo is not None:  # an aware time compared with naive UTC columns
        now = now.astimezone(timezone.utc).replace(tzinfo=None)
    rows = queries.rows(session, _visible_query(), now=now, size=limit)
    return [AnnouncementView(a.id, str(a.kind), KIND_LABELS.get(a.kind, "Informacja"), a.title, a.body,
                             datetime_pl(a.visible_from), area_text=", ".join(area_names(a.areas)))
            for a in rows]
