"""Announcements (§6: outages, planned maintenance announced in advance)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import Session, or_, select

from ibok_app.models import Announcement, utcnow
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


def visible_announcements(session: Session, now: datetime | None = None, limit: int = 10) -> list[AnnouncementView]:
    """The announcements in force at `now` (naive UTC, as stored; default: this moment),
    newest first. Each is shown from its `visible_from` up to, not including, its
    `visible_to`: the time an outage is announced to last until (or planned works to
    end); none means until it is withdrawn. An outage past its time is never shown as
    current."""
    now = now or utcnow()
    if now.tzinfo is not None:  # an aware time compared with naive UTC columns
        now = now.astimezone(timezone.utc).replace(tzinfo=None)
    rows = session.exec(
        select(Announcement)
        .where(Announcement.visible_from <= now,
               or_(Announcement.visible_to.is_(None), Announcement.visible_to > now))
        .order_by(Announcement.visible_from.desc()).limit(limit)
    ).all()
    return [AnnouncementView(a.id, str(a.kind), KIND_LABELS.get(a.kind, "Informacja"), a.title, a.body,
                             datetime_pl(a.visible_from)) for a in rows]
