"""The work calendar and the work-hour policies.

The calendar is national and stores only exceptions: a Monday–Friday is a
workday and a Saturday/Sunday a rest day unless a `CalendarDay` says otherwise
(a holiday, or a make-up workday — 调休上班). A year counts as loaded only when
its `CalendarYear` row exists; a year without one is *missing*, never "all
normal weeks" (see worktime.calendar.CalendarMissing).

Work-hour policies are versioned per unit: a version applies from its
`effective_from` until the next version's, so a change never rewrites a past day.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONTH_DAY_VALIDATOR = RegexValidator(
    r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", _("Write the date as MM-DD, e.g. 05-01.")
)


def new_version() -> str:
    return uuid.uuid4().hex


class CalendarYear(models.Model):
    class Source(models.TextChoices):
        SEEDED = "seeded", _("Built in (chinesecalendar)")
        IMPORTED = "imported", _("Imported from a file")
        MANUAL = "manual", _("Entered by hand")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    loaded_at = models.DateTimeField(_("loaded at"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # A fresh random token on every change. Workers compare it with their cached copy
    # (worktime.calendar); a random token, unlike a counter or a timestamp, never
    # repeats after a rollback or under a frozen test clock.
    version = models.CharField(max_length=32, default=new_version)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return f"{self.year}年工作日历"


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        MAKEUP_WORKDAY = "makeup_workday", _("Make-up workday")

    calendar_year = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("calendar year")
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(pgettext_lazy("worktime", "kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(pgettext_lazy("worktime", "name"), max_length=30)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"


class WorkHourPolicy(models.Model):
    """One version of a unit's working hours, in force from `effective_from` until the next version's."""

    class Punches(models.TextChoices):
        FOUR = "4", _("Four punches (morning in/out, afternoon in/out)")
        TWO = "2", _("Two punches (start and end of the day)")

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="work_hour_policies", verbose_name=_("unit")
    )
    effective_from = models.DateField(_("effective from"))
    name = models.CharField(pgettext_lazy("worktime", "name"), max_length=50)
    summer_from = models.CharField(_("summer hours from (MM-DD)"), max_length=5, validators=[MONTH_DAY_VALIDATOR])
    winter_from = models.CharField(_("winter hours from (MM-DD)"), max_length=5, validators=[MONTH_DAY_VALIDATOR])
    summer_morning_start = models.TimeField(_("summer morning start"))
    summer_morning_end = models.TimeField(_("summer morning end"))
    summer_afternoon_start = models.TimeField(_("summer afternoon start"))
    summer_afternoon_end = models.TimeField(_("summer afternoon end"))
    winter_morning_start = models.TimeField(_("winter morning start"))
    winter_morning_end = models.TimeField(_("winter morning end"))
    winter_afternoon_start = models.TimeField(_("winter afternoon start"))
    winter_afternoon_end = models.TimeField(_("winter afternoon end"))
    grace_minutes_late = models.PositiveSmallIntegerField(
        _("grace minutes for arriving late"), validators=[MaxValueValidator(120)]
    )
    grace_minutes_early = models.PositiveSmallIntegerField(
        _("grace minutes for leaving early"), validators=[MaxValueValidator(120)]
    )
    required_punches = models.CharField(_("required punches"), max_length=1, choices=Punches.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["unit", "-effective_from"]
        verbose_name = _("work-hour policy")
        verbose_name_plural = _("work-hour policies")
        constraints = [
            models.UniqueConstraint(fields=["unit", "effective_from"], name="worktime_policy_unique_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_default(self) -> bool:
        """The built-in fallback (never saved) used while a unit has no version of its own."""
        return self.pk is None

    def in_effect_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day

    def season_on(self, day: datetime.date) -> str:
        """'summer' from `summer_from` (inclusive) up to `winter_from`, 'winter' otherwise."""
        month_day = f"{day.month:02d}-{day.day:02d}"
        return "summer" if self.summer_from <= month_day < self.winter_from else "winter"

    def times(self, season: str) -> tuple[datetime.time, datetime.time, datetime.time, datetime.time]:
        return (
            getattr(self, f"{season}_morning_start"),
            getattr(self, f"{season}_morning_end"),
            getattr(self, f"{season}_afternoon_start"),
            getattr(self, f"{season}_afternoon_end"),
        )
