"""考勤规则: the unit's allowed networks, correction limits, overtime mode and fatigue limits."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Duty
from attendance import selectors
from attendance.forms import SettingsForm
from attendance.services import AttendanceError, attendance_settings_update
from attendance.views.common import apply_error
from core.access import duty_required


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def edit(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    current = selectors.settings_for(staff.unit_id)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            attendance_settings_update(actor=staff, values=values)
        except AttendanceError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The attendance rules were saved."))
            return redirect("attendance:settings")
    return render(
        request,
        "attendance/settings.html",
        {"form": form, "breadcrumbs": [(_("Business settings"), None), (_("Attendance rules"), None)]},
    )
