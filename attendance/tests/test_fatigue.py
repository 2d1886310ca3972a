"""疲劳预警: people over the unit's limits are flagged to their section head and supervising leader, once per
person, limit and period, with a page showing who is over and why."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from attendance.fatigue import findings_for_unit
from attendance.models import AttendanceSettings, FatigueFlag, Overtime
from attendance.services import fatigue_flag_run
from attendance.tests.helpers import at
from audit.models import AuditEvent
from notify.models import Notification

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2026, 11, 20)


def worked(staff, day, hours):
    return Overtime.objects.create(
        unit=staff.unit, staff=staff, day=day, hours=Decimal(hours), reason="加班", status=Overtime.Status.APPROVED
    )


def nov(day):
    return datetime.date(2026, 11, day)


@pytest.fixture
def friday(time_machine):
    time_machine.move_to(at(FRIDAY, "07:40"), tick=False)


def kinds(findings, staff):
    return {f.kind: f for f in findings if f.staff.pk == staff.pk}


def test_over_the_weekly_hours(cast, friday):
    for day, hours in ((16, 5), (17, 5), (18, 3)):
        worked(cast.staff, nov(day), hours)
    worked(cast.colleague, nov(16), 12)  # exactly the limit is not over it
    findings = findings_for_unit(cast.unit, FRIDAY)
    week = kinds(findings, cast.staff)[FatigueFlag.Kind.WEEK_HOURS]
    assert (week.value, week.limit, week.period) == (Decimal(13), Decimal(12), "2026-W47")
    assert "本周（11月16日—11月22日）加班 13 小时，超过上限 12 小时" in week.detail and "11月18日 3小时" in week.detail
    assert FatigueFlag.Kind.WEEK_HOURS not in kinds(findings, cast.colleague)


def test_over_the_monthly_hours(cast, friday):
    for day in (3, 10, 13, 17):
        worked(cast.staff, nov(day), "9.5")
    month = kinds(findings_for_unit(cast.unit, FRIDAY), cast.staff)[FatigueFlag.Kind.MONTH_HOURS]
    assert (month.value, month.period) == (Decimal(38), "2026-11")


def test_weekend_overtime_makes_a_long_streak(cast, friday):
    for day in (7, 8, 14, 15):
        worked(cast.staff, nov(day), 2)
    streak = kinds(findings_for_unit(cast.unit, FRIDAY), cast.staff)[FatigueFlag.Kind.CONSECUTIVE_DAYS]
    assert (streak.value, streak.period) == (Decimal(19), "2026-11-02")
    assert "连续工作 19 天未休息（11月2日—11月20日）" in streak.detail and "休息日加班" in streak.detail
    assert FatigueFlag.Kind.CONSECUTIVE_DAYS not in kinds(findings_for_unit(cast.unit, FRIDAY), cast.colleague)


def test_a_day_of_leave_breaks_the_streak(cast, time_machine):
    from leave.tests.helpers import take

    time_machine.move_to(at(nov(9), "08:00"), tick=False)
    take(cast.staff, "personal", nov(12))
    time_machine.move_to(at(FRIDAY, "07:40"), tick=False)
    for day in (7, 8, 14, 15):
        worked(cast.staff, nov(day), 2)
    assert FatigueFlag.Kind.CONSECUTIVE_DAYS not in kinds(findings_for_unit(cast.unit, FRIDAY), cast.staff)


def test_limits_are_the_units_own(cast, friday):
    AttendanceSettings.objects.create(unit=cast.unit, fatigue_week_hours=4, fatigue_max_consecutive_days=20)
    worked(cast.staff, nov(16), 5)
    for day in (7, 8, 14, 15):
        worked(cast.colleague, nov(day), 1)
    findings = findings_for_unit(cast.unit, FRIDAY)
    assert FatigueFlag.Kind.WEEK_HOURS in kinds(findings, cast.staff)
    assert FatigueFlag.Kind.CONSECUTIVE_DAYS not in kinds(findings, cast.colleague)


def test_the_daily_job_flags_once_and_tells_the_leaders(cast, friday, django_capture_on_commit_callbacks):
    for day, hours in ((16, 5), (17, 5), (18, 3)):
        worked(cast.staff, nov(day), hours)
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert fatigue_flag_run(today=FRIDAY) == 1
    flag = FatigueFlag.objects.get()
    assert (flag.staff, flag.kind, flag.period) == (cast.staff, FatigueFlag.Kind.WEEK_HOURS, "2026-W47")
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "attendance.fatigue_flag"
    told = set(Notification.objects.filter(text__contains="疲劳预警").values_list("recipient_id", flat=True))
    assert told == {cast.head.user_id, cast.deputy.user_id}
    # The next day, still over the same week's limit: no second flag, no second notification.
    with django_capture_on_commit_callbacks(execute=True):
        assert fatigue_flag_run(today=FRIDAY + datetime.timedelta(days=1)) == 0
    assert FatigueFlag.objects.count() == 1 and Notification.objects.filter(text__contains="疲劳预警").count() == 2


def test_the_scheduled_task_runs_the_job(cast, friday):
    from attendance.tasks import flag_fatigue

    worked(cast.staff, nov(16), 13)
    assert flag_fatigue.call_local() == 1


def test_the_job_skips_a_year_without_a_calendar(cast, time_machine):
    time_machine.move_to(at(datetime.date(2027, 3, 1), "07:40"), tick=False)
    assert fatigue_flag_run() == 0


def test_the_page_shows_who_is_over_and_why(cast, login, friday, django_assert_num_queries):
    for day, hours in ((16, 5), (17, 5), (18, 3)):
        worked(cast.staff, nov(day), hours)
    fatigue_flag_run(today=FRIDAY)
    client = login(cast.head)
    body = client.get(reverse("attendance:fatigue")).content.decode()
    assert "张三丰" in body and "周加班时长" in body and "超过上限 12 小时" in body
    assert login(cast.cadre_head).get(reverse("attendance:fatigue")).content.decode().count("张三丰") == 0
    assert login(cast.staff).get(reverse("attendance:fatigue")).status_code == 404
    assert login(cast.sysadmin).get(reverse("attendance:fatigue")).status_code == 404


def test_the_page_has_flat_queries(cast, login, friday, django_assert_num_queries):
    client = login(cast.exec_deputy)
    url = reverse("attendance:fatigue")
    worked(cast.staff, nov(16), 13)
    worked(cast.colleague, nov(16), 13)
    fatigue_flag_run(today=FRIDAY)
    client.get(url)
    # the shell's 5, the sections, the people, settings, calendar versions, overtime, leave, going-out, the
    # flags' count and rows
    with django_assert_num_queries(14):
        client.get(url)
    for person in (cast.head, cast.outsider, cast.cadre_head, cast.office_head, cast.deputy, cast.principal):
        worked(person, nov(16), 13)
    fatigue_flag_run(today=FRIDAY)
    with django_assert_num_queries(14):
        assert client.get(url).content.decode().count("周加班时长") >= 8
