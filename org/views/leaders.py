from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Duty
from core.access import duty_required
from org.access import access_section_for_records
from org.forms import SectionLeadersForm, UnitLeadersForm, sections_page_forms
from org.models import Staff, Unit
from org.selectors import unit_staff
from org.services import OrgError, section_assign_leaders, unit_assign_leaders


def _page(
    request: HttpRequest,
    unit: Unit,
    staff: list[Staff],
    *,
    section_forms: list[SectionLeadersForm] | None = None,
    unit_form: UnitLeadersForm | None = None,
) -> HttpResponse:
    """The sections page; a form that failed is passed in bound, with its errors, the others are fresh."""
    section_forms = section_forms or sections_page_forms(unit, staff)
    counts: dict[int | None, int] = {}
    for person in staff:
        counts[person.section_id] = counts.get(person.section_id, 0) + 1
    return render(
        request,
        "org/sections.html",
        {
            "unit": unit,
            "unit_form": unit_form or UnitLeadersForm(unit=unit, staff=staff),
            "section_forms": [(form, counts.get(form.section.pk, 0)) for form in section_forms],
            "breadcrumbs": [(_("Organization chart"), reverse("org:chart")), (_("Sections and supervision"), None)],
        },
    )


@require_GET
@duty_required(Duty.STAFF_RECORDS)
def sections(request: HttpRequest) -> HttpResponse:
    unit = request.user.staff.unit
    return _page(request, unit, list(unit_staff(unit)))


@require_POST
@duty_required(Duty.STAFF_RECORDS)
def section_leaders(request: HttpRequest, section_id: int) -> HttpResponse:
    section = access_section_for_records(request.user, section_id)
    unit = section.unit
    staff = list(unit_staff(unit))
    section_forms = sections_page_forms(unit, staff, data=request.POST, bound_section_id=section.pk)
    form = next(f for f in section_forms if f.section.pk == section.pk)
    if form.is_valid():
        try:
            section_assign_leaders(
                actor=request.user,
                section=section,
                head=form.cleaned_data["head"],
                supervisor=form.cleaned_data["supervisor"],
            )
        except OrgError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Saved the head and supervising leader of %(section)s.") % {"section": section.name}
            )
            return redirect(reverse("org:sections") + f"#section-{section.pk}")
    return _page(request, unit, staff, section_forms=section_forms)


@require_POST
@duty_required(Duty.STAFF_RECORDS)
def unit_leaders(request: HttpRequest) -> HttpResponse:
    unit = request.user.staff.unit
    staff = list(unit_staff(unit))
    form = UnitLeadersForm(request.POST, unit=unit, staff=staff)
    if form.is_valid():
        try:
            unit_assign_leaders(
                actor=request.user,
                unit=unit,
                principal_leader=form.cleaned_data["principal_leader"],
                executive_deputy=form.cleaned_data["executive_deputy"],
                affairs_members=form.cleaned_data["affairs_members"],
            )
        except OrgError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved the unit's leaders and the affairs meeting."))
            return redirect("org:sections")
    return _page(request, unit, staff, unit_form=form)
