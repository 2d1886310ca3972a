"""The derivation table: one person-day's status from hours, calendar kind, punches and absences."""

import datetime

import pytest
from django.utils import translation

from attendance import derivation as d
from attendance.derivation import Absence, derive_day
from attendance.tests.helpers import at, schedule

DAY = datetime.date(2026, 11, 18)  # a Wednesday
LEAVE_AM = Absence(d.LEAVE, frozenset({d.AM}), "personal", "事假")
LEAVE_PM = Absence(d.LEAVE, frozenset({d.PM}), "personal", "事假")
ANNUAL = Absence(d.LEAVE, d.BOTH, "annual", "年休假")
OUT = Absence(d.GOING_OUT, d.BOTH, "private", "上海")
TRIP = Absence(d.TRIP, d.BOTH, "work", "省委组织部")

# Each row: case, required punches, day kind, punch times, absences, "status am pm",
# (minutes late, minutes early, missing punches, days absent), the sheet's mark.
# fmt: off
TABLE = [
    ("all four on time", "4", "workday", "08:25 12:01 14:28 18:02", [], "normal normal normal", (0, 0, 0, 0), "√"),
    ("late within the grace minutes", "4", "workday", "08:34 12:01 14:28 18:02", [], "normal normal normal",
     (0, 0, 0, 0), "√"),
    ("exactly at the end of the grace", "4", "workday", "08:35 12:00 14:30 18:00", [], "normal normal normal",
     (0, 0, 0, 0), "√"),
    ("late beyond the grace", "4", "workday", "08:41 12:01 14:28 18:02", [], "late late normal", (11, 0, 0, 0), "迟"),
    ("late in the afternoon", "4", "workday", "08:20 12:01 14:50 18:02", [], "late normal late", (20, 0, 0, 0), "迟"),
    ("left early beyond the grace", "4", "workday", "08:20 12:01 14:28 17:50", [], "early normal early",
     (0, 10, 0, 0), "早"),
    ("left early within the grace", "4", "workday", "08:20 11:56 14:28 17:56", [], "normal normal normal",
     (0, 0, 0, 0), "√"),
    ("late and left early", "4", "workday", "08:40 12:00 14:30 17:30", [], "late late early", (10, 30, 0, 0), "迟早"),
    ("no punch at all is absence without leave", "4", "workday", "", [], "absent absent absent", (0, 0, 0, 1), "旷"),
    ("morning departure missing", "4", "workday", "08:20 14:25 18:05", [], "missing missing normal", (0, 0, 1, 0),
     "缺/√"),
    ("afternoon arrival missing", "4", "workday", "08:20 12:02 18:05", [], "missing normal missing", (0, 0, 1, 0),
     "√/缺"),
    ("only the afternoon worked", "4", "workday", "14:20 18:05", [], "absent absent normal", (0, 0, 0, 0.5), "旷/√"),
    ("morning on leave, afternoon worked", "4", "workday", "14:20 18:05", [LEAVE_AM], "leave leave normal",
     (0, 0, 0, 0), "事/√"),
    ("afternoon on leave, morning worked", "4", "workday", "08:20 12:05", [LEAVE_PM], "leave normal leave",
     (0, 0, 0, 0), "√/事"),
    ("morning on leave, afternoon not turned up", "4", "workday", "", [LEAVE_AM], "absent leave absent",
     (0, 0, 0, 0.5), "事/旷"),
    ("morning on leave, late in the afternoon", "4", "workday", "14:45 18:05", [LEAVE_AM], "late leave late",
     (15, 0, 0, 0), "事/迟"),
    ("whole day on annual leave", "4", "workday", "", [ANNUAL], "leave leave leave", (0, 0, 0, 0), "年"),
    ("going-out registered", "4", "workday", "", [OUT], "going_out going_out going_out", (0, 0, 0, 0), "外"),
    ("business trip", "4", "workday", "", [TRIP], "trip trip trip", (0, 0, 0, 0), "差"),
    ("leave wins over going-out", "4", "workday", "", [OUT, ANNUAL], "leave leave leave", (0, 0, 0, 0), "年"),
    ("make-up workday worked", "4", "makeup_workday", "08:25 12:01 14:28 18:02", [], "makeup_workday normal normal",
     (0, 0, 0, 0), "班"),
    ("make-up workday late", "4", "makeup_workday", "08:50 12:01 14:28 18:02", [], "late late normal",
     (20, 0, 0, 0), "迟"),
    ("make-up workday not turned up", "4", "makeup_workday", "", [], "absent absent absent", (0, 0, 0, 1), "旷"),
    ("holiday", "4", "holiday", "", [], "holiday holiday holiday", (0, 0, 0, 0), "休"),
    ("rest day with punches is a rest day", "4", "rest", "09:00 12:00", [], "rest rest rest", (0, 0, 0, 0), "休"),
    ("two punches on time", "2", "workday", "08:20 18:10", [], "normal normal normal", (0, 0, 0, 0), "√"),
    ("two punches, lunch punches ignored", "2", "workday", "08:20 12:00 14:30 18:10", [], "normal normal normal",
     (0, 0, 0, 0), "√"),
    ("two punches late", "2", "workday", "08:40 18:10", [], "late late normal", (10, 0, 0, 0), "迟"),
    ("two punches left early", "2", "workday", "08:20 17:00", [], "early normal early", (0, 60, 0, 0), "早"),
    ("two punches, departure missing", "2", "workday", "08:20", [], "missing normal missing", (0, 0, 1, 0), "√/缺"),
    ("two punches, arrival missing", "2", "workday", "18:20", [], "missing missing normal", (0, 0, 1, 0), "缺/√"),
    ("two punches, none", "2", "workday", "", [], "absent absent absent", (0, 0, 0, 1), "旷"),
    ("two punches, morning on leave", "2", "workday", "14:25 18:05", [LEAVE_AM], "leave leave normal", (0, 0, 0, 0),
     "事/√"),
]
# fmt: on


@pytest.mark.parametrize("case,punches,kind,times,absences,expect,counts,mark", TABLE, ids=[r[0] for r in TABLE])
def test_derive_day(case, punches, kind, times, absences, expect, counts, mark):
    result = derive_day(schedule(DAY, punches=punches), kind, [at(DAY, t) for t in times.split()], absences)
    assert " ".join((result.status, result.am, result.pm)) == expect
    assert (result.late_minutes, result.early_minutes, result.missing, result.absent_days) == counts
    with translation.override("zh-hans"):
        assert result.mark == mark


def test_grace_minutes_come_from_the_schedule():
    strict = derive_day(schedule(DAY, grace=0), "workday", [at(DAY, t) for t in ["08:31", "12:00", "14:30", "18:00"]])
    lenient = derive_day(schedule(DAY, grace=10), "workday", [at(DAY, t) for t in ["08:39", "12:00", "14:30", "18:00"]])
    assert strict.status == d.LATE and strict.late_minutes == 1
    assert lenient.status == d.NORMAL


def test_one_second_past_the_grace_is_late_by_a_whole_minute():
    result = derive_day(
        schedule(DAY), "workday", [at(DAY, "08:35", second=1), at(DAY, "12:00"), at(DAY, "14:30"), at(DAY, "18:00")]
    )
    assert result.status == d.LATE and result.late_minutes == 6


def test_punch_order_does_not_matter():
    times = ["18:02", "08:25", "14:28", "12:01"]
    assert derive_day(schedule(DAY), "workday", [at(DAY, t) for t in times]).status == d.NORMAL


def test_leave_days_are_counted_by_type():
    result = derive_day(schedule(DAY), "workday", [at(DAY, "14:20"), at(DAY, "18:05")], [LEAVE_AM])
    assert result.leave_days == 0.5
    assert result.leave_by_code() == [("personal", "事假", 0.5)]


class TestToday:
    """Until a window ends, what has not happened yet is pending, not missing."""

    def test_before_work_nothing_is_judged(self):
        result = derive_day(schedule(DAY), "workday", [], now=at(DAY, "08:00"))
        assert result.status == d.PENDING and result.mark == ""

    def test_punched_in_on_time_is_normal_so_far(self):
        result = derive_day(schedule(DAY), "workday", [at(DAY, "08:20")], now=at(DAY, "10:00"))
        assert (result.status, result.am, result.pm) == (d.NORMAL, d.NORMAL, d.PENDING)

    def test_a_late_arrival_shows_at_once(self):
        result = derive_day(schedule(DAY), "workday", [at(DAY, "09:00")], now=at(DAY, "09:01"))
        assert result.status == d.LATE and result.late_minutes == 30

    def test_no_arrival_after_the_grace_is_missing_so_far(self):
        result = derive_day(schedule(DAY), "workday", [], now=at(DAY, "10:00"))
        assert (result.am, result.pm) == (d.MISSING, d.PENDING)

    def test_a_lone_punch_before_the_end_is_an_arrival(self):
        result = derive_day(schedule(DAY), "workday", [at(DAY, "11:55")], now=at(DAY, "11:56"))
        assert result.am == d.LATE

    def test_after_the_day_a_lone_late_punch_is_a_departure(self):
        result = derive_day(schedule(DAY), "workday", [at(DAY, "11:55")])
        assert result.am == d.MISSING
