"""Demo tasks for the demo county: a dozen in varied states, red and yellow ones included.

Everything is written through the services; afterwards the time points of older tasks are moved
back (deadline, assigned / signed / report times) so the demo shows a history, which the services —
rightly — would not accept as input ("a deadline in the past").
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from org.models import Section, Staff
from tasks.models import Task, TaskEvent
from tasks.services import (
    task_close,
    task_completion_request,
    task_create,
    task_report,
    task_sign_for,
    task_supervision_sweep,
    task_urge,
)


def _backdate(task: Task, days: int, *, deadline: datetime.date) -> None:
    """Move the task's history `days` days back and set its deadline."""
    shift = datetime.timedelta(days=days)
    for event in TaskEvent.objects.filter(task=task):
        TaskEvent.objects.filter(pk=event.pk).update(created_at=event.created_at - shift)
    fields = {"deadline": deadline, "original_deadline": deadline}
    task.refresh_from_db()
    for name in ("assigned_at", "signed_at", "started_at", "last_report_at", "completion_requested_at", "closed_at"):
        value = getattr(task, name)
        if value is not None:
            fields[name] = value - shift
    if task.report_due_on is not None:
        fields["report_due_on"] = task.report_due_on - shift
    if task.completed_on is not None:
        fields["completed_on"] = task.completed_on - shift
    Task.objects.filter(pk=task.pk).update(**fields)


def build_demo_tasks(result: dict) -> None:
    staff: dict[str, Staff] = result["staff"]
    principal, executive, deputy = staff["buzhang"], staff["changwu"], staff["fubuzhang"]
    org_head, clerk = staff["zuzhike"], staff["keyuan"]
    unit = principal.unit
    sections = {s.name: s for s in Section.objects.filter(unit=unit).select_related("head", "supervisor")}
    org = sections["组织科"]
    today = timezone.localdate()

    def section(name: str) -> Section:
        return sections.get(name) or org

    def create(actor, title, source, lead, days, **kw) -> Task:
        people = kw.pop("responsible", None)
        if people is None:
            people = [lead.head] if lead.head else []
        return task_create(
            actor=kw.pop("by", actor),
            title=title,
            source=source,
            lead_section=lead,
            deadline=today + datetime.timedelta(days=days),
            responsible=people,
            **kw,
        )

    # 1. Green: just assigned, waiting to be signed for.
    create(
        principal, "研究制定2027年度组织工作要点", "leader_instruction", org, 25, responsible=[org_head], by=principal
    )
    # 2. Green, in progress with weekly reports.
    t = create(
        principal,
        "开展全县村级党组织书记轮训",
        "plan_item",
        section("干部教育科"),
        40,
        report_cycle="weekly",
        milestones=[("完成培训方案", today + datetime.timedelta(days=10))],
    )
    task_sign_for(actor=t.responsible.first() or t.lead_section.head, task_id=t.pk)
    task_report(
        actor=t.responsible.first() or t.lead_section.head,
        task_id=t.pk,
        text="培训方案已起草，正在征求意见",
        progress=20,
    )
    # 3. Yellow: deadline in two days, key task, with the clerk responsible.
    t = create(
        deputy,
        "报送第四季度党员发展计划执行情况",
        "from_above",
        org,
        2,
        priority="key",
        responsible=[clerk],
        supporting_sections=[section("基层党建科")],
        by=deputy,
    )
    task_sign_for(actor=clerk, task_id=t.pk)
    task_report(actor=clerk, task_id=t.pk, text="已汇总12个乡镇数据，剩余3个乡镇待报", progress=70)
    # 4. Yellow: a missed weekly report.
    t = create(
        executive,
        "整理干部人事档案专项审核问题清单",
        "meeting_decision",
        section("干部科"),
        30,
        report_cycle="weekly",
        by=executive,
    )
    task_sign_for(actor=t.lead_section.head, task_id=t.pk)
    _backdate(t, 10, deadline=today + datetime.timedelta(days=20))
    # 5. Red: overdue 6 days, urged, escalated by the nightly job.
    t = create(
        deputy, "完成软弱涣散村党组织整顿验收", "leader_instruction", org, 20, responsible=[org_head, clerk], by=deputy
    )
    task_sign_for(actor=org_head, task_id=t.pk)
    task_report(actor=clerk, task_id=t.pk, text="已验收8个村，2个村整改未到位", progress=80)
    _backdate(t, 26, deadline=today - datetime.timedelta(days=6))
    task_urge(actor=deputy, task_id=t.pk, text="请说明未按期完成的原因和进度")
    # 6. Red: overdue and never signed for.
    t = create(principal, "上报年轻干部储备库更新情况", "from_above", section("干部监督科"), 10, by=principal)
    _backdate(t, 14, deadline=today - datetime.timedelta(days=3))
    # 7. Completion requested on time, waiting for the leader's review.
    t = create(deputy, "起草基层党建述职评议考核方案", "plan_item", org, 15, responsible=[clerk], by=deputy)
    task_sign_for(actor=clerk, task_id=t.pk)
    task_report(actor=clerk, task_id=t.pk, text="初稿已完成", progress=60)
    task_completion_request(actor=org_head, task_id=t.pk, text="方案已经部务会审议通过，印发各乡镇")
    # 8–10. Closed off: two on time, one late.
    for title, days_back, late in (
        ("组织开展“七一”走访慰问老党员工作", 150, False),
        ("完成第三季度党费收缴情况统计", 60, False),
        ("报送公务员年度考核结果备案材料", 40, True),
    ):
        t = create(deputy, title, "document", org, 10, responsible=[clerk], by=deputy)
        task_sign_for(actor=clerk, task_id=t.pk)
        task_report(actor=clerk, task_id=t.pk, text="按要求推进", progress=50)
        task_completion_request(actor=clerk, task_id=t.pk, text="已完成并报送")
        task_close(actor=deputy, task_id=t.pk, rating="fair" if late else "good", comment="")
        _backdate(t, days_back, deadline=today - datetime.timedelta(days=days_back + (3 if late else -8)))
    # 11. A plan item of the talent section, in progress.
    t = create(
        executive,
        "修订全县人才工作目标责任制考核细则",
        "plan_item",
        section("人才科"),
        45,
        report_cycle="monthly",
        by=executive,
    )
    task_sign_for(actor=t.lead_section.head, task_id=t.pk)
    # 12. A draft not yet assigned.
    create(
        principal,
        "谋划2027年“组工干部大讲堂”安排",
        "leader_instruction",
        section("办公室"),
        60,
        assign=False,
        by=principal,
    )
    task_supervision_sweep(today=today)
