from __future__ import annotations

from django.http import Http404

from approvals.models import Approval
from approvals.selectors import participant_ids
from org.models import Position, Staff


def can_view_approval(approval: Approval, staff: Staff) -> bool:
    """The applicant, everyone on the route, and the applicant's leaders (section head, 分管, unit leaders)."""
    if approval.unit_id != staff.unit_id:
        return False
    if staff.pk in participant_ids(approval):
        return True
    if staff.position >= Position.EXECUTIVE_DEPUTY:
        return True
    section = approval.applicant.section
    return section is not None and staff.pk in (section.head_id, section.supervisor_id)


def access_approval(*, staff: Staff, approval_id: int) -> Approval:
    approval = Approval.objects.select_related("applicant__section").filter(pk=approval_id).first()
    if approval is None:
        raise Http404
    if not can_view_approval(approval, staff):
        raise Http404
    return approval
