"""How many days a leave counts, asked of the work calendar (never counted here by hand).

Working-day types skip weekends and holidays and include make-up workdays (调休上班);
calendar-day types count every day. A half day (afternoon of the first day, morning of
the last) takes 0.5 off — only when that day counts at all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leave.models import LeaveType
from worktime import calendar

HALF = Decimal("0.5")


def fmt_days(days: Decimal | int | float) -> str:
    """3 → "3", 2.5 → "2.5"."""
    value = Decimal(str(days)).normalize()
    return f"{value:f}"


@dataclass
class DayCount:
    days: Decimal
    calendar_days: int
    workdays_counting: bool
    rest_days: int = 0
    holiday_days: int = 0
    holiday_names: list[str] = field(default_factory=list)
    makeup_days: int = 0

    def summary(self) -> str:
        """共计 3 个工作日（已扣除国庆节假日 5 天、周末 2 天）."""
        n = fmt_days(self.days)
        if not self.workdays_counting:
            return _("%(n)s days in total (calendar days: weekends and holidays included)") % {"n": n}
        text = _("%(n)s working days in total") % {"n": n}
        excluded = []
        if self.holiday_days:
            excluded.append(
                _("%(names)s holidays %(count)s days")
                % {"names": "、".join(self.holiday_names), "count": self.holiday_days}
            )
        if self.rest_days:
            excluded.append(
                ngettext("%(count)s weekend day", "%(count)s weekend days", self.rest_days) % {"count": self.rest_days}
            )
        parts = [_("excluding %(what)s") % {"what": "、".join(excluded)}] if excluded else []
        if self.makeup_days:
            parts.append(
                ngettext(
                    "including %(count)s make-up workday", "including %(count)s make-up workdays", self.makeup_days
                )
                % {"count": self.makeup_days}
            )
        if parts:
            text += "（" + "；".join(parts) + "）"
        return text


def _holiday_label(name: str) -> str:
    # The calendar names a day "国庆节"; strip a trailing "假期"/"假日" so "国庆节假日" reads once.
    for suffix in ("假期", "假日"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def count_days(
    leave_type: LeaveType,
    starts_on: datetime.date,
    ends_on: datetime.date,
    *,
    start_half: bool = False,
    end_half: bool = False,
) -> DayCount:
    """The days a leave of this type counts. Raises worktime.calendar.CalendarMissing for an unloaded year."""
    total = calendar.calendar_days(starts_on, ends_on)
    if not leave_type.is_workdays:
        days = Decimal(total)
        if start_half:
            days -= HALF
        if end_half and (ends_on != starts_on or not start_half):
            days -= HALF
        return DayCount(days=max(days, Decimal(0)), calendar_days=total, workdays_counting=False)

    workdays = calendar.working_days_list(starts_on, ends_on)
    working = set(workdays)
    result = DayCount(days=Decimal(len(workdays)), calendar_days=total, workdays_counting=True)
    names: list[str] = []
    day = starts_on
    while day <= ends_on:
        kind = calendar.day_kind(day)
        if kind == calendar.HOLIDAY:
            result.holiday_days += 1
            label = _holiday_label(calendar.holiday_name(day))
            if label and label not in names:
                names.append(label)
        elif kind == calendar.REST:
            result.rest_days += 1
        elif kind == calendar.MAKEUP_WORKDAY:
            result.makeup_days += 1
        day += datetime.timedelta(days=1)
    result.holiday_names = names
    if start_half and starts_on in working:
        result.days -= HALF
    if end_half and ends_on in working and (ends_on != starts_on or not start_half):
        result.days -= HALF
    result.days = max(result.days, Decimal(0))
    return result


def report_back_due(ends_on: datetime.date, within_workdays: int) -> datetime.date:
    """The day the person must report back by: the n-th working day after the leave ends (default the first).

    A year without a loaded calendar falls back to skipping weekends only, so an approval
    never fails for it; the date is set again when the leave is extended.
    """
    n = max(within_workdays, 1)
    try:
        return calendar.add_workdays(ends_on, n)
    except calendar.CalendarMissing:
        day = ends_on
        while n:
            day += datetime.timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return day
