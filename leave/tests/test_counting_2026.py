"""Day counts against the 2026 State Council schedule (国办发明电〔2025〕 holidays and make-up workdays)."""

import datetime

import pytest

from leave.counting import count_days, report_back_due
from leave.tests.helpers import D, leave_type
from worktime.calendar import CalendarMissing

pytestmark = pytest.mark.django_db

d = datetime.date


def test_annual_leave_around_national_day_counts_only_working_days(cast):
    # 9月28日（一）— 10月9日（五）: 10月1–7日 are the holiday; 5 working days remain.
    count = count_days(leave_type(cast.unit, "annual"), d(2026, 9, 28), d(2026, 10, 9))
    assert count.days == 5
    assert count.calendar_days == 12
    assert count.holiday_days == 7
    assert count.holiday_names == ["国庆节"]
    assert count.summary() == "共计 5 个工作日（已扣除国庆节假日 7 天）"


def test_make_up_saturday_after_national_day_counts_as_a_working_day(cast):
    # 10月10日（六）is a make-up workday, 10月11日（日）a rest day.
    count = count_days(leave_type(cast.unit, "annual"), d(2026, 10, 8), d(2026, 10, 12))
    assert count.days == 4
    assert (count.makeup_days, count.rest_days) == (1, 1)
    assert "调休上班日 1 天" in count.summary()


def test_make_up_sunday_before_national_day_counts_as_a_working_day(cast):
    # 9月19日（六）rest, 9月20日（日）make-up workday.
    assert count_days(leave_type(cast.unit, "personal"), d(2026, 9, 18), d(2026, 9, 21)).days == 3


def test_annual_leave_across_the_spring_festival(cast):
    # 2月9日–27日: Mon–Fri 9–13 (5), make-up Saturday 14 (1), holiday 15–23, Tue–Fri 24–27 (4).
    count = count_days(leave_type(cast.unit, "annual"), d(2026, 2, 9), d(2026, 2, 27))
    assert count.days == 10
    assert count.holiday_days == 9
    assert count.holiday_names == ["春节"]


def test_calendar_day_types_count_holidays_and_weekends(cast):
    count = count_days(leave_type(cast.unit, "maternity"), d(2026, 9, 28), d(2026, 10, 9))
    assert count.days == 12
    assert "按自然日" in count.summary()


def test_half_days_take_half_a_working_day_off_each_end(cast):
    annual = leave_type(cast.unit, "annual")
    assert count_days(annual, d(2026, 10, 8), d(2026, 10, 9), start_half=True, end_half=True).days == D("1")
    assert count_days(annual, d(2026, 10, 8), d(2026, 10, 8), end_half=True).days == D("0.5")
    # A half day on a holiday takes nothing off: the holiday did not count in the first place.
    assert count_days(annual, d(2026, 10, 7), d(2026, 10, 9), start_half=True).days == 2


def test_leave_over_a_weekend_only_counts_nothing(cast):
    assert count_days(leave_type(cast.unit, "annual"), d(2026, 10, 3), d(2026, 10, 4)).days == 0


def test_a_year_without_calendar_raises_calendar_missing(cast):
    with pytest.raises(CalendarMissing) as info:
        count_days(leave_type(cast.unit, "annual"), d(2027, 1, 4), d(2027, 1, 8))
    assert info.value.year == 2027
    assert "2027" in str(info.value)


def test_report_back_is_due_the_first_working_day_after_the_leave(cast):
    assert report_back_due(d(2026, 9, 30), 1) == d(2026, 10, 8)  # over the National Day holiday
    assert report_back_due(d(2026, 10, 9), 1) == d(2026, 10, 10)  # the make-up Saturday
    assert report_back_due(d(2026, 10, 9), 2) == d(2026, 10, 12)
