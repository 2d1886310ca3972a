"""Work-calendar screens: everyone reads; the office (business settings duty) edits and imports."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Duty
from core.access import business_required, duty_required, has_duty
from core.text import cn_date as _cn
from org.views.common import xlsx_response
from worktime import selectors
from worktime.access import access_calendar_day
from worktime.forms import CalendarDayForm, CalendarImportForm
from worktime.importing import ImportFileError, calendar_template, read_calendar_file
from worktime.models import CalendarDay, CalendarYear
from worktime.services import (
    FIRST_YEAR,
    LAST_YEAR,
    WorktimeError,
    calendar_day_add,
    calendar_day_delete,
    calendar_day_update,
    calendar_year_import,
    calendar_year_start,
)

CRUMB = gettext_lazy("Work calendar")


def _crumbs(*items) -> list:
    return [(CRUMB, reverse("worktime:calendar")), *items]


def _year_title(year: int) -> str:
    return _("Year %(year)s") % {"year": year}


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


def _error_text(error: WorktimeError) -> str:
    return " ".join(error.messages)


@require_GET
@business_required
def calendar_index(request: HttpRequest) -> HttpResponse:
    years = list(selectors.calendar_years())
    loaded = {entry.year for entry in years}
    today = timezone.localdate()
    missing_years = [year for year in (today.year, today.year + 1) if year not in loaded]
    return render(
        request,
        "worktime/calendar_index.html",
        {
            "years": years,
            "today": today,
            "missing_years": missing_years,
            "keepers": selectors.calendar_keepers(request.user.staff.unit) if missing_years else [],
            "can_edit": has_duty(request.user, Duty.BUSINESS_SETTINGS),
            "breadcrumbs": [(CRUMB, None)],
        },
    )


@require_GET
@business_required
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    entry = selectors.calendar_years().filter(year=year).first()
    today = timezone.localdate()
    days = selectors.year_days(entry) if entry is not None else []
    return render(
        request,
        "worktime/calendar_year.html",
        {
            "year": year,
            "calendar_year": entry,
            "days": days,
            "months": selectors.year_months(year, days, today) if entry is not None else [],
            "keepers": selectors.calendar_keepers(request.user.staff.unit) if entry is None else [],
            "can_edit": has_duty(request.user, Duty.BUSINESS_SETTINGS),
            "today": today,
            "breadcrumbs": _crumbs((_year_title(year), None)),
        },
    )


def _year_url(year: int) -> str:
    return reverse("worktime:calendar_year", args=[year])


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def day_create(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    if not CalendarYear.objects.filter(year=year).exists():
        raise Http404
    initial = {}
    requested = request.GET.get("date", "")
    try:
        initial_date = datetime.date.fromisoformat(requested) if requested else None
    except ValueError:
        initial_date = None
    if initial_date is not None and initial_date.year == year:
        initial = {
            "date": initial_date,
            "kind": CalendarDay.Kind.MAKEUP_WORKDAY if initial_date.weekday() >= 5 else CalendarDay.Kind.HOLIDAY,
        }
    form = CalendarDayForm(request.POST or None, year=year, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            entry = calendar_day_add(actor=request.user, day=data["date"], kind=data["kind"], name=data["name"])
        except WorktimeError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(date)s was added to the calendar as %(kind)s (%(name)s).")
                % {"date": _cn(entry.date), "kind": entry.get_kind_display(), "name": entry.name},
            )
            return redirect(_year_url(year))
    return render(
        request,
        "worktime/day_form.html",
        {
            "form": form,
            "year": year,
            "breadcrumbs": _crumbs((_year_title(year), _year_url(year)), (_("Add a day"), None)),
        },
    )


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def day_edit(request: HttpRequest, year: int, day_id: int) -> HttpResponse:
    entry = access_calendar_day(day_id=day_id, year=year)
    form = CalendarDayForm(
        request.POST or None, year=year, fixed_date=entry.date, initial={"kind": entry.kind, "name": entry.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = calendar_day_update(actor=request.user, day_id=entry.pk, **form.cleaned_data)
        except WorktimeError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(date)s is now %(kind)s (%(name)s).")
                % {"date": _cn(entry.date), "kind": entry.get_kind_display(), "name": entry.name},
            )
            return redirect(_year_url(year))
    return render(
        request,
        "worktime/day_form.html",
        {
            "form": form,
            "year": year,
            "entry": entry,
            "breadcrumbs": _crumbs((_year_title(year), _year_url(year)), (_("Edit a day"), None)),
        },
    )


@require_POST
@duty_required(Duty.BUSINESS_SETTINGS)
def day_delete(request: HttpRequest, year: int, day_id: int) -> HttpResponse:
    entry = access_calendar_day(day_id=day_id, year=year)
    try:
        day = calendar_day_delete(actor=request.user, day_id=entry.pk)
    except WorktimeError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("%(date)s was removed from the calendar; it follows the normal week again.") % {"date": _cn(day)}
        )
    return redirect(_year_url(year))


@require_POST
@duty_required(Duty.BUSINESS_SETTINGS)
def year_start(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    try:
        calendar_year_start(actor=request.user, year=year)
    except WorktimeError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("The %(year)s calendar was started by hand. Add each holiday and make-up workday now.") % {"year": year},
        )
    return redirect(_year_url(year))


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def calendar_import(request: HttpRequest) -> HttpResponse:
    """Upload → every row checked → the year replaced in one transaction, or nothing and every bad row listed."""
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    requested = request.GET.get("year", "")
    default_year = int(requested) if requested.isdigit() else timezone.localdate().year + 1
    form = CalendarImportForm(
        request.POST or None, request.FILES or None, loaded_years=loaded, initial={"year": default_year}
    )
    row_errors = []
    checked = 0
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        upload = form.cleaned_data["file"]
        try:
            result = read_calendar_file(upload, filename=upload.name, year=year)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            checked, row_errors = result.total, result.errors
            if not row_errors:
                try:
                    calendar_year_import(actor=request.user, year=year, days=result.days)
                except WorktimeError as error:
                    form.add_error(None, error)
                else:
                    holidays = sum(1 for d in result.days if d.kind == CalendarDay.Kind.HOLIDAY)
                    messages.success(
                        request,
                        _("The %(year)s calendar was imported: %(holidays)s holidays, %(makeups)s make-up workdays.")
                        % {"year": year, "holidays": holidays, "makeups": len(result.days) - holidays},
                    )
                    return redirect(_year_url(year))
    return render(
        request,
        "worktime/calendar_import.html",
        {
            "form": form,
            "row_errors": row_errors,
            "checked": checked,
            "loaded": sorted(loaded),
            "template_year": default_year,
            "breadcrumbs": _crumbs((_("Import a year"), None)),
        },
    )


@require_GET
@duty_required(Duty.BUSINESS_SETTINGS)
def calendar_import_template(request: HttpRequest) -> HttpResponse:
    requested = request.GET.get("year", "")
    year = int(requested) if requested.isdigit() else timezone.localdate().year + 1
    _check_year(year)
    return xlsx_response(calendar_template(year), f"{year}年工作日历导入模板.xlsx")
