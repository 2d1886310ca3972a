"""The fatigue guard ("不提倡打疲劳战"): who is over the unit's limits, and why.

Three limits per unit (AttendanceSettings): approved overtime hours in the week
(Monday–Sunday) and in the calendar month of the day asked about, and the number
of consecutive days worked without a rest day. A day counts as worked when it
is a working day not wholly on leave, or any day with approved overtime — so
weekend overtime breaks no streak. Read in a few queries per unit.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from attendance import derivation as d
from attendance import monthly, selectors
from attendance.models import AttendanceSettings, FatigueFlag
from core.text import cn_month_day as _md
from org.models import Staff, Unit
from worktime.calendar import day_kind

STREAK_WINDOW_DAYS = 62
ZERO = Decimal(0)


@dataclass
class Finding:
    staff: Staff
    kind: str
    period: str
    value: Decimal
    limit: Decimal
    detail: str
    days: list[tuple[datetime.date, Decimal]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return FatigueFlag.Kind(self.kind).label


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _list(days: Sequence[tuple[datetime.date, Decimal]]) -> str:
    return "、".join(f"{_md(day)} {_hours(h)}小时" for day, h in days)


def findings_for_people(people: Sequence[Staff], settings: AttendanceSettings, today: datetime.date) -> list[Finding]:
    """Everyone in `people` over a limit on `today`. Raises CalendarMissing if the streak window needs a
    year whose calendar is not loaded."""
    if not people:
        return []
    monday = today - datetime.timedelta(days=today.weekday())
    sunday = monday + datetime.timedelta(days=6)
    month_first = today.replace(day=1)
    month_last = today.replace(day=pycalendar.monthrange(today.year, today.month)[1])
    window_first = today - datetime.timedelta(days=STREAK_WINDOW_DAYS)
    first, last = min(window_first, monday, month_first), max(sunday, month_last)
    ids = [p.pk for p in people]
    overtime = selectors.overtime_by_day(ids, first, last)
    away = monthly.absences(ids, window_first, today)
    window = [window_first + datetime.timedelta(days=n) for n in range(STREAK_WINDOW_DAYS + 1)]
    working = {day: day_kind(day) in d.WORKDAY_KINDS for day in window}
    iso = today.isocalendar()
    findings: list[Finding] = []
    for person in people:
        own = overtime.get(person.pk, {})
        week_days = sorted((day, h) for day, h in own.items() if monday <= day <= sunday)
        week_total = sum((h for _day, h in week_days), ZERO)
        if week_total > settings.fatigue_week_hours:
            findings.append(
                Finding(
                    staff=person,
                    kind=FatigueFlag.Kind.WEEK_HOURS,
                    period=f"{iso.year}-W{iso.week:02d}",
                    value=week_total,
                    limit=settings.fatigue_week_hours,
                    detail=_(
                        "%(total)s hours of overtime in the week of %(monday)s–%(sunday)s, over the limit of "
                        "%(limit)s hours: %(days)s"
                    )
                    % {
                        "total": _hours(week_total),
                        "monday": _md(monday),
                        "sunday": _md(sunday),
                        "limit": _hours(settings.fatigue_week_hours),
                        "days": _list(week_days),
                    },
                    days=week_days,
                )
            )
        month_days = sorted((day, h) for day, h in own.items() if month_first <= day <= month_last)
        month_total = sum((h for _day, h in month_days), ZERO)
        if month_total > settings.fatigue_month_hours:
            findings.append(
                Finding(
                    staff=person,
                    kind=FatigueFlag.Kind.MONTH_HOURS,
                    period=f"{today.year}-{today.month:02d}",
                    value=month_total,
                    limit=settings.fatigue_month_hours,
                    detail=_("%(total)s hours of overtime in %(month)s, over the limit of %(limit)s hours: %(days)s")
                    % {
                        "total": _hours(month_total),
                        "month": f"{today.year}年{today.month}月",
                        "limit": _hours(settings.fatigue_month_hours),
                        "days": _list(month_days),
                    },
                    days=month_days,
                )
            )
        own_away = away.get(person.pk, {})
        streak: list[datetime.date] = []
        day = today
        while day >= window_first:
            on_leave = False
            covering = own_away.get(day)
            if covering:
                am, pm = d.halves_of(covering)
                on_leave = am is not None and pm is not None and am.kind == d.LEAVE and pm.kind == d.LEAVE
            worked = day in own or (working[day] and not on_leave)
            if not worked:
                break
            streak.append(day)
            day -= datetime.timedelta(days=1)
        if len(streak) > settings.fatigue_max_consecutive_days:
            start = streak[-1]
            rest_worked = sorted((day, own[day]) for day in streak if not working[day] and day in own)
            detail = _(
                "%(n)s consecutive days worked without a rest day (%(start)s–%(end)s), over the limit of %(limit)s days"
            ) % {
                "n": len(streak),
                "start": _md(start),
                "end": _md(today),
                "limit": settings.fatigue_max_consecutive_days,
            }
            if rest_worked:
                detail += _("; overtime on rest days: %(days)s") % {"days": _list(rest_worked)}
            findings.append(
                Finding(
                    staff=person,
                    kind=FatigueFlag.Kind.CONSECUTIVE_DAYS,
                    period=start.isoformat(),
                    value=Decimal(len(streak)),
                    limit=Decimal(settings.fatigue_max_consecutive_days),
                    detail=detail,
                    days=rest_worked,
                )
            )
    return findings


def findings_for_unit(unit: Unit, today: datetime.date) -> list[Finding]:
    people = list(
        Staff.objects.filter(unit=unit).select_related("user", "section__head__user", "section__supervisor__user")
    )
    return findings_for_people(people, selectors.settings_for(unit), today)
