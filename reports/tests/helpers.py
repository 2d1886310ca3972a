"""Shared builders for the reports tests: everything through the services."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from approvals.models import Approval
from reports.models import QuarterlyReport
from reports.services import PlanItemData, report_create, report_save, report_submit

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 10, 12)
NOW = datetime.datetime(2026, 10, 12, 10, 0, tzinfo=SHANGHAI)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


def draft(cast, *, section=None, head=None, year=2026, quarter=3, items=None, done="完成了第三季度各项工作。"):
    section = section or cast.org_section
    head = head or cast.head
    report = report_create(actor=head, section=section, year=year, quarter=quarter)
    if items is None:
        items = [PlanItemData("开展基层党组织换届督导", section, datetime.date(2026, 12, 20), cast.staff)]
    report_save(
        actor=head,
        report_id=report.pk,
        done_text=done,
        problems_text="人手紧张",
        next_steps_text="抓好第四季度重点任务",
        plan_items=items,
    )
    return QuarterlyReport.objects.get(pk=report.pk)


def submitted(cast, **kw) -> QuarterlyReport:
    report = draft(cast, **kw)
    report_submit(actor=kw.get("head") or cast.head, report_id=report.pk)
    return QuarterlyReport.objects.get(pk=report.pk)


def approval_of(report) -> Approval:
    return Approval.objects.get(target_type="reports.quarterlyreport", target_id=report.pk)
