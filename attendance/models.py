"""Attendance (考勤): punches, corrections (补卡), overtime, monthly sheets and fatigue flags.

A punch is a bare timestamp: whether it is an arrival or a departure, on time or
late, is decided by the derivation (attendance.derivation) from the day's hours
(worktime.policies), the work calendar (worktime.calendar) and the person's
absences (leave, going-out). Punches are insert-only — never updated; a missing
punch is added by an approved correction as a new punch of source "correction".
The database refuses UPDATE on the punch table (migration 0002).

Each person-day's status is derived on the fly; when the office locks a month,
the derived days are stored as `DayRecord`s so the locked sheet never changes.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceSettings(models.Model):
    """A unit's attendance rules; a unit without a row uses the defaults (see selectors.settings_for)."""

    class OvertimeMode(models.TextChoices):
        BEFORE = "before", _("Before the overtime (plan and approve first)")
        AFTER = "after", _("Afterwards (register work already done)")
        EITHER = "either", _("Before or afterwards")

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    allowed_networks = models.TextField(
        _("networks allowed to punch"),
        blank=True,
        help_text=_("One IP range per line in CIDR form, e.g. 10.12.0.0/16. Leave empty to allow any network."),
    )
    correction_monthly_limit = models.PositiveSmallIntegerField(_("corrections per month (at most)"), default=3)
    correction_deadline_workdays = models.PositiveSmallIntegerField(
        _("corrections within (working days after the day)"), default=5
    )
    overtime_mode = models.CharField(
        _("overtime is registered"), max_length=8, choices=OvertimeMode.choices, default=OvertimeMode.EITHER
    )
    overtime_after_workdays = models.PositiveSmallIntegerField(
        _("overtime registered afterwards within (working days)"), default=5
    )
    comp_time_hours_per_day = models.DecimalField(
        _("overtime hours per day of comp time"), max_digits=4, decimal_places=1, default=Decimal(8)
    )
    fatigue_week_hours = models.DecimalField(
        _("overtime hours per week (at most)"), max_digits=5, decimal_places=1, default=Decimal(12)
    )
    fatigue_month_hours = models.DecimalField(
        _("overtime hours per month (at most)"), max_digits=5, decimal_places=1, default=Decimal(36)
    )
    fatigue_max_consecutive_days = models.PositiveSmallIntegerField(
        _("consecutive working days without a rest day (at most)"), default=12
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance settings")
        verbose_name_plural = _("attendance settings")

    def __str__(self) -> str:
        return f"{self.unit_id} attendance settings"

    def networks(self) -> list[str]:
        return [line.strip() for line in self.allowed_networks.splitlines() if line.strip()]


class PunchQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("punches are insert-only")


class Punch(models.Model):
    """One punch: who, when, from where. Never updated (the model, the queryset and the database refuse)."""

    class Source(models.TextChoices):
        WEB = "web", _("Browser")
        PHONE = "phone", _("Phone")
        CORRECTION = "correction", _("Correction (补卡)")

    # No index of their own: the (staff, at) and (unit, at) indexes begin with them (core.db.indexes).
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"), db_index=False
    )
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="punches", verbose_name=_("staff"), db_index=False
    )
    at = models.DateTimeField(_("time"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    correction = models.OneToOneField(
        "Correction", on_delete=models.PROTECT, null=True, blank=True, related_name="punch"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = PunchQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("punch")
        verbose_name_plural = _("punches")
        indexes = [models.Index(fields=["staff", "at"]), models.Index(fields=["unit", "at"])]

    def __str__(self) -> str:
        return f"{self.staff_id}@{self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("punches are insert-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for revision")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Correction(models.Model):
    """补卡: a punch the person forgot, added when approved."""

    Status = RequestStatus

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="attendance_corrections", verbose_name=_("applicant")
    )
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("punch time"))
    reason = models.TextField(_("reason"), max_length=500)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("punch correction")
        verbose_name_plural = _("punch corrections")
        indexes = [models.Index(fields=["staff", "day"]), models.Index(fields=["unit", "status", "day"])]

    def __str__(self) -> str:
        return f"{self.staff.name} 补卡（{self.day.month}月{self.day.day}日）"


class Overtime(models.Model):
    """加班: registered before or after (by the unit's setting); approved overtime credits comp time (调休)."""

    Status = RequestStatus

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="overtime", verbose_name=_("applicant")
    )
    day = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    reason = models.TextField(_("work done"), max_length=500)
    registered_after = models.BooleanField(_("registered afterwards"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    comp_days = models.DecimalField(_("comp time credited (days)"), max_digits=4, decimal_places=1, default=0)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("overtime")
        verbose_name_plural = _("overtime")
        indexes = [models.Index(fields=["staff", "day"]), models.Index(fields=["unit", "status", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24), name="attendance_overtime_hours_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff.name} 加班（{self.day.month}月{self.day.day}日，{self.hours}小时）"


class MonthSheet(models.Model):
    """One month's sheet of a section (confirmed by its head), or of the unit itself (section empty: the lock).

    draft → confirmed (section head) → locked (office, Duty.ATTENDANCE, for the whole unit at once).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not confirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        LOCKED = "locked", _("Locked")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("section")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    confirmed_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("locked by")
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "-year", "-month", "section_id"]
        verbose_name = _("monthly attendance sheet")
        verbose_name_plural = _("monthly attendance sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "section", "year", "month"],
                condition=models.Q(section__isnull=False),
                name="attendance_sheet_one_per_section_month",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "month"],
                condition=models.Q(section__isnull=True),
                name="attendance_sheet_one_per_unit_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.section_id or '-'} {self.year}-{self.month:02d} {self.status}"


class DayRecord(models.Model):
    """A derived person-day, stored when the month is locked, so later edits (calendar, hours) never change it."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    section = models.ForeignKey("org.Section", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    day = models.DateField()
    status = models.CharField(max_length=16)
    am = models.CharField(max_length=16)
    pm = models.CharField(max_length=16)
    late = models.BooleanField(default=False)
    early = models.BooleanField(default=False)
    late_minutes = models.PositiveSmallIntegerField(default=0)
    early_minutes = models.PositiveSmallIntegerField(default=0)
    missing = models.PositiveSmallIntegerField(default=0)
    # What covered each half day (a leave type's code, a going-out destination), for the marks and figures.
    am_code = models.CharField(max_length=16, blank=True)
    am_name = models.CharField(max_length=100, blank=True)
    pm_code = models.CharField(max_length=16, blank=True)
    pm_name = models.CharField(max_length=100, blank=True)
    punches = models.CharField(max_length=200, blank=True)  # "08:21 12:02 14:25 18:03", Beijing time
    note = models.CharField(max_length=50, blank=True)
    makeup = models.BooleanField(default=False)

    class Meta:
        ordering = ["day", "staff_id"]
        constraints = [models.UniqueConstraint(fields=["staff", "day"], name="attendance_dayrecord_one_per_day")]
        indexes = [models.Index(fields=["unit", "day"])]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.day} {self.status}"


class FatigueFlag(models.Model):
    """Someone over a fatigue limit in a period; flagged once per person, limit and period."""

    class Kind(models.TextChoices):
        WEEK_HOURS = "week_hours", _("Overtime hours in a week")
        MONTH_HOURS = "month_hours", _("Overtime hours in a month")
        CONSECUTIVE_DAYS = "consecutive_days", _("Consecutive days without rest")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="fatigue_flags", verbose_name=_("staff")
    )
    kind = models.CharField(_("limit"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=20)  # 2026-W47, 2026-11, or the first day of a streak
    value = models.DecimalField(_("value"), max_digits=6, decimal_places=1)
    limit = models.DecimalField(_("limit"), max_digits=6, decimal_places=1)
    detail = models.CharField(_("why"), max_length=500)
    created_at = models.DateTimeField(_("flagged at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fatigue flag")
        verbose_name_plural = _("fatigue flags")
        constraints = [
            models.UniqueConstraint(fields=["staff", "kind", "period"], name="attendance_fatigue_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.kind} {self.period}"
