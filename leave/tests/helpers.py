"""Builders shared by the leave tests: requests made and decided through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from approvals.models import Approval, ApprovalAssignment
from approvals.services import approval_decide
from leave.models import LeaveRequest, LeaveType
from leave.selectors import leave_types_for
from leave.services import leave_request_submit

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """A moment on `day` in Beijing time, for time_machine.move_to."""
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=SHANGHAI)


def leave_type(unit, code: str) -> LeaveType:
    return next(t for t in leave_types_for(unit) if t.code == code)


def submit(staff, code: str, starts_on: datetime.date, ends_on: datetime.date | None = None, **kw) -> LeaveRequest:
    return leave_request_submit(
        actor=staff,
        leave_type_id=leave_type(staff.unit, code).pk,
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        reason=kw.pop("reason", "家中有事"),
        **kw,
    )


def approval_of(target) -> Approval:
    return Approval.objects.get(target_type=target._meta.label_lower, target_id=target.pk)


def approve_all(target) -> list:
    """Every open step approved by whoever it is waiting for; returns the approvers in order."""
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


def take(staff, code: str, starts_on: datetime.date, ends_on: datetime.date | None = None, **kw) -> LeaveRequest:
    """Submit and approve."""
    request = submit(staff, code, starts_on, ends_on, **kw)
    approve_all(request)
    return request


def steps_of(target) -> list[str]:
    return list(approval_of(target).steps.order_by("order").values_list("node", flat=True))


D = Decimal
