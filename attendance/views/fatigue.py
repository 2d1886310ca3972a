"""疲劳预警: who is over which limit and why, for the leaders who watch over them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from attendance import selectors
from attendance.access import may_see_sheets, sees_whole_unit, visible_sections
from attendance.fatigue import findings_for_people
from attendance.forms import parse_day
from attendance.models import FatigueFlag
from attendance.views.common import crumbs
from core.access import business_required
from org.models import Staff
from worktime.calendar import CalendarMissing

PAGE_SIZE = 20


@require_GET
@business_required
def page(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    sections = visible_sections(staff)
    whole = sees_whole_unit(staff)
    if not may_see_sheets(request.user):
        raise Http404
    day = parse_day(request.GET.get("day")) or timezone.localdate()
    people = Staff.objects.filter(unit=staff.unit).select_related("user", "section")
    if not whole:
        people = people.filter(section__in=sections)
    people = list(people.order_by("section__order", "section_id", "-position", "order", "id"))
    settings = selectors.settings_for(staff.unit_id)
    context = {"day": day, "settings": settings, "calendar_missing": None}
    try:
        context["findings"] = findings_for_people(people, settings, day)
    except CalendarMissing as exc:
        context["calendar_missing"] = exc
        context["findings"] = []
    flags = FatigueFlag.objects.filter(staff__in=people).select_related("staff__user", "staff__section")
    context["page"] = Paginator(flags.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context["query"] = f"day={day.isoformat()}"
    context["breadcrumbs"] = crumbs((_("Fatigue warnings"), None))
    return render(request, "attendance/fatigue.html", context)
