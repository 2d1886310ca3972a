"""Who may open what. "Missing" and "forbidden" look the same (404)."""

from __future__ import annotations

from django.http import Http404

from worktime.models import CalendarDay, WorkHourPolicy


def access_calendar_day(*, day_id: int, year: int) -> CalendarDay:
    """A stored day of the given year (the calendar is national: the duty decides, not the unit)."""
    entry = CalendarDay.objects.filter(pk=day_id).first()
    if entry is None:
        raise Http404
    if entry.date.year != year:
        raise Http404
    return entry


def access_policy(*, user, policy_id: int) -> WorkHourPolicy:
    """A version of the user's own unit's hours."""
    policy = WorkHourPolicy.objects.filter(pk=policy_id).first()
    if policy is None:
        raise Http404
    if policy.unit_id != user.staff.unit_id:
        raise Http404
    return policy
