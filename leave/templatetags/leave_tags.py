"""Template helpers for leave: days as "2.5", and the status of a request as people read it today."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leave.counting import fmt_days

register = template.Library()


@register.filter
def days(value) -> str:
    if value is None or value == "":
        return ""
    return fmt_days(value)


@register.filter
def ndays(value) -> str:
    """2.5 → "2.5 天"."""
    if value is None or value == "":
        return ""
    whole = int(abs(value)) if float(value) == int(value) else 2
    return ngettext("%(n)s day", "%(n)s days", whole) % {"n": fmt_days(value)}


def _phases() -> dict[str, tuple[str, str]]:
    return {
        "pending": ("blue", _("Pending approval")),
        "returned": ("orange", _("Returned for revision")),
        "rejected": ("red", _("Rejected")),
        "withdrawn": ("grey", _("Withdrawn")),
        "cancelled": ("grey", _("Cancelled")),
        "upcoming": ("green", _("Approved")),
        "on_leave": ("blue", _("On leave")),
        "report_back": ("orange", _("To report back")),
        "overdue": ("red", _("Report back overdue")),
        "reported_back": ("green", _("Reported back")),
        "approved": ("green", _("Approved")),
    }


@register.simple_tag
def leave_status(request, today=None) -> str:
    """The coloured tag of a leave request: an approved one shows where it stands today."""
    phase = request.phase(today or timezone.localdate())
    colour, label = _phases().get(phase, ("grey", request.get_status_display()))
    html = format_html('<span class="tag tag-{}">{}</span>', colour, label)
    if request.report_back_overdue and phase not in ("overdue",):
        html += format_html(' <span class="tag tag-red">{}</span>', _("Reported back late"))
    return html
