import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Duty
from audit.models import AuditEvent
from org.services import staff_update
from org.tests.cast import grant_duty

URL = reverse("org:staff_export")


@pytest.fixture
def with_phone(cast):
    staff_update(
        actor=None, staff=cast.staff, section=cast.org_section, position=10, title="科员", grade="",
        phone="13812345678",
    )  # fmt: skip
    return cast


def rows_of(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_export_is_a_printable_roster_of_the_unit(with_phone, login):
    response = login(with_phone.colleague).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet["A1"].value == "示例县委组织部干部名册"
    assert "共 9 人" in sheet["A2"].value
    assert [c.value for c in sheet[3]][:4] == ["序号", "姓名", "性别", "科室"]
    assert sheet.print_title_rows == "$3:$3" and sheet.page_setup.orientation == "landscape"
    assert sheet["B4"].border.left.style == "thin"
    rows = rows_of(response)[3:]
    assert len(rows) == 9
    zhang = next(r for r in rows if r[1] == "张三丰")
    assert zhang[3] == "组织科" and zhang[9] == "138****5678"


def test_the_records_keeper_exports_full_phone_numbers(with_phone, login):
    grant_duty(with_phone.office_head, Duty.STAFF_RECORDS)
    rows = rows_of(login(with_phone.office_head).get(URL))
    assert next(r for r in rows if r[1] == "张三丰")[9] == "13812345678"
    event = AuditEvent.objects.get(action="org.staff_export")
    assert event.changes["masked"] is False and event.changes["count"] == 9


def test_export_follows_the_filters(with_phone, login):
    rows = rows_of(login(with_phone.colleague).get(URL, {"section": with_phone.cadre_section.pk}))[3:]
    assert {r[1] for r in rows} == {"陈刚", "吴晓琳"}
    assert AuditEvent.objects.get(action="org.staff_export").changes["masked"] is True


def test_export_of_another_unit_is_refused(cast, login):
    assert login(cast.staff).get(URL, {"unit": cast.other_unit.pk}).status_code == 404
    assert login(cast.sysadmin).get(URL).status_code == 404


def test_export_is_get_only(cast, login):
    assert login(cast.staff).post(URL).status_code == 405
