from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approvals.selectors import open_assignment, timeline
from core.access import business_required
from goingout import selectors
from goingout.access import access_report
from goingout.forms import GoingOutForm
from goingout.models import GoingOutReport
from goingout.services import GoingOutError, goingout_report_resubmit, goingout_report_submit, goingout_report_withdraw
from org.models import Position

PAGE_SIZE = 20
CRUMB = _("Going-out reports")


@require_GET
@business_required
def mine(request: HttpRequest) -> HttpResponse:
    qs = GoingOutReport.objects.filter(staff=request.user.staff).select_related("staff__user")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "goingout/mine.html", {"page": page, "breadcrumbs": [(CRUMB, None)]})


@require_http_methods(["GET", "POST"])
@business_required
def create(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    form = GoingOutForm(
        request.POST or None, initial={"starts_on": timezone.localdate(), "ends_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = goingout_report_submit(actor=staff, **form.cleaned_data)
        except GoingOutError as exc:
            form.add_error(None, str(exc))
        else:
            _announce(request, report)
            return redirect("goingout:detail", report.pk)
    return render(
        request,
        "goingout/form.html",
        {"form": form, "breadcrumbs": [(CRUMB, "/going-out/"), (_("New going-out report"), None)]},
    )


def _announce(request: HttpRequest, report: GoingOutReport) -> None:
    from approvals.selectors import approval_for_target

    approval = approval_for_target(report)
    names = "、".join(
        a.assignee.name
        for s in approval.steps.all()
        if s.order == approval.current_order
        for a in s.assignments.all()
        if a.is_open
    )
    messages.success(request, _("Submitted; waiting for %(names)s to approve.") % {"names": names})


@require_GET
@business_required
def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    staff = request.user.staff
    report, approval = access_report(staff=staff, report_id=report_id)
    return render(
        request,
        "goingout/detail.html",
        {
            "report": report,
            "approval": approval,
            "timeline": timeline(approval) if approval else [],
            "my_assignment": open_assignment(approval, staff),
            "is_applicant": report.staff_id == staff.pk,
            "breadcrumbs": [(CRUMB, "/going-out/"), (_("Details"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def edit(request: HttpRequest, report_id: int) -> HttpResponse:
    staff = request.user.staff
    report, _approval = access_report(staff=staff, report_id=report_id)
    if report.staff_id != staff.pk or report.status != GoingOutReport.Status.RETURNED:
        raise Http404
    form = GoingOutForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            goingout_report_resubmit(actor=staff, report_id=report.pk, **form.cleaned_data)
        except GoingOutError as exc:
            form.add_error(None, str(exc))
        else:
            _announce(request, report)
            return redirect("goingout:detail", report.pk)
    return render(
        request,
        "goingout/form.html",
        {"form": form, "report": report, "breadcrumbs": [(CRUMB, "/going-out/"), (_("Revise and resubmit"), None)]},
    )


@require_POST
@business_required
def withdraw(request: HttpRequest, report_id: int) -> HttpResponse:
    staff = request.user.staff
    report, _approval = access_report(staff=staff, report_id=report_id)
    if report.staff_id != staff.pk:
        raise Http404
    try:
        goingout_report_withdraw(actor=staff, report_id=report.pk)
    except GoingOutError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The going-out report was withdrawn."))
    return redirect("goingout:detail", report.pk)


@require_GET
@business_required
def overview(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    if staff.position < Position.SECTION_HEAD:
        raise Http404
    qs = selectors.visible_reports(staff)
    status = request.GET.get("status", "")
    if status in GoingOutReport.Status.values:
        qs = qs.filter(status=status)
    name = request.GET.get("name", "").strip()
    if name:
        qs = qs.filter(staff__user__full_name__contains=name)
    page = Paginator(qs.order_by("-starts_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "goingout/overview.html",
        {
            "page": page,
            "away_today": selectors.away_today_in_sections(staff, today),
            "statuses": GoingOutReport.Status.choices,
            "status": status,
            "name": name,
            "query": f"status={status}&name={name}",
            "breadcrumbs": [(CRUMB, None), (_("Going-out of my sections"), None)],
        },
    )
