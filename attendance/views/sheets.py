"""考勤月报: the sheets a leader sees, a section's or the unit's month, confirm / reopen / lock, Excel."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance import derivation as d
from attendance import monthly, selectors
from attendance.access import (
    access_lock,
    access_section,
    access_unit_sheet,
    keeps_attendance,
    may_see_sheets,
    sees_whole_unit,
    visible_sections,
)
from attendance.export import sheet_workbook
from attendance.forms import month_param
from attendance.models import Correction, MonthSheet
from attendance.render import sheet_rows
from attendance.services import (
    AttendanceError,
    error_text,
    month_sheet_confirm,
    month_sheet_lock,
    month_sheet_reopen,
)
from attendance.views.common import crumbs, month_nav, year_month
from core.access import business_required
from org.models import Staff
from worktime.calendar import CalendarMissing


def _sheets_crumb(year: int, month: int):
    return (_("Monthly sheets"), reverse("attendance:sheets") + f"?month={year}-{month:02d}")


def _state_label(status: str) -> str:
    return MonthSheet.Status(status).label


@require_GET
@business_required
def index(request: HttpRequest) -> HttpResponse:
    """The month's sheets the viewer sees, each with its state; the unit row with the lock for the office."""
    staff = request.user.staff
    sections = visible_sections(staff)
    if not may_see_sheets(request.user):
        raise Http404
    year, month = year_month(request)
    states = selectors.sheet_states(staff.unit, year, month)
    unit_row = states.get(None)
    locked = unit_row is not None and unit_row.status == MonthSheet.Status.LOCKED
    counts = _people_counts(sections)
    waiting = _waiting_counts(sections, year, month)
    rows = []
    for section in sections:
        sheet = states.get(section.pk)
        status = MonthSheet.Status.LOCKED if locked else (sheet.status if sheet else MonthSheet.Status.DRAFT)
        rows.append(
            {
                "section": section,
                "status": status,
                "status_label": _state_label(status),
                "sheet": sheet,
                "people": counts.get(section.pk, 0),
                "waiting": waiting.get(section.pk, 0),
            }
        )
    all_confirmed = bool(rows) and all(r["status"] != MonthSheet.Status.DRAFT for r in rows if r["people"])
    return render(
        request,
        "attendance/sheets.html",
        {
            **month_nav(year, month),
            "rows": rows,
            "unit_row": unit_row,
            "locked": locked,
            "whole_unit": sees_whole_unit(staff),
            "can_lock": keeps_attendance(staff) and not locked,
            "all_confirmed": all_confirmed,
            "month_over": monthly.month_days(year, month)[-1] < timezone.localdate(),
            "breadcrumbs": crumbs((_("Monthly sheets"), None)),
        },
    )


def _people_counts(sections) -> dict[int, int]:
    return dict(
        Staff.objects.filter(section__in=sections)
        .values("section_id")
        .annotate(n=Count("id"))
        .values_list("section_id", "n")
    )


def _waiting_counts(sections, year: int, month: int) -> dict[int, int]:
    days = monthly.month_days(year, month)
    return dict(
        Correction.objects.filter(
            staff__section__in=sections,
            day__gte=days[0],
            day__lte=days[-1],
            status__in=(Correction.Status.PENDING, Correction.Status.RETURNED),
        )
        .values("staff__section_id")
        .annotate(n=Count("id"))
        .values_list("staff__section_id", "n")
    )


def _sheet_context(people, year: int, month: int) -> dict:
    context = {**month_nav(year, month), "calendar_missing": None}
    try:
        groups = selectors.month_table(people, year, month)
        infos = monthly.day_infos(monthly.month_days(year, month))
    except CalendarMissing as exc:
        context["calendar_missing"] = exc
        return context
    weekday_chars = "一二三四五六日"
    context["days"] = [
        {"day": info.day, "weekday": weekday_chars[info.day.weekday()], "working": info.is_working, "note": info.note}
        for info in infos
    ]
    context["rows_html"] = sheet_rows(groups, len(infos), month_param(year, month))
    context["groups"] = groups
    context["legend"] = d.legend()
    context["people_count"] = sum(len(g.rows) for g in groups)
    return context


@require_GET
@business_required
def section_sheet(request: HttpRequest, section_id: int) -> HttpResponse:
    staff = request.user.staff
    section = access_section(staff=staff, section_id=section_id)
    year, month = year_month(request)
    people = list(selectors.section_people(section))
    context = _sheet_context(people, year, month)
    state = selectors.section_state(staff.unit_id, section.pk, year, month)
    sheet = selectors.sheet_states(staff.unit, year, month).get(section.pk)
    month_over = monthly.month_days(year, month)[-1] < timezone.localdate()
    context.update(
        {
            "title": f"{staff.unit.name}{section.name}{year}年{month}月考勤表",
            "section": section,
            "state": state,
            "state_label": _state_label(state),
            "sheet": sheet,
            "can_confirm": section.head_id == staff.pk and state == MonthSheet.Status.DRAFT and month_over,
            "can_reopen": state == MonthSheet.Status.CONFIRMED
            and (section.head_id == staff.pk or keeps_attendance(staff)),
            "waiting": selectors.pending_corrections([p.pk for p in people], year, month),
            "export_url": reverse("attendance:section_export", args=[section.pk]) + f"?month={year}-{month:02d}",
            "self_url": reverse("attendance:section_sheet", args=[section.pk]),
            "breadcrumbs": crumbs(_sheets_crumb(year, month), (section.name, None)),
        }
    )
    return render(request, "attendance/sheet.html", context)


@require_GET
@business_required
def unit_sheet(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    access_unit_sheet(staff=staff)
    year, month = year_month(request)
    people = list(selectors.unit_people(staff.unit))
    context = _sheet_context(people, year, month)
    locked = selectors.is_locked(staff.unit_id, year, month)
    state = MonthSheet.Status.LOCKED if locked else MonthSheet.Status.DRAFT
    context.update(
        {
            "title": f"{staff.unit.name}{year}年{month}月考勤表",
            "state": state,
            "state_label": _state_label(state) if locked else _("Open"),
            "export_url": reverse("attendance:unit_export") + f"?month={year}-{month:02d}",
            "self_url": reverse("attendance:unit_sheet"),
            "breadcrumbs": crumbs(_sheets_crumb(year, month), (_("Whole unit"), None)),
        }
    )
    return render(request, "attendance/sheet.html", context)


def _export(request: HttpRequest, *, title: str, people, year: int, month: int, state_label: str, back: str):
    try:
        groups = selectors.month_table(people, year, month)
        content = sheet_workbook(
            title=title,
            groups=groups,
            year=year,
            month=month,
            state_label=state_label,
            prepared_by=request.user.staff.name,
        )
    except CalendarMissing as exc:
        messages.error(request, str(exc))
        return redirect(back)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.xlsx"
    return response


@require_GET
@business_required
def section_export(request: HttpRequest, section_id: int) -> HttpResponse:
    staff = request.user.staff
    section = access_section(staff=staff, section_id=section_id)
    year, month = year_month(request)
    state = selectors.section_state(staff.unit_id, section.pk, year, month)
    return _export(
        request,
        title=f"{staff.unit.name}{section.name}{year}年{month}月考勤表",
        people=list(selectors.section_people(section)),
        year=year,
        month=month,
        state_label=_state_label(state),
        back=reverse("attendance:section_sheet", args=[section.pk]) + f"?month={year}-{month:02d}",
    )


@require_GET
@business_required
def unit_export(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    access_unit_sheet(staff=staff)
    year, month = year_month(request)
    locked = selectors.is_locked(staff.unit_id, year, month)
    return _export(
        request,
        title=f"{staff.unit.name}{year}年{month}月考勤表",
        people=list(selectors.unit_people(staff.unit)),
        year=year,
        month=month,
        state_label=_state_label(MonthSheet.Status.LOCKED) if locked else _("Open"),
        back=reverse("attendance:unit_sheet") + f"?month={year}-{month:02d}",
    )


def _back_to_section(section_id: int, year: int, month: int):
    return redirect(reverse("attendance:section_sheet", args=[section_id]) + f"?month={year}-{month:02d}")


@require_POST
@business_required
def confirm(request: HttpRequest, section_id: int) -> HttpResponse:
    staff = request.user.staff
    section = access_section(staff=staff, section_id=section_id)
    year, month = year_month(request)
    try:
        month_sheet_confirm(actor=staff, section_id=section.pk, year=year, month=month)
    except AttendanceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("%(section)s's attendance for %(month)s is confirmed; the office has been told.")
            % {"section": section.name, "month": f"{year}年{month}月"},
        )
    return _back_to_section(section.pk, year, month)


@require_POST
@business_required
def reopen(request: HttpRequest, section_id: int) -> HttpResponse:
    staff = request.user.staff
    section = access_section(staff=staff, section_id=section_id)
    year, month = year_month(request)
    try:
        month_sheet_reopen(actor=staff, section_id=section.pk, year=year, month=month)
    except AttendanceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("The confirmation of %(section)s for %(month)s was taken back; corrections are possible again.")
            % {"section": section.name, "month": f"{year}年{month}月"},
        )
    return _back_to_section(section.pk, year, month)


@require_POST
@business_required
def lock(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    access_lock(staff=staff)
    year, month = year_month(request)
    try:
        month_sheet_lock(actor=staff, year=year, month=month)
    except AttendanceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("The attendance of %(month)s is locked; it can no longer change.") % {"month": f"{year}年{month}月"},
        )
    return redirect(reverse("attendance:sheets") + f"?month={year}-{month:02d}")
