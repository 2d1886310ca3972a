"""Work-hour policy screens for the office (business settings duty) of the user's own unit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Duty
from core.access import duty_required
from core.text import cn_date as _cn
from worktime import selectors
from worktime.access import access_policy
from worktime.forms import PolicyForm, tomorrow
from worktime.policies import default_policy, policy_for
from worktime.services import WorktimeError, policy_create, policy_delete, policy_update

CRUMB = gettext_lazy("Work hours")


def _crumbs(*items) -> list:
    return [(CRUMB, reverse("worktime:policies")), *items]


@require_GET
@duty_required(Duty.BUSINESS_SETTINGS)
def policy_list(request: HttpRequest) -> HttpResponse:
    unit = request.user.staff.unit
    today = timezone.localdate()
    versions = selectors.unit_policies(unit)
    states = selectors.policy_states(versions, today)
    current = next((v for v in versions if states[v.pk] == "current"), None)
    return render(
        request,
        "worktime/policy_list.html",
        {
            "unit": unit,
            "versions": [(v, states[v.pk]) for v in versions],
            "current": current or default_policy(unit.pk),
            "today_season": (current or default_policy(unit.pk)).season_on(today),
            "breadcrumbs": [(CRUMB, None)],
        },
    )


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def policy_new(request: HttpRequest) -> HttpResponse:
    unit = request.user.staff.unit
    # Start from the hours in force, so a change means editing only what changes.
    basis = policy_for(unit, timezone.localdate())
    initial = PolicyForm.initial_from(basis, effective_from=tomorrow())
    if basis.is_default:
        initial["name"] = ""  # the unit's own version is not "默认作息"
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            policy = policy_create(actor=request.user, unit=unit, **form.cleaned_data)
        except WorktimeError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The new hours “%(name)s” take effect on %(date)s; earlier days keep their hours.")
                % {"name": policy.name, "date": _cn(policy.effective_from)},
            )
            return redirect("worktime:policies")
    return render(
        request,
        "worktime/policy_form.html",
        {"form": form, "basis": basis, "breadcrumbs": _crumbs((_("New version"), None))},
    )


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def policy_edit(request: HttpRequest, policy_id: int) -> HttpResponse:
    policy = access_policy(user=request.user, policy_id=policy_id)
    if policy.effective_from <= timezone.localdate():
        messages.error(
            request,
            _("This version is already in force and past days were worked under it; create a new version instead."),
        )
        return redirect("worktime:policies")
    form = PolicyForm(request.POST or None, initial=PolicyForm.initial_from(policy))
    if request.method == "POST" and form.is_valid():
        try:
            policy = policy_update(
                actor=request.user, unit=request.user.staff.unit, policy_id=policy.pk, **form.cleaned_data
            )
        except WorktimeError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The version “%(name)s” was saved.") % {"name": policy.name})
            return redirect("worktime:policies")
    return render(
        request,
        "worktime/policy_form.html",
        {"form": form, "policy": policy, "breadcrumbs": _crumbs((_("Edit a version not yet in force"), None))},
    )


@require_POST
@duty_required(Duty.BUSINESS_SETTINGS)
def policy_remove(request: HttpRequest, policy_id: int) -> HttpResponse:
    policy = access_policy(user=request.user, policy_id=policy_id)
    try:
        policy_delete(actor=request.user, unit=request.user.staff.unit, policy_id=policy.pk)
    except WorktimeError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The version “%(name)s” was deleted.") % {"name": policy.name})
    return redirect("worktime:policies")
