from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import business_required
from org.access import access_unit, viewable_units
from org.selectors import org_chart
from org.views.common import int_param


@require_GET
@business_required
def chart(request: HttpRequest) -> HttpResponse:
    unit = access_unit(request.user, int_param(request, "unit"))
    units = viewable_units(request.user)
    return render(
        request,
        "org/chart.html",
        {
            "chart": org_chart(unit),
            "unit": unit,
            "units": units if len(units) > 1 else [],
            "breadcrumbs": [(_("Organization chart"), None)],
        },
    )
