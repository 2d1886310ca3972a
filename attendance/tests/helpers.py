"""Builders shared by the attendance tests."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from approvals.models import Approval, ApprovalAssignment
from approvals.services import approval_decide
from attendance.models import Punch
from worktime.policies import Schedule

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = Decimal


def at(day: datetime.date, hhmm: str = "09:00", second: int = 0) -> datetime.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute, second), tzinfo=SHANGHAI)


def schedule(day: datetime.date, *, punches: str = "4", grace: int = 5) -> Schedule:
    """08:30–12:00 and 14:30–18:00 with `grace` minutes either way."""
    return Schedule(
        day=day,
        season="summer",
        morning_start=at(day, "08:30"),
        morning_end=at(day, "12:00"),
        afternoon_start=at(day, "14:30"),
        afternoon_end=at(day, "18:00"),
        grace_minutes_late=grace,
        grace_minutes_early=grace,
        required_punches=punches,
        policy_name="测试作息",
        is_default=False,
    )


def punch(staff, moment: datetime.datetime, source: str = Punch.Source.WEB) -> Punch:
    """A punch at a chosen moment, written directly (the service always punches 'now')."""
    return Punch.objects.create(unit_id=staff.unit_id, staff=staff, at=moment, source=source)


def punch_day(staff, day: datetime.date, *times: str) -> None:
    for hhmm in times:
        punch(staff, at(day, hhmm))


def approval_of(target) -> Approval:
    return Approval.objects.get(target_type=target._meta.label_lower, target_id=target.pk)


def approve_all(target) -> list:
    approvers = []
    for _ in range(10):
        approval = approval_of(target)
        if approval.status != Approval.Status.PENDING:
            break
        assignment = (
            ApprovalAssignment.objects.filter(step__approval=approval, is_open=True).select_related("assignee").first()
        )
        approvers.append(assignment.assignee)
        approval_decide(actor=assignment.assignee, approval_id=approval.pk, decision="approve", opinion="同意")
    target.refresh_from_db()
    return approvers
