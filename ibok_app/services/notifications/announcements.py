"""Announcements (§6: outages, planned maintenance announced in advance)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, or_, select

from ibok_app.models import Announcement, AnnouncementKind, utcnow
from ibok_app.views.formats import datetime_pl

KIND_LABELS = {
    AnnouncementKind.INFO: "Informacja",
    AnnouncementKind.OUTAGE: "Awaria",
    AnnouncementKind.MAINTENANCE: "Prace planowe",
}


@dataclass(frozen=True)
class AnnouncementView:
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    visible_from: str


def visible_announcements(session: Session, now: datetime | None = None, limit: int = 10) -> list[AnnouncementView]:
    now = now or utcnow()
    rows = session.exec(
        select(Announcement)
        .where(Announcement.visible_from <= now,
               or_(Announcement.visible_to.is_(None), Announcement.visible_to > now))
        .order_by(Announcement.visible_from.desc()).limit(limit)
    ).all()
    return [AnnouncementView(a.id, str(a.kind), KIND_LABELS.get(a.kind, "Informacja"), a.title, a.body,
                             datetime_pl(a.visible_from)) for a in rows]
