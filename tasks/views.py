from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Duty
from approvals.selectors import approval_for_target, open_assignment, timeline
from core.access import business_required, has_duty
from org.models import Position
from tasks import rules, selectors
from tasks.access import access_attachment, access_task
from tasks.forms import (
    CancelForm,
    CloseForm,
    CompletionForm,
    ExtensionForm,
    ReportForm,
    ReturnForm,
    SettingsForm,
    TaskForm,
    UrgeForm,
)
from tasks.models import OPEN_STATUSES, TaskEvent, TaskExtension, TaskMilestone, TaskSource, TaskStatus
from tasks.services import (
    TaskError,
    settings_for,
    task_assign,
    task_cancel,
    task_close,
    task_completion_request,
    task_create,
    task_extension_request,
    task_extension_resubmit,
    task_extension_withdraw,
    task_milestone_done,
    task_report,
    task_return,
    task_settings_update,
    task_sign_for,
    task_urge,
)

PAGE_SIZE = 20
CRUMB = gettext_lazy("Supervision")
SCOPES = {
    "mine": gettext_lazy("My tasks"),
    "section": gettext_lazy("My section's tasks"),
    "all": gettext_lazy("All tasks"),
    "overdue": gettext_lazy("Overdue board"),
}
LIGHTS = [
    ("red", gettext_lazy("Overdue")),
    ("yellow", gettext_lazy("Near deadline or behind")),
    ("green", gettext_lazy("On track")),
]


def _list(request: HttpRequest, scope: str) -> HttpResponse:
    staff = request.user.staff
    if scope == "all" and not rules.sees_whole_unit(staff):
        raise Http404
    today = timezone.localdate()
    status = request.GET.get("status", "")
    if status not in TaskStatus.values and status != "open":
        status = ""
    light = request.GET.get("light", "")
    if light not in dict(LIGHTS):
        light = ""
    source = request.GET.get("source", "")
    if source not in TaskSource.values:
        source = ""
    q = request.GET.get("q", "").strip()[:50]
    qs = selectors.task_list(staff, scope, today, status=status, light=light, source=source, q=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # One reverse() for the page, not one per row.
    url_pattern = reverse("tasks:detail", args=[0]).replace("/0/", "/{}/")
    for task in page.object_list:
        task.light = selectors.light_of(task)
        task.overdue_days = selectors.days_overdue(task, today) if task.light == "red" else 0
        task.detail_url = url_pattern.format(task.pk)
    query = "&".join(f"{k}={v}" for k, v in (("status", status), ("light", light), ("source", source), ("q", q)) if v)
    return render(
        request,
        "tasks/list.html",
        {
            "page": page,
            "scope": scope,
            "scopes": [(key, label) for key, label in SCOPES.items() if key != "all" or rules.sees_whole_unit(staff)],
            "title": SCOPES[scope],
            "statuses": [("open", _("Being handled")), *TaskStatus.choices],
            "lights": LIGHTS,
            "sources": TaskSource.choices,
            "status": status,
            "light": light,
            "source": source,
            "q": q,
            "query": query,
            "can_assign": rules.can_assign(staff),
            "breadcrumbs": [(CRUMB, None), (SCOPES[scope], None)],
        },
    )


@require_GET
@business_required
def mine(request: HttpRequest) -> HttpResponse:
    return _list(request, "mine")


@require_GET
@business_required
def section(request: HttpRequest) -> HttpResponse:
    return _list(request, "section")


@require_GET
@business_required
def all_tasks(request: HttpRequest) -> HttpResponse:
    return _list(request, "all")


@require_GET
@business_required
def overdue(request: HttpRequest) -> HttpResponse:
    return _list(request, "overdue")


@require_http_methods(["GET", "POST"])
@business_required
def create(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    if not rules.can_assign(staff):
        raise Http404
    form = TaskForm(request.POST or None, unit=staff.unit)
    if request.method == "POST" and form.is_valid():
        try:
            task = task_create(actor=staff, **form.service_kwargs())
        except TaskError as exc:
            form.add_error(None, str(exc))
        else:
            if task.status == TaskStatus.ASSIGNED:
                messages.success(
                    request,
                    _("Assigned to %(section)s; waiting for them to sign for it.")
                    % {"section": task.lead_section.name},
                )
            else:
                messages.success(request, _("Saved as a draft; assign it when ready."))
            return redirect("tasks:detail", task.pk)
    return render(
        request,
        "tasks/form.html",
        {"form": form, "breadcrumbs": [(CRUMB, "/tasks/"), (_("Assign a task"), None)]},
    )


def _timeline(task) -> list[TaskEvent]:
    return list(
        TaskEvent.objects.filter(task=task)
        .select_related("actor__user")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


@require_GET
@business_required
def detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = access_task(staff=request.user.staff, task_id=task_id)
    return _detail_page(request, task)


def _detail_page(request: HttpRequest, task, bound: dict | None = None, status: int = 200) -> HttpResponse:
    """The task page; `bound` replaces the empty action forms (a form that failed keeps what was typed)."""
    staff = request.user.staff
    today = timezone.localdate()
    task.light = selectors.task_light(task, today)
    is_handler = rules.is_handler(task, staff, task.responsible_ids)
    extension = TaskExtension.objects.filter(task=task).order_by("-created_at", "-id").first()
    approval = approval_for_target(extension) if extension else None
    is_open = task.status in OPEN_STATUSES
    handling = task.status in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)
    supporting_head = any(s.head_id == staff.pk for s in task.supporting_list)
    context = {
        "task": task,
        "today": today,
        "overdue_days": selectors.days_overdue(task, today) if task.light == "red" else 0,
        "late_days": selectors.days_overdue(task, today) if task.status == TaskStatus.CLOSED else 0,
        "events": _timeline(task),
        "milestones": list(TaskMilestone.objects.filter(task=task).order_by("due_on", "id")),
        "extension": extension,
        "approval": approval,
        "timeline": timeline(approval) if approval else [],
        "my_assignment": open_assignment(approval, staff),
        "is_handler": is_handler,
        "can_sign": is_handler and task.status == TaskStatus.ASSIGNED,
        "can_report": (is_handler or supporting_head) and task.status == TaskStatus.IN_PROGRESS,
        "can_complete": is_handler and task.status == TaskStatus.IN_PROGRESS,
        "can_extend": is_handler
        and handling
        and task.deadline >= today
        and not (extension and extension.status in (TaskExtension.Status.PENDING, TaskExtension.Status.RETURNED)),
        "can_urge": rules.can_urge(task, staff) and handling,
        "can_review": rules.can_review(task, staff) and task.status == TaskStatus.COMPLETION_REQUESTED,
        "can_assign": task.status == TaskStatus.DRAFT and task.assigned_by_id == staff.pk,
        "can_cancel": task.assigned_by_id == staff.pk and (is_open or task.status == TaskStatus.DRAFT),
        "is_extension_applicant": extension is not None and extension.applicant_id == staff.pk,
        "report_form": ReportForm(),
        "completion_form": CompletionForm(),
        "close_form": CloseForm(),
        "return_form": ReturnForm(),
        "urge_form": UrgeForm(),
        "extension_form": ExtensionForm(initial={"new_deadline": task.deadline + datetime.timedelta(days=7)}),
        "cancel_form": CancelForm(),
        "breadcrumbs": [(CRUMB, "/tasks/"), (task.title, None)],
    }
    context.update(bound or {})
    return render(request, "tasks/detail.html", context, status=status)


def _act(
    request: HttpRequest, task_id: int, form_class, call, done: str, anchor: str, form_name: str = ""
) -> HttpResponse:
    """Run one action from the detail page. A form error or a refusal shows the page again with the
    form as typed and the message beside it (status 400); success redirects to the page."""
    staff = request.user.staff
    task = access_task(staff=staff, task_id=task_id)
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is not None and not form.is_valid():
        return _detail_page(request, task, {form_name: form}, status=400)
    try:
        call(staff, task, form.cleaned_data if form is not None else {})
    except TaskError as exc:
        if form is None:
            messages.error(request, str(exc))
            return redirect(reverse("tasks:detail", args=[task.pk]) + f"#{anchor}")
        form.add_error(None, str(exc))
        return _detail_page(request, task, {form_name: form}, status=400)
    messages.success(request, done)
    return redirect(reverse("tasks:detail", args=[task.pk]) + f"#{anchor}")


@require_POST
@business_required
def sign_for(request: HttpRequest, task_id: int) -> HttpResponse:
    return _act(
        request,
        task_id,
        None,
        lambda staff, task, data: task_sign_for(actor=staff, task_id=task.pk),
        _("Signed for; the task is now in progress."),
        "actions",
    )


@require_POST
@business_required
def report(request: HttpRequest, task_id: int) -> HttpResponse:
    return _act(
        request,
        task_id,
        ReportForm,
        lambda staff, task, data: task_report(
            actor=staff, task_id=task.pk, text=data["text"], progress=data["progress"], files=data["files"]
        ),
        _("Progress reported; the assigner has been notified."),
        "timeline",
        form_name="report_form",
    )


@require_POST
@business_required
def complete(request: HttpRequest, task_id: int) -> HttpResponse:
    return _act(
        request,
        task_id,
        CompletionForm,
        lambda staff, task, data: task_completion_request(
            actor=staff, task_id=task.pk, text=data["text"], files=data["files"]
        ),
        _("Completion requested; waiting for the assigner's review."),
        "timeline",
        form_name="completion_form",
    )


@require_POST
@business_required
def close(request: HttpRequest, task_id: int) -> HttpResponse:
    return _act(
        request,
        task_id,
        CloseForm,
        lambda staff, task, data: task_close(
            actor=staff, task_id=task.pk, rating=data["rating"], comment=data["comment"]
        ),
        _("The task is closed off."),
        "timeline",
        form_name="close_form",
    )


@require_POST
@business_required
def return_(request: HttpRequest, task_id: int) -> HttpResponse:
    return _act(
        request,
        task_id,
        ReturnForm,
        lambda staff, task, data: task_return(actor=staff, task_id=task.pk, reason=data["reason"]),
        _("Returned to the section with your reasons."),
        "timeline",
        form_name="return_form",
    )


@require_POST
@business_required
def urge(request: HttpRequest, task_id: int) -> HttpResponse:
    return _act(
        request,
        task_id,
        UrgeForm,
        lambda staff, task, data: task_urge(actor=staff, task_id=task.pk, text=data["text"]),
        _("Urged; the lead section and the responsible people have been notified."),
        "timeline",
        form_name="urge_form",
    )


@require_POST
@business_required
def assign(request: HttpRequest, task_id: int) -> HttpResponse:
    return _act(
        request,
        task_id,
        None,
        lambda staff, task, data: task_assign(actor=staff, task_id=task.pk),
        _("Assigned; waiting for the lead section to sign for it."),
        "actions",
    )


@require_POST
@business_required
def cancel(request: HttpRequest, task_id: int) -> HttpResponse:
    return _act(
        request,
        task_id,
        CancelForm,
        lambda staff, task, data: task_cancel(actor=staff, task_id=task.pk, reason=data["reason"]),
        _("The task was cancelled."),
        "actions",
        form_name="cancel_form",
    )


@require_POST
@business_required
def extend(request: HttpRequest, task_id: int) -> HttpResponse:
    def call(staff, task, data):
        extension = TaskExtension.objects.filter(
            task=task, applicant=staff, status=TaskExtension.Status.RETURNED
        ).first()
        if extension is not None:
            task_extension_resubmit(
                actor=staff, extension_id=extension.pk, new_deadline=data["new_deadline"], reason=data["reason"]
            )
        else:
            task_extension_request(
                actor=staff, task_id=task.pk, new_deadline=data["new_deadline"], reason=data["reason"]
            )

    return _act(
        request,
        task_id,
        ExtensionForm,
        call,
        _("Extension requested; it goes to the supervising leader."),
        "extension",
        form_name="extension_form",
    )


@require_POST
@business_required
def extension_withdraw(request: HttpRequest, task_id: int) -> HttpResponse:
    def call(staff, task, data):
        extension = TaskExtension.objects.filter(task=task, applicant=staff).order_by("-created_at", "-id").first()
        if extension is None:
            raise Http404
        task_extension_withdraw(actor=staff, extension_id=extension.pk)

    return _act(request, task_id, None, call, _("The deadline extension request was withdrawn."), "extension")


@require_POST
@business_required
def milestone_done(request: HttpRequest, task_id: int, milestone_id: int) -> HttpResponse:
    def call(staff, task, data):
        if not TaskMilestone.objects.filter(pk=milestone_id, task=task).exists():
            raise Http404
        task_milestone_done(actor=staff, milestone_id=milestone_id)

    return _act(request, task_id, None, call, _("Milestone marked done."), "milestones")


@require_GET
@business_required
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Evidence is served only here, after the access check — never as a public static file."""
    item = access_attachment(staff=request.user.staff, attachment_id=attachment_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True, filename=item.name)


def _figures_allowed(staff) -> bool:
    return rules.sees_whole_unit(staff) or staff.position >= Position.SECTION_HEAD


def _period(request: HttpRequest, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    try:
        start = datetime.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = quarter_start
    try:
        end = datetime.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    if end < start:
        start, end = end, start
    return start, end


@require_GET
@business_required
def figures(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    if not _figures_allowed(staff):
        raise Http404
    today = timezone.localdate()
    start, end = _period(request, today)
    by = "person" if request.GET.get("by") == "person" else "section"
    rows = selectors.figures_rows(staff.unit, start, end, by=by)
    chart = [
        {
            "name": row["who"].name,
            "rate": round(row["on_time_rate"] * 100) if row["on_time_rate"] is not None else None,
            "overdue": row["overdue"],
        }
        for row in rows[:30]
    ]
    return render(
        request,
        "tasks/figures.html",
        {
            "rows": rows,
            "chart": chart,
            "by": by,
            "start": start,
            "end": end,
            "counts": selectors.section_task_counts(staff.unit, today),
            "breadcrumbs": [(CRUMB, "/tasks/"), (_("Supervision figures"), None)],
        },
    )


def can_edit_settings(user) -> bool:
    return has_duty(user, Duty.SUPERVISION) or has_duty(user, Duty.BUSINESS_SETTINGS)


@require_http_methods(["GET", "POST"])
@business_required
def settings_view(request: HttpRequest) -> HttpResponse:
    if not can_edit_settings(request.user):
        raise Http404
    staff = request.user.staff
    conf = settings_for(staff.unit)
    initial = {
        "sign_for_hours": conf.sign_for_hours,
        "yellow_workdays": conf.yellow_workdays,
        "escalation_days": conf.escalation_days,
        "urge_interval_hours": conf.urge_interval_hours,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        task_settings_update(actor=staff, **form.cleaned_data)
        messages.success(request, _("Supervision settings saved."))
        return redirect("tasks:settings")
    return render(
        request,
        "tasks/settings.html",
        {"form": form, "breadcrumbs": [(CRUMB, "/tasks/"), (_("Supervision settings"), None)]},
    )
