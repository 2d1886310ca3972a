"""Reads for the work-calendar and work-hour screens."""

from __future__ import annotations

import calendar as stdcal
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts.models import Duty
from org.models import Staff, Unit
from worktime.models import CalendarDay, CalendarYear, WorkHourPolicy


def calendar_years() -> QuerySet[CalendarYear]:
    """Loaded years, newest first, with their counts of holidays and make-up workdays (one query)."""
    return (
        CalendarYear.objects.select_related("loaded_by")
        .annotate(
            holiday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
            makeup_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.MAKEUP_WORKDAY)),
        )
        .order_by("-year")
    )  # explicit: Meta.ordering does not apply to an aggregated query


def year_days(calendar_year: CalendarYear) -> list[CalendarDay]:
    return list(calendar_year.days.order_by("date"))


def calendar_keepers(unit: Unit) -> list[str]:
    """Names of the unit's people who may load the calendar (the business settings duty)."""
    people = Staff.objects.filter(unit=unit, user__duty_grants__duty=Duty.BUSINESS_SETTINGS, user__is_active=True)
    return list(people.order_by("-position", "order", "id").values_list("user__full_name", flat=True))


@dataclass
class Cell:
    day: datetime.date
    in_month: bool
    kind: str  # workday / rest / holiday / makeup_workday
    name: str
    is_today: bool


@dataclass
class Month:
    number: int
    weeks: list[list[Cell]]
    holidays: int
    makeups: int


def year_months(year: int, days: list[CalendarDay], today: datetime.date) -> list[Month]:
    """Twelve month grids, weeks starting on Monday, each day with its kind in this calendar."""
    by_date = {entry.date: entry for entry in days}
    grid = stdcal.Calendar(firstweekday=0)
    months = []
    for number in range(1, 13):
        weeks = []
        for week in grid.monthdatescalendar(year, number):
            row = []
            for day in week:
                entry = by_date.get(day) if day.month == number else None
                if entry is not None:
                    kind, name = entry.kind, entry.name
                else:
                    kind, name = ("workday" if day.weekday() < 5 else "rest"), ""
                row.append(Cell(day=day, in_month=day.month == number, kind=kind, name=name, is_today=day == today))
            weeks.append(row)
        in_month = [entry for entry in days if entry.date.month == number]
        months.append(
            Month(
                number=number,
                weeks=weeks,
                holidays=sum(1 for e in in_month if e.kind == CalendarDay.Kind.HOLIDAY),
                makeups=sum(1 for e in in_month if e.kind == CalendarDay.Kind.MAKEUP_WORKDAY),
            )
        )
    return months


def unit_policies(unit: Unit) -> list[WorkHourPolicy]:
    """The unit's versions, newest start first, with who created each (one query)."""
    return list(WorkHourPolicy.objects.filter(unit=unit).select_related("created_by").order_by("-effective_from"))


def policy_states(versions: list[WorkHourPolicy], today: datetime.date) -> dict[int, str]:
    """Each version's state on `today`: 'current' (in force), 'future' (not yet), 'past' (superseded)."""
    states: dict[int, str] = {}
    current_found = False
    for version in versions:  # newest start first
        if version.effective_from > today:
            states[version.pk] = "future"
        elif not current_found:
            states[version.pk] = "current"
            current_found = True
        else:
            states[version.pk] = "past"
    return states
