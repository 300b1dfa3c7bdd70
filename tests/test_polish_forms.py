"""The one Polish plural rule and the one "today in Warsaw" (views/formats.py)."""
from datetime import date, datetime
from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from ibok_app.services.accounts.passwords import _chars
from ibok_app.services.notifications.emails import hours_text
from ibok_app.services.readings.rules import days_pl, remaining_days_pl
from ibok_app.views.formats import amount_pl, count_pl, date_pl, m3, money, plural, quantity_pl, today_in_warsaw


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


# Pages format through patterns and a locale read once, with recent strings kept
# (views/formats.py); the text must stay exactly what Babel's own calls give.
@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10**11, max_value=10**11))
def test_amounts_and_volumes_read_as_babel_writes_them(n):
    value = Decimal(n)
    assert money(n) == format_currency(value / 100, "PLN", locale="pl_PL")
    assert amount_pl(n) == format_decimal(value / 100, format="#,##0.00", locale="pl_PL")
    assert m3(n) == f"{format_decimal(value / 1000, format='#,##0.000', locale='pl_PL')} m³"
    assert quantity_pl(value / 1000) == format_decimal(value / 1000, format="#,##0.###", locale="pl_PL")
    assert money(n) == money(n)  # the kept string is the same on the second call


def test_known_amounts():
    assert [money(n).replace("\u00a0", " ") for n in (0, 5, 123456, -100)] == \
        ["0,00 zł", "0,05 zł", "1 234,56 zł", "-1,00 zł"]
    assert m3(1234567).replace("\u00a0", " ") == "1 234,567 m³"
    assert date_pl(date(2026, 1, 2)) == "02.01.2026" == date_pl(datetime(2026, 1, 1, 23, 30))
