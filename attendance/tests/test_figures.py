"""考勤统计 and 我的考勤: figures per person and section, drilling down to the days behind a number."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from attendance.monthly import derive_month
from attendance.selectors import figures_of
from attendance.tests.helpers import at, punch_day
from goingout.models import GoingOutReport
from org.models import Gender
from org.services import staff_create

pytestmark = pytest.mark.django_db

FULL_DAY = ("08:55", "12:01", "14:00", "17:31")


@pytest.fixture
def november(time_machine):
    time_machine.move_to(at(datetime.date(2026, 11, 5), "10:00"), tick=False)


def october_for(person):
    punch_day(person, datetime.date(2026, 10, 12), *FULL_DAY)
    punch_day(person, datetime.date(2026, 10, 13), "09:20", "12:01", "14:00", "17:31")  # late
    punch_day(person, datetime.date(2026, 10, 14), "08:50", "12:01", "14:00", "17:00")  # left early
    punch_day(person, datetime.date(2026, 10, 15), "08:50", "14:00", "17:40")  # missing a punch


def test_figures_count_the_month_by_person_and_type(cast, november):
    october_for(cast.staff)
    GoingOutReport.objects.create(
        unit=cast.unit,
        staff=cast.staff,
        purpose="work",
        destination="市委组织部",
        reason="培训",
        starts_on=datetime.date(2026, 10, 19),
        ends_on=datetime.date(2026, 10, 20),
        status="approved",
    )
    days = derive_month(cast.org_section, 2026, 10)[cast.staff.pk]
    figures = figures_of(days)
    assert (figures.late, figures.early, figures.missing, figures.trip) == (1, 1, 1, 2.0)
    assert figures.present == 1
    # 18 working days in October 2026: 22 weekdays, less the five of the National Day holiday, plus the
    # make-up Saturday 10 October
    assert figures.workdays == 18
    assert figures.absent == 18 - 4 - 2  # no punch at all on every other working day


def test_the_figures_page_links_each_number_to_its_days(cast, login, november):
    october_for(cast.staff)
    client = login(cast.head)
    body = client.get(reverse("attendance:figures") + "?month=2026-10").content.decode()
    drill = reverse("attendance:person_days", args=[cast.staff.pk]) + "?month=2026-10&status=late"
    assert drill in body and 'data-testid="chart"' in body
    days = client.get(reverse("attendance:person_days", args=[cast.staff.pk]) + "?month=2026-10&status=late")
    body = days.content.decode()
    assert "10月13日" in body and "10月12日" not in body and "09:20" in body


def test_leaders_see_only_the_sections_they_lead(cast, login, november):
    person = reverse("attendance:person_days", args=[cast.staff.pk]) + "?month=2026-10"
    assert login(cast.cadre_head).get(person).status_code == 404
    assert login(cast.colleague).get(person).status_code == 404
    assert login(cast.staff).get(person).status_code == 200  # their own days
    assert login(cast.deputy).get(person).status_code == 200
    assert login(cast.staff).get(reverse("attendance:figures")).status_code == 404
    assert login(cast.sysadmin).get(reverse("attendance:figures")).status_code == 404
    body = login(cast.cadre_head).get(reverse("attendance:figures") + "?month=2026-10").content.decode()
    assert "吴晓琳" in body and "张三丰" not in body
    other = reverse("attendance:figures") + f"?month=2026-10&section={cast.org_section.pk}"
    assert login(cast.cadre_head).get(other).status_code == 404


def test_the_figures_page_has_flat_queries(cast, login, november, django_assert_num_queries):
    client = login(cast.head)
    url = reverse("attendance:figures") + "?month=2026-10"
    client.get(url)
    # the shell's 5, the sections (twice: visible ones, the filter), the people, the lock, calendar versions,
    # punches, leave, going-out, hours, overtime
    with django_assert_num_queries(15):
        client.get(url)
    for i in range(8):
        person = staff_create(
            actor=None,
            unit=cast.unit,
            section=cast.org_section,
            username=f"fig{i}",
            full_name=f"统计{i}",
            gender=Gender.FEMALE,
            started_work_on=datetime.date(2020, 7, 1),
            audit=False,
        )
        october_for(person)
    with django_assert_num_queries(15):
        assert client.get(url).content.decode().count("统计") >= 8


def test_my_month_is_a_calendar_with_marks(cast, login, november):
    october_for(cast.staff)
    client = login(cast.staff)
    body = client.get(reverse("attendance:me") + "?month=2026-10").content.decode()
    assert 'data-testid="month-calendar"' in body
    assert "国庆节" in body and ">迟</span>" in body and ">√</span>" in body
    day = client.get(reverse("attendance:me_day", args=[2026, 10, 15])).content.decode()
    assert "缺卡" in day and "申请补卡" in day
    assert client.get(reverse("attendance:me_day", args=[2026, 2, 30])).status_code == 404


def test_my_month_in_a_year_without_a_calendar(cast, login, november):
    body = login(cast.staff).get(reverse("attendance:me") + "?month=2027-01").content.decode()
    assert 'data-testid="calendar-missing"' in body
    body = login(cast.staff).get(reverse("attendance:me_day", args=[2027, 1, 4])).content.decode()
    assert 'data-testid="calendar-missing"' in body


def test_half_day_leave_shows_both_halves(cast, login, time_machine):
    from leave.tests.helpers import take

    time_machine.move_to(at(datetime.date(2026, 11, 16), "08:00"), tick=False)
    take(cast.staff, "personal", datetime.date(2026, 11, 17), end_half=True)  # morning only
    time_machine.move_to(at(datetime.date(2026, 11, 18), "10:00"), tick=False)
    punch_day(cast.staff, datetime.date(2026, 11, 17), "14:00", "17:31")
    days = derive_month(cast.unit, 2026, 11)[cast.staff.pk]
    tuesday = days[16]
    assert (tuesday.am, tuesday.pm, tuesday.mark, tuesday.leave_days) == ("leave", "normal", "事/√", 0.5)
    assert figures_of(days).leave_by_type == {"事假": 0.5}
    assert Decimal(str(figures_of(days).leave)) == Decimal("0.5")
