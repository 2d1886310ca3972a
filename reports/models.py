"""Quarterly reports and plans (季度汇报), meetings (部务会 / 全体干部大会), agenda items and decisions.

A section files one `QuarterlyReport` per quarter: the quarter's facts (prefilled from the platform and
frozen at submission), a narrative, and `PlanItem`s for the next quarter. The supervising leader reviews it
through the approval mechanism; on approval each plan item becomes a task (tasks app, origin = the item).
A `Meeting` has attendees, `AgendaItem`s (a report, a help request, ...), minutes and `Decision`s; a decision
becomes a task in one step. Agenda items for affairs meetings not yet planned wait with meeting=None.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * (quarter - 1) + 1
    start = datetime.date(year, first_month, 1)
    end = datetime.date(year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


class QuarterlyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("In review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")
        REJECTED = "rejected", _("Rejected")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, related_name="quarterly_reports", verbose_name=_("section")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    author = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    done_text = models.TextField(_("work done"), blank=True, max_length=10000)
    problems_text = models.TextField(_("problems"), blank=True, max_length=5000)
    next_steps_text = models.TextField(_("next steps"), blank=True, max_length=5000)
    # {"period": ..., "tasks": {...} | None, "attendance": {...} | None, "leave": {...} | None, "notes": [...]}
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    facts_at = models.DateTimeField(_("facts as of"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter", "section__order", "id"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(fields=["section", "year", "quarter"], name="reports_one_per_section_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="reports_quarter_1_4"),
        ]
        indexes = [models.Index(fields=["unit", "year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.section.name}{self.year}年第{self.quarter}季度工作汇报"

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return quarter_bounds(self.year, self.quarter)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def plan_year_quarter(self) -> tuple[int, int]:
        return next_quarter(self.year, self.quarter)


class PlanItem(models.Model):
    """One item of the next quarter's plan; becomes a task when the report is approved."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="plan_items")
    title = models.CharField(_("plan item"), max_length=200)
    lead_section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, related_name="+", verbose_name=_("lead section")
    )
    deadline = models.DateField(_("deadline"))
    responsible = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("responsible")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:detail", args=[self.report_id])


class Meeting(models.Model):
    class Kind(models.TextChoices):
        AFFAIRS = "affairs", pgettext_lazy("meeting kind", "Affairs meeting")
        ALL_STAFF = "all_staff", pgettext_lazy("meeting kind", "All-staff meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Minutes approved")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("minutes"), blank=True, max_length=50000)
    created_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["unit", "kind", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:meeting_detail", args=[self.pk])


class Attendee(models.Model):
    class Presence(models.TextChoices):
        EXPECTED = "expected", _("Expected")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        ON_LEAVE = "on_leave", _("On leave")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("attendee"))
    presence = models.CharField(_("attendance"), max_length=16, choices=Presence.choices, default=Presence.EXPECTED)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["meeting", "-staff__position", "staff__order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "staff"], name="reports_attendee_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.staff_id}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General item")
        QUARTERLY_REPORT = "quarterly_report", _("Quarterly report")
        HELP_REQUEST = "help_request", _("Help request")
        OTHER = "other", _("Other")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    # None: waiting for the next affairs meeting to be planned.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="agenda_items", verbose_name=_("meeting")
    )
    title = models.CharField(_("agenda item"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    presenter = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("presenter")
    )
    order = models.PositiveSmallIntegerField(default=0)
    # A link to what the item is about (a report, a help request, ...), kept as type + id + label + url.
    origin_type = models.CharField(max_length=64, blank=True)
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin_label = models.CharField(max_length=200, blank=True)
    origin_url = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("added by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = [
            models.Index(fields=["unit", "meeting"]),
            models.Index(fields=["origin_type", "origin_id"]),
        ]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """A decision of a meeting; `decision_make_task` turns it into a task (origin = the decision)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    text = models.TextField(_("decision"), max_length=2000)
    lead_section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, related_name="+", verbose_name=_("lead section")
    )
    deadline = models.DateField(_("deadline"))
    created_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    task_made_at = models.DateTimeField(_("task made at"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:meeting_detail", args=[self.meeting_id])
