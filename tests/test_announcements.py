"""Announcements on the Panel (§6): shown from their start up to their end; an outage
announced to last until a time is not shown as current after it (issue 9)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ibok_app import demo
from ibok_app.models import Announcement, AnnouncementKind
from ibok_app.services.notifications.announcements import visible_announcements

SEEDED = date(2026, 5, 15)


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    """Warsaw wall-clock time (CEST in May: UTC+2) as the naive UTC the database keeps."""
    return datetime(day.year, day.month, day.day, hour, minute) - timedelta(hours=2)


def _titles(session, now: datetime) -> list[str]:
    return [a.title for a in visible_announcements(session, now=now)]


def test_an_outage_stops_being_current_at_its_until_time(session):
    session.add(Announcement(kind=AnnouncementKind.OUTAGE, title="Awaria – ul. Polna", body="Do 18:00.",
                             visible_from=_utc(SEEDED, 6), visible_to=_utc(SEEDED, 18)))
    session.add(Announcement(kind=AnnouncementKind.INFO, title="Informacja", body="Bez końca.",
                             visible_from=_utc(SEEDED, 5)))
    session.commit()
    assert _titles(session, _utc(SEEDED, 4, 59)) == []
    assert _titles(session, _utc(SEEDED, 17, 59)) == ["Awaria – ul. Polna", "Informacja"]
    assert _titles(session, _utc(SEEDED, 18)) == ["Informacja"]
    assert _titles(session, _utc(SEEDED + timedelta(days=1), 9)) == ["Informacja"]
    aware = datetime(2026, 5, 15, 17, 30, tzinfo=timezone(timedelta(hours=2)))  # 15:30 UTC: still on
    assert _titles(session, aware) == ["Awaria – ul. Polna", "Informacja"]


def test_the_seeded_outage_is_gone_from_the_panel_a_day_later(db, session):
    demo.seed_demo(customers=3, today=SEEDED)
    outage = [a for a in visible_announcements(session, now=_utc(SEEDED, 10)) if a.kind == "outage"]
    assert len(outage) == 1 and "15.05.2026 do godz. 22:00" in outage[0].body
    assert outage[0].visible_from == "14.05.2026 06:00"  # shown in Warsaw time, as typed
    assert not [a for a in visible_announcements(session, now=_utc(SEEDED, 22)) if a.kind == "outage"]
    later = visible_announcements(session, now=_utc(SEEDED + timedelta(days=1), 8))
    assert "outage" not in {a.kind for a in later}
    assert {a.kind for a in later} == {"maintenance", "info"}  # the works announced ahead stay


def test_place_names_compare_without_prefix_house_number_or_case():
    from ibok_app.services.notifications.announcements import place_key
    assert place_key("ul. Głogowska 12/3") == place_key("Głogowska") == place_key("UL.  głogowska") == "głogowska"
    assert place_key("Stypułów 45") == place_key("Stypułów") == "stypułów"
    assert place_key("al. Jana Pawła II 4") == "jana pawła ii"
    assert place_key("ul. 3 Maja 7") == "3 maja"
    assert place_key(None) == place_key(17) == ""


def test_the_customers_own_area_comes_first_then_everyones_then_other_areas(session):
    from ibok_app.services.notifications.announcements import customer_places, for_customer
    from tests.factories.customers import customer, service_point
    who = customer(session)
    service_point(session, who, "ul. Polna 3")
    service_point(session, who, "Stypułów 45")
    neighbour = customer(session)
    service_point(session, neighbour, "ul. Kopernika 1")
    for title, areas, hour in (("Ogólna", None, 5), ("Awaria – Kopernika", "ul. Kopernika", 6),
                               ("Awaria – Polna", "ul. Głogowska\nul. Polna", 4),
                               ("Prace – Stypułów", "Stypułów", 3)):
        session.add(Announcement(kind=AnnouncementKind.OUTAGE, title=title, body="…",
                                 visible_from=_utc(SEEDED, hour), areas=areas))
    session.commit()
    shown = visible_announcements(session, now=_utc(SEEDED, 12))
    assert [a.title for a in shown] == ["Awaria – Kopernika", "Ogólna", "Awaria – Polna", "Prace – Stypułów"]
    mine = for_customer(shown, customer_places(session, who.id))
    assert [(a.title, a.for_you) for a in mine] == [
        ("Awaria – Polna", True), ("Prace – Stypułów", True), ("Ogólna", False), ("Awaria – Kopernika", False)]
    assert mine[0].area_text == "ul. Głogowska, ul. Polna"
    theirs = for_customer(shown, customer_places(session, neighbour.id))
    assert [(a.title, a.for_you) for a in theirs][0] == ("Awaria – Kopernika", True)
    assert [a.title for a in for_customer(shown, set())] == [
        "Ogólna", "Awaria – Kopernika", "Awaria – Polna", "Prace – Stypułów"]
