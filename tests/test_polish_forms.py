"""The one Polish plural rule and the one "today in Warsaw" (views/formats.py)."""
from datetime import date, datetime

import pytest

from ibok_app.services.accounts.passwords import _chars
from ibok_app.services.notifications.emails import hours_text
from ibok_app.services.readings.rules import days_pl, remaining_days_pl
from ibok_app.views.formats import count_pl, plural, today_in_warsaw


@pytest.mark.parametrize("n, word", [(0, "dokumentów"), (1, "dokument"), (2, "dokumenty"), (4, "dokumenty"),
                                     (5, "dokumentów"), (12, "dokumentów"), (14, "dokumentów"),
                                     (22, "dokumenty"), (25, "dokumentów"), (104, "dokumenty"), (112, "dokumentów")])
def test_plural(n, word):
    assert plural(n, "dokument", "dokumenty", "dokumentów") == word


def test_every_counted_text_uses_the_rule():
    assert [days_pl(n) for n in (0, 1, 2, 5, 22)] == ["0 dni", "1 dzień", "2 dni", "5 dni", "22 dni"]
    assert [remaining_days_pl(n) for n in (1, 22)] == ["pozostały 1 dzień", "pozostałe 22 dni"]
    assert [hours_text(n) for n in (1, 24, 48, 22)] == ["1 godzinę", "24 godziny", "48 godzin", "22 godziny"]
    assert [_chars(n) for n in (1, 3, 8, 13)] == ["znak", "znaki", "znaków", "znaków"]
    assert count_pl(3, "wodomierz", "wodomierze", "wodomierzy") == "3 wodomierze"


def test_today_is_the_polish_calendar_day():
    assert today_in_warsaw(datetime(2026, 3, 10, 23, 30)) == date(2026, 3, 11)  # 00:30 in Warsaw (CET)
    assert today_in_warsaw(datetime(2026, 7, 10, 21, 59)) == date(2026, 7, 10)  # 23:59 (CEST)
    assert isinstance(today_in_warsaw(), date)
