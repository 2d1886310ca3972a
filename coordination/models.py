"""Coordination (统筹使用力量): help requests between sections and the borrowings they decide.

"哪个科室遇到大的任务忙不过来，由主管部长从分管科室协调人员；需要全体同志一起上的，由志海同志安排或部务会研究。"
A section head asks for people; the supervising leader lends staff from the other sections they supervise;
what they cannot fill goes to the executive deputy or the affairs meeting (a per-unit setting).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoordinationSettings(models.Model):
    """Per-unit choice of who decides when the supervising leader cannot fill a request."""

    class DecidingBody(models.TextChoices):
        EXECUTIVE_DEPUTY = "executive_deputy", _("The executive deputy")
        AFFAIRS_MEETING = "affairs_meeting", _("The affairs meeting")

    unit = models.OneToOneField(
        "org.Unit", on_delete=models.CASCADE, related_name="coordination_settings", verbose_name=_("unit")
    )
    deciding_body = models.CharField(
        _("deciding body when the supervising leader cannot fill a request"),
        max_length=20,
        choices=DecidingBody.choices,
        default=DecidingBody.EXECUTIVE_DEPUTY,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("coordination settings")
        verbose_name_plural = _("coordination settings")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_deciding_body_display()}"


class HelpRequest(models.Model):
    class Status(models.TextChoices):
        WITH_SUPERVISOR = "with_supervisor", pgettext_lazy("help request", "With the supervising leader")
        WITH_EXECUTIVE = "with_executive", pgettext_lazy("help request", "Escalated to the executive deputy")
        AT_MEETING = "at_meeting", pgettext_lazy("help request", "On the affairs meeting agenda")
        FILLED = "filled", pgettext_lazy("help request", "Filled")
        PARTLY_FILLED = "partly_filled", pgettext_lazy("help request", "Partly filled")
        CLOSED = "closed", pgettext_lazy("help request", "Closed")
        DECLINED = "declined", pgettext_lazy("help request", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("help request", "Withdrawn")

    OPEN = (Status.WITH_SUPERVISOR, Status.WITH_EXECUTIVE, Status.AT_MEETING)
    DECIDED = (Status.FILLED, Status.PARTLY_FILLED)

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, related_name="help_requests", verbose_name=_("requesting section")
    )
    requested_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="help_requests", verbose_name=_("requested by")
    )
    headcount = models.PositiveSmallIntegerField(_("number of people"))
    skills = models.CharField(_("skills needed"), max_length=200, blank=True)
    work = models.CharField(_("for what work"), max_length=200, blank=True)
    # The supervised task the people are needed for (督查督办), when the work is one.
    task = models.ForeignKey(
        "tasks.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("task")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.TextField(_("reason"), max_length=1000)
    spans_areas = models.BooleanField(_("needs people beyond the supervising leader's sections"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WITH_SUPERVISOR)
    # Who must act now (the supervising leader, then the executive deputy); empty while at the affairs meeting.
    assignee = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("waiting for")
    )
    agenda_item_id = models.PositiveIntegerField(_("agenda item"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("time decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="coordination_request_dates"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="coordination_request_headcount"),
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.section.name}请求协调{self.headcount}人（{self.starts_on}—{self.ends_on}）"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("coordination:detail", args=[self.pk])

    @property
    def status_colour(self) -> str:
        """The tag colour (UX.md): waiting blue, filled green, partly orange, declined red, ended grey."""
        return {
            self.Status.FILLED: "green",
            self.Status.PARTLY_FILLED: "orange",
            self.Status.DECLINED: "red",
            self.Status.CLOSED: "grey",
            self.Status.WITHDRAWN: "grey",
        }.get(self.status, "blue")

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class BorrowingQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> BorrowingQuerySet:
        """Active when start <= day <= end, unless ended early on or before the day. Computed, never stored."""
        return self.filter(starts_on__lte=day, ends_on__gte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date) -> BorrowingQuerySet:
        """Active on at least one day of the period."""
        return self.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).filter(
            Q(ended_on__isnull=True) | (Q(ended_on__gt=starts_on) & Q(ended_on__gt=F("starts_on")))
        )


class Borrowing(models.Model):
    """A person lent from one section to another for a period (借调). Ends by itself after `ends_on`."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.PROTECT, related_name="borrowings", verbose_name=_("help request")
    )
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="borrowings", verbose_name=_("staff member")
    )
    from_section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, related_name="lent_out", verbose_name=_("lent by")
    )
    to_section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, related_name="borrowed_in", verbose_name=_("lent to")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    decided_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    created_at = models.DateTimeField(_("time decided"), auto_now_add=True)
    # Ended early: not active from this day on (the person is back in their section that day).
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    ended_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ended by")
    )
    # Set by the daily job once both section heads were told it ended (keeps the job idempotent).
    end_notified_on = models.DateField(null=True, blank=True)

    objects = BorrowingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("borrowing")
        verbose_name_plural = _("borrowings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="coordination_borrowing_dates"),
            models.CheckConstraint(
                condition=~Q(from_section=F("to_section")), name="coordination_borrowing_other_section"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "starts_on", "ends_on"]),
            models.Index(fields=["staff", "starts_on", "ends_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.from_section}→{self.to_section}（{self.starts_on}—{self.ends_on}）"

    @property
    def last_day(self) -> datetime.date:
        if self.ended_on is not None:
            return min(self.ends_on, self.ended_on - datetime.timedelta(days=1))
        return self.ends_on

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on and (self.ended_on is None or day < self.ended_on)


class HelpRequestEvent(models.Model):
    """One line of a help request's timeline (who did what, when); the audit chain keeps the formal record."""

    class Action(models.TextChoices):
        SUBMIT = "submit", pgettext_lazy("help request", "Request submitted")
        ESCALATE = "escalate", pgettext_lazy("help request", "Escalated")
        FILL = "fill", pgettext_lazy("help request", "Staff assigned")
        DECLINE = "decline", pgettext_lazy("help request", "Declined")
        WITHDRAW = "withdraw", pgettext_lazy("help request", "Withdrawn")
        END_EARLY = "end_early", pgettext_lazy("help request", "Borrowing ended early")
        CLOSE = "close", pgettext_lazy("help request", "Closed at the end of the period")

    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    text = models.TextField(_("details"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("help request event")
        verbose_name_plural = _("help request events")

    def __str__(self) -> str:
        return f"{self.help_request_id} {self.action}"
