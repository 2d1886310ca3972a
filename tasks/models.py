"""Task supervision (督查督办): tasks assigned to sections, signed for, reported on, closed off.

A `Task` carries the facts (who, what, by when, which state, when each time point
happened); the traffic light (green / yellow / red) is never stored: it is computed
from those facts and today's date, in Python (`selectors.task_light`) and in SQL
(`selectors.with_light`). `TaskEvent` is the timeline; `TaskMissedReport` records
each reporting cycle that passed without a progress report (the daily job writes it).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TaskSource(models.TextChoices):
    LEADER_INSTRUCTION = "leader_instruction", _("Leader instruction")
    MEETING_DECISION = "meeting_decision", _("Affairs meeting decision")
    FROM_ABOVE = "from_above", _("Assignment from above")
    PLAN_ITEM = "plan_item", _("Quarterly plan item")
    DOCUMENT = "document", _("Document to handle")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("task status", "Drafted")
    ASSIGNED = "assigned", pgettext_lazy("task status", "Awaiting sign-for")
    IN_PROGRESS = "in_progress", pgettext_lazy("task status", "In progress")
    COMPLETION_REQUESTED = "completion_requested", pgettext_lazy("task status", "Completion requested")
    CLOSED = "closed", pgettext_lazy("task status", "Closed off")
    CANCELLED = "cancelled", pgettext_lazy("task status", "Cancelled")


OPEN_STATUSES = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETION_REQUESTED)


class TaskPriority(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("task priority", "Normal")
    KEY = "key", pgettext_lazy("task priority", "Key task")


class ReportCycle(models.TextChoices):
    NONE = "none", _("No periodic reports")
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Fortnightly")
    MONTHLY = "monthly", _("Monthly")


# Calendar days between progress reports.
CYCLE_DAYS = {ReportCycle.WEEKLY: 7, ReportCycle.FORTNIGHTLY: 14, ReportCycle.MONTHLY: 30}


class Rating(models.TextChoices):
    EXCELLENT = "excellent", pgettext_lazy("task rating", "Excellent")
    GOOD = "good", pgettext_lazy("task rating", "Good")
    FAIR = "fair", pgettext_lazy("task rating", "Fair")
    POOR = "poor", pgettext_lazy("task rating", "Poor")


class TaskSettings(models.Model):
    """Per-unit rules of supervision; a unit without a row uses the defaults below."""

    unit = models.OneToOneField(
        "org.Unit", on_delete=models.CASCADE, related_name="task_settings", verbose_name=_("unit")
    )
    sign_for_hours = models.PositiveSmallIntegerField(_("sign for within (hours)"), default=24)
    yellow_workdays = models.PositiveSmallIntegerField(
        _("yellow light this many working days before the deadline"), default=3
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("escalate to the supervising leader after this many days overdue"), default=3
    )
    urge_interval_hours = models.PositiveSmallIntegerField(_("minimum hours between two urgings"), default=4)

    class Meta:
        verbose_name = _("supervision settings")
        verbose_name_plural = _("supervision settings")

    def __str__(self) -> str:
        return f"{self.unit} 督办设置"


class Task(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("requirements"), max_length=5000, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=TaskSource.choices)
    lead_section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, related_name="led_tasks", verbose_name=_("lead section")
    )
    supporting_sections = models.ManyToManyField(
        "org.Section", related_name="supported_tasks", blank=True, verbose_name=_("supporting sections")
    )
    responsible = models.ManyToManyField(
        "org.Staff", related_name="responsible_tasks", blank=True, verbose_name=_("responsible people")
    )
    assigned_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="assigned_tasks", verbose_name=_("assigned by")
    )
    deadline = models.DateField(_("deadline"))
    priority = models.CharField(_("priority"), max_length=10, choices=TaskPriority.choices, default=TaskPriority.NORMAL)
    report_cycle = models.CharField(
        _("reporting cycle"), max_length=12, choices=ReportCycle.choices, default=ReportCycle.NONE
    )
    status = models.CharField(_("status"), max_length=24, choices=TaskStatus.choices, default=TaskStatus.DRAFT)
    # Origin: the plan item, meeting decision or document the task came from (model label + pk).
    origin_type = models.CharField(max_length=64, blank=True)
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Time points (REFERENCE.md §2: assigned, received, started, each report, completed, closed off).
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("signed for by")
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    last_report_at = models.DateTimeField(_("last progress report"), null=True, blank=True)
    # The date by which the next progress report is due (None: no cycle or not signed for yet).
    report_due_on = models.DateField(_("next report due"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Set when completion is requested (cleared if returned): on time means completed_on <= deadline.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_requested_at = models.DateTimeField(_("completion requested at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed off at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed off by")
    )
    rating = models.CharField(_("evaluation"), max_length=10, choices=Rating.choices, blank=True)
    evaluation = models.TextField(_("evaluation comment"), max_length=2000, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    last_urged_at = models.DateTimeField(_("last urged at"), null=True, blank=True)
    urge_count = models.PositiveSmallIntegerField(_("times urged"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("extensions granted"), default=0)
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["unit", "status", "deadline"], name="tasks_unit_status_deadline"),
            models.Index(fields=["lead_section", "status", "deadline"], name="tasks_lead_status_deadline"),
            models.Index(fields=["unit", "closed_at"], name="tasks_unit_closed"),
            models.Index(fields=["unit", "deadline"], name="tasks_unit_deadline"),
            models.Index(fields=["assigned_by", "status"], name="tasks_assigner_status"),
            models.Index(fields=["origin_type", "origin_id"], name="tasks_origin"),
            models.Index(fields=["status", "report_due_on"], name="tasks_report_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TaskMilestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("task"))
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class TaskEvent(models.Model):
    """One time point of a task's timeline; progress reports are events of kind REPORT."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Drafted")
        ASSIGNED = "assigned", pgettext_lazy("task event", "Assigned")
        SIGNED = "signed", pgettext_lazy("task event", "Signed for")
        REPORT = "report", _("Progress report")
        MILESTONE = "milestone", _("Milestone reached")
        URGED = "urged", pgettext_lazy("task event", "Urged")
        ESCALATED = "escalated", _("Escalated to the supervising leader")
        EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
        EXTENSION_APPROVED = "extension_approved", _("Deadline extension approved")
        EXTENSION_REFUSED = "extension_refused", _("Deadline extension not approved")
        COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
        RETURNED = "returned", _("Completion returned")
        CLOSED = "closed", pgettext_lazy("task event", "Closed off")
        CANCELLED = "cancelled", pgettext_lazy("task event", "Cancelled")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events", verbose_name=_("task"))
    kind = models.CharField(_("event"), max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    text = models.TextField(_("text"), max_length=5000, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        indexes = [models.Index(fields=["task", "kind", "created_at"], name="tasks_event_task_kind")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"


def attachment_path(instance: TaskAttachment, filename: str) -> str:
    # The stored name is not the user's file name (which is kept in `name`): no path tricks, no clashes.
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"tasks/{instance.task_id}/{uuid.uuid4().hex}.{suffix}"


class TaskAttachment(models.Model):
    """Evidence for a completion request (or a report). Stored under MEDIA_ROOT, served only through
    the access-checked download view."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("task"))
    event = models.ForeignKey(
        TaskEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments", verbose_name=_("event")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class TaskMissedReport(models.Model):
    """A reporting cycle that passed without a progress report ("拖着不办" made visible)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="missed_reports", verbose_name=_("task"))
    lead_section = models.ForeignKey("org.Section", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("report was due on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("missed progress report")
        verbose_name_plural = _("missed progress reports")
        constraints = [models.UniqueConstraint(fields=["task", "due_on"], name="tasks_missed_report_once")]
        indexes = [models.Index(fields=["lead_section", "due_on"], name="tasks_missed_section_due")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.due_on}"


class TaskExtension(models.Model):
    """A request to move the deadline (延期), decided through the approval mechanism."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("task"))
    applicant = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant"))
    old_deadline = models.DateField(_("current deadline"))
    new_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self) -> str:
        return f"延期申请：{self.task}（至{self.new_deadline:%Y年%m月%d日}）"
