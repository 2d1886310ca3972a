"""打卡: the big button, today's punches and today's status so far."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance import derivation as d
from attendance import selectors
from attendance.services import AttendanceError, error_text, punch_record
from attendance.views.common import client_ip, crumbs, source_of
from core.access import business_required
from worktime.calendar import CalendarMissing, day_kind, holiday_name
from worktime.policies import schedule_for


def today_context(staff) -> dict:
    """Today's hours, punches and status so far; the calendar may be missing for the year."""
    today = timezone.localdate()
    context = {
        "today": today,
        "schedule": schedule_for(staff.unit_id, today),
        "punches": list(selectors.punches_on(staff, today)),
        "calendar_missing": None,
        "status": None,
        "halves": [],
    }
    try:
        kind = day_kind(today)
        context["day_kind"] = kind
        context["holiday_name"] = holiday_name(today)
        status = selectors.day_status(staff, today)
    except CalendarMissing as exc:
        context["calendar_missing"] = exc
        return context
    context["status"] = status
    context["status_label"] = d.status_label(status.status)
    context["status_colour"] = d.colour(status.status)
    if status.is_working_day:
        context["halves"] = [
            (_("Morning"), d.half_label(status.am, status.am_absence), d.colour(status.am)),
            (_("Afternoon"), d.half_label(status.pm, status.pm_absence), d.colour(status.pm)),
        ]
    return context


@require_GET
@business_required
def page(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    ip = client_ip(request)
    context = today_context(staff)
    punched = request.GET.get("punched", "")
    context.update(
        {
            # The punch just recorded, named by the redirect after POST (no message in the session or a
            # cookie: the punch is the busiest write, and today's punches are on this page anyway).
            "just_punched": next((p for p in context.get("punches", []) if str(p.pk) == punched), None),
            "ip": ip,
            "network_ok": selectors.ip_in_networks(ip, selectors.allowed_networks(staff.unit_id)),
            "breadcrumbs": crumbs((_("Punch in / out"), None)),
        }
    )
    return render(request, "attendance/punch.html", context)


@require_POST
@business_required
def punch(request: HttpRequest) -> HttpResponse:
    try:
        recorded = punch_record(actor=request.user.staff, ip=client_ip(request), source=source_of(request))
    except AttendanceError as exc:
        messages.error(request, error_text(exc))
        return redirect("attendance:punch")
    # A URL, not redirect(): redirect() would first try the string as a URL pattern name.
    return HttpResponseRedirect(f"{reverse('attendance:punch')}?punched={recorded.pk}")
