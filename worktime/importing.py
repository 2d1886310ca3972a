"""Reading and checking a work-calendar file (.xlsx or .csv). Nothing here writes.

Columns: 日期, 类型 (节假日 / 调休上班), 名称 — Chinese literals, not translated
strings: they are the file format offices fill in. Every row is checked and every
problem reported with its row number; only a clean file reaches
`worktime.services.calendar_year_import`.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from org.importing import parse_date
from worktime.models import CalendarDay
from worktime.seeding import SeedDay
from worktime.services import day_problem

MAX_ROWS = 400
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
HEADINGS = {"日期": "date", "类型": "kind", "名称": "name"}
KIND_WORDS = {
    "节假日": CalendarDay.Kind.HOLIDAY,
    "法定节假日": CalendarDay.Kind.HOLIDAY,
    "假日": CalendarDay.Kind.HOLIDAY,
    "放假": CalendarDay.Kind.HOLIDAY,
    "休": CalendarDay.Kind.HOLIDAY,
    "调休上班": CalendarDay.Kind.MAKEUP_WORKDAY,
    "补班": CalendarDay.Kind.MAKEUP_WORKDAY,
    "上班": CalendarDay.Kind.MAKEUP_WORKDAY,
    "班": CalendarDay.Kind.MAKEUP_WORKDAY,
}
WEEKDAYS = "一二三四五六日"


class ImportFileError(Exception):
    """The file as a whole cannot be used (unreadable, no heading row, no data)."""


@dataclass
class RowError:
    row_number: int
    text: str  # the date cell as written, to find the row
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    days: list[SeedDay]
    errors: list[RowError]
    total: int


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _heading(value: Any) -> str:
    """类型(节假日/调休上班) → 类型: the part before any bracket, without stars or spaces."""
    text = re.split(r"[（(]", _text(value))[0]
    return text.replace("*", "").replace(" ", "").replace("\u3000", "")


def _xlsx_rows(upload: IO[bytes]) -> list[tuple]:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ImportFileError(_("The file is too large once unpacked."))
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception:
        # openpyxl raises many kinds of errors on a damaged or foreign file; all mean the same to the user.
        raise ImportFileError(_("The file cannot be read as an Excel workbook (.xlsx). Please use the template."))
    try:
        return list(workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 10))
    finally:
        workbook.close()


def _csv_rows(upload: IO[bytes]) -> list[tuple]:
    upload.seek(0)
    raw = upload.read()
    # Excel on a Chinese Windows saves CSV in GBK; elsewhere it is UTF-8 (often with a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file's text encoding was not recognised; save it as UTF-8."))
    return [tuple(row) for row in csv.reader(io.StringIO(text))][: MAX_ROWS + 10]


def _header(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:5]):
        found = {HEADINGS[h]: position for position, value in enumerate(row) if (h := _heading(value)) in HEADINGS}
        if "date" in found and "kind" in found:
            if "name" not in found:
                raise ImportFileError(_("The heading row lacks the column 名称."))
            return index, found
    raise ImportFileError(_("No heading row (日期, 类型, 名称) was found. Please use the template."))


def read_calendar_file(upload: IO[bytes], *, filename: str, year: int) -> ImportResult:
    """Check every row of an uploaded calendar file for `year`."""
    rows = _csv_rows(upload) if filename.lower().endswith(".csv") else _xlsx_rows(upload)
    header_index, columns = _header(rows)
    data_rows = [
        (number, row)
        for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2)
        if any(_text(value) for value in row)
    ]
    if not data_rows:
        raise ImportFileError(_("The file contains no days."))
    if len(data_rows) > MAX_ROWS:
        raise ImportFileError(_("A year's calendar has at most %(max)s rows.") % {"max": MAX_ROWS})

    days: list[SeedDay] = []
    errors: list[RowError] = []
    seen: dict[datetime.date, int] = {}
    for number, row in data_rows:

        def cell(key: str, row=row) -> Any:
            position = columns[key]
            return row[position] if position < len(row) else None

        reasons: list[str] = []
        day = parse_date(cell("date"))
        kind_text = _text(cell("kind")).replace(" ", "")
        kind = KIND_WORDS.get(kind_text)
        name = _text(cell("name"))
        if day is None:
            reasons.append(_("The date is not a date (write e.g. %(year)s-10-01).") % {"year": year})
        elif day.year != year:
            reasons.append(
                _("%(date)s is not in %(year)s; this import is for %(year)s only.")
                % {"date": day.isoformat(), "year": year}
            )
        elif day in seen:
            reasons.append(_("The same date as row %(row)s.") % {"row": seen[day]})
        if kind is None:
            reasons.append(_("The type must be 节假日 or 调休上班."))
        if day is not None and kind is not None:
            problem = day_problem(day=day, kind=kind, name=name)
            if problem:
                reasons.append(problem)
        elif not name:
            reasons.append(_("Enter the name, e.g. 国庆节 or 国庆节调休上班."))
        if day is not None and day not in seen:
            seen[day] = number
        if reasons:
            errors.append(RowError(row_number=number, text=_text(cell("date")), reasons=reasons))
        else:
            days.append(SeedDay(day, kind, name))
    return ImportResult(days=days, errors=errors, total=len(data_rows))


# ---------------------------------------------------------------------------
# The template

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def calendar_template(year: int) -> bytes:
    """An .xlsx with the three columns, a drop-down for 类型 and one example row (元旦, always a holiday)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年工作日历"
    sheet.append(["日期", "类型(节假日/调休上班)", "名称"])
    new_year = datetime.date(year, 1, 1)
    sheet.append([new_year, "节假日", "元旦"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(horizontal="center")
        cell.border = BORDER
    sheet["A2"].number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 22
    choice = DataValidation(type="list", formula1='"节假日,调休上班"', allow_blank=False)
    choice.error = "请选择“节假日”或“调休上班”"
    sheet.add_data_validation(choice)
    choice.add(f"B2:B{MAX_ROWS + 1}")
    notes = workbook.create_sheet("填写说明")
    for line in (
        f"每行一天，只填 {year} 年内的日期，如 {year}-10-01。",
        "类型：“节假日”（放假的日子，含放假期间的周末）或“调休上班”（因调休而上班的周六、周日）。",
        "名称：如 国庆节、国庆节调休上班。",
        "未列出的日期按正常作息：周一至周五上班，周六、周日休息。",
        "导入会整体替换该年已有的节假日和调休上班日；任何一行有误则整份文件不导入，并列出每一行的问题。",
        "请按国务院办公厅当年的放假通知逐日填写。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
