"""Small builders shared by the org tests."""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook

from accounts.models import User
from org.excel import IMPORT_COLUMNS
from org.models import Gender, Position, Section, Staff, Unit
from org.services import staff_create
from org.validators import id_check_digit

HEADINGS = [column.heading for column in IMPORT_COLUMNS]


def valid_id(birth: str = "19900101", sequence: str = "123", region: str = "339901") -> str:
    first17 = f"{region}{birth}{sequence}"
    return first17 + id_check_digit(first17)


def add_staff(unit: Unit, count: int, *, section: Section | None = None, prefix: str = "extra") -> list[Staff]:
    """`count` more staff members with phones, ready to log in (no forced password change)."""
    people = [
        staff_create(
            actor=None,
            unit=unit,
            section=section,
            username=f"{prefix}{n}",
            full_name=f"测试{n}号",
            gender=Gender.MALE,
            started_work_on=datetime.date(2015, 7, 1),
            position=Position.STAFF,
            title="科员",
            phone=f"139{n:08d}",
            audit=False,
        )
        for n in range(count)
    ]
    User.objects.filter(staff__in=people).update(must_change_password=False)
    for person in people:
        person.user.must_change_password = False
    return people


def xlsx(rows: list[list], headings: list[str] | None = None, title: str | None = None) -> io.BytesIO:
    """An upload-ready workbook: optional title row, the heading row, then `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headings or HEADINGS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "staff.xlsx"
    return buffer


def row(**overrides) -> list:
    """One import row in template column order, valid unless overridden."""
    values = {
        "姓名": "钱多多",
        "用户名": "qianduoduo",
        "性别": "女",
        "科室": "组织科",
        "职务": "工作人员",
        "职务名称": "科员",
        "职级": "一级科员",
        "参加工作时间": "2020-07-01",
        "手机号": "13812345678",
        "身份证号": valid_id(),
        "部务会成员": "否",
    }
    values.update(overrides)
    return [values[heading] for heading in HEADINGS]
