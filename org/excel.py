"""Excel files of the org app: the import template and the printed roster (干部名册).

Column headings are Chinese literals, not translated strings: they are the file
format offices fill in and file away, and the import matches on them.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from org.models import Grade, Position, Staff, Unit
from org.privacy import mask_phone, staff_phone

# Position labels as offices write them in a file (职务). Several spellings map to one position.
POSITION_NAMES: dict[int, str] = {
    Position.PRINCIPAL: "部长",
    Position.EXECUTIVE_DEPUTY: "常务副部长",
    Position.DEPUTY: "副部长",
    Position.SECTION_HEAD: "科长",
    Position.SECTION_DEPUTY: "副科长",
    Position.STAFF: "工作人员",
}
POSITION_LABELS: dict[str, int] = {
    **{label: position for position, label in POSITION_NAMES.items()},
    "主任": Position.SECTION_HEAD,
    "副主任": Position.SECTION_DEPUTY,
    "科员": Position.STAFF,
}
GENDER_LABELS = {"男": "M", "女": "F"}
GENDER_NAMES = {"M": "男", "F": "女"}


@dataclass(frozen=True)
class Column:
    heading: str
    key: str
    required: bool
    width: int
    note: str


IMPORT_COLUMNS: tuple[Column, ...] = (
    Column("姓名", "full_name", True, 10, "必填，不超过 50 字"),
    Column("用户名", "username", True, 14, "必填，登录用，字母、数字或 _ . - ，不能与已有账号重复"),
    Column("性别", "gender", True, 6, "必填，填“男”或“女”"),
    Column("科室", "section", False, 14, "本单位已有科室的名称；部领导可不填"),
    Column(
        "职务",
        "position",
        False,
        12,
        "部长、常务副部长、副部长、科长（主任）、副科长（副主任）、工作人员；不填为工作人员",
    ),
    Column("职务名称", "title", False, 16, "如：组织科科长、办公室副主任、科员"),
    Column("职级", "grade", False, 14, "如：二级主任科员、一级科员；可不填"),
    Column("参加工作时间", "started_work_on", True, 14, "必填，如 2016-07-01、2016/7/1、2016年7月1日"),
    Column("手机号", "phone", False, 14, "11 位手机号码"),
    Column("身份证号", "id_number", False, 22, "18 位，末位可为 X；请保持文本格式，不能与已有人员重复"),
    Column("部务会成员", "is_affairs_member", False, 10, "填“是”或“否”，不填为否"),
)

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_template(unit: Unit) -> bytes:
    """An empty import sheet with drop-down lists for the coded columns, and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "人员信息"
    for index, column in enumerate(IMPORT_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.heading)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = CENTER
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.key in ("phone", "id_number", "username"):
            # Text format, or Excel turns long numbers into 1.1E+17 and loses digits.
            for row in range(2, 502):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.key == "started_work_on":
            for row in range(2, 502):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    options = workbook.create_sheet("选项")
    lists = {
        "gender": list(GENDER_LABELS),
        "section": list(unit.sections.values_list("name", flat=True)),
        "position": list(POSITION_NAMES.values()),
        "grade": [value for value in Grade.values if value],
        "is_affairs_member": ["是", "否"],
    }
    for offset, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(offset)
        for row, value in enumerate(values, start=1):
            options.cell(row=row, column=offset, value=value)
        if not values:
            continue
        target = get_column_letter(next(i for i, c in enumerate(IMPORT_COLUMNS, start=1) if c.key == key))
        validation = DataValidation(
            type="list",
            formula1=f"'选项'!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=key != "section",
        )
        validation.add(f"{target}2:{target}1000")
        sheet.add_data_validation(validation)
    options.sheet_state = "hidden"

    guide = workbook.create_sheet("填写说明")
    guide.append(["列名", "是否必填", "填写要求"])
    for column in IMPORT_COLUMNS:
        guide.append([column.heading, "是" if column.required else "否", column.note])
    guide.append([])
    guide.append(
        ["说明", "", "从第 2 行起每行一人；有任何一行不符合要求时整个文件都不会导入，请按提示改正后重新上传。"]
    )
    guide.append(["", "", "导入的账号暂不能登录：由系统管理员设置初始密码，本人首次登录时须修改密码。"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 80
    return _save(workbook)


ROSTER_COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("姓名", 10),
    ("性别", 6),
    ("科室", 14),
    ("职务", 11),
    ("职务名称", 16),
    ("职级", 14),
    ("参加工作时间", 16),
    ("工龄（年）", 9),
    ("手机号", 15),
    ("部务会成员", 10),
)


def years_between(start: datetime.date, today: datetime.date) -> int:
    years = today.year - start.year
    if (today.month, today.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def roster_workbook(*, unit: Unit, staff: Sequence[Staff], masked: bool) -> bytes:
    """The roster laid out as offices print it: title, date line, bordered table, repeated header, A4 landscape."""
    today = timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "干部名册"
    width = len(ROSTER_COLUMNS)
    last = get_column_letter(width)
    body_font = Font(name="宋体", size=11)

    sheet.merge_cells(f"A1:{last}1")
    title = sheet["A1"]
    title.value = f"{unit.name}干部名册"
    title.font = Font(name="黑体", size=18, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 36

    sheet.merge_cells(f"A2:{last}2")
    subtitle = sheet["A2"]
    subtitle.value = f"导出日期：{today.year}年{today.month}月{today.day}日　　共 {len(staff)} 人"
    subtitle.font = Font(name="宋体", size=10)
    subtitle.alignment = Alignment(horizontal="right", vertical="center")

    for index, (heading, column_width) in enumerate(ROSTER_COLUMNS, start=1):
        cell = sheet.cell(row=3, column=index, value=heading)
        cell.font = Font(name="宋体", size=11, bold=True)
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = CENTER
        sheet.column_dimensions[get_column_letter(index)].width = column_width
    sheet.row_dimensions[3].height = 24

    for number, person in enumerate(staff, start=1):
        phone = staff_phone(person)
        values = [
            number,
            person.name,
            GENDER_NAMES.get(person.gender, ""),
            person.section.name if person.section_id else "",
            POSITION_NAMES.get(person.position, ""),
            person.title,
            person.grade,
            person.started_work_on,
            years_between(person.started_work_on, today),
            mask_phone(phone) if masked else phone,
            "是" if person.is_affairs_member else "",
        ]
        row = number + 3
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.font = body_font
            cell.border = BORDER
            cell.alignment = LEFT if index in (4, 6) else CENTER
            if isinstance(value, datetime.date):
                cell.number_format = 'yyyy"年"m"月"d"日"'
            elif index == 10:
                cell.number_format = "@"
        sheet.row_dimensions[row].height = 20

    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    return _save(workbook)
