from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Duty
from core.access import business_required, duty_required
from org.access import access_staff, access_staff_for_records, can_reveal, keeps_records_of
from org.excel import years_between
from org.forms import StaffEditForm
from org.models import Section, Staff
from org.privacy import mask_id_number, mask_phone, staff_id_number, staff_phone
from org.roles import can_delegate
from org.selectors import current_delegate
from org.services import OrgError, Revealed, staff_reveal, staff_update


def _detail(request: HttpRequest, staff: Staff, revealed: Revealed | None) -> HttpResponse:
    sections = list(Section.objects.filter(unit_id=staff.unit_id).order_by("order", "id"))
    context = {
        "person": staff,
        "phone": revealed.phone if revealed else mask_phone(staff_phone(staff)),
        "id_number": revealed.id_number if revealed else mask_id_number(staff_id_number(staff)),
        "revealed": revealed is not None,
        "can_reveal": can_reveal(request.user, staff),
        "can_edit": keeps_records_of(request.user, staff.unit),
        "years": years_between(staff.started_work_on, timezone.localdate()),
        "headed": [s for s in sections if s.head_id == staff.pk],
        "supervised": [s for s in sections if s.supervisor_id == staff.pk],
        "is_principal": staff.unit.principal_leader_id == staff.pk,
        "is_executive_deputy": staff.unit.executive_deputy_id == staff.pk,
        "delegate": current_delegate(staff) if can_delegate(staff) else None,
        "breadcrumbs": [
            (_("Organization chart"), reverse("org:chart")),
            (_("Staff directory"), reverse("org:directory")),
            (staff.name, None),
        ],
    }
    response = render(request, "org/staff_detail.html", context)
    if revealed is not None:
        response["Cache-Control"] = "no-store"
    return response


@require_GET
@business_required
def staff_detail(request: HttpRequest, staff_id: int) -> HttpResponse:
    return _detail(request, access_staff(request.user, staff_id), revealed=None)


@never_cache
@require_POST
@business_required
def staff_reveal_view(request: HttpRequest, staff_id: int) -> HttpResponse:
    """Show the full phone and ID number once, on this response only; each look is audited."""
    staff = access_staff(request.user, staff_id)
    if not can_reveal(request.user, staff):
        raise Http404
    revealed = staff_reveal(actor=request.user, staff=staff)
    messages.success(request, _("The full phone number and ID number are shown below. This view has been recorded."))
    return _detail(request, staff, revealed=revealed)


@require_http_methods(["GET", "POST"])
@duty_required(Duty.STAFF_RECORDS)
def staff_edit(request: HttpRequest, staff_id: int) -> HttpResponse:
    staff = access_staff_for_records(request.user, staff_id)
    form = StaffEditForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff_update(
                actor=request.user,
                staff=staff,
                section=data["section"],
                position=data["position"],
                title=data["title"],
                grade=data["grade"],
                phone=data["phone"],
                id_number=data["id_number"],
            )
        except OrgError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved the changes to %(name)s.") % {"name": staff.name})
            return redirect("org:staff_detail", staff_id=staff.pk)
    return render(
        request,
        "org/staff_edit.html",
        {
            "person": staff,
            "form": form,
            "breadcrumbs": [
                (_("Staff directory"), reverse("org:directory")),
                (staff.name, reverse("org:staff_detail", args=[staff.pk])),
                (_("Edit"), None),
            ],
        },
    )
