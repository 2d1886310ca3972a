"""Demo quarterly reports and meetings for the demo county, written through the services.

- The last quarter's reports: 组织科 approved by its supervising leader (its plan items became tasks),
  干部科 in review, 基层党建科 a draft; the other sections have not filed.
- An all-staff meeting held a few days ago with the approved reports on its agenda, minutes and a
  decision turned into a task; an affairs meeting planned next week with an agenda.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from approvals.models import Approval
from approvals.services import approval_decide
from org.models import Section, Staff
from reports import integration
from reports.models import Meeting, QuarterlyReport, next_quarter, quarter_bounds
from reports.selectors import default_quarter
from reports.services import (
    PlanItemData,
    agenda_item_add,
    decision_add,
    decision_make_task,
    meeting_add_reports,
    meeting_agenda_add,
    meeting_create,
    meeting_record,
    report_create,
    report_save,
    report_submit,
)

NARRATIVE = {
    "组织科": (
        "一是扎实推进基层党组织标准化规范化建设，完成全县86个村党组织星级评定；\n"
        "二是严格党员发展程序，第三季度发展党员42名，开展发展对象集中培训2期；\n"
        "三是完成“七一”表彰推荐评选工作。",
        "部分村党组织书记年龄偏大，后备力量不足；党员教育管理方式较为单一。",
        "聚焦村级组织换届后半篇文章，抓好新任村干部培训和软弱涣散党组织整顿。",
    ),
    "干部科": (
        "完成科级领导干部调整配备1批次，调整干部37名；开展干部档案专项审核，审核档案120卷。",
        "干部考察材料质量参差不齐。",
        "做好年度考核准备，完善干部实绩档案。",
    ),
    "基层党建科": ("正在起草……", "", ""),
}

PLANS = {
    "组织科": [("开展新任村干部培训", 20), ("软弱涣散村党组织整顿验收", 35)],
    "干部科": [("完成年度考核方案起草", 25)],
}


def _plan_items(section: Section, names: list[tuple[str, int]], today: datetime.date, year: int, quarter: int):
    start, end = quarter_bounds(*next_quarter(year, quarter))
    items = []
    for title, days in names:
        deadline = max(min(today + datetime.timedelta(days=days), end), start, today)
        items.append(PlanItemData(title, section, deadline, None))
    return items


def build_demo(result: dict) -> None:
    staff: dict[str, Staff] = result["staff"]
    principal = staff["buzhang"]
    unit = principal.unit
    today = timezone.localdate()
    year, quarter = default_quarter(today)
    sections = {s.name: s for s in Section.objects.filter(unit=unit).select_related("head", "supervisor")}
    approved_any = False
    for name, status in (("组织科", "approved"), ("干部科", "pending"), ("基层党建科", "draft")):
        section = sections.get(name)
        if section is None or section.head is None or section.supervisor is None:
            continue
        if QuarterlyReport.objects.filter(section=section, year=year, quarter=quarter).exists():
            continue
        report = report_create(actor=section.head, section=section, year=year, quarter=quarter)
        done, problems, steps = NARRATIVE[name]
        report_save(
            actor=section.head,
            report_id=report.pk,
            done_text=done,
            problems_text=problems,
            next_steps_text=steps,
            plan_items=_plan_items(section, PLANS.get(name, []), today, year, quarter),
        )
        if status == "draft":
            continue
        report_submit(actor=section.head, report_id=report.pk)
        if status == "approved" and integration.tasks_available():
            approval = Approval.objects.get(target_type=report._meta.label_lower, target_id=report.pk)
            approval_decide(
                actor=section.supervisor, approval_id=approval.pk, decision="approve", opinion="同意，按计划抓好落实。"
            )
            approved_any = True

    now = timezone.now()
    held = meeting_create(
        actor=principal,
        kind=Meeting.Kind.ALL_STAFF,
        title=f"{year}年第{quarter}季度工作汇报会",
        starts_at=now.replace(hour=9, minute=0, second=0, microsecond=0) - datetime.timedelta(days=3),
        place="机关三楼会议室",
    )
    if approved_any:
        meeting_add_reports(actor=principal, meeting_id=held.pk, year=year, quarter=quarter)
    meeting_record(
        actor=principal,
        meeting_id=held.pk,
        minutes="会议听取了各科室第三季度工作汇报。李建国部长讲话，要求各科室对照第四季度工作打算，"
        "逐项明确责任人和完成时限，执行标准不走样、履行程序不变通。",
        presence={a.staff_id: ("present", "") for a in held.attendees.exclude(presence="on_leave")},
    )
    organization = sections.get("组织科")
    if organization is not None:
        decision = decision_add(
            actor=principal,
            meeting_id=held.pk,
            text="由组织科牵头，年底前完成全县党支部标准化建设“回头看”。",
            lead_section=organization,
            deadline=today + datetime.timedelta(days=30),
        )
        if integration.tasks_available():
            decision_make_task(actor=principal, decision_id=decision.pk)

    next_week = now.replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=7)
    planned = meeting_create(
        actor=principal, kind=Meeting.Kind.AFFAIRS, title="部务会", starts_at=next_week, place="部长办公室"
    )
    meeting_agenda_add(
        actor=principal, meeting_id=planned.pk, title="研究年度考核工作方案", kind="general", presenter=staff["changwu"]
    )
    agenda_item_add(
        actor=staff["changwu"],
        unit=unit,
        title="研究年底集中换届督导人员抽调事宜",
        kind="help_request",
        presenter=staff.get("zuzhike"),
    )
