"""What the attendance views share: the month being looked at, the client's address, crumbs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.selectors import approval_for_target
from attendance.forms import MonthForm, month_param, shift_month
from attendance.models import Punch

CRUMB = _("Attendance")
MOBILE_HINTS = ("Mobile", "Android", "iPhone", "iPad", "HarmonyOS", "MicroMessenger", "DingTalk")


def crumbs(*items) -> list:
    return [(CRUMB, reverse("attendance:punch")), *items]


def year_month(request: HttpRequest) -> tuple[int, int]:
    return MonthForm(request.GET or request.POST or None).year_month()


def month_nav(year: int, month: int) -> dict:
    prev_y, prev_m = shift_month(year, month, -1)
    next_y, next_m = shift_month(year, month, 1)
    return {
        "year": year,
        "month": month,
        "month_param": month_param(year, month),
        "prev_month": month_param(prev_y, prev_m),
        "next_month": month_param(next_y, next_m),
    }


def client_ip(request: HttpRequest) -> str | None:
    """The punching device's address. Behind PROXY_COUNT trusted proxies, read from X-Forwarded-For."""
    count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def source_of(request: HttpRequest) -> str:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return Punch.Source.PHONE if any(hint in agent for hint in MOBILE_HINTS) else Punch.Source.WEB


def apply_error(form, exc: ValidationError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, " ".join(exc.messages))


def waiting_for(target) -> str:
    approval = approval_for_target(target)
    if approval is None:
        return ""
    return "、".join(
        a.assignee.name
        for s in approval.steps.all()
        if s.order == approval.current_order
        for a in s.assignments.all()
        if a.is_open
    )
