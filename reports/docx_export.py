"""The all-staff meeting's material: every section's quarterly report in one .docx (python-docx).

Chinese fonts are set on the East-Asian runs (w:eastAsia), as offices expect: 方正小标宋简体 for the title,
黑体 for headings, 仿宋_GB2312 for the body.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core.text import cn_date
from org.models import Unit
from reports.models import QuarterlyReport
from reports.selectors import CompileRow

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), name)
    fonts.set(qn("w:hAnsi"), name)


def _para(
    doc,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 16,
    bold: bool = False,
    center: bool = False,
    indent: bool = True,
):
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _heading(doc, text: str, size: float = 16):
    return _para(doc, text, font=HEADING_FONT, size=size, indent=False)


def _cell(cell, text: str) -> None:
    cell.text = ""
    _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12)


def _rate(value) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _days(value) -> str:
    return "—" if value is None else f"{value:g}"


def fact_rows(facts: dict) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    tasks = facts.get("tasks")
    if tasks:
        rows += [
            (
                _("Tasks closed"),
                _("%(n)s (%(on_time)s on time)") % {"n": tasks["closed"], "on_time": tasks["closed_on_time"]},
            ),
            (_("Tasks overdue"), _("%(n)s items") % {"n": tasks["overdue"]}),
            (_("Tasks open"), _("%(n)s items") % {"n": tasks["open"]}),
            (_("On-time close-off rate"), _rate(tasks.get("on_time_rate"))),
        ]
    documents = facts.get("documents")  # absent from reports frozen before documents were counted
    if documents is not None:
        rows.append((_("Documents issued"), _("%(n)s documents") % {"n": documents["issued"]}))
    attendance = facts.get("attendance")
    if attendance:
        rows += [
            (_("People in the section"), _("%(n)s people") % {"n": attendance["people"]}),
            (
                _("Late / left early"),
                _("%(late)s times / %(early)s times") % {"late": attendance["late"], "early": attendance["early"]},
            ),
            (_("Absent without leave"), _("%(days)s days") % {"days": _days(attendance["absent"])}),
            (_("Missing punches"), _("%(n)s times") % {"n": attendance["missing"]}),
        ]
    leave = facts.get("leave")
    if leave:
        detail = _("; ").join(
            _("%(type)s %(days)s days") % {"type": name, "days": _days(days)} for name, days in leave["by_type"].items()
        )
        total = _("%(days)s days") % {"days": _days(leave["total"])}
        rows.append((_("Leave"), f"{total}（{detail}）" if detail else total))
    return rows


def compile_docx(unit: Unit, year: int, quarter: int, rows: list[CompileRow]) -> bytes:
    doc = Document()
    _para(doc, f"{unit.name}", font=TITLE_FONT, size=22, center=True)
    _para(doc, f"{year}年第{quarter}季度各科室工作汇报", font=TITLE_FONT, size=22, center=True)
    _para(doc, "（全体干部大会材料）", size=16, center=True)
    numerals = "一二三四五六七八九十"
    chapter = 0
    for row in rows:
        report = row.report
        if report is None or report.status != QuarterlyReport.Status.APPROVED:
            continue
        label = numerals[chapter] if chapter < len(numerals) else str(chapter + 1)
        chapter += 1
        _heading(doc, f"{label}、{row.section.name}")
        _para(doc, f"汇报人：{report.author.name}　状态：{report.get_status_display()}", indent=False, size=14)
        _para(doc, "（一）本季度基本数据", font="楷体_GB2312", indent=True)
        facts = fact_rows(report.facts)
        if facts:
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for name, value in facts:
                cells = table.add_row().cells
                _cell(cells[0], name)
                _cell(cells[1], value)
        _para(doc, "（二）工作开展情况", font="楷体_GB2312")
        for line in (report.done_text or "—").splitlines():
            if line.strip():
                _para(doc, line.strip())
        if report.problems_text.strip():
            _para(doc, "（三）存在的问题", font="楷体_GB2312")
            for line in report.problems_text.splitlines():
                if line.strip():
                    _para(doc, line.strip())
        if report.next_steps_text.strip():
            _para(doc, "（四）下一步打算", font="楷体_GB2312")
            for line in report.next_steps_text.splitlines():
                if line.strip():
                    _para(doc, line.strip())
        if row.items:
            _para(doc, "（五）下季度工作计划", font="楷体_GB2312")
            table = doc.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ("序号", "工作事项", "牵头科室", "完成时限"), strict=True):
                _cell(cell, text)
            for number, item in enumerate(row.items, start=1):
                cells = table.add_row().cells
                _cell(cells[0], str(number))
                _cell(cells[1], item.title + (f"（{item.responsible.name}）" if item.responsible else ""))
                _cell(cells[2], item.lead_section.name)
                _cell(cells[3], cn_date(item.deadline))
    missing = [row.section.name for row in rows if row.report is None]
    unapproved = [row.section.name for row in rows if row.report is not None and row.report.status != "approved"]
    if missing:
        _para(doc, "未报送科室：" + "、".join(missing), indent=False, size=14)
    if unapproved:
        _para(doc, "尚未审核通过：" + "、".join(unapproved), indent=False, size=14)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
