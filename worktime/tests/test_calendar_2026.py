"""2026 as the State Council General Office published it (2025-11-04 notice, REFERENCE.md §1)."""

import datetime

import pytest

from worktime.calendar import day_kind, holiday_name, is_workday, working_days
from worktime.models import CalendarYear

from .helpers import d

pytestmark = pytest.mark.django_db


def span(first: str, last: str) -> list[datetime.date]:
    start, end = d(first), d(last)
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


HOLIDAYS = {
    "元旦": span("2026-01-01", "2026-01-03"),
    "春节": span("2026-02-15", "2026-02-23"),
    "清明节": span("2026-04-04", "2026-04-06"),
    "劳动节": span("2026-05-01", "2026-05-05"),
    "端午节": span("2026-06-19", "2026-06-21"),
    "中秋节": span("2026-09-25", "2026-09-27"),
    "国庆节": span("2026-10-01", "2026-10-07"),
}
MAKEUP_WORKDAYS = {
    "2026-01-04": "元旦调休上班",  # a Sunday
    "2026-02-14": "春节调休上班",  # Saturday
    "2026-02-28": "春节调休上班",  # Saturday
    "2026-05-09": "劳动节调休上班",  # Saturday
    "2026-09-20": "国庆节调休上班",  # Sunday
    "2026-10-10": "国庆节调休上班",  # Saturday
}


def test_2026_is_seeded_by_the_migration():
    assert CalendarYear.objects.get(year=2026).source == CalendarYear.Source.SEEDED


@pytest.mark.parametrize("name", HOLIDAYS)
def test_every_2026_holiday_day_is_a_named_holiday(name):
    for day in HOLIDAYS[name]:
        assert day_kind(day) == "holiday", day
        assert not is_workday(day), day
        assert holiday_name(day) == name, day


@pytest.mark.parametrize("day", MAKEUP_WORKDAYS)
def test_every_2026_makeup_weekend_is_a_workday(day):
    assert d(day).weekday() >= 5
    assert day_kind(d(day)) == "makeup_workday"
    assert is_workday(d(day))
    assert holiday_name(d(day)) == MAKEUP_WORKDAYS[day]


def test_2026_has_no_other_exceptions():
    holidays = {day for days in HOLIDAYS.values() for day in days}
    makeups = {d(day) for day in MAKEUP_WORKDAYS}
    stored = dict(CalendarYear.objects.get(year=2026).days.values_list("date", "kind"))
    assert {day for day, kind in stored.items() if kind == "holiday"} == holidays
    assert {day for day, kind in stored.items() if kind == "makeup_workday"} == makeups


def test_2026_has_248_working_days():
    # 2026 starts on a Thursday: 52 weeks + 1 day → 261 weekdays.
    # Holidays on weekdays: 元旦 2 (Jan 1–2), 春节 6 (Feb 16–20, 23), 清明 1 (Apr 6), 劳动节 3 (May 1, 4, 5),
    # 端午 1 (Jun 19), 中秋 1 (Sep 25), 国庆 5 (Oct 1, 2, 5, 6, 7) = 19. Make-up weekend days: 6.
    # 261 − 19 + 6 = 248.
    assert working_days(d("2026-01-01"), d("2026-12-31")) == 248


def test_ordinary_days_of_2026():
    assert day_kind(d("2026-11-25")) == "workday"  # a Wednesday
    assert day_kind(d("2026-11-28")) == "rest"  # a Saturday
    assert holiday_name(d("2026-11-25")) == ""
