"""The monthly sheet as an Excel workbook, laid out as offices print it.

Title "XX县委组织部2026年11月考勤表", a line with the period and the state, one row
per person and one narrow column per day (marks √ 迟 早 …, rest days shaded),
totals at the right, the legend and the signature lines below. A4 landscape,
fitted to one page wide, the header rows repeated on every printed page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from attendance import derivation as d
from attendance import monthly
from attendance.selectors import SectionGroup

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
REST_FILL = PatternFill("solid", fgColor="E7E6E6")
HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
BODY_FONT = Font(name="宋体", size=10)
HEAD_FONT = Font(name="宋体", size=10, bold=True)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
FLAG_FONT = Font(name="宋体", size=10, color="C00000")
WEEKDAY_CHARS = "一二三四五六日"


def _fmt(value: float) -> str | float:
    if not value:
        return ""
    return int(value) if float(value).is_integer() else float(value)


def sheet_workbook(
    *,
    title: str,
    groups: Sequence[SectionGroup],
    year: int,
    month: int,
    state_label: str,
    prepared_by: str,
) -> bytes:
    days = monthly.month_days(year, month)
    infos = monthly.day_infos(days)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年{month}月"

    totals = [
        _("Attended (days)"),
        _("Late (times)"),
        _("Left early (times)"),
        _("Missing punches"),
        _("Absent (days)"),
        _("Leave (days)"),
        _("Going-out (days)"),
        _("Business trip (days)"),
        _("Overtime (hours)"),
    ]
    first_day_col = 4
    last_day_col = first_day_col + len(days) - 1
    last_col = last_day_col + len(totals)

    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws.cell(1, 1, title).font = TITLE_FONT
    ws.cell(1, 1).alignment = CENTER
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    ws.cell(
        2,
        1,
        _("Period: %(start)s to %(end)s    State: %(state)s    Printed: %(printed)s")
        % {
            "start": f"{year}年{month}月1日",
            "end": f"{year}年{month}月{days[-1].day}日",
            "state": state_label,
            "printed": timezone.localtime().strftime("%Y年%m月%d日 %H:%M"),
        },
    ).font = BODY_FONT
    ws.cell(2, 1).alignment = LEFT

    header = 3
    for col, text in ((1, _("No.")), (2, _("Section")), (3, _("Name"))):
        ws.merge_cells(start_row=header, start_column=col, end_row=header + 1, end_column=col)
        ws.cell(header, col, text)
    for index, info in enumerate(infos):
        col = first_day_col + index
        ws.cell(header, col, info.day.day)
        ws.cell(header + 1, col, WEEKDAY_CHARS[info.day.weekday()])
    for index, text in enumerate(totals):
        col = last_day_col + 1 + index
        ws.merge_cells(start_row=header, start_column=col, end_row=header + 1, end_column=col)
        ws.cell(header, col, text)
    for row in (header, header + 1):
        for col in range(1, last_col + 1):
            cell = ws.cell(row, col)
            cell.font = HEAD_FONT
            cell.alignment = CENTER
            cell.border = BORDER
            cell.fill = HEAD_FILL
    for index, info in enumerate(infos):
        if not info.is_working:
            for row in (header, header + 1):
                ws.cell(row, first_day_col + index).fill = REST_FILL
    ws.row_dimensions[header].height = 18
    ws.row_dimensions[header + 1].height = 30

    row_no = header + 2
    number = 0
    for group in groups:
        section_name = group.section.name if group.section else _("Department leaders")
        for person in group.rows:
            number += 1
            f = person.figures
            values = [number, section_name, person.staff.name]
            for col, value in enumerate(values, start=1):
                ws.cell(row_no, col, value)
            for index, status in enumerate(person.days):
                ws.cell(row_no, first_day_col + index, status.mark)
            summary = [
                f.present,
                f.late,
                f.early,
                f.missing,
                _fmt(f.absent),
                _fmt(f.leave),
                _fmt(f.going_out),
                _fmt(f.trip),
                _fmt(float(person.overtime)),
            ]
            for index, value in enumerate(summary):
                ws.cell(row_no, last_day_col + 1 + index, value if value != 0 else "")
            for col in range(1, last_col + 1):
                cell = ws.cell(row_no, col)
                cell.border = BORDER
                cell.alignment = CENTER
                cell.font = BODY_FONT
            for index, status in enumerate(person.days):
                cell = ws.cell(row_no, first_day_col + index)
                if status.status in (d.LATE, d.EARLY, d.ABSENT, d.MISSING):
                    cell.font = FLAG_FONT
                if not infos[index].is_working:
                    cell.fill = REST_FILL
            ws.row_dimensions[row_no].height = 20
            row_no += 1

    row_no += 1
    legend = "　".join(f"{mark} {meaning}" for mark, meaning in d.legend())
    ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=last_col)
    ws.cell(row_no, 1, _("Legend: %(legend)s. A cell with two marks shows morning/afternoon.") % {"legend": legend})
    ws.cell(row_no, 1).font = BODY_FONT
    ws.cell(row_no, 1).alignment = LEFT
    ws.row_dimensions[row_no].height = 32
    row_no += 2
    ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=last_col)
    ws.cell(
        row_no,
        1,
        _("Prepared by: %(name)s            Section head (signature):                Office (review):")
        % {"name": prepared_by},
    ).font = BODY_FONT

    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 9
    for col in range(first_day_col, last_day_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 3.6
    for col in range(last_day_col + 1, last_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 6.5

    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header}:{header + 1}"
    ws.freeze_panes = ws.cell(header + 2, first_day_col)

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
