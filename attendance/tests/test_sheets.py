"""考勤月报: the section's and the unit's month, confirmed by section heads, locked by the office, exported."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Duty
from attendance import derivation as d
from attendance.models import DayRecord, MonthSheet
from attendance.services import AttendanceError, correction_submit, month_sheet_confirm, month_sheet_lock
from attendance.tests.helpers import at, punch_day
from audit.models import AuditEvent
from org.models import Gender, Section
from org.services import staff_create
from org.tests.cast import grant_duty

pytestmark = pytest.mark.django_db

OCTOBER = "2026-10"
FULL_DAY = ("08:55", "12:01", "14:00", "17:31")  # winter hours by default: 09:00–12:00, 14:00–17:30


@pytest.fixture
def november(time_machine):
    time_machine.move_to(at(datetime.date(2026, 11, 5), "10:00"), tick=False)


def section_url(section, name="attendance:section_sheet"):
    return reverse(name, args=[section.pk]) + f"?month={OCTOBER}"


def add_people(section, n):
    return [
        staff_create(
            actor=None,
            unit=section.unit,
            section=section,
            username=f"extra{section.pk}_{i}",
            full_name=f"测试{i}",
            gender=Gender.MALE,
            started_work_on=datetime.date(2015, 7, 1),
            audit=False,
        )
        for i in range(n)
    ]


def confirm_all(cast):
    for section, head in (
        (cast.office, cast.office_head),
        (cast.org_section, cast.head),
        (cast.cadre_section, cast.cadre_head),
    ):
        month_sheet_confirm(actor=head, section_id=section.pk, year=2026, month=10)


def test_the_section_sheet_shows_the_marks_as_offices_print_them(cast, login, november):
    punch_day(cast.staff, datetime.date(2026, 10, 12), *FULL_DAY)
    punch_day(cast.staff, datetime.date(2026, 10, 13), "09:20", "12:01", "14:00", "17:31")
    body = login(cast.head).get(section_url(cast.org_section)).content.decode()
    assert "示例县委组织部组织科2026年10月考勤表" in body
    assert 'class="m-green">√</td><td class="m-orange">迟</td>' in body
    assert 'class="m-grey">休' in body  # 1 October, 国庆节
    assert "班" in body  # 10 October, a make-up workday (not worked: 旷)
    assert "刘思远" in body and "吴晓琳" not in body


def test_who_sees_which_sheet(cast, login, november):
    org = section_url(cast.org_section)
    assert login(cast.head).get(org).status_code == 200
    assert login(cast.deputy).get(org).status_code == 200  # supervises 组织科
    assert login(cast.exec_deputy).get(org).status_code == 200
    assert login(cast.cadre_head).get(org).status_code == 404
    assert login(cast.staff).get(org).status_code == 404
    assert login(cast.sysadmin).get(org).status_code == 404
    assert login(cast.other_unit_staff).get(org).status_code == 404
    unit = reverse("attendance:unit_sheet") + f"?month={OCTOBER}"
    assert login(cast.head).get(unit).status_code == 404
    assert login(cast.principal).get(unit).status_code == 200
    grant_duty(cast.colleague, Duty.ATTENDANCE)
    assert login(cast.colleague).get(unit).status_code == 200


def test_the_section_head_confirms_a_finished_month(cast, login, november):
    client = login(cast.head)
    before = AuditEvent.objects.count()
    response = client.post(reverse("attendance:confirm", args=[cast.org_section.pk]), {"month": OCTOBER}, follow=True)
    assert "已确认" in response.content.decode()
    sheet = MonthSheet.objects.get(section=cast.org_section, year=2026, month=10)
    assert sheet.status == MonthSheet.Status.CONFIRMED and sheet.confirmed_by == cast.head
    assert AuditEvent.objects.count() == before + 1


def test_confirming_is_refused_for_others_for_gets_and_for_an_unfinished_month(cast, login, november):
    url = reverse("attendance:confirm", args=[cast.org_section.pk])
    assert login(cast.staff).post(url, {"month": OCTOBER}).status_code == 404
    assert login(cast.cadre_head).post(url, {"month": OCTOBER}).status_code == 404
    assert login(cast.head).get(url).status_code == 405
    response = login(cast.deputy).post(url, {"month": OCTOBER}, follow=True)  # sees it, but is not the head
    assert "只有科室负责人" in response.content.decode()
    response = login(cast.head).post(url, {"month": "2026-11"}, follow=True)
    assert "尚未结束" in response.content.decode()
    assert not MonthSheet.objects.exists()


def test_confirming_waits_for_pending_corrections(cast, november):
    correction_submit(actor=cast.staff, day=datetime.date(2026, 10, 30), time=datetime.time(9, 0), reason="忘记打卡")
    with pytest.raises(AttendanceError, match="未审批"):
        month_sheet_confirm(actor=cast.head, section_id=cast.org_section.pk, year=2026, month=10)


def test_reopening_takes_back_the_confirmation(cast, login, november):
    month_sheet_confirm(actor=cast.head, section_id=cast.org_section.pk, year=2026, month=10)
    before = AuditEvent.objects.count()
    login(cast.head).post(reverse("attendance:reopen", args=[cast.org_section.pk]), {"month": OCTOBER})
    assert MonthSheet.objects.get(section=cast.org_section).status == MonthSheet.Status.DRAFT
    assert AuditEvent.objects.count() == before + 1


def test_the_office_locks_when_every_section_has_confirmed(cast, login, november):
    grant_duty(cast.office_head, Duty.ATTENDANCE)
    punch_day(cast.staff, datetime.date(2026, 10, 12), *FULL_DAY)
    client = login(cast.office_head)
    lock = reverse("attendance:lock")
    month_sheet_confirm(actor=cast.head, section_id=cast.org_section.pk, year=2026, month=10)
    response = client.post(lock, {"month": OCTOBER}, follow=True)
    assert "以下科室尚未确认" in response.content.decode() and "办公室" in response.content.decode()
    assert not DayRecord.objects.exists()
    for section, head in ((cast.office, cast.office_head), (cast.cadre_section, cast.cadre_head)):
        month_sheet_confirm(actor=head, section_id=section.pk, year=2026, month=10)
    before = AuditEvent.objects.count()
    response = client.post(lock, {"month": OCTOBER}, follow=True)
    assert "已锁定" in response.content.decode()
    assert AuditEvent.objects.count() == before + 1
    assert MonthSheet.objects.get(section=None, year=2026, month=10).status == MonthSheet.Status.LOCKED
    assert set(MonthSheet.objects.values_list("status", flat=True)) == {MonthSheet.Status.LOCKED}
    assert DayRecord.objects.filter(day__month=10).count() == 9 * 31  # everyone of the unit, every day
    record = DayRecord.objects.get(staff=cast.staff, day=datetime.date(2026, 10, 12))
    assert record.status == d.NORMAL and len(record.punches.split()) == 4


def test_only_attendance_keepers_lock_and_only_by_post(cast, login, november):
    lock = reverse("attendance:lock")
    assert login(cast.head).post(lock, {"month": OCTOBER}).status_code == 404
    assert login(cast.principal).post(lock, {"month": OCTOBER}).status_code == 404
    grant_duty(cast.office_head, Duty.ATTENDANCE)
    assert login(cast.office_head).get(lock).status_code == 405
    with pytest.raises(AttendanceError):
        month_sheet_lock(actor=cast.head, year=2026, month=10)


def test_a_locked_month_no_longer_changes(cast, login, november):
    grant_duty(cast.office_head, Duty.ATTENDANCE)
    confirm_all(cast)
    month_sheet_lock(actor=cast.office_head, year=2026, month=10)
    with pytest.raises(AttendanceError, match="已锁定"):
        month_sheet_lock(actor=cast.office_head, year=2026, month=10)
    punch_day(cast.staff, datetime.date(2026, 10, 12), *FULL_DAY)  # even a punch slipped in later
    body = login(cast.head).get(section_url(cast.org_section)).content.decode()
    assert 'data-testid="sheet-state">已锁定' in body
    assert 'class="m-green">√' not in body  # nobody punched in October when it was locked
    with pytest.raises(AttendanceError, match="已锁定"):
        correction_submit(actor=cast.staff, day=datetime.date(2026, 10, 30), time=datetime.time(9), reason="x")


def test_the_excel_export_opens_and_is_laid_out_for_printing(cast, login, november):
    punch_day(cast.staff, datetime.date(2026, 10, 13), "09:20", "12:01", "14:00", "17:31")
    grant_duty(cast.office_head, Duty.ATTENDANCE)
    response = login(cast.office_head).get(reverse("attendance:unit_export") + f"?month={OCTOBER}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet["A1"].value == "示例县委组织部2026年10月考勤表"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$3:$4"
    rows = {row[2]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[2]}
    assert rows["张三丰"][1] == "组织科"
    assert rows["张三丰"][3] == "休" and rows["张三丰"][3 + 12] == "迟"  # 1 and 13 October
    assert any("说明" in str(row[0]) for row in sheet.iter_rows(values_only=True) if row[0])
    assert sheet["A5"].border.left.style == "thin"


def test_section_export_is_for_those_who_see_the_section(cast, login, november):
    url = section_url(cast.org_section, "attendance:section_export")
    assert login(cast.cadre_head).get(url).status_code == 404
    response = login(cast.head).get(url)
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active["A1"].value.endswith("组织科2026年10月考勤表")


def test_a_month_without_a_calendar_says_so(cast, login, time_machine):
    time_machine.move_to(at(datetime.date(2027, 2, 3), "10:00"), tick=False)
    response = login(cast.head).get(reverse("attendance:section_sheet", args=[cast.org_section.pk]) + "?month=2027-01")
    assert response.status_code == 200 and 'data-testid="calendar-missing"' in response.content.decode()
    response = login(cast.head).get(
        reverse("attendance:section_export", args=[cast.org_section.pk]) + "?month=2027-01", follow=True
    )
    assert "2027" in response.content.decode()


def test_the_sheet_page_has_flat_queries(cast, login, november, django_assert_num_queries):
    client = login(cast.head)
    url = section_url(cast.org_section)
    client.get(url)
    # the shell's 5 (session with account and staff, unit, duties, unread, todo badge), the section, the people,
    # the lock, the calendar's versions, punches, leave, going-out, the unit's hours, overtime, the section's state, its
    # sheet row, and the corrections waiting
    with django_assert_num_queries(17):
        client.get(url)
    people = add_people(cast.org_section, 7)
    for person in people:
        punch_day(person, datetime.date(2026, 10, 12), *FULL_DAY)
    with django_assert_num_queries(17):
        assert client.get(url).content.decode().count("测试") == 7


def test_the_sheets_index_has_flat_queries(cast, login, november, django_assert_num_queries):
    client = login(cast.exec_deputy)
    url = reverse("attendance:sheets") + f"?month={OCTOBER}"
    client.get(url)
    with django_assert_num_queries(9):
        client.get(url)
    for n in range(7):
        Section.objects.create(unit=cast.unit, name=f"新科室{n}", order=10 + n)
    with django_assert_num_queries(9):
        assert client.get(url).content.decode().count("新科室") == 7
