import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Duty
from audit.models import AuditEvent
from org.importing import parse_date
from org.models import Staff
from org.privacy import staff_id_number, staff_phone
from org.tests.cast import grant_duty
from org.tests.helpers import HEADINGS, row, valid_id, xlsx

User = get_user_model()
URL = reverse("org:staff_import")


@pytest.fixture
def keeper(cast):
    grant_duty(cast.office_head, Duty.STAFF_RECORDS)
    return cast.office_head


def good_rows():
    return [
        row(),
        row(姓名="孙小美", 用户名="sunxiaomei", 性别="女", 科室="干部科", 参加工作时间="2018/9/1",
            手机号="13900002222", 身份证号=valid_id("19950301", "224")),
        row(姓名="钟大为", 用户名="zhongdawei", 性别="男", 科室="", 职务="副部长", 职务名称="副部长",
            职级="四级调研员", 参加工作时间="2005年7月1日", 手机号="", 身份证号="", 部务会成员="是"),
        row(姓名="冯晓", 用户名="fengxiao", 性别="男", 参加工作时间=datetime.datetime(2021, 8, 2),
            手机号=13700003333, 身份证号=valid_id("19980802", "015")),
    ]  # fmt: skip


def test_template_has_every_column_and_the_units_sections(cast, login, keeper):
    response = login(keeper).get(reverse("org:staff_import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == HEADINGS
    options = [cell.value for cell in workbook["选项"]["B"] if cell.value]
    assert options == ["办公室", "组织科", "干部科"]


def test_good_file_creates_everyone_in_one_go_with_one_audit_event(cast, login, keeper):
    before = AuditEvent.objects.count()
    response = login(keeper).post(URL, {"file": xlsx(good_rows())}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("org:staff_import_result")
    assert "已导入 4 人" in html and "系统管理员" in html and "首次登录时须修改密码" in html
    assert "孙小美" in html and "zhongdawei" in html

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="org.staff_import")
    assert event.changes["count"] == 4 and event.actor_id == keeper.user_id

    person = Staff.objects.select_related("user", "section").get(user__username="sunxiaomei")
    assert person.section == cast.cadre_section and person.gender == "F"
    assert person.started_work_on == datetime.date(2018, 9, 1)
    assert staff_phone(person) == "13900002222" and staff_id_number(person) == valid_id("19950301", "224")
    assert person.name_initials == "sxm"
    assert person.user.must_change_password and not person.user.has_usable_password()

    leader = Staff.objects.get(user__username="zhongdawei")
    assert leader.section is None and leader.position == 40 and leader.is_affairs_member
    assert leader.started_work_on == datetime.date(2005, 7, 1)
    excel_date = Staff.objects.get(user__username="fengxiao")
    assert excel_date.started_work_on == datetime.date(2021, 8, 2) and staff_phone(excel_date) == "13700003333"


def test_a_title_row_above_the_headings_is_allowed(cast, login, keeper):
    login(keeper).post(URL, {"file": xlsx([row()], title="示例县委组织部人员信息表")})
    assert Staff.objects.filter(user__username="qianduoduo").exists()


def test_bad_rows_are_all_reported_by_row_number_and_nothing_is_created(cast, login, keeper):
    rows = [
        row(),  # row 2: fine
        row(姓名="", 用户名="nobody", 性别="未知", 身份证号=valid_id("19900101", "125")),  # row 3
        row(姓名="丁一", 用户名="dingyi", 科室="宣传科", 参加工作时间="2020-13-01", 手机号="1381234",
            身份证号="110105194912310021"),  # row 4
        row(姓名="王二", 用户名="qianduoduo", 身份证号=valid_id()),  # row 5: repeats row 2's username and ID
        row(姓名="周三", 用户名="buzhang", 身份证号=valid_id("19900101", "127")),  # row 6: username taken
    ]  # fmt: skip
    before = (Staff.objects.count(), User.objects.count(), AuditEvent.objects.count())
    response = login(keeper).post(URL, {"file": xlsx(rows)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "共检查 5 行，其中 4 行有问题，未导入任何人员" in html
    for number in (3, 4, 5, 6):
        assert f"第 {number} 行" in html
    assert "<td>第 2 行</td>" not in html
    assert "未填写姓名" in html and "性别只能填“男”或“女”" in html
    assert "本单位没有“宣传科”这个科室" in html and "不是有效日期" in html
    assert "手机号：" in html and "校验位不正确" in html
    assert "与第 2 行重复" in html and "用户名 buzhang 已被占用" in html
    assert (Staff.objects.count(), User.objects.count(), AuditEvent.objects.count()) == before


def test_three_bad_rows_are_each_reported(cast, login, keeper):
    rows = [row(性别="M"), row(用户名="second", 身份证号=valid_id("19900101", "125"), 参加工作时间="明年"),
            row(用户名="third", 身份证号="", 手机号="23812345678")]  # fmt: skip
    response = login(keeper).post(URL, {"file": xlsx(rows)})
    html = response.content.decode()
    assert "其中 3 行有问题" in html
    assert all(f"第 {n} 行" in html for n in (2, 3, 4))
    assert not Staff.objects.filter(user__username__in=["qianduoduo", "second", "third"]).exists()


def test_an_id_number_already_in_the_system_is_reported(cast, login, keeper):
    login(keeper).post(URL, {"file": xlsx([row()])})
    response = login(keeper).post(URL, {"file": xlsx([row(用户名="again")])})
    assert "系统中已有该身份证号的人员" in response.content.decode()


def test_missing_required_column_is_reported(cast, login, keeper):
    headings = [h for h in HEADINGS if h != "性别"]
    response = login(keeper).post(URL, {"file": xlsx([row()[:2] + row()[3:]], headings=headings)})
    assert "表头缺少必填列：性别" in response.content.decode()


def test_a_file_that_is_not_xlsx_is_refused_with_a_clear_message(cast, login, keeper):
    upload = io.BytesIO("姓名,用户名\n张三,zhangsan\n".encode())
    upload.name = "staff.csv"
    response = login(keeper).post(URL, {"file": upload})
    html = response.content.decode()
    assert "只能上传 .xlsx 格式的 Excel 文件" in html
    renamed = io.BytesIO(b"not really a workbook")
    renamed.name = "staff.xlsx"
    assert "只能上传 .xlsx 格式" in login(keeper).post(URL, {"file": renamed}).content.decode()


def test_a_damaged_xlsx_is_refused(cast, login, keeper):
    broken = io.BytesIO(b"PK\x03\x04" + b"\x00" * 100)
    broken.name = "staff.xlsx"
    assert "无法读取该 Excel 文件" in login(keeper).post(URL, {"file": broken}).content.decode()


def test_a_file_over_the_size_limit_is_refused(cast, login, keeper, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = xlsx([row()])
    response = login(keeper).post(URL, {"file": upload})
    assert "超过了" in response.content.decode()
    assert not Staff.objects.filter(user__username="qianduoduo").exists()


def test_an_empty_file_says_so(cast, login, keeper):
    assert "文件中没有人员数据" in login(keeper).post(URL, {"file": xlsx([])}).content.decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-25", datetime.date(2026, 11, 25)),
        ("2026/11/25", datetime.date(2026, 11, 25)),
        ("2026年11月25日", datetime.date(2026, 11, 25)),
        ("2026.1.5", datetime.date(2026, 1, 5)),
        ("20261125", datetime.date(2026, 11, 25)),
        (datetime.datetime(2026, 11, 25, 0, 0), datetime.date(2026, 11, 25)),
        (46351, datetime.date(2026, 11, 25)),  # an Excel serial number
        ("2026-02-30", None),
        ("下个月", None),
    ],
)
def test_dates_are_read_as_offices_write_them(value, expected):
    assert parse_date(value) == expected


def test_import_needs_the_staff_records_duty(cast, login):
    client = login(cast.principal)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"file": xlsx([row()])}).status_code == 404
    assert client.get(reverse("org:staff_import_template")).status_code == 404
    assert not Staff.objects.filter(user__username="qianduoduo").exists()


def test_import_refuses_other_methods(cast, login, keeper):
    assert login(keeper).put(URL).status_code == 405
    assert login(keeper).post(reverse("org:staff_import_template")).status_code == 405


def test_the_downloaded_template_filled_in_imports(cast, login, keeper):
    client = login(keeper)
    workbook = load_workbook(io.BytesIO(client.get(reverse("org:staff_import_template")).content))
    sheet = workbook["人员信息"]
    for column, value in enumerate(row(参加工作时间=datetime.datetime(2019, 7, 1)), start=1):
        sheet.cell(row=2, column=column, value=value)
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "人员导入模板.xlsx"
    response = client.post(URL, {"file": upload})
    assert response.status_code == 302
    assert Staff.objects.get(user__username="qianduoduo").started_work_on == datetime.date(2019, 7, 1)
