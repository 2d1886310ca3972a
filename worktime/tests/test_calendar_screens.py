"""The work-calendar screens: everyone reads; only the business settings duty edits and imports."""

import datetime
import io

import pytest
from django.template import Context, Template
from openpyxl import load_workbook

from audit.models import AuditEvent
from worktime.calendar import CalendarMissing, is_workday
from worktime.models import CalendarDay, CalendarYear

from .helpers import d, office, on

pytestmark = pytest.mark.django_db

CALENDAR = "/worktime/calendar/"


def content(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------
# Reading


def test_everyone_in_business_sees_the_year_list_read_only(cast, login):
    with on("2026-11-25"):
        response = login(cast.staff).get(CALENDAR)
    assert response.status_code == 200
    page = content(response)
    assert "2026年" in page and "2004年" in page
    assert page.index("2026年") < page.index("2004年")  # newest first
    assert "导入年度日历" not in page  # no edit actions without the duty


def test_the_year_list_warns_that_next_year_is_missing(cast, login):
    with on("2026-11-25"):
        page = content(login(cast.staff).get(CALENDAR))
    assert "2027年工作日历尚未载入" in page
    assert 'data-testid="missing-year-2026"' not in page


def test_the_warning_names_who_can_load_the_calendar(cast, login):
    office(cast)
    with on("2026-11-25"):
        page = content(login(cast.staff).get(CALENDAR))
    assert "由办公室（业务设置职责）负责载入" in page
    assert cast.office_head.name in page


def test_a_missing_current_year_is_an_alarm(cast, login):
    with on("2027-03-01"):
        page = content(login(cast.staff).get(CALENDAR))
    assert 'data-testid="missing-year-2027"' in page and "alert-danger" in page
    assert "2028年工作日历尚未载入" in page


def test_the_office_sees_the_import_action(cast, login):
    with on("2026-11-25"):
        page = content(login(office(cast)).get(CALENDAR))
    assert "/worktime/calendar/import/?year=2027" in page


def test_administrators_do_not_see_the_calendar(cast, login):
    assert login(cast.sysadmin).get(CALENDAR).status_code == 404


def test_the_year_view_shows_twelve_months_with_holidays_and_makeup_days(cast, login):
    with on("2026-11-25"):
        page = content(login(cast.staff).get(f"{CALENDAR}2026/"))
    assert page.count('class="wc-month"') == 12
    assert 'class="wc-holiday" data-date="2026-10-01"' in page
    assert 'class="wc-makeup_workday" data-date="2026-10-10"' in page
    assert 'wc-today" data-date="2026-11-25"' in page
    assert "国庆节调休上班" in page
    assert "/days/new/" not in page  # read-only for staff


def test_the_year_view_of_a_missing_year_says_so(cast, login):
    page = content(login(cast.staff).get(f"{CALENDAR}2027/"))
    assert "2027年工作日历尚未载入" in page
    assert "wc-month" not in page


def test_a_year_out_of_range_is_not_found(cast, login):
    assert login(cast.staff).get(f"{CALENDAR}1999/").status_code == 404


def test_the_missing_calendar_notice_for_other_apps(cast):
    office(cast)
    html = Template("{% load worktime_tags %}{% calendar_missing_alert missing %}").render(
        Context({"missing": CalendarMissing(2027), "user": cast.staff.user})
    )
    assert "2027年的工作日历尚未载入，请联系办公室（业务设置职责）导入" in html
    assert cast.office_head.name in html


def _years(count: int) -> None:
    CalendarYear.objects.all().delete()
    for year in range(2010, 2010 + count):
        entry = CalendarYear.objects.create(year=year, source="seeded", loaded_at=datetime.datetime.now(datetime.UTC))
        CalendarDay.objects.create(calendar_year=entry, date=datetime.date(year, 1, 1), kind="holiday", name="元旦")


@pytest.mark.parametrize("rows", [2, 10])
def test_year_list_queries_stay_flat(cast, login, django_assert_num_queries, rows):
    _years(rows)
    client = login(cast.staff)
    with on("2026-11-25"):
        client.get(CALENDAR)
        # session with account and staff, the years with their counts (1), the people who can load a
        # missing year, the unit name, duties, unread notifications, approvals badge.
        with django_assert_num_queries(7):
            client.get(CALENDAR)


@pytest.mark.parametrize("rows", [2, 10])
def test_year_view_queries_stay_flat(cast, login, django_assert_num_queries, rows):
    entry = CalendarYear.objects.create(year=2030, source="manual", loaded_at=datetime.datetime.now(datetime.UTC))
    for n in range(rows):
        CalendarDay.objects.create(
            calendar_year=entry, date=datetime.date(2030, 3, 1) + datetime.timedelta(days=n), kind="holiday", name="假"
        )
    client = login(office(cast))
    client.get(f"{CALENDAR}2030/")
    # session with account and staff, the year, its days, duties, the unit name, notifications, approvals badge.
    with django_assert_num_queries(7):
        client.get(f"{CALENDAR}2030/")


# ---------------------------------------------------------------------------
# One day: add, edit, delete


def test_the_office_adds_a_holiday(cast, login):
    client = login(office(cast))
    before = AuditEvent.objects.count()
    response = client.post(
        f"{CALENDAR}2026/days/new/", {"date": "2026-12-31", "kind": "holiday", "name": "临时放假"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{CALENDAR}2026/"
    assert "已将 2026年12月31日 设为节假日（临时放假）。" in content(response)
    assert not is_workday(d("2026-12-31"))
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "worktime.calendar_day_add" and event.actor_id == cast.office_head.user_id


def test_the_add_form_is_prefilled_from_the_clicked_day(cast, login):
    page = content(login(office(cast)).get(f"{CALENDAR}2026/days/new/?date=2026-12-26"))
    assert 'value="2026-12-26"' in page
    assert 'value="makeup_workday" ' in page and "checked" in page


def test_a_makeup_workday_on_a_weekday_is_refused(cast, login):
    response = login(office(cast)).post(
        f"{CALENDAR}2026/days/new/", {"date": "2026-12-30", "kind": "makeup_workday", "name": "调休上班"}
    )
    assert response.status_code == 200
    assert "调休上班日应为周六或周日" in content(response)
    assert not CalendarDay.objects.filter(date=d("2026-12-30")).exists()


def test_a_day_outside_the_year_is_refused(cast, login):
    response = login(office(cast)).post(
        f"{CALENDAR}2026/days/new/", {"date": "2025-12-31", "kind": "holiday", "name": "元旦"}
    )
    assert "请选择 2026 年内的日期。" in content(response)
    assert not CalendarDay.objects.filter(date=d("2025-12-31"), name="元旦").exists()


def test_a_day_already_in_the_calendar_is_refused(cast, login):
    response = login(office(cast)).post(
        f"{CALENDAR}2026/days/new/", {"date": "2026-10-01", "kind": "holiday", "name": "重复"}
    )
    assert "已在日历中，请直接修改" in content(response)
    assert CalendarDay.objects.get(date=d("2026-10-01")).name == "国庆节"


def test_a_day_cannot_be_added_to_a_missing_year(cast, login):
    response = login(office(cast)).post(
        f"{CALENDAR}2027/days/new/", {"date": "2027-10-01", "kind": "holiday", "name": "国庆节"}
    )
    assert response.status_code == 404
    assert not CalendarDay.objects.filter(date=d("2027-10-01")).exists()


def test_staff_without_the_duty_cannot_add_a_day(cast, login):
    response = login(cast.staff).post(
        f"{CALENDAR}2026/days/new/", {"date": "2026-12-31", "kind": "holiday", "name": "临时放假"}
    )
    assert response.status_code == 404
    assert not CalendarDay.objects.filter(date=d("2026-12-31")).exists()


def test_the_office_edits_a_day(cast, login):
    entry = CalendarDay.objects.get(date=d("2026-10-07"))
    before = AuditEvent.objects.count()
    response = login(office(cast)).post(
        f"{CALENDAR}2026/days/{entry.pk}/edit/", {"kind": "holiday", "name": "国庆节（补）"}, follow=True
    )
    assert "已将 2026年10月7日 改为节假日（国庆节（补））。" in content(response)
    entry.refresh_from_db()
    assert entry.name == "国庆节（补）"
    assert AuditEvent.objects.count() == before + 1


def test_editing_a_holiday_into_a_weekday_makeup_is_refused(cast, login):
    entry = CalendarDay.objects.get(date=d("2026-10-07"))  # a Wednesday
    response = login(office(cast)).post(
        f"{CALENDAR}2026/days/{entry.pk}/edit/", {"kind": "makeup_workday", "name": "调休上班"}
    )
    assert "调休上班日应为周六或周日" in content(response)
    entry.refresh_from_db()
    assert entry.kind == "holiday"


def test_a_day_of_another_year_in_the_url_is_not_found(cast, login):
    entry = CalendarDay.objects.get(date=d("2026-10-07"))
    assert login(office(cast)).get(f"{CALENDAR}2025/days/{entry.pk}/edit/").status_code == 404


def test_staff_without_the_duty_cannot_edit_a_day(cast, login):
    entry = CalendarDay.objects.get(date=d("2026-10-07"))
    response = login(cast.head).post(f"{CALENDAR}2026/days/{entry.pk}/edit/", {"kind": "holiday", "name": "改"})
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.name == "国庆节"


def test_the_office_deletes_a_day(cast, login):
    entry = CalendarDay.objects.get(date=d("2026-10-10"))
    before = AuditEvent.objects.count()
    response = login(office(cast)).post(f"{CALENDAR}2026/days/{entry.pk}/delete/", follow=True)
    assert "已从日历中删除 2026年10月10日，该日恢复正常作息。" in content(response)
    assert not is_workday(d("2026-10-10"))  # back to an ordinary Saturday
    assert AuditEvent.objects.count() == before + 1


def test_deleting_needs_post(cast, login):
    entry = CalendarDay.objects.get(date=d("2026-10-10"))
    assert login(office(cast)).get(f"{CALENDAR}2026/days/{entry.pk}/delete/").status_code == 405
    assert CalendarDay.objects.filter(pk=entry.pk).exists()


def test_staff_without_the_duty_cannot_delete_a_day(cast, login):
    entry = CalendarDay.objects.get(date=d("2026-10-10"))
    assert login(cast.staff).post(f"{CALENDAR}2026/days/{entry.pk}/delete/").status_code == 404
    assert CalendarDay.objects.filter(pk=entry.pk).exists()


def test_adding_needs_get_or_post(cast, login):
    assert login(office(cast)).put(f"{CALENDAR}2026/days/new/").status_code == 405


# ---------------------------------------------------------------------------
# Starting a year by hand


def test_the_office_starts_a_year_by_hand(cast, login):
    before = AuditEvent.objects.count()
    response = login(office(cast)).post(f"{CALENDAR}2027/start/", follow=True)
    assert "已手工建立2027年日历" in content(response)
    entry = CalendarYear.objects.get(year=2027)
    assert entry.source == "manual" and entry.loaded_by == cast.office_head.user
    assert is_workday(d("2027-01-01"))  # no holidays yet, as the confirmation warned
    assert AuditEvent.objects.count() == before + 1


def test_starting_a_loaded_year_is_refused(cast, login):
    response = login(office(cast)).post(f"{CALENDAR}2026/start/", follow=True)
    assert "2026年的工作日历已经载入。" in content(response)
    assert CalendarYear.objects.get(year=2026).source == "seeded"


def test_starting_a_year_needs_the_duty_and_post(cast, login):
    assert login(cast.staff).post(f"{CALENDAR}2027/start/").status_code == 404
    assert login(office(cast)).get(f"{CALENDAR}2027/start/").status_code == 405
    assert not CalendarYear.objects.filter(year=2027).exists()


# ---------------------------------------------------------------------------
# Template


def test_the_office_downloads_the_import_template(cast, login):
    response = login(office(cast)).get(f"{CALENDAR}import/template/?year=2027")
    assert response.status_code == 200
    assert "2027" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["日期", "类型(节假日/调休上班)", "名称"]
    assert sheet["A2"].value.date() == datetime.date(2027, 1, 1)


def test_the_template_needs_the_duty(cast, login):
    assert login(cast.staff).get(f"{CALENDAR}import/template/").status_code == 404
