"""Importing a year from .xlsx or .csv: all or nothing, every bad row reported with its row number."""

import datetime

import pytest

from audit.models import AuditEvent
from worktime.calendar import day_kind, holiday_name, is_workday, working_days
from worktime.importing import read_calendar_file
from worktime.models import CalendarDay, CalendarYear
from worktime.services import WorktimeError, calendar_year_import

from .helpers import csv_file, d, office, xlsx

pytestmark = pytest.mark.django_db

IMPORT = "/worktime/calendar/import/"

# A plausible 2027 (the State Council has not published it when this was written).
ROWS_2027 = [
    [datetime.date(2027, 1, 1), "节假日", "元旦"],
    ["2027-10-01", "节假日", "国庆节"],
    ["2027/10/2", "节假日", "国庆节"],
    ["2027年10月3日", "节假日", "国庆节"],
    ["2027-10-09", "调休上班", "国庆节调休上班"],  # a Saturday
]


def test_the_office_imports_2027_from_excel(cast, login):
    before = AuditEvent.objects.count()
    response = login(office(cast)).post(IMPORT, {"year": 2027, "file": xlsx(ROWS_2027)}, follow=True)
    assert response.redirect_chain[-1][0] == "/worktime/calendar/2027/"
    assert "已导入2027年工作日历：节假日 4 天，调休上班 1 天。" in response.content.decode()
    entry = CalendarYear.objects.get(year=2027)
    assert entry.source == "imported" and entry.loaded_by == cast.office_head.user
    assert day_kind(d("2027-10-01")) == "holiday"
    assert holiday_name(d("2027-10-09")) == "国庆节调休上班"
    assert is_workday(d("2027-10-09"))
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "worktime.calendar_year_import"


def test_a_gbk_csv_from_excel_is_read(cast, login):
    text = "日期,类型,名称\r\n2027-10-01,节假日,国庆节\r\n2027-10-09,调休上班,国庆节调休上班\r\n"
    response = login(office(cast)).post(IMPORT, {"year": 2027, "file": csv_file(text, "gb18030")})
    assert response.status_code == 302
    assert CalendarDay.objects.filter(calendar_year__year=2027).count() == 2


def test_every_bad_row_is_reported_and_nothing_is_imported(cast, login):
    rows = [
        ["2027-10-01", "节假日", "国庆节"],  # row 2: fine
        ["2026-10-01", "节假日", "国庆节"],  # row 3: another year
        ["2027-13-01", "节假日", "国庆节"],  # row 4: not a date
        ["2027-10-01", "节假日", "国庆节"],  # row 5: repeats row 2
        ["2027-10-04", "放风筝", "国庆节"],  # row 6: unknown type
        ["2027-10-08", "调休上班", "国庆节调休上班"],  # row 7: a Friday
        ["2027-10-05", "节假日", ""],  # row 8: no name
    ]
    before = AuditEvent.objects.count()
    response = login(office(cast)).post(IMPORT, {"year": 2027, "file": xlsx(rows)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "共检查 7 行，其中 6 行有问题，本次未导入任何数据" in page
    for row in (3, 4, 5, 6, 7, 8):
        assert f"<td>第 {row} 行</td>" in page
    assert "<td>第 2 行</td>" not in page
    assert "不在 2027 年内" in page
    assert "日期格式不正确" in page
    assert "与第 2 行日期重复" in page
    assert "类型只能填“节假日”或“调休上班”" in page
    assert "调休上班日应为周六或周日" in page
    assert "请填写名称" in page
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert AuditEvent.objects.count() == before


def test_a_file_without_the_heading_row_is_refused(cast, login):
    response = login(office(cast)).post(IMPORT, {"year": 2027, "file": xlsx([["x", "y", "z"]], header=("a", "b", "c"))})
    assert "未找到表头行（日期、类型、名称）" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_an_empty_file_is_refused(cast, login):
    response = login(office(cast)).post(IMPORT, {"year": 2027, "file": xlsx([])})
    assert "文件中没有任何日期。" in response.content.decode()


def test_a_file_of_another_kind_is_refused(cast, login):
    fake = csv_file("not a workbook", name="calendar.xlsx")
    response = login(office(cast)).post(IMPORT, {"year": 2027, "file": fake})
    assert "只接受 .xlsx 或 .csv 文件" in response.content.decode()


def test_a_loaded_year_is_replaced_only_when_confirmed(cast, login):
    client = login(office(cast))
    rows = [["2026-10-01", "节假日", "国庆节"]]
    response = client.post(IMPORT, {"year": 2026, "file": xlsx(rows)})
    assert "2026年已载入。如需用文件内容整体替换，请勾选此项。" in response.content.decode()
    assert CalendarDay.objects.filter(calendar_year__year=2026).count() == 39

    response = client.post(IMPORT, {"year": 2026, "file": xlsx(rows), "replace": "on"})
    assert response.status_code == 302
    assert CalendarDay.objects.filter(calendar_year__year=2026).count() == 1
    assert working_days(d("2026-10-02"), d("2026-10-02")) == 1  # the rest of 国庆 is gone with the old days
    assert CalendarYear.objects.get(year=2026).source == "imported"


def test_staff_without_the_duty_cannot_import(cast, login):
    response = login(cast.staff).post(IMPORT, {"year": 2027, "file": xlsx(ROWS_2027)})
    assert response.status_code == 404
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_import_needs_get_or_post(cast, login):
    assert login(office(cast)).put(IMPORT).status_code == 405


def test_the_import_page_suggests_next_year(cast, login):
    page = login(office(cast)).get(IMPORT + "?year=2027").content.decode()
    assert 'value="2027"' in page


def test_the_service_refuses_rows_of_another_year(cast):
    result = read_calendar_file(xlsx(ROWS_2027), filename="c.xlsx", year=2027)
    assert not result.errors
    with pytest.raises(WorktimeError):
        calendar_year_import(actor=cast.office_head.user, year=2028, days=result.days)
    assert not CalendarYear.objects.filter(year__in=[2027, 2028]).exists()
