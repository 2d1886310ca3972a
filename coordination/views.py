from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Duty
from coordination import integration, selectors
from coordination.access import (
    access_borrowing_to_end,
    access_request,
    access_section,
    sees_all_requests,
    sees_section_by_role,
    sees_unit_board,
)
from coordination.forms import HelpRequestForm, PickForm, ReasonForm, SettingsForm
from coordination.models import HelpRequest
from coordination.services import (
    CoordinationError,
    borrowing_end_early,
    can_decide,
    can_end_early,
    can_escalate,
    coordination_settings_update,
    help_request_decline,
    help_request_escalate,
    help_request_fill,
    help_request_submit,
    help_request_withdraw,
    pool_sections,
    settings_for,
)
from core.access import business_required, duty_required
from core.text import error_text
from org.models import Section

PAGE_SIZE = 20
CRUMB = _("Coordination")


def _crumbs(*items) -> list:
    return [(CRUMB, reverse("coordination:requests")), *items]


# --- boards ----------------------------------------------------------------------------------------------------


@require_GET
@business_required
def unit_board(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    if not sees_unit_board(staff):
        raise Http404
    today = timezone.localdate()
    rows = selectors.unit_board(staff.unit, today)
    for row in rows:
        row.linked = sees_section_by_role(staff, row.section)
    totals = {
        "headcount": sum(r.headcount for r in rows),
        "away": sum(len(r.away) for r in rows),
        "lent": sum(len(r.lent) for r in rows),
        "available": sum(r.available for r in rows),
        "open": sum(r.open_tasks for r in rows),
        "overdue": sum(r.overdue_tasks for r in rows),
    }
    return render(
        request,
        "coordination/unit_board.html",
        {"rows": rows, "totals": totals, "today": today, "breadcrumbs": [(CRUMB, None), (_("Workload board"), None)]},
    )


@require_GET
@business_required
def my_board(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    if staff.section_id is None:
        raise Http404
    return redirect("coordination:section_board", staff.section_id)


@require_GET
@business_required
def section_board(request: HttpRequest, section_id: int) -> HttpResponse:
    staff = request.user.staff
    section = access_section(staff=staff, section_id=section_id)
    today = timezone.localdate()
    people = selectors.section_board(section, today)
    crumbs = [(CRUMB, None)]
    if sees_unit_board(staff):
        crumbs.append((_("Workload board"), reverse("coordination:unit_board")))
    crumbs.append((section.name, None))
    return render(
        request,
        "coordination/section_board.html",
        {
            "section": section,
            "people": people,
            "tasks": integration.open_tasks_of_section(section, today),
            "today": today,
            "breadcrumbs": crumbs,
        },
    )


# --- help requests ---------------------------------------------------------------------------------------------


def _list(request: HttpRequest, qs, *, title: str, tab: str) -> HttpResponse:
    status = request.GET.get("status", "")
    if status in HelpRequest.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    staff = request.user.staff
    return render(
        request,
        "coordination/requests.html",
        {
            "page": page,
            "title": title,
            "tab": tab,
            "status": status,
            "statuses": HelpRequest.Status.choices,
            "query": f"status={status}",
            "may_ask": Section.objects.filter(head=staff).exists(),
            "sees_all": sees_all_requests(staff),
            "breadcrumbs": [(CRUMB, None), (title, None)],
        },
    )


@require_GET
@business_required
def requests(request: HttpRequest) -> HttpResponse:
    return _list(
        request, selectors.requests_mine(request.user.staff), title=_("My section's help requests"), tab="mine"
    )


@require_GET
@business_required
def waiting(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    return _list(request, selectors.requests_waiting_for(staff), title=_("Help requests waiting for me"), tab="waiting")


@require_GET
@business_required
def all_requests(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    if not sees_all_requests(staff):
        raise Http404
    return _list(request, selectors.requests_all(staff.unit), title=_("All help requests"), tab="all")


@require_http_methods(["GET", "POST"])
@business_required
def create(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    sections = Section.objects.filter(head=staff).order_by("order", "id")
    if not sections.exists():
        raise Http404
    today = timezone.localdate()
    form = HelpRequestForm(request.POST or None, sections=sections, initial={"starts_on": today, "ends_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            help_request = help_request_submit(actor=staff, **form.cleaned_data)
        except CoordinationError as exc:
            form.add_error(None, exc)
        else:
            waiting_for = help_request.assignee.name if help_request.assignee_id else _("the affairs meeting")
            messages.success(request, _("Submitted; waiting for %(name)s to arrange.") % {"name": waiting_for})
            return redirect("coordination:detail", help_request.pk)
    return render(
        request,
        "coordination/form.html",
        {"form": form, "breadcrumbs": _crumbs((_("Ask for people"), None))},
    )


@require_GET
@business_required
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    staff = request.user.staff
    help_request = access_request(staff=staff, request_id=request_id)
    today = timezone.localdate()
    borrowings = list(
        help_request.borrowings.select_related("staff__user", "from_section", "to_section", "decided_by__user")
    )
    for borrowing in borrowings:
        borrowing.may_end = (
            borrowing.ended_on is None and borrowing.ends_on >= today and can_end_early(staff, borrowing)
        )
        borrowing.active_today = borrowing.is_active_on(today)
    task_title, task_url = integration.task_link(help_request.task)
    meeting = integration.next_meeting(help_request.unit, today) if help_request.status == "at_meeting" else None
    return render(
        request,
        "coordination/detail.html",
        {
            "req": help_request,
            "events": help_request.events.select_related("actor__user"),
            "borrowings": borrowings,
            "task_title": task_title,
            "task_url": task_url,
            "meeting": meeting,
            "may_decide": can_decide(staff, help_request),
            "may_escalate": can_escalate(staff, help_request),
            "may_withdraw": help_request.is_open
            and staff.pk in (help_request.requested_by_id, help_request.section.head_id),
            "today": today,
            "breadcrumbs": _crumbs((_("Help request"), None)),
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def pick(request: HttpRequest, request_id: int) -> HttpResponse:
    staff = request.user.staff
    help_request = access_request(staff=staff, request_id=request_id)
    if not can_decide(staff, help_request):
        raise Http404
    today = timezone.localdate()
    candidates = selectors.candidates(pool_sections(staff, help_request), help_request, today)
    form = PickForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            borrowings = help_request_fill(
                actor=staff,
                request_id=help_request.pk,
                staff_ids=form.cleaned_data["staff"],
                note=form.cleaned_data["note"],
            )
        except CoordinationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Done: %(names)s lent to %(section)s; everyone concerned has been notified.")
                % {"names": "、".join(b.staff.name for b in borrowings), "section": help_request.section.name},
            )
            return redirect("coordination:detail", help_request.pk)
    chosen = {str(v) for v in (form["staff"].value() or [])}
    return render(
        request,
        "coordination/pick.html",
        {
            "req": help_request,
            "form": form,
            "candidates": candidates,
            "chosen": chosen,
            "may_escalate": can_escalate(staff, help_request),
            "whole_unit": help_request.status != HelpRequest.Status.WITH_SUPERVISOR,
            "breadcrumbs": _crumbs(
                (_("Help request"), reverse("coordination:detail", args=[help_request.pk])), (_("Pick staff"), None)
            ),
        },
    )


def _act(request: HttpRequest, request_id: int, action, success: str, *, allowed) -> HttpResponse:
    staff = request.user.staff
    help_request = access_request(staff=staff, request_id=request_id)
    if not allowed(staff, help_request):
        raise Http404
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        action(actor=staff, request_id=help_request.pk, reason=form.cleaned_data.get("reason", ""))
    except CoordinationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect("coordination:detail", help_request.pk)


@require_POST
@business_required
def decline(request: HttpRequest, request_id: int) -> HttpResponse:
    return _act(request, request_id, help_request_decline, _("The help request was declined."), allowed=can_decide)


@require_POST
@business_required
def escalate(request: HttpRequest, request_id: int) -> HttpResponse:
    return _act(request, request_id, help_request_escalate, _("The help request was passed on."), allowed=can_escalate)


@require_POST
@business_required
def withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    def action(*, actor, request_id, reason):
        return help_request_withdraw(actor=actor, request_id=request_id)

    return _act(request, request_id, action, _("The help request was withdrawn."), allowed=_is_requester)


def _is_requester(staff, help_request: HelpRequest) -> bool:
    return staff.pk in (help_request.requested_by_id, help_request.section.head_id)


@require_POST
@business_required
def end_early(request: HttpRequest, borrowing_id: int) -> HttpResponse:
    staff = request.user.staff
    borrowing = access_borrowing_to_end(staff=staff, borrowing_id=borrowing_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        borrowing_end_early(actor=staff, borrowing_id=borrowing.pk, reason=form.cleaned_data.get("reason", ""))
    except CoordinationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The borrowing was ended; the person is back in their section from today."))
    return redirect("coordination:detail", borrowing.help_request_id)


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def settings(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    current = settings_for(staff.unit)
    form = SettingsForm(request.POST or None, initial={"deciding_body": current.deciding_body})
    if request.method == "POST" and form.is_valid():
        try:
            coordination_settings_update(actor=staff, deciding_body=form.cleaned_data["deciding_body"])
        except CoordinationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("coordination:settings")
    return render(
        request,
        "coordination/settings.html",
        {"form": form, "breadcrumbs": [(_("Business settings"), None), (_("Coordination settings"), None)]},
    )
