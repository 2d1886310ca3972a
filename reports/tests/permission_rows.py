"""Who reaches which reports URL (merged into accounts/tests/test_permission_matrix.py).

Filing is the section head's; reading a report is its section, its leaders, unit leaders and the office
(the meeting duty); meetings are kept by the office and unit leaders. Samples are 组织科's Q3 report
(a draft) and a planned affairs meeting."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.tests.matrix_rules import BUSINESS, action, form, only, page

KEEPERS = frozenset({"supervisor", "principal", "duty_holder"})


def _report_id(ctx) -> int:
    from reports.models import QuarterlyReport
    from reports.services import report_create

    found = QuarterlyReport.objects.filter(section=ctx.cast.org_section).first()
    if found is None:
        found = report_create(actor=ctx.cast.head, section=ctx.cast.org_section, year=2026, quarter=3)
    return found.pk


def _meeting_id(ctx) -> int:
    from reports.models import Meeting
    from reports.services import meeting_create

    found = Meeting.objects.filter(unit=ctx.cast.unit).first()
    if found is None:
        found = meeting_create(
            actor=ctx.cast.principal,
            kind=Meeting.Kind.AFFAIRS,
            title="部务会",
            starts_at=timezone.now() + datetime.timedelta(days=7),
            place="三楼会议室",
        )
    return found.pk


def _item_id(ctx) -> int:
    from reports.models import AgendaItem
    from reports.services import meeting_agenda_add

    found = AgendaItem.objects.filter(unit=ctx.cast.unit).first()
    if found is None:
        found = meeting_agenda_add(actor=ctx.cast.principal, meeting_id=_meeting_id(ctx), title="议题", kind="general")
    return found.pk


ROWS = {
    "reports:list": page(BUSINESS),
    "reports:create": form(only("head")),
    "reports:compile": page(KEEPERS),
    "reports:compile_docx": page(KEEPERS),
    # 组织科's report: its members (staff, the duty holder), head, 分管 leader and the principal read it.
    "reports:detail": page(BUSINESS),
    "reports:edit": form(only("head")),
    "reports:refresh": action(only("head")),
    "reports:submit": action(only("head")),
    "reports:meetings": page(BUSINESS),
    "reports:meeting_create": form(KEEPERS),
    # An affairs meeting: its members (the leaders) and the office; not staff or section heads.
    "reports:meeting_detail": page(KEEPERS),
    "reports:meeting_edit": form(KEEPERS),
    "reports:agenda_add": action(KEEPERS),
    "reports:agenda_add_reports": action(KEEPERS),
    "reports:agenda_remove": action(KEEPERS),
    "reports:meeting_minutes": form(KEEPERS),
    "reports:meeting_close": action(KEEPERS),
    "reports:decision_add": action(KEEPERS),
    "reports:decision_task": action(KEEPERS),
}

SAMPLES = {
    "report_id": _report_id,
    "meeting_id": _meeting_id,
    "item_id": _item_id,
}
