"""`{% calendar_missing_alert missing %}`: the notice attendance and leave pages show when a year has no calendar.

    {% load worktime_tags %}
    {% if calendar_missing %}{% calendar_missing_alert calendar_missing %}{% endif %}

`missing` is a `worktime.calendar.CalendarMissing` or a year. The notice names who
in the viewer's unit can load the calendar and links to the calendar page.
"""

from __future__ import annotations

from django import template

from worktime.calendar import CalendarMissing
from worktime.selectors import calendar_keepers

register = template.Library()


@register.inclusion_tag("worktime/_calendar_missing.html", takes_context=True)
def calendar_missing_alert(context, missing: CalendarMissing | int) -> dict:
    error = missing if isinstance(missing, CalendarMissing) else CalendarMissing(int(missing))
    user = context.get("user")
    staff = getattr(user, "staff", None) if user is not None and not getattr(user, "admin_role", "") else None
    return {"missing": error, "keepers": calendar_keepers(staff.unit) if staff is not None else []}
