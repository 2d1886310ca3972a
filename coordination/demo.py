"""Demo content: one borrowing running between two county sections, one help request waiting for 赵红梅."""

from __future__ import annotations

import datetime

from django.utils import timezone

from coordination.services import help_request_fill, help_request_submit
from org.models import Position, Section, Staff


def build(result: dict) -> None:
    people: dict[str, Staff] = result["staff"]
    today = timezone.localdate()
    office_head, executive, org_head = people.get("bangongshi"), people.get("changwu"), people.get("zuzhike")
    if office_head is None or executive is None or org_head is None:
        return
    # 办公室 (supervised by 王志海) borrows one person from 干部科 (also his) for the year-end summaries.
    request = help_request_submit(
        actor=office_head,
        section=office_head.section,
        headcount=1,
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=10),
        skills="文字综合",
        work="年终工作总结和明年工作要点起草",
        reason="年底材料集中，办公室文字人员不足。",
    )
    cadre = Section.objects.filter(unit=office_head.unit, name="干部科").first()
    lent = (
        Staff.objects.filter(section=cadre, position=Position.STAFF).order_by("order", "pk").first() if cadre else None
    )
    if lent is not None:
        help_request_fill(actor=executive, request_id=request.pk, staff_ids=[lent.pk], note="借调至年底材料完成。")
    # 组织科 asks 赵红梅 (who supervises 组织科 and 基层党建科) for two people for the branch review.
    help_request_submit(
        actor=org_head,
        section=org_head.section,
        headcount=2,
        starts_on=today + datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=14),
        skills="熟悉党支部标准化规范化建设",
        work="全县党支部标准化规范化建设检查",
        reason="检查覆盖全县各党支部，科内人员不足。",
    )
