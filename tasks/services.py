"""State changes of supervised tasks (督查督办); each is one transaction with one audit event.

Callers authorize: `task_create` only checks that the lead section belongs to the actor's unit
(views let leaders and the supervision office assign; other apps — plan items, meeting
decisions — decide for themselves who may turn their items into tasks). The other services
check the actor's part in the task (handler, assigner, urger) themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Approval
from approvals.registry import set_status
from approvals.services import (
    ApprovalError,
    approval_lock_with_target,
    approval_open,
    approval_reopen,
    approval_withdraw,
)
from audit.services import audit_record
from core.text import cn_date
from notify.services import notify_after_commit
from org.models import Section, Staff, Unit
from tasks import rules
from tasks.models import (
    CYCLE_DAYS,
    OPEN_STATUSES,
    Rating,
    ReportCycle,
    Task,
    TaskAttachment,
    TaskEvent,
    TaskExtension,
    TaskMilestone,
    TaskMissedReport,
    TaskPriority,
    TaskSettings,
    TaskSource,
    TaskStatus,
)

EXTENSION_KIND = "task_extension"


class TaskError(ValidationError):
    """Refused; the message says why in the user's language."""

    def __str__(self) -> str:
        return " ".join(self.messages)


def settings_for(unit: Unit | int) -> TaskSettings:
    """The unit's supervision settings, or the defaults (unsaved) when the unit has none."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    found = TaskSettings.objects.filter(unit_id=unit_id).first()
    return found or TaskSettings(unit_id=unit_id)


def _url(task: Task) -> str:
    return reverse("tasks:detail", args=[task.pk])


def _event(task: Task, kind: str, actor: Staff | None, text: str = "", progress: int | None = None, at=None):
    return TaskEvent.objects.create(
        task=task, kind=kind, actor=actor, text=text, progress=progress, created_at=at or timezone.now()
    )


def _handlers(task: Task) -> list:
    """Users to tell about a task: the lead section head and the responsible people."""
    users = [person.user for person in task.responsible.select_related("user")]
    head = task.lead_section.head
    if head is not None:
        users.append(head.user)
    return users


def _lock(task_id: int) -> Task:
    task = Task.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise TaskError(_("This task cannot be found."))
    # The lead section (head, supervisor) is read, not changed: no lock needed.
    task.lead_section = Section.objects.select_related("head__user", "supervisor__user").get(pk=task.lead_section_id)
    return task


def _save_files(*, task: Task, event: TaskEvent, actor: Staff, files: Iterable) -> list[str]:
    names = []
    for upload in files:
        attachment = TaskAttachment(task=task, event=event, name=upload.name[:200], size=upload.size, uploaded_by=actor)
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        names.append(attachment.name)
    return names


def _report_due(start: datetime.date, cycle: str) -> datetime.date | None:
    days = CYCLE_DAYS.get(cycle)
    return start + datetime.timedelta(days=days) if days else None


# ---------------------------------------------------------------------------
# 立项 / 交办


def task_create(
    *,
    actor: Staff,
    title: str,
    source: str,
    lead_section: Section,
    deadline: datetime.date,
    description: str = "",
    supporting_sections: Iterable[Section] = (),
    responsible: Iterable[Staff] = (),
    priority: str = TaskPriority.NORMAL,
    report_cycle: str = ReportCycle.NONE,
    assign: bool = True,
    origin=None,
    milestones: Sequence[tuple[str, datetime.date]] = (),
) -> Task:
    """Create a task (立项); with `assign` it is assigned (交办) at once and the lead section head and
    the responsible people are notified. `origin` is the plan item / decision / document it came from."""
    title = (title or "").strip()
    supporting = [s for s in supporting_sections if s.pk != lead_section.pk]
    people = list(responsible)
    if not title:
        raise TaskError(_("Give the task a title."))
    if source not in TaskSource.values:
        raise TaskError(_("Unknown task source."))
    if priority not in TaskPriority.values:
        raise TaskError(_("Unknown priority."))
    if report_cycle not in ReportCycle.values:
        raise TaskError(_("Unknown reporting cycle."))
    if lead_section.unit_id != actor.unit_id or any(s.unit_id != actor.unit_id for s in supporting):
        raise TaskError(_("The sections must belong to your unit."))
    if any(p.unit_id != actor.unit_id for p in people):
        raise TaskError(_("The responsible people must belong to your unit."))
    today = timezone.localdate()
    if deadline < today:
        raise TaskError(_("The deadline cannot be in the past."))
    for name, day in milestones:
        if not name.strip():
            raise TaskError(_("Each milestone needs a title."))
        if day > deadline:
            raise TaskError(_("A milestone cannot fall after the deadline."))
    now = timezone.now()
    with transaction.atomic():
        task = Task.objects.create(
            unit_id=actor.unit_id,
            title=title[:200],
            description=(description or "").strip(),
            source=source,
            lead_section=lead_section,
            assigned_by=actor,
            deadline=deadline,
            original_deadline=deadline,
            priority=priority,
            report_cycle=report_cycle,
            status=TaskStatus.ASSIGNED if assign else TaskStatus.DRAFT,
            assigned_at=now if assign else None,
            origin_type=origin._meta.label_lower if origin is not None else "",
            origin_id=origin.pk if origin is not None else None,
        )
        if supporting:
            task.supporting_sections.set(supporting)
        if people:
            task.responsible.set(people)
        TaskMilestone.objects.bulk_create(
            [TaskMilestone(task=task, title=name.strip()[:200], due_on=day) for name, day in milestones]
        )
        _event(task, TaskEvent.Kind.ASSIGNED if assign else TaskEvent.Kind.CREATED, actor, at=now)
        audit_record(
            actor=actor.user,
            action="tasks.assign" if assign else "tasks.create",
            target=task,
            unit=task.unit,
            summary=f"{'交办' if assign else '立项'}任务：{task.title}（牵头：{lead_section.name}，"
            f"期限：{cn_date(deadline)}）",
            changes={
                "source": source,
                "lead_section": lead_section.pk,
                "supporting_sections": [s.pk for s in supporting],
                "responsible": [p.pk for p in people],
                "deadline": deadline,
                "priority": priority,
                "report_cycle": report_cycle,
                "origin": f"{task.origin_type}:{task.origin_id}" if origin is not None else "",
            },
        )
        if assign:
            _notify_assigned(task, actor)
    return task


def _notify_assigned(task: Task, actor: Staff) -> None:
    recipients = [p.user for p in Staff.objects.filter(responsible_tasks=task).select_related("user")]
    head = Staff.objects.filter(pk=task.lead_section.head_id).select_related("user").first()
    if head is not None:
        recipients.append(head.user)
    notify_after_commit(
        recipients=recipients,
        text=_("%(who)s assigned you a task to sign for: %(title)s (due %(deadline)s)")
        % {"who": actor.name, "title": task.title, "deadline": cn_date(task.deadline)},
        url=_url(task),
    )


def task_assign(*, actor: Staff, task_id: int) -> Task:
    """Assign (交办) a drafted task."""
    with transaction.atomic():
        task = _lock(task_id)
        if task.assigned_by_id != actor.pk:
            raise TaskError(_("Only the person who drafted this task can assign it."))
        if task.status != TaskStatus.DRAFT:
            raise TaskError(_("This task has already been assigned."))
        if task.deadline < timezone.localdate():
            raise TaskError(_("The deadline has passed; set a new deadline before assigning."))
        task.status = TaskStatus.ASSIGNED
        task.assigned_at = timezone.now()
        task.save(update_fields=["status", "assigned_at"])
        _event(task, TaskEvent.Kind.ASSIGNED, actor, at=task.assigned_at)
        audit_record(
            actor=actor.user, action="tasks.assign", target=task, unit=task.unit, summary=f"交办任务：{task.title}"
        )
        _notify_assigned(task, actor)
    return task


# ---------------------------------------------------------------------------
# 签收 / 办理


def task_sign_for(*, actor: Staff, task_id: int) -> Task:
    """Sign for (签收) an assigned task: the lead section head, a deputy head or a responsible person."""
    with transaction.atomic():
        task = _lock(task_id)
        if not rules.is_handler(task, actor):
            raise TaskError(_("Only the lead section or the responsible people can sign for this task."))
        if task.status != TaskStatus.ASSIGNED:
            raise TaskError(_("This task is not waiting to be signed for."))
        now = timezone.now()
        task.status = TaskStatus.IN_PROGRESS
        task.signed_at = now
        task.signed_by = actor
        task.report_due_on = _report_due(timezone.localdate(now), task.report_cycle)
        task.save(update_fields=["status", "signed_at", "signed_by", "report_due_on"])
        _event(task, TaskEvent.Kind.SIGNED, actor, at=now)
        hours = round((now - task.assigned_at).total_seconds() / 3600, 1)
        audit_record(
            actor=actor.user,
            action="tasks.sign_for",
            target=task,
            unit=task.unit,
            summary=f"签收任务：{task.title}（交办后{hours}小时）",
            changes={"sign_for_hours": hours},
        )
        notify_after_commit(
            recipients=[task.assigned_by.user],
            text=_("%(who)s signed for the task: %(title)s") % {"who": actor.name, "title": task.title},
            url=_url(task),
        )
    return task


def task_report(*, actor: Staff, task_id: int, text: str, progress: int | None = None, files: Iterable = ()) -> Task:
    """A progress report (进展反馈). The first one marks the task as started."""
    text = (text or "").strip()
    if not text:
        raise TaskError(_("Write what has been done."))
    if progress is not None and not 0 <= progress <= 100:
        raise TaskError(_("Progress is a percentage from 0 to 100."))
    with transaction.atomic():
        task = _lock(task_id)
        supporting_head = Section.objects.filter(supported_tasks=task, head=actor).exists()
        if not (rules.is_handler(task, actor) or supporting_head):
            raise TaskError(_("Only the people handling this task can report progress."))
        if task.status != TaskStatus.IN_PROGRESS:
            raise TaskError(_("Progress can be reported only while the task is in progress (sign for it first)."))
        now = timezone.now()
        event = _event(task, TaskEvent.Kind.REPORT, actor, text=text, progress=progress, at=now)
        names = _save_files(task=task, event=event, actor=actor, files=files)
        fields = ["last_report_at", "report_due_on"]
        task.last_report_at = now
        task.report_due_on = _report_due(timezone.localdate(now), task.report_cycle)
        if task.started_at is None:
            task.started_at = now
            fields.append("started_at")
        if progress is not None:
            task.progress = progress
            fields.append("progress")
        task.save(update_fields=fields)
        audit_record(
            actor=actor.user,
            action="tasks.report",
            target=task,
            unit=task.unit,
            summary=f"反馈进展：{task.title}" + (f"（{progress}%）" if progress is not None else ""),
            changes={"progress": progress, "attachments": names},
        )
        notify_after_commit(
            recipients=[task.assigned_by.user],
            text=_("%(who)s reported progress on: %(title)s") % {"who": actor.name, "title": task.title},
            url=_url(task),
        )
    return task


def task_milestone_done(*, actor: Staff, milestone_id: int) -> TaskMilestone:
    with transaction.atomic():
        milestone = TaskMilestone.objects.select_for_update().filter(pk=milestone_id).first()
        if milestone is None:
            raise TaskError(_("This milestone cannot be found."))
        task = _lock(milestone.task_id)
        if not rules.is_handler(task, actor):
            raise TaskError(_("Only the people handling this task can mark a milestone done."))
        if task.status != TaskStatus.IN_PROGRESS:
            raise TaskError(_("Milestones can be marked only while the task is in progress."))
        if milestone.done_at is not None:
            raise TaskError(_("This milestone is already marked done."))
        milestone.done_at = timezone.now()
        milestone.save(update_fields=["done_at"])
        _event(task, TaskEvent.Kind.MILESTONE, actor, text=milestone.title, at=milestone.done_at)
        audit_record(
            actor=actor.user,
            action="tasks.milestone_done",
            target=task,
            unit=task.unit,
            summary=f"完成节点：{milestone.title}（{task.title}）",
            changes={"milestone": milestone.pk},
        )
    return milestone


# ---------------------------------------------------------------------------
# 办结申请 / 审核 / 销号


def task_completion_request(*, actor: Staff, task_id: int, text: str, files: Iterable = ()) -> Task:
    """Apply for completion (办结申请) with a summary and evidence attachments."""
    text = (text or "").strip()
    files = list(files)
    if not text:
        raise TaskError(_("Describe the result of the task."))
    with transaction.atomic():
        task = _lock(task_id)
        if not rules.is_handler(task, actor):
            raise TaskError(_("Only the lead section or the responsible people can apply for completion."))
        if task.status != TaskStatus.IN_PROGRESS:
            raise TaskError(_("Only a task in progress can be submitted for completion."))
        if TaskExtension.objects.filter(task=task, status=TaskExtension.Status.PENDING).exists():
            raise TaskError(_("An extension request is still pending; withdraw it before applying for completion."))
        now = timezone.now()
        event = _event(task, TaskEvent.Kind.COMPLETION_REQUESTED, actor, text=text, progress=100, at=now)
        names = _save_files(task=task, event=event, actor=actor, files=files)
        task.status = TaskStatus.COMPLETION_REQUESTED
        task.completion_requested_at = now
        task.completed_on = timezone.localdate(now)
        task.progress = 100
        fields = ["status", "completion_requested_at", "completed_on", "progress"]
        if task.started_at is None:
            task.started_at = now
            fields.append("started_at")
        task.save(update_fields=fields)
        audit_record(
            actor=actor.user,
            action="tasks.request_completion",
            target=task,
            unit=task.unit,
            summary=f"申请办结：{task.title}",
            changes={"attachments": names, "on_time": task.completed_on <= task.deadline},
        )
        notify_after_commit(
            recipients=[task.assigned_by.user],
            text=_("%(who)s applied to close off: %(title)s; please review") % {"who": actor.name, "title": task.title},
            url=_url(task),
        )
    return task


def task_close(*, actor: Staff, task_id: int, rating: str, comment: str = "") -> Task:
    """The assigner accepts the completion and closes the task off (办结/销号) with an evaluation."""
    if rating not in Rating.values:
        raise TaskError(_("Choose an evaluation."))
    comment = (comment or "").strip()
    with transaction.atomic():
        task = _lock(task_id)
        if not rules.can_review(task, actor):
            raise TaskError(_("Only the person who assigned this task can close it off."))
        if task.status != TaskStatus.COMPLETION_REQUESTED:
            raise TaskError(_("This task is not waiting for review; nothing was changed."))
        now = timezone.now()
        task.status = TaskStatus.CLOSED
        task.closed_at = now
        task.closed_by = actor
        task.rating = rating
        task.evaluation = comment
        task.save(update_fields=["status", "closed_at", "closed_by", "rating", "evaluation"])
        label = Rating(rating).label
        _event(task, TaskEvent.Kind.CLOSED, actor, text=f"{label}" + (f"：{comment}" if comment else ""), at=now)
        audit_record(
            actor=actor.user,
            action="tasks.close",
            target=task,
            unit=task.unit,
            summary=f"办结销号：{task.title}（评价：{label}）",
            changes={"rating": rating, "on_time": task.completed_on <= task.deadline},
        )
        notify_after_commit(
            recipients=_handlers(task),
            text=_("The task has been closed off: %(title)s (evaluation: %(rating)s)")
            % {"title": task.title, "rating": label},
            url=_url(task),
        )
    return task


def task_return(*, actor: Staff, task_id: int, reason: str) -> Task:
    """The assigner returns a completion request with reasons; the task is in progress again."""
    reason = (reason or "").strip()
    if not reason:
        raise TaskError(_("Give the reason for returning, so the section knows what to do."))
    with transaction.atomic():
        task = _lock(task_id)
        if not rules.can_review(task, actor):
            raise TaskError(_("Only the person who assigned this task can review it."))
        if task.status != TaskStatus.COMPLETION_REQUESTED:
            raise TaskError(_("This task is not waiting for review; nothing was changed."))
        now = timezone.now()
        task.status = TaskStatus.IN_PROGRESS
        task.completed_on = None
        task.completion_requested_at = None
        task.report_due_on = _report_due(timezone.localdate(now), task.report_cycle)
        task.save(update_fields=["status", "completed_on", "completion_requested_at", "report_due_on"])
        _event(task, TaskEvent.Kind.RETURNED, actor, text=reason, at=now)
        audit_record(
            actor=actor.user,
            action="tasks.return",
            target=task,
            unit=task.unit,
            summary=f"退回办结申请：{task.title}（理由：{reason}）",
            changes={"reason": reason},
        )
        notify_after_commit(
            recipients=_handlers(task),
            text=_("Completion of %(title)s was returned: %(why)s") % {"title": task.title, "why": reason},
            url=_url(task),
        )
    return task


def task_cancel(*, actor: Staff, task_id: int, reason: str) -> Task:
    """The assigner withdraws a task that is no longer needed (撤销); the reason is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise TaskError(_("Give the reason for cancelling."))
    with transaction.atomic():
        task = _lock(task_id)
        if task.assigned_by_id != actor.pk:
            raise TaskError(_("Only the person who assigned this task can cancel it."))
        if task.status in (TaskStatus.CLOSED, TaskStatus.CANCELLED):
            raise TaskError(_("This task is already finished."))
        task.status = TaskStatus.CANCELLED
        task.save(update_fields=["status"])
        _event(task, TaskEvent.Kind.CANCELLED, actor, text=reason)
        audit_record(
            actor=actor.user,
            action="tasks.cancel",
            target=task,
            unit=task.unit,
            summary=f"撤销任务：{task.title}（理由：{reason}）",
        )
        notify_after_commit(
            recipients=_handlers(task),
            text=_("The task %(title)s was cancelled: %(why)s") % {"title": task.title, "why": reason},
            url=_url(task),
        )
    return task


# ---------------------------------------------------------------------------
# 催办 / 升级


def task_urge(*, actor: Staff, task_id: int, text: str = "") -> Task:
    """Urge (催办) the lead section and responsible people; at most once per the unit's interval."""
    text = (text or "").strip()
    with transaction.atomic():
        task = _lock(task_id)
        if not rules.can_urge(task, actor):
            raise TaskError(_("Only the assigner, the supervision office or the leaders can urge this task."))
        if task.status not in OPEN_STATUSES or task.status == TaskStatus.COMPLETION_REQUESTED:
            raise TaskError(_("Only a task being handled can be urged."))
        now = timezone.now()
        interval = settings_for(task.unit_id).urge_interval_hours
        if task.last_urged_at is not None and now - task.last_urged_at < datetime.timedelta(hours=interval):
            raise TaskError(
                _("This task was urged less than %(hours)s hours ago; give the section time to respond.")
                % {"hours": interval}
            )
        task.last_urged_at = now
        task.urge_count += 1
        task.save(update_fields=["last_urged_at", "urge_count"])
        _event(task, TaskEvent.Kind.URGED, actor, text=text, at=now)
        audit_record(
            actor=actor.user,
            action="tasks.urge",
            target=task,
            unit=task.unit,
            summary=f"催办任务：{task.title}（第{task.urge_count}次）",
            changes={"text": text},
        )
        notify_after_commit(
            recipients=_handlers(task),
            text=_("%(who)s urges: %(title)s (due %(deadline)s)%(extra)s")
            % {
                "who": actor.name,
                "title": task.title,
                "deadline": cn_date(task.deadline),
                "extra": f" — {text}" if text else "",
            },
            url=_url(task),
        )
    return task


def task_supervision_sweep(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily job (tasks.tasks.supervise_tasks), idempotent:
    - escalate each task overdue longer than the unit's `escalation_days` to the lead section's
      supervising leader (or the principal leader) — once per task (`escalated_at`);
    - record every reporting cycle that passed without a progress report (once per cycle) and notify;
    - remind the lead section of tasks not signed for within `sign_for_hours` (each run while late)."""
    today = today or timezone.localdate()
    escalated = missed = reminded = 0
    for unit_id in Task.objects.filter(status__in=OPEN_STATUSES).values_list("unit_id", flat=True).distinct():
        conf = settings_for(unit_id)
        cutoff = today - datetime.timedelta(days=conf.escalation_days)
        due = Task.objects.filter(
            unit_id=unit_id,
            status__in=(TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS),
            deadline__lt=cutoff,
            escalated_at__isnull=True,
        ).values_list("pk", flat=True)
        for task_id in list(due):
            escalated += _escalate(task_id, today)
        missed += _record_missed_reports(unit_id, today)
        late = timezone.now() - datetime.timedelta(hours=conf.sign_for_hours)
        for task in Task.objects.filter(
            unit_id=unit_id, status=TaskStatus.ASSIGNED, assigned_at__lt=late
        ).select_related("lead_section__head__user"):
            notify_after_commit(
                recipients=_handlers(task),
                text=_("Not yet signed for: %(title)s — please sign for it") % {"title": task.title},
                url=_url(task),
            )
            reminded += 1
    return {"escalated": escalated, "missed_reports": missed, "sign_for_reminders": reminded}


def _escalate(task_id: int, today: datetime.date) -> int:
    with transaction.atomic():
        task = _lock(task_id)
        if task.escalated_at is not None or task.status not in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS):
            return 0
        now = timezone.now()
        task.escalated_at = now
        task.save(update_fields=["escalated_at"])
        leader = task.lead_section.supervisor or task.unit.principal_leader
        days = (today - task.deadline).days
        _event(task, TaskEvent.Kind.ESCALATED, None, text=leader.name if leader else "", at=now)
        audit_record(
            actor=None,
            action="tasks.escalate",
            target=task,
            unit=task.unit,
            summary=f"超期{days}天，提请分管领导督办：{task.title}",
            changes={"leader": leader.pk if leader else None, "days_overdue": days},
        )
        if leader is not None:
            notify_after_commit(
                recipients=[leader.user],
                text=_("Overdue %(days)s days, please supervise: %(title)s (lead section %(section)s)")
                % {"days": days, "title": task.title, "section": task.lead_section.name},
                url=_url(task),
            )
    return 1


def _record_missed_reports(unit_id: int, today: datetime.date) -> int:
    """One TaskMissedReport per cycle that ended without a report; one audit event per unit and run."""
    rows: list[tuple[Task, datetime.date]] = []
    tasks = Task.objects.filter(unit_id=unit_id, status=TaskStatus.IN_PROGRESS, report_due_on__lt=today).select_related(
        "lead_section__head__user"
    )
    for task in tasks:
        days = CYCLE_DAYS.get(task.report_cycle)
        if not days:
            continue
        due = task.report_due_on
        while due < today:
            rows.append((task, due))
            due += datetime.timedelta(days=days)
    if not rows:
        return 0
    created = 0
    with transaction.atomic():
        for task, due in rows:
            try:
                with transaction.atomic():
                    _row, new = TaskMissedReport.objects.get_or_create(
                        task=task, due_on=due, defaults={"lead_section_id": task.lead_section_id}
                    )
            except IntegrityError:
                new = False
            if not new:
                continue
            created += 1
            notify_after_commit(
                recipients=_handlers(task),
                text=_("A progress report on %(title)s was due on %(day)s and has not been filed")
                % {"title": task.title, "day": cn_date(due)},
                url=_url(task),
            )
        if created:
            audit_record(
                actor=None,
                action="tasks.missed_reports",
                unit=Unit.objects.get(pk=unit_id),
                summary=f"记录未按期反馈进展{created}次",
                changes={"count": created},
            )
    return created


# ---------------------------------------------------------------------------
# 延期 (through the approval mechanism)


def task_extension_request(*, actor: Staff, task_id: int, new_deadline: datetime.date, reason: str) -> TaskExtension:
    """Ask to move the deadline, before it has passed; the approval route decides."""
    reason = (reason or "").strip()
    if not reason:
        raise TaskError(_("Give the reason for moving the deadline."))
    with transaction.atomic():
        task = _lock(task_id)
        if not rules.is_handler(task, actor):
            raise TaskError(_("Only the lead section or the responsible people can ask for an extension."))
        if task.status not in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS):
            raise TaskError(_("An extension can be requested only while the task is being handled."))
        today = timezone.localdate()
        if task.deadline < today:
            raise TaskError(_("The deadline has passed; an extension must be requested before the deadline."))
        if new_deadline <= task.deadline:
            raise TaskError(_("The new deadline must be later than the current one."))
        if TaskExtension.objects.filter(
            task=task, status__in=(TaskExtension.Status.PENDING, TaskExtension.Status.RETURNED)
        ).exists():
            raise TaskError(_("An extension request for this task is already open."))
        extension = TaskExtension.objects.create(
            task=task, applicant=actor, old_deadline=task.deadline, new_deadline=new_deadline, reason=reason
        )
        try:
            approval_open(
                applicant=actor,
                kind=EXTENSION_KIND,
                target=extension,
                title=f"任务延期：{task.title}（至{cn_date(new_deadline)}）",
                days=Decimal((new_deadline - task.deadline).days),
            )
        except ApprovalError as exc:
            raise TaskError(str(exc))
        _event(task, TaskEvent.Kind.EXTENSION_REQUESTED, actor, text=f"申请延期至{cn_date(new_deadline)}：{reason}")
        audit_record(
            actor=actor.user,
            action="tasks.extension_request",
            target=task,
            unit=task.unit,
            summary=f"申请延期：{task.title}，由{cn_date(task.deadline)}延至{cn_date(new_deadline)}",
            changes={"extension": extension.pk, "old": task.deadline, "new": new_deadline},
        )
    return extension


def _lock_extension(*, actor: Staff, extension_id: int) -> tuple[TaskExtension, Approval]:
    extension, approval = approval_lock_with_target(TaskExtension.objects.filter(applicant=actor), extension_id)
    if extension is None:
        raise TaskError(_("This extension request cannot be found."))
    return extension, approval


def task_extension_withdraw(*, actor: Staff, extension_id: int) -> TaskExtension:
    with transaction.atomic():
        extension, approval = _lock_extension(actor=actor, extension_id=extension_id)
        if extension.status not in (TaskExtension.Status.PENDING, TaskExtension.Status.RETURNED):
            raise TaskError(_("This request has already been decided and cannot be withdrawn."))
        try:
            approval_withdraw(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise TaskError(str(exc))
        extension.status = TaskExtension.Status.WITHDRAWN
        extension.save(update_fields=["status"])
        audit_record(
            actor=actor.user,
            action="tasks.extension_withdraw",
            target=extension.task,
            unit=actor.unit,
            summary=f"撤回延期申请：{extension.task.title}",
        )
    return extension


def task_extension_resubmit(
    *, actor: Staff, extension_id: int, new_deadline: datetime.date, reason: str
) -> TaskExtension:
    reason = (reason or "").strip()
    if not reason:
        raise TaskError(_("Give the reason for moving the deadline."))
    with transaction.atomic():
        extension, approval = _lock_extension(actor=actor, extension_id=extension_id)
        if extension.status != TaskExtension.Status.RETURNED:
            raise TaskError(_("Only a request returned for revision can be resubmitted."))
        task = Task.objects.select_for_update().get(pk=extension.task_id)
        if task.deadline < timezone.localdate():
            raise TaskError(_("The deadline has passed; an extension must be requested before the deadline."))
        if new_deadline <= task.deadline:
            raise TaskError(_("The new deadline must be later than the current one."))
        extension.new_deadline = new_deadline
        extension.reason = reason
        extension.status = TaskExtension.Status.PENDING
        extension.save(update_fields=["new_deadline", "reason", "status"])
        approval.title = f"任务延期：{task.title}（至{cn_date(new_deadline)}）"
        approval.days = Decimal((new_deadline - task.deadline).days)
        approval.save(update_fields=["title", "days"])
        try:
            approval_reopen(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise TaskError(str(exc))
        audit_record(
            actor=actor.user,
            action="tasks.extension_resubmit",
            target=task,
            unit=task.unit,
            summary=f"修改后重新提交延期申请：{task.title}，延至{cn_date(new_deadline)}",
        )
    return extension


# Callbacks from the approval mechanism, inside its deciding transaction (it writes the audit event).
def on_extension_approved(extension: TaskExtension, approval, actor) -> None:
    extension.status = TaskExtension.Status.APPROVED
    extension.save(update_fields=["status"])
    task = Task.objects.select_for_update().get(pk=extension.task_id)
    fields = ["deadline", "extension_count"]
    task.deadline = max(task.deadline, extension.new_deadline)
    task.extension_count += 1
    if task.escalated_at is not None and task.deadline >= timezone.localdate():
        # A new deadline starts a new chance: escalate again if this one is missed too.
        task.escalated_at = None
        fields.append("escalated_at")
    task.save(update_fields=fields)
    TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.EXTENSION_APPROVED,
        actor=actor,
        text=f"期限延至{cn_date(extension.new_deadline)}",
        created_at=timezone.now(),
    )


def on_extension_rejected(extension: TaskExtension, approval, actor) -> None:
    extension.status = TaskExtension.Status.REJECTED
    extension.save(update_fields=["status"])
    TaskEvent.objects.create(
        task_id=extension.task_id, kind=TaskEvent.Kind.EXTENSION_REFUSED, actor=actor, created_at=timezone.now()
    )


on_extension_returned = set_status(TaskExtension.Status.RETURNED)


# ---------------------------------------------------------------------------
# Settings


def task_settings_update(
    *, actor: Staff, sign_for_hours: int, yellow_workdays: int, escalation_days: int, urge_interval_hours: int
) -> TaskSettings:
    with transaction.atomic():
        conf, _created = TaskSettings.objects.select_for_update().get_or_create(unit_id=actor.unit_id)
        before = {
            "sign_for_hours": conf.sign_for_hours,
            "yellow_workdays": conf.yellow_workdays,
            "escalation_days": conf.escalation_days,
            "urge_interval_hours": conf.urge_interval_hours,
        }
        after = {
            "sign_for_hours": sign_for_hours,
            "yellow_workdays": yellow_workdays,
            "escalation_days": escalation_days,
            "urge_interval_hours": urge_interval_hours,
        }
        for key, value in after.items():
            setattr(conf, key, value)
        conf.save(update_fields=list(after))
        audit_record(
            actor=actor.user,
            action="tasks.settings",
            target=conf,
            unit=actor.unit,
            summary="修改督查督办设置",
            changes={"before": before, "after": after},
        )
    return conf
