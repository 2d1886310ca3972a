from django.http import Http404

from approvals.access import can_view_approval
from approvals.selectors import approval_for_target
from goingout.models import GoingOutReport
from org.models import Staff


def access_report(*, staff: Staff, report_id: int) -> tuple[GoingOutReport, object]:
    """The report and its approval, for the applicant, the route and the applicant's leaders."""
    report = GoingOutReport.objects.select_related("staff__user", "staff__section", "unit").filter(pk=report_id).first()
    if report is None or report.unit_id != staff.unit_id:
        raise Http404
    approval = approval_for_target(report)
    if report.staff_id != staff.pk and (approval is None or not can_view_approval(approval, staff)):
        raise Http404
    return report, approval
