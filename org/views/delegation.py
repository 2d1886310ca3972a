from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import business_required
from org.access import access_own_delegation, may_delegate
from org.forms import DelegationForm
from org.selectors import delegations_given, delegations_received
from org.services import OrgError, cn_date, delegation_cancel, delegation_create


@require_http_methods(["GET", "POST"])
@business_required
def delegation(request: HttpRequest) -> HttpResponse:
    """A leader names who decides for them while they are away. Anyone may open the page to see who
    named them as a delegate (the notification links here); only leaders get the form."""
    leader = request.user.staff
    leads = may_delegate(request.user)
    if request.method == "POST" and not leads:
        raise Http404
    form = DelegationForm(request.POST or None, leader=leader) if leads else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegation_create(
                actor=request.user,
                leader=leader,
                delegate=data["delegate"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except OrgError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("From %(start)s to %(end)s, %(name)s will decide your approvals on your behalf.")
                % {"start": cn_date(data["starts_on"]), "end": cn_date(data["ends_on"]), "name": data["delegate"].name},
            )
            return redirect("org:delegation")
    return render(
        request,
        "org/delegation.html",
        {
            "form": form,
            "given": delegations_given(leader) if leads else [],
            "received": delegations_received(leader),
            "breadcrumbs": [(_("Delegation"), None)],
        },
    )


@require_POST
@business_required
def delegation_cancel_view(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = access_own_delegation(request.user, delegation_id)
    try:
        delegation_cancel(actor=request.user, delegation=delegation)
    except OrgError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("The delegation has been cancelled."))
    return redirect("org:delegation")
