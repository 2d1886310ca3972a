"""The calendar API other apps call: counts, the missing-year error, caching."""

import datetime
import threading

import pytest
from django.db import connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worktime import calendar
from worktime.calendar import (
    CalendarMissing,
    add_workdays,
    calendar_days,
    day_kind,
    is_workday,
    loaded_years,
    next_workday,
    working_days,
    working_days_list,
    year_is_loaded,
)
from worktime.models import CalendarDay, CalendarYear, new_version
from worktime.services import calendar_day_add, calendar_day_delete, calendar_day_update

from .helpers import d

pytestmark = pytest.mark.django_db


def test_working_days_across_national_day_2026():
    # 2026-09-28 … 2026-10-10, 13 calendar days, counted by hand:
    #   Sep 28 Mon, 29 Tue, 30 Wed          3 workdays
    #   Oct 1 Thu … Oct 7 Wed (国庆节)        0
    #   Oct 8 Thu, 9 Fri                     2
    #   Oct 10 Sat (国庆节调休上班)            1
    # = 6 workdays.
    assert working_days(d("2026-09-28"), d("2026-10-10")) == 6
    assert calendar_days(d("2026-09-28"), d("2026-10-10")) == 13
    assert working_days_list(d("2026-09-28"), d("2026-10-10")) == [
        d("2026-09-28"),
        d("2026-09-29"),
        d("2026-09-30"),
        d("2026-10-08"),
        d("2026-10-09"),
        d("2026-10-10"),
    ]


def test_working_days_across_the_spring_festival_2026():
    # 2026-02-09 … 2026-03-01, 21 calendar days:
    #   Feb 9–13 Mon–Fri 5; Feb 14 Sat (调休上班) 1; Feb 15–23 (春节) 0;
    #   Feb 24–27 Tue–Fri 4; Feb 28 Sat (调休上班) 1; Mar 1 Sun 0  → 11.
    assert working_days(d("2026-02-09"), d("2026-03-01")) == 11
    assert calendar_days(d("2026-02-09"), d("2026-03-01")) == 21


def test_a_makeup_saturday_counts_as_a_workday():
    saturday = d("2026-10-10")
    assert saturday.weekday() == 5
    assert is_workday(saturday)
    assert working_days(saturday, saturday) == 1
    # An ordinary Saturday does not.
    assert working_days(d("2026-10-17"), d("2026-10-17")) == 0


def test_working_days_across_a_year_end_asks_both_years():
    # 2025-12-29 Mon … 2026-01-04 Sun (元旦调休上班): Dec 29, 30, 31 + Jan 4 = 4.
    assert working_days(d("2025-12-29"), d("2026-01-04")) == 4


def test_an_empty_range_counts_zero():
    assert working_days(d("2026-10-10"), d("2026-10-09")) == 0
    assert calendar_days(d("2026-10-10"), d("2026-10-09")) == 0


def test_next_workday_skips_the_holiday_and_finds_the_makeup_day():
    assert next_workday(d("2026-09-30")) == d("2026-10-08")
    assert next_workday(d("2026-10-09")) == d("2026-10-10")  # the make-up Saturday
    assert next_workday(d("2026-11-27")) == d("2026-11-30")  # an ordinary Friday → Monday


def test_add_workdays_for_deadlines():
    assert add_workdays(d("2026-09-29"), 3) == d("2026-10-09")  # Sep 30, Oct 8, Oct 9
    assert add_workdays(d("2026-09-29"), 0) == d("2026-09-29")
    assert add_workdays(d("2026-10-08"), -1) == d("2026-09-30")
    assert add_workdays(d("2026-09-29"), 1) == next_workday(d("2026-09-29"))


def test_a_missing_year_raises_calendar_missing_with_the_chinese_message():
    with pytest.raises(CalendarMissing) as caught:
        is_workday(d("2027-03-01"))
    assert caught.value.year == 2027
    assert str(caught.value) == "2027年的工作日历尚未载入，请联系办公室（业务设置职责）导入"


@pytest.mark.parametrize(
    "call",
    [
        lambda: day_kind(d("2027-01-01")),
        lambda: working_days(d("2026-12-28"), d("2027-01-08")),
        lambda: next_workday(d("2026-12-31")),
        lambda: add_workdays(d("2026-12-30"), 5),
        lambda: calendar.holiday_name(d("2027-10-01")),
    ],
)
def test_every_question_about_a_missing_year_raises(call):
    with pytest.raises(CalendarMissing):
        call()


def test_calendar_days_needs_no_calendar():
    assert calendar_days(d("2027-01-01"), d("2027-12-31")) == 365


def test_loaded_years_are_the_seeded_ones():
    assert loaded_years() == set(range(2004, 2027))
    assert year_is_loaded(2026)
    assert not year_is_loaded(2027)


def test_an_edit_through_the_service_is_seen_at_once(cast):
    monday = d("2026-11-30")
    assert is_workday(monday)
    entry = calendar_day_add(actor=cast.office_head.user, day=monday, kind="holiday", name="临时放假")
    assert not is_workday(monday)
    assert calendar.holiday_name(monday) == "临时放假"
    calendar_day_update(actor=cast.office_head.user, day_id=entry.pk, kind="holiday", name="改名")
    assert calendar.holiday_name(monday) == "改名"
    calendar_day_delete(actor=cast.office_head.user, day_id=entry.pk)
    assert is_workday(monday)


def _edit_as_another_worker(day: datetime.date) -> None:
    """What another gunicorn worker's service does: new rows and a new version token, nothing in our cache."""
    calendar_year = CalendarYear.objects.get(year=day.year)
    CalendarDay.objects.create(calendar_year=calendar_year, date=day, kind="holiday", name="别的进程改的")
    CalendarYear.objects.filter(pk=calendar_year.pk).update(version=new_version())


def test_an_edit_by_another_worker_is_seen_by_the_next_request(client, cast, login):
    monday = d("2026-11-30")
    assert is_workday(monday)  # cached in this process
    _edit_as_another_worker(monday)
    assert is_workday(monday)  # same "request": still the cached answer
    login(cast.staff).get("/worktime/calendar/")  # a request starts: versions are read again
    assert not is_workday(monday)


def test_outside_requests_an_edit_by_another_worker_is_seen_after_the_ttl(monkeypatch):
    monday = d("2026-11-30")
    assert is_workday(monday)
    _edit_as_another_worker(monday)
    clock = calendar.time.monotonic() + calendar.VERSION_TTL_SECONDS + 1
    monkeypatch.setattr(calendar.time, "monotonic", lambda: clock)
    assert not is_workday(monday)


def test_asking_many_days_costs_one_query_per_request(django_assert_num_queries):
    calendar.clear_cache()
    # 1 the year versions, 2 the 2026 exceptions; then nothing, however many days are asked.
    with django_assert_num_queries(2):
        for day in working_days_list(d("2026-01-01"), d("2026-12-31")):
            is_workday(day)
        working_days(d("2026-09-28"), d("2026-10-10"))
    calendar.forget_versions()  # the next request: only the version query
    with django_assert_num_queries(1):
        working_days(d("2026-01-01"), d("2026-12-31"))


def test_threads_keep_their_own_version_snapshot():
    results = []

    def ask():
        try:
            results.append(is_workday(d("2026-10-10")))
        finally:
            connections.close_all()  # else its connection outlives the run and blocks dropping the test database

    thread = threading.Thread(target=ask)
    thread.start()
    thread.join()
    assert results == [True]


DATES = st.dates(min_value=datetime.date(2004, 1, 1), max_value=datetime.date(2026, 12, 31))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=DATES, b=DATES, c=DATES)
def test_working_days_is_bounded_and_additive(db, a, b, c):
    a, b, c = sorted((a, b, c))
    assert 0 <= working_days(a, c) <= calendar_days(a, c)
    if b < c:
        # Adjacent ranges [a, b] and [b+1, c] split the count exactly.
        assert working_days(a, c) == working_days(a, b) + working_days(b + datetime.timedelta(days=1), c)
    assert working_days(a, c) == len(working_days_list(a, c))
