"""我的考勤: my month as a calendar, and one day in detail."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from attendance import derivation as d
from attendance import selectors
from attendance.views.common import crumbs, month_nav, year_month
from core.access import business_required
from worktime.calendar import CalendarMissing, day_kind, holiday_name
from worktime.policies import schedule_for


def weekday_names() -> list[str]:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def calendar_weeks(days: list[d.DayStatus], today: datetime.date) -> list[list[dict | None]]:
    """Monday-first weeks of cells for a month calendar."""
    cells: list[dict | None] = [None] * days[0].day.weekday()
    for status in days:
        future = status.day > today
        cells.append(
            {
                "day": status.day,
                "status": status,
                "mark": "" if future and status.status == d.PENDING else status.mark,
                "label": d.status_label(status.status),
                "colour": d.colour(status.status),
                "future": future,
                "today": status.day == today,
                "url": reverse("attendance:me_day", args=[status.day.year, status.day.month, status.day.day]),
            }
        )
    cells += [None] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


@require_GET
@business_required
def month(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    year, month_no = year_month(request)
    today = timezone.localdate()
    context = {
        **month_nav(year, month_no),
        "calendar_missing": None,
        "breadcrumbs": crumbs((_("My attendance"), None)),
        "weekdays": weekday_names(),
    }
    try:
        days = selectors.my_month(staff, year, month_no)
    except CalendarMissing as exc:
        context["calendar_missing"] = exc
    else:
        context["weeks"] = calendar_weeks(days, today)
        context["figures"] = selectors.figures_of(days)
    settings = selectors.settings_for(staff.unit_id)
    context["corrections_used"] = selectors.corrections_in_month(staff, year, month_no)
    context["corrections_limit"] = settings.correction_monthly_limit
    context["sheet_state"] = selectors.section_state(staff.unit_id, staff.section_id, year, month_no)
    return render(request, "attendance/me.html", context)


@require_GET
@business_required
def day(request: HttpRequest, year: int, month: int, day: int) -> HttpResponse:
    staff = request.user.staff
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise Http404
    if not 2000 <= year <= 2100:
        raise Http404
    context = {
        "date": date,
        "schedule": schedule_for(staff.unit_id, date),
        "punches": list(selectors.punches_on(staff, date)),
        "corrections": list(selectors.corrections_on(staff, date)),
        "calendar_missing": None,
        "month_param": f"{year}-{month:02d}",
        "weekday": [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")][
            date.weekday()
        ],
        "breadcrumbs": crumbs(
            (_("My attendance"), reverse("attendance:me") + f"?month={year}-{month:02d}"), (f"{month}月{day}日", None)
        ),
    }
    try:
        context["day_kind"] = day_kind(date)
        context["holiday_name"] = holiday_name(date)
        status = selectors.day_status(staff, date)
    except CalendarMissing as exc:
        context["calendar_missing"] = exc
    else:
        context["status"] = status
        context["status_label"] = d.status_label(status.status)
        context["status_colour"] = d.colour(status.status)
        context["halves"] = [
            (_("Morning"), d.half_label(status.am, status.am_absence), d.colour(status.am)),
            (_("Afternoon"), d.half_label(status.pm, status.pm_absence), d.colour(status.pm)),
        ]
        context["may_correct"] = status.is_working_day and date <= timezone.localdate() and status.status != d.PENDING
    return render(request, "attendance/me_day.html", context)
