"""补卡 and 加班: my requests, new ones, their details with the approval timeline, revise and withdraw."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approvals.selectors import open_assignment, timeline
from attendance import monthly, selectors
from attendance.access import access_correction, access_overtime
from attendance.forms import CorrectionEditForm, CorrectionForm, OvertimeForm, parse_day
from attendance.models import Correction, Overtime
from attendance.services import (
    AttendanceError,
    correction_resubmit,
    correction_submit,
    correction_withdraw,
    error_text,
    overtime_resubmit,
    overtime_submit,
    overtime_withdraw,
)
from attendance.views.common import apply_error, crumbs, waiting_for
from core.access import business_required

PAGE_SIZE = 20


def _announce(request: HttpRequest, target) -> None:
    messages.success(request, _("Submitted; waiting for %(names)s to approve.") % {"names": waiting_for(target)})


# ---------------------------------------------------------------------------
# Corrections


def _corrections_crumb():
    return (_("My punch corrections"), reverse("attendance:corrections"))


@require_GET
@business_required
def corrections(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    page = Paginator(selectors.my_corrections(staff), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    settings = selectors.settings_for(staff.unit_id)
    return render(
        request,
        "attendance/corrections.html",
        {
            "page": page,
            "used": selectors.corrections_in_month(staff, today.year, today.month),
            "limit": settings.correction_monthly_limit,
            "deadline_workdays": settings.correction_deadline_workdays,
            "breadcrumbs": crumbs((_("My punch corrections"), None)),
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def correction_create(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    initial = {"day": parse_day(request.GET.get("day")) or timezone.localdate()}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            correction = correction_submit(actor=staff, **form.cleaned_data)
        except AttendanceError as exc:
            apply_error(form, exc)
        else:
            _announce(request, correction)
            return redirect("attendance:correction", correction.pk)
    settings = selectors.settings_for(staff.unit_id)
    return render(
        request,
        "attendance/correction_form.html",
        {
            "form": form,
            "limit": settings.correction_monthly_limit,
            "deadline_workdays": settings.correction_deadline_workdays,
            "breadcrumbs": crumbs(_corrections_crumb(), (_("New punch correction"), None)),
        },
    )


@require_GET
@business_required
def correction_detail(request: HttpRequest, correction_id: int) -> HttpResponse:
    staff = request.user.staff
    correction, approval = access_correction(staff=staff, correction_id=correction_id)
    return render(
        request,
        "attendance/correction_detail.html",
        {
            "correction": correction,
            "approval": approval,
            "timeline": timeline(approval) if approval else [],
            "my_assignment": open_assignment(approval, staff),
            "is_applicant": correction.staff_id == staff.pk,
            "breadcrumbs": crumbs(_corrections_crumb(), (_("Details"), None)),
        },
    )


def _own(model, access, request: HttpRequest, object_id: int, key: str):
    staff = request.user.staff
    obj, _approval = access(staff=staff, **{key: object_id})
    if obj.staff_id != staff.pk:
        raise Http404
    return obj


@require_http_methods(["GET", "POST"])
@business_required
def correction_edit(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = _own(Correction, access_correction, request, correction_id, "correction_id")
    if correction.status != Correction.Status.RETURNED:
        raise Http404
    initial = {"time": timezone.localtime(correction.at).time(), "reason": correction.reason}
    form = CorrectionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            correction_resubmit(actor=request.user.staff, correction_id=correction.pk, **form.cleaned_data)
        except AttendanceError as exc:
            apply_error(form, exc)
        else:
            _announce(request, correction)
            return redirect("attendance:correction", correction.pk)
    return render(
        request,
        "attendance/correction_form.html",
        {
            "form": form,
            "correction": correction,
            "breadcrumbs": crumbs(_corrections_crumb(), (_("Revise and resubmit"), None)),
        },
    )


@require_POST
@business_required
def correction_withdraw_view(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = _own(Correction, access_correction, request, correction_id, "correction_id")
    try:
        correction_withdraw(actor=request.user.staff, correction_id=correction.pk)
    except AttendanceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The punch correction was withdrawn."))
    return redirect("attendance:correction", correction.pk)


# ---------------------------------------------------------------------------
# Overtime


def _overtime_crumb():
    return (_("Overtime and comp time"), reverse("attendance:overtime_list"))


@require_GET
@business_required
def overtime_list(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    page = Paginator(selectors.my_overtime(staff), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    month = monthly.month_days(today.year, today.month)
    return render(
        request,
        "attendance/overtime_list.html",
        {
            "page": page,
            "balance": selectors.comp_time_balance(staff, today),
            "week_hours": selectors.overtime_hours([staff.pk], monday, monday + datetime.timedelta(days=6)).get(
                staff.pk, 0
            ),
            "month_hours": selectors.overtime_hours([staff.pk], month[0], month[-1]).get(staff.pk, 0),
            "settings": selectors.settings_for(staff.unit_id),
            "breadcrumbs": crumbs((_("Overtime and comp time"), None)),
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def overtime_create(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    form = OvertimeForm(request.POST or None, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            overtime = overtime_submit(actor=staff, **form.cleaned_data)
        except AttendanceError as exc:
            apply_error(form, exc)
        else:
            _announce(request, overtime)
            return redirect("attendance:overtime", overtime.pk)
    return render(
        request,
        "attendance/overtime_form.html",
        {
            "form": form,
            "settings": selectors.settings_for(staff.unit_id),
            "breadcrumbs": crumbs(_overtime_crumb(), (_("Register overtime"), None)),
        },
    )


@require_GET
@business_required
def overtime_detail(request: HttpRequest, overtime_id: int) -> HttpResponse:
    staff = request.user.staff
    overtime, approval = access_overtime(staff=staff, overtime_id=overtime_id)
    return render(
        request,
        "attendance/overtime_detail.html",
        {
            "overtime": overtime,
            "approval": approval,
            "timeline": timeline(approval) if approval else [],
            "my_assignment": open_assignment(approval, staff),
            "is_applicant": overtime.staff_id == staff.pk,
            "breadcrumbs": crumbs(_overtime_crumb(), (_("Details"), None)),
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def overtime_edit(request: HttpRequest, overtime_id: int) -> HttpResponse:
    overtime = _own(Overtime, access_overtime, request, overtime_id, "overtime_id")
    if overtime.status != Overtime.Status.RETURNED:
        raise Http404
    initial = {"day": overtime.day, "hours": overtime.hours, "reason": overtime.reason}
    form = OvertimeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            overtime_resubmit(actor=request.user.staff, overtime_id=overtime.pk, **form.cleaned_data)
        except AttendanceError as exc:
            apply_error(form, exc)
        else:
            _announce(request, overtime)
            return redirect("attendance:overtime", overtime.pk)
    return render(
        request,
        "attendance/overtime_form.html",
        {
            "form": form,
            "overtime": overtime,
            "settings": selectors.settings_for(overtime.unit_id),
            "breadcrumbs": crumbs(_overtime_crumb(), (_("Revise and resubmit"), None)),
        },
    )


@require_POST
@business_required
def overtime_withdraw_view(request: HttpRequest, overtime_id: int) -> HttpResponse:
    overtime = _own(Overtime, access_overtime, request, overtime_id, "overtime_id")
    try:
        overtime_withdraw(actor=request.user.staff, overtime_id=overtime.pk)
    except AttendanceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The overtime registration was withdrawn."))
    return redirect("attendance:overtime", overtime.pk)
