"""Leave (请假 → 销假): per-unit leave types, a balance ledger, requests, extensions and cancellations.

A request is approved through the approvals mechanism (kind "leave"); so are its
extension (续假, kind "leave_extension") and its cancellation after approval (kind
"leave_cancellation"). Days taken are written to the ledger for every type, so the
ledger is the record of leave taken (it also decides the annual-leave exclusions);
only types with `has_balance` are limited by it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leave import defaults


class LeaveType(models.Model):
    class Code(models.TextChoices):
        ANNUAL = "annual", _("Annual leave")
        SICK = "sick", _("Sick leave")
        PERSONAL = "personal", _("Personal leave")
        MARRIAGE = "marriage", _("Marriage leave")
        BEREAVEMENT = "bereavement", _("Bereavement leave")
        MATERNITY = "maternity", _("Maternity leave")
        PATERNITY = "paternity", _("Paternity leave")
        HOME_VISIT = "home_visit", _("Home-visit leave")
        COMP_TIME = "comp_time", _("Comp time")

    class Counting(models.TextChoices):
        WORKDAYS = defaults.WORKDAYS, _("Working days (weekends and holidays not counted)")
        CALENDAR_DAYS = defaults.CALENDAR_DAYS, _("Calendar days (weekends and holidays counted)")

    class Allocation(models.TextChoices):
        NONE = defaults.ALLOCATION_NONE, _("No yearly allocation")
        FIXED = defaults.ALLOCATION_FIXED, _("A fixed number of days each year")
        YEARS_WORKED = defaults.ALLOCATION_YEARS_WORKED, _("By total years worked (annual leave)")

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    code = models.CharField(_("type"), max_length=16, choices=Code.choices)
    name = models.CharField(_("leave type name"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    counting = models.CharField(_("counting"), max_length=16, choices=Counting.choices, default=Counting.WORKDAYS)
    has_balance = models.BooleanField(_("limited by a balance"), default=False)
    allocation = models.CharField(
        _("yearly allocation"), max_length=16, choices=Allocation.choices, default=Allocation.NONE
    )
    allocation_days = models.DecimalField(
        _("days allocated each year"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    entitlement_tiers = models.JSONField(_("days by years worked"), default=list, blank=True)
    exclusion_personal_days = models.DecimalField(
        _("no annual leave after personal leave of (days)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    exclusion_sick_months = models.JSONField(
        _("no annual leave after sick leave of (months)"), default=list, blank=True
    )
    carry_over_max_days = models.DecimalField(
        _("unused days carried into the next year (at most)"), max_digits=5, decimal_places=1, default=0
    )
    carry_over_expires_month = models.PositiveSmallIntegerField(_("carried days expire at the end of month"), default=3)
    max_days_per_request = models.DecimalField(
        _("at most per request (days)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    needs_certificate_over_days = models.DecimalField(
        _("certificate required above (days)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    allows_backdating = models.BooleanField(_("may be requested afterwards"), default=False)
    backdating_max_days = models.PositiveSmallIntegerField(_("requested afterwards within (days)"), default=30)
    allows_half_days = models.BooleanField(_("half days allowed"), default=False)
    gender = models.CharField(_("only for"), max_length=1, blank=True, choices=[("F", _("Women")), ("M", _("Men"))])

    class Meta:
        ordering = ["unit", "order", "id"]
        verbose_name = _("leave type")
        verbose_name_plural = _("leave types")
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="leave_type_unique_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_workdays(self) -> bool:
        return self.counting == self.Counting.WORKDAYS


class LeavePolicy(models.Model):
    """A unit's leave settings beyond the types; a unit without a row uses the defaults."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    report_back_within_workdays = models.PositiveSmallIntegerField(
        _("report back within (working days after the leave ends)"), default=1
    )

    class Meta:
        verbose_name = _("leave policy")
        verbose_name_plural = _("leave policies")

    def __str__(self) -> str:
        return f"{self.unit} 请销假设置"


class LeaveRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REPORTED_BACK = "reported_back", _("Reported back")
        CANCELLED = "cancelled", _("Cancelled")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    staff = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="leave_requests", verbose_name=_("applicant")
    )
    leave_type = models.ForeignKey(LeaveType, on_delete=models.PROTECT, related_name="+", verbose_name=_("leave type"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    start_half = models.BooleanField(_("first day: afternoon only"), default=False)
    end_half = models.BooleanField(_("last day: morning only"), default=False)
    days = models.DecimalField(_("days"), max_digits=5, decimal_places=1)
    reason = models.TextField(_("reason"), max_length=1000)
    late_reason = models.TextField(_("why requested afterwards"), max_length=500, blank=True)
    certificate = models.FileField(_("certificate"), upload_to="leave/certificates/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    original_ends_on = models.DateField(_("originally to"), null=True, blank=True)
    report_back_due = models.DateField(_("report back by"), null=True, blank=True)
    reported_back_on = models.DateField(_("reported back on"), null=True, blank=True)
    actual_last_day = models.DateField(_("last day actually on leave"), null=True, blank=True)
    returned_days = models.DecimalField(_("days returned"), max_digits=5, decimal_places=1, default=Decimal(0))
    report_back_overdue = models.BooleanField(_("report back overdue"), default=False)
    overdue_flagged_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="leave_request_dates")
        ]
        indexes = [
            models.Index(fields=["unit", "status", "starts_on", "ends_on"]),
            models.Index(fields=["staff", "status", "starts_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.staff.name} {self.leave_type.name}（{self.starts_on:%Y-%m-%d}—{self.ends_on:%Y-%m-%d}）"

    @property
    def year(self) -> int:
        return self.starts_on.year

    @property
    def last_day_away(self) -> datetime.date:
        """The last day the person was (or will be) away: the actual one after an early return."""
        return self.actual_last_day or self.ends_on

    def phase(self, today: datetime.date) -> str:
        """What an approved request means today: not started, on leave, to report back, or overdue."""
        if self.status != self.Status.APPROVED:
            return self.status
        if today < self.starts_on:
            return "upcoming"
        if today <= self.ends_on:
            return "on_leave"
        if self.report_back_due and today > self.report_back_due:
            return "overdue"
        return "report_back"


class LeaveChange(models.Model):
    """What an extension and a cancellation share: a request about an approved leave, approved on its own."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    reason = models.TextField(_("reason"), max_length=1000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        abstract = True


class LeaveExtension(LeaveChange):
    """续假: more days at the end of an approved leave, asked before it ends."""

    request = models.ForeignKey(LeaveRequest, on_delete=models.PROTECT, related_name="extensions")
    previous_ends_on = models.DateField(_("was to"))
    previous_end_half = models.BooleanField(default=False)
    new_ends_on = models.DateField(_("extend to"))
    new_end_half = models.BooleanField(_("last day: morning only"), default=False)
    extra_days = models.DecimalField(_("extra days"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("leave extension")
        verbose_name_plural = _("leave extensions")

    def __str__(self) -> str:
        return f"{self.request.staff.name} 续假至{self.new_ends_on:%Y-%m-%d}"


class LeaveCancellation(LeaveChange):
    """Cancelling an approved leave before it starts; the days go back to the balance."""

    request = models.ForeignKey(LeaveRequest, on_delete=models.PROTECT, related_name="cancellations")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("leave cancellation")
        verbose_name_plural = _("leave cancellations")

    def __str__(self) -> str:
        return f"{self.request.staff.name} 取消{self.request.leave_type.name}"


class LeaveBalanceEntry(models.Model):
    """One line of a person's leave ledger for a type and year. Days are signed: credits positive.

    `effective_on` is when the line takes effect: January 1 (or the anniversary that raised
    the entitlement) for allocations, the leave's first day for use and return lines, so
    "days used before the carried days expired" is a plain date comparison.
    """

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", pgettext_lazy("leave ledger", "Yearly allocation")
        USE = "use", pgettext_lazy("leave ledger", "Used")
        RETURN = "return", pgettext_lazy("leave ledger", "Returned")
        CARRY_OVER = "carry_over", pgettext_lazy("leave ledger", "Carried over from last year")
        EXPIRY = "expiry", pgettext_lazy("leave ledger", "Expired")
        ADJUSTMENT = "adjustment", pgettext_lazy("leave ledger", "Adjustment")

    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member"))
    leave_type = models.ForeignKey(LeaveType, on_delete=models.PROTECT, related_name="+", verbose_name=_("leave type"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    days = models.DecimalField(_("days"), max_digits=6, decimal_places=1)
    effective_on = models.DateField(_("effective on"))
    request = models.ForeignKey(
        LeaveRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "id"]
        verbose_name = _("leave ledger entry")
        verbose_name_plural = _("leave ledger entries")
        indexes = [models.Index(fields=["staff", "year", "leave_type"])]
        constraints = [
            # The job and the services may both try to post these; the database keeps one.
            models.UniqueConstraint(
                fields=["staff", "leave_type", "year"],
                condition=models.Q(kind="carry_over"),
                name="leave_ledger_one_carry_over",
            ),
            models.UniqueConstraint(
                fields=["staff", "leave_type", "year"],
                condition=models.Q(kind="expiry"),
                name="leave_ledger_one_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.leave_type_id} {self.year} {self.kind} {self.days}"
