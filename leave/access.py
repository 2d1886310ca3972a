"""Who may see a leave request: the applicant, everyone on its approval route, the applicant's leaders
(see approvals.access.can_view_approval) and the unit's attendance keepers. Missing and forbidden both 404."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Duty
from approvals.access import can_view_approval
from approvals.models import Approval
from approvals.selectors import approval_for_target
from core.access import has_duty
from leave.models import LeaveCancellation, LeaveExtension, LeaveRequest


def _may_view(user, request: LeaveRequest, approvals: list[Approval | None]) -> bool:
    staff = user.staff
    if request.unit_id != staff.unit_id:
        return False
    if request.staff_id == staff.pk:
        return True
    if has_duty(user, Duty.ATTENDANCE):
        return True
    return any(a is not None and can_view_approval(a, staff) for a in approvals)


def access_request(*, user, request_id: int) -> tuple[LeaveRequest, Approval | None]:
    request = (
        LeaveRequest.objects.select_related("staff__user", "staff__section", "leave_type", "unit")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise Http404
    approval = approval_for_target(request)
    if not _may_view(user, request, [approval]):
        raise Http404
    return request, approval


def access_own_request(*, user, request_id: int) -> LeaveRequest:
    """The applicant's own request (for the applicant's actions)."""
    request = LeaveRequest.objects.select_related("leave_type").filter(pk=request_id, staff=user.staff).first()
    if request is None:
        raise Http404
    return request


def access_change(*, user, model: type[LeaveExtension] | type[LeaveCancellation], change_id: int):
    change = (
        model.objects.select_related(
            "request__staff__user", "request__staff__section", "request__leave_type", "request__unit"
        )
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        raise Http404
    approval = approval_for_target(change)
    # Whoever decides the change may see the leave it changes, and the other way round.
    if not _may_view(user, change.request, [approval, approval_for_target(change.request)]):
        raise Http404
    return change, approval
