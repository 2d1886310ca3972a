"""Meetings (部务会, 全体干部大会): list, plan, agenda, attendance and minutes, decisions → tasks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import business_required
from core.text import error_text
from reports import integration, selectors
from reports.access import (
    access_agenda_item_for_keeping,
    access_decision_for_keeping,
    access_meeting,
    access_meeting_for_keeping,
    can_keep_meetings,
)
from reports.forms import AddReportsForm, AgendaItemForm, DecisionForm, MeetingForm, MinutesForm, quarter_label
from reports.models import Meeting
from reports.services import (
    agenda_item_remove,
    decision_add,
    decision_make_task,
    meeting_add_reports,
    meeting_agenda_add,
    meeting_close,
    meeting_create,
    meeting_record,
    meeting_update,
)

PAGE_SIZE = 20
CRUMB = _("Meetings")


def _crumbs(*extra) -> list:
    return [(CRUMB, reverse("reports:meetings")), *extra]


@require_GET
@business_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    qs = selectors.visible_meetings(staff)
    kind = request.GET.get("kind", "")
    if kind in Meeting.Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    keeper = can_keep_meetings(staff)
    return render(
        request,
        "reports/meetings.html",
        {
            "page": page,
            "keeper": keeper,
            "waiting": list(selectors.waiting_agenda_items(staff.unit)) if keeper else [],
            "kinds": Meeting.Kind.choices,
            "kind": kind,
            "query": f"kind={kind}",
            "breadcrumbs": [(CRUMB, None)],
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    if not can_keep_meetings(staff):
        raise Http404
    form = MeetingForm(request.POST or None, initial={"kind": request.GET.get("kind", Meeting.Kind.AFFAIRS)})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(actor=staff, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The meeting was planned and its attendees notified."))
            return redirect("reports:meeting_detail", meeting.pk)
    return render(
        request, "reports/meeting_form.html", {"form": form, "breadcrumbs": _crumbs((_("New meeting"), None))}
    )


@require_http_methods(["GET", "POST"])
@business_required
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    staff = request.user.staff
    meeting = access_meeting_for_keeping(staff=staff, meeting_id=meeting_id)
    if meeting.status != Meeting.Status.PLANNED:
        raise Http404
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_update(
                actor=staff,
                meeting_id=meeting.pk,
                title=data["title"],
                starts_at=data["starts_at"],
                place=data["place"],
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The meeting was changed."))
            return redirect("reports:meeting_detail", meeting.pk)
    return render(
        request,
        "reports/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "breadcrumbs": _crumbs(
                (meeting.title, reverse("reports:meeting_detail", args=[meeting.pk])), (_("Edit"), None)
            ),
        },
    )


@require_GET
@business_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    staff = request.user.staff
    meeting = access_meeting(staff=staff, meeting_id=meeting_id)
    keeper = can_keep_meetings(staff)
    today = timezone.localdate()
    year, quarter = selectors.default_quarter(today)
    attendees = selectors.attendees(meeting)
    counts: dict[str, int] = {}
    for a in attendees:
        counts[a.presence] = counts.get(a.presence, 0) + 1
    context = {
        "meeting": meeting,
        "keeper": keeper,
        "agenda": selectors.agenda(meeting),
        "attendees": attendees,
        "counts": counts,
        "decisions": selectors.decisions(meeting, today),
        "tasks_available": integration.tasks_available(),
        "breadcrumbs": _crumbs((meeting.title, None)),
    }
    if keeper and meeting.status == Meeting.Status.PLANNED:
        context["agenda_form"] = AgendaItemForm(unit=meeting.unit)
        context["report_period"] = f"{year}-{quarter}"
        context["report_period_label"] = quarter_label(year, quarter)
        context["reports_waiting"] = selectors.approved_reports_not_on(meeting, year, quarter)
    if keeper and meeting.status == Meeting.Status.HELD:
        context["decision_form"] = DecisionForm(meeting=meeting)
    return render(request, "reports/meeting_detail.html", context)


@require_POST
@business_required
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    staff = request.user.staff
    meeting = access_meeting_for_keeping(staff=staff, meeting_id=meeting_id)
    form = AgendaItemForm(request.POST, unit=meeting.unit)
    if not form.is_valid():
        messages.error(request, _("Give the agenda item a title and kind."))
        return redirect("reports:meeting_detail", meeting.pk)
    try:
        meeting_agenda_add(actor=staff, meeting_id=meeting.pk, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The agenda item was added."))
    return redirect("reports:meeting_detail", meeting.pk)


@require_POST
@business_required
def agenda_add_reports(request: HttpRequest, meeting_id: int) -> HttpResponse:
    staff = request.user.staff
    meeting = access_meeting_for_keeping(staff=staff, meeting_id=meeting_id)
    form = AddReportsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quarter."))
        return redirect("reports:meeting_detail", meeting.pk)
    year, quarter = form.cleaned_data["period"]
    try:
        added = meeting_add_reports(actor=staff, meeting_id=meeting.pk, year=year, quarter=quarter)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(n)s quarterly reports were put on the agenda.") % {"n": added})
    return redirect("reports:meeting_detail", meeting.pk)


@require_POST
@business_required
def agenda_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    staff = request.user.staff
    item = access_agenda_item_for_keeping(staff=staff, item_id=item_id)
    meeting_id = item.meeting_id
    try:
        agenda_item_remove(actor=staff, item_id=item.pk)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The agenda item was removed."))
    if meeting_id:
        return redirect("reports:meeting_detail", meeting_id)
    return redirect("reports:meetings")


@require_http_methods(["GET", "POST"])
@business_required
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    staff = request.user.staff
    meeting = access_meeting_for_keeping(staff=staff, meeting_id=meeting_id)
    if meeting.status == Meeting.Status.CLOSED:
        raise Http404
    attendees = selectors.attendees(meeting)
    form = MinutesForm(request.POST or None, attendees=attendees, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_record(
                actor=staff, meeting_id=meeting.pk, minutes=form.cleaned_data["minutes"], presence=form.presence()
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The minutes and attendance were recorded."))
            return redirect("reports:meeting_detail", meeting.pk)
    return render(
        request,
        "reports/meeting_minutes.html",
        {
            "form": form,
            "meeting": meeting,
            "breadcrumbs": _crumbs(
                (meeting.title, reverse("reports:meeting_detail", args=[meeting.pk])), (_("Minutes"), None)
            ),
        },
    )


@require_POST
@business_required
def meeting_close_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    staff = request.user.staff
    meeting = access_meeting_for_keeping(staff=staff, meeting_id=meeting_id)
    try:
        meeting_close(actor=staff, meeting_id=meeting.pk)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The minutes are approved; the meeting is closed."))
    return redirect("reports:meeting_detail", meeting.pk)


@require_POST
@business_required
def decision_add_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    staff = request.user.staff
    meeting = access_meeting_for_keeping(staff=staff, meeting_id=meeting_id)
    form = DecisionForm(request.POST, meeting=meeting)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("reports:meeting_detail", args=[meeting.pk]) + "#decisions")
    data = form.cleaned_data
    try:
        decision = decision_add(
            actor=staff,
            meeting_id=meeting.pk,
            text=data["text"],
            lead_section=data["lead_section"],
            deadline=data["deadline"],
            agenda_item_id=data["agenda_item"].pk if data["agenda_item"] else None,
        )
        if request.POST.get("make_task") and integration.tasks_available():
            decision_make_task(actor=staff, decision_id=decision.pk)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The decision was recorded."))
    return redirect(reverse("reports:meeting_detail", args=[meeting.pk]) + "#decisions")


@require_POST
@business_required
def decision_task(request: HttpRequest, decision_id: int) -> HttpResponse:
    staff = request.user.staff
    decision = access_decision_for_keeping(staff=staff, decision_id=decision_id)
    try:
        task = decision_make_task(actor=staff, decision_id=decision.pk)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("The decision became a task led by %(section)s.") % {"section": decision.lead_section.name},
        )
        del task
    return redirect(reverse("reports:meeting_detail", args=[decision.meeting_id]) + "#decisions")
