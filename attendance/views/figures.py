"""考勤统计: per-section and per-person figures for a month, drilling down to the days behind a number."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from attendance import derivation as d
from attendance import selectors
from attendance.access import access_person, may_see_sheets, sees_whole_unit, visible_sections
from attendance.views.common import crumbs, month_nav, year_month
from core.access import business_required
from org.models import Staff
from worktime.calendar import CalendarMissing

# The drill-down filters: which days a figure counts.
FILTERS = {
    "late": lambda day: day.late,
    "early": lambda day: day.early,
    "missing": lambda day: day.missing > 0,
    "absent": lambda day: day.absent_days > 0,
    "leave": lambda day: day.leave_days > 0,
    "going_out": lambda day: day.going_out_days > 0,
    "trip": lambda day: day.trip_days > 0,
    "normal": lambda day: day.status in (d.NORMAL, d.MAKEUP),
}


def _filter_labels() -> dict[str, str]:
    return {
        "": _("All days"),
        "late": _("Late"),
        "early": _("Left early"),
        "missing": _("Missing punch"),
        "absent": _("Absent without leave"),
        "leave": _("On leave"),
        "going_out": _("Going-out"),
        "trip": _("Business trip"),
        "normal": _("Normal"),
    }


def _people(staff: Staff, section_id: int | None):
    sections = visible_sections(staff)
    allowed = {s.pk for s in sections}
    qs = selectors.unit_people(staff.unit)
    if section_id:
        if section_id not in allowed:
            raise Http404
        return sections, qs.filter(section_id=section_id)
    if sees_whole_unit(staff):
        return sections, qs
    return sections, qs.filter(section_id__in=allowed)


@require_GET
@business_required
def index(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    sections = visible_sections(staff)
    if not may_see_sheets(request.user):
        raise Http404
    year, month = year_month(request)
    try:
        section_id = int(request.GET.get("section") or 0) or None
    except ValueError:
        section_id = None
    sections, people = _people(staff, section_id)
    context = {
        **month_nav(year, month),
        "sections": sections,
        "section_id": section_id,
        "section_query": f"section={section_id}" if section_id else "",
        "calendar_missing": None,
        "breadcrumbs": crumbs((_("Attendance figures"), None)),
    }
    try:
        groups = selectors.month_table(list(people), year, month)
    except CalendarMissing as exc:
        context["calendar_missing"] = exc
        return render(request, "attendance/figures.html", context)
    leave_names = selectors.leave_type_names(groups)
    for group in groups:
        for row in group.rows:
            row.leave_cells = [row.figures.leave_by_type.get(name, 0) for name in leave_names]
        group.leave_cells = [group.totals.leave_by_type.get(name, 0) for name in leave_names]
    context.update(
        {
            "groups": groups,
            "leave_names": leave_names,
            "chart": [
                {
                    "name": group.section.name if group.section else _("Department leaders"),
                    "rate": round((group.totals.on_time_rate or 0) * 100, 1),
                    "late": group.totals.late,
                    "early": group.totals.early,
                    "absent": group.totals.absent,
                }
                for group in groups
            ],
        }
    )
    return render(request, "attendance/figures.html", context)


@require_GET
@business_required
def person_days(request: HttpRequest, staff_id: int) -> HttpResponse:
    viewer = request.user.staff
    person = access_person(viewer=viewer, staff_id=staff_id)
    year, month = year_month(request)
    kind = request.GET.get("status", "")
    if kind and kind not in FILTERS:
        kind = ""
    context = {
        **month_nav(year, month),
        "person": person,
        "kind": kind,
        "kind_query": f"status={kind}" if kind else "",
        "filters": _filter_labels(),
        "calendar_missing": None,
        "breadcrumbs": crumbs(
            (_("Attendance figures"), reverse("attendance:figures") + f"?month={year}-{month:02d}"), (person.name, None)
        ),
    }
    try:
        days = selectors.my_month(person, year, month)
    except CalendarMissing as exc:
        context["calendar_missing"] = exc
        return render(request, "attendance/person_days.html", context)
    shown = [day for day in days if day.status != d.PENDING and (not kind or FILTERS[kind](day))]
    if not kind:
        shown = [day for day in shown if day.is_working_day or day.punches]
    context["days"] = [
        {
            "status": day,
            "label": d.status_label(day.status),
            "colour": d.colour(day.status),
            "halves": f"{d.half_label(day.am, day.am_absence)} / {d.half_label(day.pm, day.pm_absence)}"
            if day.is_working_day
            else "",
        }
        for day in shown
    ]
    context["figures"] = selectors.figures_of(days)
    return render(request, "attendance/person_days.html", context)
