from __future__ import annotations

import datetime
import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Duty
from approvals.selectors import approval_for_target, open_assignment, timeline
from audit.models import AccessLog
from audit.services import access_log_record
from core.access import business_required, duty_required, has_duty
from leave import ledger, selectors
from leave.access import access_change, access_own_request, access_request
from leave.counting import count_days, fmt_days
from leave.forms import (
    AdjustForm,
    CancellationForm,
    CountForm,
    ExtensionForm,
    LeaveRequestForm,
    LeaveTypeForm,
    PolicyForm,
    ReportBackForm,
)
from leave.models import LeaveBalanceEntry, LeaveCancellation, LeaveChange, LeaveExtension, LeaveRequest, LeaveType
from leave.services import (
    LeaveError,
    error_text,
    leave_balance_adjust,
    leave_cancellation_resubmit,
    leave_cancellation_submit,
    leave_cancellation_withdraw,
    leave_extension_resubmit,
    leave_extension_submit,
    leave_extension_withdraw,
    leave_policy_update,
    leave_request_report_back,
    leave_request_resubmit,
    leave_request_submit,
    leave_request_withdraw,
    leave_type_update,
)
from org.models import Section, Staff
from worktime.calendar import CalendarMissing

PAGE_SIZE = 20
CRUMB = gettext_lazy("My leave")


def _crumbs(*items) -> list:
    return [(CRUMB, reverse("leave:mine")), *items]


def _apply_error(form, exc: ValidationError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    try:
        form.add_error(None, exc)
    except (ValueError, AttributeError):
        form.add_error(None, error_text(exc))


def _waiting_for(approval) -> str:
    return "、".join(
        a.assignee.name
        for s in approval.steps.all()
        if s.order == approval.current_order
        for a in s.assignments.all()
        if a.is_open
    )


def _announce(request: HttpRequest, target) -> None:
    approval = approval_for_target(target)
    messages.success(request, _("Submitted; waiting for %(names)s to approve.") % {"names": _waiting_for(approval)})


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= 2100 else today.year


# ---------------------------------------------------------------------------
# My leave


@require_GET
@business_required
def mine(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    today = timezone.localdate()
    year = _year(request)
    if year == today.year:
        as_of = today
    else:
        as_of = datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)
    types = selectors.leave_types_for(staff.unit)
    found = ledger.balances(staff, year, as_of, types)
    rows = [
        {"type": t, "balance": found[t.pk]}
        for t in types
        if t.has_balance and (t.is_active or found[t.pk].entries) or (not t.has_balance and found[t.pk].net_used)
    ]
    page = Paginator(selectors.my_requests(staff), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "leave/mine.html",
        {
            "rows": rows,
            "year": year,
            "years": [today.year - 1, today.year, today.year + 1],
            "page": page,
            "today": today,
            "breadcrumbs": [(CRUMB, None)],
        },
    )


@require_GET
@business_required
def ledger_view(request: HttpRequest, type_id: int) -> HttpResponse:
    viewer = request.user.staff
    staff = viewer
    if request.GET.get("staff") and has_duty(request.user, Duty.ATTENDANCE):
        staff = Staff.objects.select_related("user").filter(pk=request.GET["staff"], unit=viewer.unit).first()
        if staff is None:
            raise Http404
    types = selectors.leave_types_for(viewer.unit)
    leave_type = next((t for t in types if t.pk == type_id), None)
    if leave_type is None:
        raise Http404
    today = timezone.localdate()
    year = _year(request)
    as_of = today if year == today.year else datetime.date(year, 12, 31)
    balance = ledger.balances(staff, year, as_of, types)[leave_type.pk]
    entries = (
        LeaveBalanceEntry.objects.filter(staff=staff, leave_type=leave_type, year=year)
        .select_related("request", "created_by")
        .order_by("effective_on", "id")
    )
    running, lines = 0, []
    for entry in entries:
        running += entry.days
        lines.append((entry, running))
    return render(
        request,
        "leave/ledger.html",
        {
            "staff": staff,
            "leave_type": leave_type,
            "balance": balance,
            "lines": lines,
            "year": year,
            "years": [today.year - 1, today.year, today.year + 1],
            "breadcrumbs": _crumbs((_("Ledger"), None)),
        },
    )


# ---------------------------------------------------------------------------
# Requesting leave


def _count_context(staff: Staff, types: list[LeaveType], data) -> dict:
    """The live day count under the dates: the counted days, the type's rules and what is left."""
    form = CountForm(data)
    if not form.is_valid():
        return {}
    values = form.cleaned_data
    leave_type = next((t for t in types if t.pk == values["leave_type"]), None)
    if leave_type is None:
        return {}
    context: dict = {"leave_type": leave_type}
    starts, ends = values["starts_on"], values["ends_on"]
    if ends < starts:
        context["error"] = _("The end date cannot be before the start date.")
        return context
    halves = leave_type.allows_half_days
    try:
        count = count_days(
            leave_type, starts, ends, start_half=halves and values["start_half"], end_half=halves and values["end_half"]
        )
    except CalendarMissing as exc:
        context["error"] = str(exc)
        return context
    context["count"] = count
    if leave_type.has_balance and starts.year == ends.year:
        balance = ledger.balances(staff, starts.year, starts, types)[leave_type.pk]
        context["balance"] = balance
        context["short"] = count.days > balance.free
    if leave_type.needs_certificate_over_days is not None and count.days > leave_type.needs_certificate_over_days:
        context["needs_certificate"] = True
    return context


@require_GET
@business_required
def count(request: HttpRequest) -> HttpResponse:
    """HTMX: the counted days of the dates in the form ("共计 3 个工作日（已扣除国庆节假日）")."""
    staff = request.user.staff
    types = selectors.leave_types_for(staff.unit, active_only=True)
    return render(request, "leave/_count.html", _count_context(staff, types, request.GET))


def _request_form_page(request: HttpRequest, form, types, *, leave=None) -> HttpResponse:
    data = (
        form.data
        if form.is_bound
        else {
            "leave_type": form.initial.get("leave_type"),
            "starts_on": form.initial.get("starts_on"),
            "ends_on": form.initial.get("ends_on"),
        }
    )
    title = _("Revise and resubmit") if leave else _("New leave request")
    return render(
        request,
        "leave/form.html",
        {
            "form": form,
            "leave": leave,
            "types": [t for t in types if t.is_active],
            "count_ctx": _count_context(request.user.staff, types, data),
            "breadcrumbs": _crumbs((title, None)),
            "title": title,
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def create(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    types = selectors.leave_types_for(staff.unit, active_only=True)
    today = timezone.localdate()
    form = LeaveRequestForm(
        request.POST or None,
        request.FILES or None,
        staff=staff,
        types=types,
        initial={"starts_on": today, "ends_on": today, "leave_type": types[0].pk if types else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            leave = leave_request_submit(actor=staff, **form.service_kwargs())
        except LeaveError as exc:
            _apply_error(form, exc)
        else:
            _announce(request, leave)
            return redirect("leave:detail", leave.pk)
    return _request_form_page(request, form, types)


@require_http_methods(["GET", "POST"])
@business_required
def edit(request: HttpRequest, request_id: int) -> HttpResponse:
    staff = request.user.staff
    leave = access_own_request(user=request.user, request_id=request_id)
    if leave.status != LeaveRequest.Status.RETURNED:
        raise Http404
    types = selectors.leave_types_for(staff.unit, active_only=True)
    initial = {
        "leave_type": leave.leave_type_id,
        "starts_on": leave.starts_on,
        "ends_on": leave.ends_on,
        "start_half": leave.start_half,
        "end_half": leave.end_half,
        "reason": leave.reason,
        "late_reason": leave.late_reason,
    }
    form = LeaveRequestForm(request.POST or None, request.FILES or None, staff=staff, types=types, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            leave_request_resubmit(actor=staff, request_id=leave.pk, **form.service_kwargs())
        except LeaveError as exc:
            _apply_error(form, exc)
        else:
            _announce(request, leave)
            return redirect("leave:detail", leave.pk)
    return _request_form_page(request, form, types, leave=leave)


# ---------------------------------------------------------------------------
# The request's page and the applicant's actions


@require_GET
@business_required
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    staff = request.user.staff
    leave, approval = access_request(user=request.user, request_id=request_id)
    today = timezone.localdate()
    is_applicant = leave.staff_id == staff.pk
    extensions = list(leave.extensions.order_by("created_at", "id"))
    cancellations = list(leave.cancellations.order_by("created_at", "id"))
    waiting_change = any(c.status in selectors.WAITING for c in extensions + cancellations)
    approved = leave.status == LeaveRequest.Status.APPROVED
    actions = {
        "edit": is_applicant and leave.status == LeaveRequest.Status.RETURNED,
        "withdraw": is_applicant and leave.status in (LeaveRequest.Status.PENDING, LeaveRequest.Status.RETURNED),
        "report_back": is_applicant and approved and today >= leave.starts_on and not waiting_change,
        "early": today <= leave.ends_on,
        "extend": is_applicant and approved and today <= leave.ends_on and not waiting_change,
        "cancel": is_applicant and approved and today < leave.starts_on and not waiting_change,
    }
    return render(
        request,
        "leave/detail.html",
        {
            "leave": leave,
            "approval": approval,
            "timeline": timeline(approval) if approval else [],
            "my_assignment": open_assignment(approval, staff),
            "is_applicant": is_applicant,
            "phase": leave.phase(today),
            "today": today,
            "actions": actions,
            "extensions": extensions,
            "cancellations": cancellations,
            "report_form": ReportBackForm(initial={"actual_last_day": min(today, leave.ends_on)}),
            "breadcrumbs": _crumbs((_("Details"), None)),
        },
    )


@require_POST
@business_required
def withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    leave = access_own_request(user=request.user, request_id=request_id)
    try:
        leave_request_withdraw(actor=request.user.staff, request_id=leave.pk)
    except LeaveError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The leave request was withdrawn."))
    return redirect("leave:detail", leave.pk)


@require_POST
@business_required
def report_back(request: HttpRequest, request_id: int) -> HttpResponse:
    leave = access_own_request(user=request.user, request_id=request_id)
    form = ReportBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the last day of leave as a date."))
        return redirect("leave:detail", leave.pk)
    try:
        leave = leave_request_report_back(
            actor=request.user.staff, request_id=leave.pk, actual_last_day=form.cleaned_data["actual_last_day"]
        )
    except LeaveError as exc:
        messages.error(request, error_text(exc))
        return redirect("leave:detail", leave.pk)
    if leave.returned_days:
        messages.success(
            request,
            _("Reported back. %(days)s days not taken went back to your balance.")
            % {"days": fmt_days(leave.returned_days)},
        )
    elif leave.report_back_overdue:
        messages.success(request, _("Reported back (after the deadline; this is recorded as late)."))
    else:
        messages.success(request, _("Reported back. Welcome back."))
    return redirect("leave:detail", leave.pk)


@require_GET
@business_required
def certificate(request: HttpRequest, request_id: int) -> HttpResponse:
    leave, _approval = access_request(user=request.user, request_id=request_id)
    if not leave.certificate:
        raise Http404
    # A medical certificate is personal information: every download is in the access log.
    access_log_record(user=request.user, kind=AccessLog.Kind.DOWNLOAD, target=leave, unit=leave.unit)
    name = leave.certificate.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(leave.certificate.open("rb"), as_attachment=True, filename=name, content_type=content_type)


# ---------------------------------------------------------------------------
# Extension and cancellation


def _change_form_page(request, form, leave, *, kind: str, change=None) -> HttpResponse:
    title = {
        "extension": _("Extend leave"),
        "cancellation": _("Cancel leave"),
    }[kind]
    return render(
        request,
        "leave/change_form.html",
        {
            "form": form,
            "leave": leave,
            "kind": kind,
            "change": change,
            "title": title,
            "breadcrumbs": _crumbs((_("Details"), reverse("leave:detail", args=[leave.pk])), (title, None)),
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def extend(request: HttpRequest, request_id: int) -> HttpResponse:
    leave = access_own_request(user=request.user, request_id=request_id)
    if leave.status != LeaveRequest.Status.APPROVED:
        raise Http404
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            extension = leave_extension_submit(actor=request.user.staff, request_id=leave.pk, **form.cleaned_data)
        except LeaveError as exc:
            _apply_error(form, exc)
        else:
            _announce(request, extension)
            return redirect("leave:extension", extension.pk)
    return _change_form_page(request, form, leave, kind="extension")


@require_http_methods(["GET", "POST"])
@business_required
def cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    leave = access_own_request(user=request.user, request_id=request_id)
    if leave.status != LeaveRequest.Status.APPROVED:
        raise Http404
    form = CancellationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancellation = leave_cancellation_submit(actor=request.user.staff, request_id=leave.pk, **form.cleaned_data)
        except LeaveError as exc:
            _apply_error(form, exc)
        else:
            _announce(request, cancellation)
            return redirect("leave:cancellation", cancellation.pk)
    return _change_form_page(request, form, leave, kind="cancellation")


def _change_detail(request: HttpRequest, model, change_id: int, kind: str) -> HttpResponse:
    staff = request.user.staff
    change, approval = access_change(user=request.user, model=model, change_id=change_id)
    is_applicant = change.request.staff_id == staff.pk
    title = _("Leave extension") if kind == "extension" else _("Leave cancellation")
    return render(
        request,
        "leave/change_detail.html",
        {
            "change": change,
            "leave": change.request,
            "kind": kind,
            "title": title,
            "approval": approval,
            "timeline": timeline(approval) if approval else [],
            "my_assignment": open_assignment(approval, staff),
            "is_applicant": is_applicant,
            "breadcrumbs": _crumbs((_("Details"), reverse("leave:detail", args=[change.request_id])), (title, None)),
        },
    )


@require_GET
@business_required
def extension(request: HttpRequest, extension_id: int) -> HttpResponse:
    return _change_detail(request, LeaveExtension, extension_id, "extension")


@require_GET
@business_required
def cancellation(request: HttpRequest, cancellation_id: int) -> HttpResponse:
    return _change_detail(request, LeaveCancellation, cancellation_id, "cancellation")


def _own_change(request: HttpRequest, model, change_id: int):
    change = (
        model.objects.select_related("request__leave_type")
        .filter(pk=change_id, request__staff=request.user.staff)
        .first()
    )
    if change is None:
        raise Http404
    return change


@require_http_methods(["GET", "POST"])
@business_required
def extension_edit(request: HttpRequest, extension_id: int) -> HttpResponse:
    change = _own_change(request, LeaveExtension, extension_id)
    if change.status != LeaveChange.Status.RETURNED:
        raise Http404
    form = ExtensionForm(
        request.POST or None,
        initial={"new_ends_on": change.new_ends_on, "new_end_half": change.new_end_half, "reason": change.reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            leave_extension_resubmit(actor=request.user.staff, extension_id=change.pk, **form.cleaned_data)
        except LeaveError as exc:
            _apply_error(form, exc)
        else:
            _announce(request, change)
            return redirect("leave:extension", change.pk)
    return _change_form_page(request, form, change.request, kind="extension", change=change)


@require_http_methods(["GET", "POST"])
@business_required
def cancellation_edit(request: HttpRequest, cancellation_id: int) -> HttpResponse:
    change = _own_change(request, LeaveCancellation, cancellation_id)
    if change.status != LeaveChange.Status.RETURNED:
        raise Http404
    form = CancellationForm(request.POST or None, initial={"reason": change.reason})
    if request.method == "POST" and form.is_valid():
        try:
            leave_cancellation_resubmit(actor=request.user.staff, cancellation_id=change.pk, **form.cleaned_data)
        except LeaveError as exc:
            _apply_error(form, exc)
        else:
            _announce(request, change)
            return redirect("leave:cancellation", change.pk)
    return _change_form_page(request, form, change.request, kind="cancellation", change=change)


@require_POST
@business_required
def extension_withdraw(request: HttpRequest, extension_id: int) -> HttpResponse:
    change = _own_change(request, LeaveExtension, extension_id)
    try:
        leave_extension_withdraw(actor=request.user.staff, extension_id=change.pk)
    except LeaveError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The extension request was withdrawn."))
    return redirect("leave:extension", change.pk)


@require_POST
@business_required
def cancellation_withdraw(request: HttpRequest, cancellation_id: int) -> HttpResponse:
    change = _own_change(request, LeaveCancellation, cancellation_id)
    try:
        leave_cancellation_withdraw(actor=request.user.staff, cancellation_id=change.pk)
    except LeaveError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The cancellation request was withdrawn; the leave stands."))
    return redirect("leave:cancellation", change.pk)


# ---------------------------------------------------------------------------
# Who is away, overdue report-backs


@require_GET
@business_required
def away(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    today = timezone.localdate()
    week, groups = selectors.who_is_away(staff, today)
    return render(
        request,
        "leave/away.html",
        {
            "week": week,
            "groups": groups,
            "today": today,
            "today_count": sum(1 for _s, rows in groups for row in rows if row.today),
            "whole_unit": selectors.visible_section_ids(staff) is None,
            "breadcrumbs": [(_("Who is away"), None)],
        },
    )


@require_GET
@duty_required(Duty.ATTENDANCE)
def overdue(request: HttpRequest) -> HttpResponse:
    unit = request.user.staff.unit
    today = timezone.localdate()
    sections = list(Section.objects.filter(unit=unit).order_by("order", "id"))
    try:
        section_id = int(request.GET.get("section") or 0)
    except ValueError:
        section_id = 0
    page = Paginator(selectors.overdue_requests(unit, section_id=section_id or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for row in page:
        row.overdue_days = (today - row.report_back_due).days
    return render(
        request,
        "leave/overdue.html",
        {
            "page": page,
            "sections": sections,
            "section_id": section_id,
            "query": f"section={section_id or ''}",
            "counts": selectors.overdue_counts(unit, today.year),
            "today": today,
            "year": today.year,
            "breadcrumbs": [(_("Overdue report-backs"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
@duty_required(Duty.ATTENDANCE)
def adjust(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    form = AdjustForm(request.POST or None, unit=staff.unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            leave_balance_adjust(
                actor=staff,
                staff_id=data["staff"].pk,
                leave_type_id=data["leave_type"].pk,
                year=data["year"],
                days=data["days"],
                note=data["note"],
            )
        except LeaveError as exc:
            _apply_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s's %(type)s balance was adjusted by %(days)s days.")
                % {"name": data["staff"].name, "type": data["leave_type"].name, "days": fmt_days(data["days"])},
            )
            return redirect("leave:adjust")
    recent = (
        LeaveBalanceEntry.objects.filter(staff__unit=staff.unit, kind=LeaveBalanceEntry.Kind.ADJUSTMENT)
        .select_related("staff__user", "leave_type", "created_by")
        .order_by("-created_at", "-id")[:20]
    )
    return render(
        request,
        "leave/adjust.html",
        {"form": form, "recent": recent, "breadcrumbs": [(_("Leave balance adjustments"), None)]},
    )


# ---------------------------------------------------------------------------
# Settings


@require_GET
@duty_required(Duty.BUSINESS_SETTINGS)
def types(request: HttpRequest) -> HttpResponse:
    unit = request.user.staff.unit
    policy = selectors.policy_for(unit)
    return render(
        request,
        "leave/types.html",
        {
            "types": selectors.leave_types_for(unit),
            "policy_form": PolicyForm(initial={"report_back_within_workdays": policy.report_back_within_workdays}),
            "breadcrumbs": [(_("Business settings"), None), (_("Leave types"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def type_edit(request: HttpRequest, type_id: int) -> HttpResponse:
    staff = request.user.staff
    leave_type = next((t for t in selectors.leave_types_for(staff.unit) if t.pk == type_id), None)
    if leave_type is None:
        raise Http404
    form = LeaveTypeForm(request.POST or None, instance=leave_type)
    if request.method == "POST" and form.is_valid():
        try:
            leave_type_update(actor=staff, leave_type_id=leave_type.pk, values=form.values())
        except LeaveError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("%(type)s saved; it applies to requests from now on.") % {"type": leave_type})
            return redirect("leave:types")
    return render(
        request,
        "leave/type_edit.html",
        {
            "form": form,
            "leave_type": leave_type,
            "breadcrumbs": [(_("Leave types"), reverse("leave:types")), (leave_type.name, None)],
        },
    )


@require_POST
@duty_required(Duty.BUSINESS_SETTINGS)
def policy(request: HttpRequest) -> HttpResponse:
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            leave_policy_update(actor=request.user.staff, **form.cleaned_data)
        except LeaveError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The report-back deadline was saved."))
    else:
        messages.error(request, _("Enter a number of working days from 1 to 10."))
    return redirect("leave:types")
