from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import business_required
from org.access import access_unit, keeps_records_of, viewable_units
from org.excel import years_between
from org.forms import DirectoryFilterForm
from org.models import Staff
from org.privacy import masked_phone
from org.selectors import staff_directory
from org.services import staff_export as export_roster
from org.views.common import int_param, xlsx_response

PAGE_SIZE = 20


@dataclass
class DirectoryRow:
    staff: Staff
    phone: str
    years: int


@require_GET
@business_required
def directory(request: HttpRequest) -> HttpResponse:
    unit = access_unit(request.user, int_param(request, "unit"))
    form = DirectoryFilterForm(request.GET or None, unit=unit)
    page = Paginator(staff_directory(unit, **form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        DirectoryRow(staff=person, phone=masked_phone(person), years=years_between(person.started_work_on, today))
        for person in page.object_list
    ]
    context = {
        "unit": unit,
        "form": form,
        "page": page,
        "rows": rows,
        "can_edit": keeps_records_of(request.user, unit),
        "filtered": bool(request.GET.get("q") or request.GET.get("section") or request.GET.get("position")),
    }
    if request.htmx:
        return render(request, "org/_rows.html", context)
    units = viewable_units(request.user)
    context.update(
        {
            "units": units if len(units) > 1 else [],
            "breadcrumbs": [(_("Organization chart"), reverse("org:chart")), (_("Staff directory"), None)],
        }
    )
    return render(request, "org/directory.html", context)


@require_GET
@business_required
def staff_export(request: HttpRequest) -> HttpResponse:
    """The directory as filtered, as an .xlsx roster; phones in full only for the unit's records keeper."""
    unit = access_unit(request.user, int_param(request, "unit"))
    form = DirectoryFilterForm(request.GET or None, unit=unit)
    filters = form.filters()
    staff = list(staff_directory(unit, **filters))
    described = "；".join(f"{key}={value}" for key, value in filters.items() if value)
    content = export_roster(
        actor=request.user,
        unit=unit,
        staff=staff,
        masked=not keeps_records_of(request.user, unit),
        filters=described,
    )
    today = timezone.localdate()
    return xlsx_response(content, f"{unit.short_name or unit.name}干部名册_{today:%Y%m%d}.xlsx")
