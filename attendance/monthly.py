"""A month of derived days for many people at once — the sheet, the figures and the city-wide run.

Everything the derivation needs is read in a handful of queries whatever the
number of people: the calendar (cached by worktime), each unit's hours (one query
per unit, cached by worktime), the punches as (staff, epoch seconds) rows, the
approved leave and going-out reports overlapping the month. Then each
person-day is derived in plain Python (attendance.derivation.derive).

Locked months are read from their stored `DayRecord`s instead: a locked sheet
never changes when the calendar or the hours are edited later.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from attendance import derivation as d
from attendance.models import DayRecord, MonthSheet
from worktime.calendar import day_kind, holiday_name
from worktime.policies import schedule_for

# Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a punch's local day is plain arithmetic.
SHANGHAI_OFFSET = 8 * 3600
DAY = 86400
CHUNK = 900  # ids per IN (...) list: under every database's parameter limit


def month_days(year: int, month: int) -> list[datetime.date]:
    last = pycalendar.monthrange(year, month)[1]
    return [datetime.date(year, month, n) for n in range(1, last + 1)]


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=d.SHANGHAI)


def punch_stamps(
    staff_ids: Sequence[int], first: datetime.date, last: datetime.date
) -> dict[int, dict[int, list[int]]]:
    """{staff_id: {day ordinal: [epoch seconds, sorted]}} for punches from `first` to `last` (Beijing days).

    Raw SQL returning epoch seconds: turning hundreds of thousands of timestamps into
    datetime objects would cost more than the whole derivation.
    """
    start = _local_midnight(first)
    end = _local_midnight(last + datetime.timedelta(days=1))
    if connection.vendor == "postgresql":
        expr = "CAST(EXTRACT(EPOCH FROM at) AS BIGINT)"
    elif connection.vendor == "sqlite":
        expr = "CAST(strftime('%%s', at) AS INTEGER)"
    else:  # pragma: no cover - other databases go through the ORM
        return _punch_stamps_orm(staff_ids, start, end)
    result: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    ops = connection.ops
    with connection.cursor() as cursor:
        for ids in _chunks(staff_ids):
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT staff_id, {expr} FROM attendance_punch "  # noqa: S608 - only placeholders are interpolated
                f"WHERE staff_id IN ({marks}) AND at >= %s AND at < %s",
                [*ids, ops.adapt_datetimefield_value(start), ops.adapt_datetimefield_value(end)],
            )
            for staff_id, stamp in cursor.fetchall():
                stamp = int(stamp)
                result[staff_id][(stamp + SHANGHAI_OFFSET) // DAY].append(stamp)
    for by_day in result.values():
        for stamps in by_day.values():
            stamps.sort()
    return result


def _punch_stamps_orm(staff_ids, start, end):  # pragma: no cover
    from attendance.models import Punch

    result: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for ids in _chunks(staff_ids):
        for staff_id, at in Punch.objects.filter(staff_id__in=ids, at__gte=start, at__lt=end).values_list(
            "staff_id", "at"
        ):
            stamp = int(at.timestamp())
            result[staff_id][(stamp + SHANGHAI_OFFSET) // DAY].append(stamp)
    for by_day in result.values():
        for stamps in by_day.values():
            stamps.sort()
    return result


def day_ordinal(day: datetime.date) -> int:
    """The day number `punch_stamps` files a day's punches under."""
    return (int(_local_midnight(day).timestamp()) + SHANGHAI_OFFSET) // DAY


def absences(
    staff_ids: Sequence[int], first: datetime.date, last: datetime.date
) -> dict[int, dict[datetime.date, list[d.Absence]]]:
    """Approved leave and going-out reports covering days from `first` to `last`: {staff: {day: [Absence]}}."""
    from goingout.models import GoingOutReport
    from leave.models import LeaveRequest

    result: dict[int, dict[datetime.date, list[d.Absence]]] = defaultdict(lambda: defaultdict(list))
    one = datetime.timedelta(days=1)
    for ids in _chunks(staff_ids):
        leave_rows = LeaveRequest.objects.filter(
            staff_id__in=ids,
            status__in=[LeaveRequest.Status.APPROVED, LeaveRequest.Status.REPORTED_BACK],
            starts_on__lte=last,
            ends_on__gte=first,
        ).values_list(
            "staff_id",
            "starts_on",
            "ends_on",
            "start_half",
            "end_half",
            "status",
            "actual_last_day",
            "leave_type__code",
            "leave_type__name",
        )
        for staff_id, starts, ends, start_half, end_half, status, actual_last, code, name in leave_rows:
            # An early return ends the leave on the actual last day, a whole day (leave.services).
            if status == LeaveRequest.Status.REPORTED_BACK and actual_last and actual_last < ends:
                ends, end_half = actual_last, False
            day = max(starts, first)
            while day <= min(ends, last):
                halves = set(d.BOTH)
                if day == starts and start_half:
                    halves.discard(d.AM)
                if day == ends and end_half:
                    halves.discard(d.PM)
                if halves:
                    result[staff_id][day].append(d.Absence(d.LEAVE, frozenset(halves), code, name))
                day += one
        report_rows = GoingOutReport.objects.filter(
            staff_id__in=ids, status=GoingOutReport.Status.APPROVED, starts_on__lte=last, ends_on__gte=first
        ).values_list("staff_id", "starts_on", "ends_on", "purpose", "destination")
        for staff_id, starts, ends, purpose, destination in report_rows:
            kind = d.TRIP if purpose == GoingOutReport.Purpose.WORK else d.GOING_OUT
            absence = d.Absence(kind, d.BOTH, purpose, destination)
            day = max(starts, first)
            while day <= min(ends, last):
                result[staff_id][day].append(absence)
                day += one
    return result


@dataclass
class DayInfo:
    day: datetime.date
    kind: str
    note: str

    @property
    def is_working(self) -> bool:
        return self.kind in d.WORKDAY_KINDS


def day_infos(days: Sequence[datetime.date]) -> list[DayInfo]:
    """Each day's calendar kind and name. Raises worktime.calendar.CalendarMissing for a year not loaded."""
    return [DayInfo(day, day_kind(day), holiday_name(day)) for day in days]


def derive_people(
    people: Sequence[tuple[int, int]],
    days: Sequence[datetime.date],
    *,
    now: datetime.datetime | None = None,
) -> dict[int, list[d.DayStatus]]:
    """Derive `days` (consecutive) for `people` = [(staff_id, unit_id)]: {staff_id: [DayStatus per day]}."""
    if not days:
        return {}
    now = now or timezone.now()
    now_ts = int(now.timestamp())
    infos = day_infos(days)
    ids = [staff_id for staff_id, _unit in people]
    stamps = punch_stamps(ids, days[0], days[-1])
    away = absences(ids, days[0], days[-1])
    ordinals = [day_ordinal(info.day) for info in infos]
    bounds: dict[int, list[d.Bounds | None]] = {}
    for unit_id in {unit for _staff, unit in people}:
        bounds[unit_id] = [
            d.Bounds.from_schedule(schedule_for(unit_id, info.day)) if info.is_working else None for info in infos
        ]
    empty: dict = {}
    derive = d.derive
    halves_of = d.halves_of
    result: dict[int, list[d.DayStatus]] = {}
    for staff_id, unit_id in people:
        own_stamps = stamps.get(staff_id, empty)
        own_away = away.get(staff_id, empty)
        unit_bounds = bounds[unit_id]
        row = []
        for index, info in enumerate(infos):
            covering = own_away.get(info.day)
            am, pm = halves_of(covering) if covering else (None, None)
            row.append(
                derive(
                    info.day,
                    info.kind,
                    unit_bounds[index],
                    own_stamps.get(ordinals[index], ()),
                    am,
                    pm,
                    now_ts,
                    info.note,
                )
            )
        result[staff_id] = row
    return result


# ---------------------------------------------------------------------------
# Locked months: stored day records


def _absence_of(code: str, kind_code: str, name: str) -> d.Absence | None:
    if kind_code not in d.ABSENCE_KINDS:
        return None
    return d.Absence(kind_code, d.BOTH, code, name)


def record_from_status(status: d.DayStatus, *, staff_id: int, unit_id: int, section_id: int | None) -> DayRecord:
    stamps = " ".join(str(p) for p in status.punches)
    while len(stamps) > 200:  # a day with more than 18 punches keeps its first and last ones
        parts = stamps.split()
        stamps = " ".join(parts[:1] + parts[2:])
    return DayRecord(
        unit_id=unit_id,
        staff_id=staff_id,
        section_id=section_id,
        day=status.day,
        status=status.status,
        am=status.am,
        pm=status.pm,
        late=status.late,
        early=status.early,
        late_minutes=min(status.late_minutes, 32767),
        early_minutes=min(status.early_minutes, 32767),
        missing=status.missing,
        am_code=status.am_absence.code if status.am_absence else "",
        am_name=(status.am_absence.name if status.am_absence else "")[:100],
        pm_code=status.pm_absence.code if status.pm_absence else "",
        pm_name=(status.pm_absence.name if status.pm_absence else "")[:100],
        punches=stamps,
        note=status.note[:50],
        makeup=status.makeup,
    )


RECORD_FIELDS = (
    "staff_id",
    "day",
    "status",
    "am",
    "pm",
    "late",
    "early",
    "late_minutes",
    "early_minutes",
    "missing",
    "am_code",
    "am_name",
    "pm_code",
    "pm_name",
    "punches",
    "note",
    "makeup",
)


def stored_days(staff_ids: Sequence[int], days: Sequence[datetime.date]) -> dict[int, list[d.DayStatus]]:
    """Stored days of a locked month, read as plain rows (thousands of model instances would cost more)."""
    by_staff: dict[int, dict[datetime.date, d.DayStatus]] = defaultdict(dict)
    for ids in _chunks(staff_ids):
        rows = DayRecord.objects.filter(staff_id__in=ids, day__gte=days[0], day__lte=days[-1]).order_by()
        for (
            staff_id,
            day,
            status,
            am,
            pm,
            late,
            early,
            late_min,
            early_min,
            missing,
            am_code,
            am_name,
            pm_code,
            pm_name,
            punches,
            note,
            makeup,
        ) in rows.values_list(*RECORD_FIELDS):
            by_staff[staff_id][day] = d.DayStatus(
                day=day,
                status=status,
                am=am,
                pm=pm,
                late=late,
                early=early,
                late_minutes=late_min,
                early_minutes=early_min,
                missing=missing,
                am_absence=_absence_of(am_code, am, am_name),
                pm_absence=_absence_of(pm_code, pm, pm_name),
                punches=tuple(int(p) for p in punches.split()) if punches else (),
                note=note,
                makeup=makeup,
            )
    result = {}
    for staff_id in staff_ids:
        own = by_staff.get(staff_id, {})
        result[staff_id] = [
            own.get(day) or d.DayStatus(day=day, status=d.PENDING, am=d.PENDING, pm=d.PENDING) for day in days
        ]
    return result


def locked_unit_ids(unit_ids: Iterable[int], year: int, month: int) -> set[int]:
    return set(
        MonthSheet.objects.filter(
            unit_id__in=list(unit_ids), section__isnull=True, year=year, month=month, status=MonthSheet.Status.LOCKED
        ).values_list("unit_id", flat=True)
    )


def month_statuses(
    people: Sequence[tuple[int, int]], year: int, month: int, *, now: datetime.datetime | None = None
) -> dict[int, list[d.DayStatus]]:
    """The month of each (staff_id, unit_id): stored for locked units, derived for the others."""
    days = month_days(year, month)
    locked = locked_unit_ids({unit for _s, unit in people}, year, month)
    result = {}
    if locked:
        result.update(stored_days([s for s, unit in people if unit in locked], days))
    open_people = [(s, unit) for s, unit in people if unit not in locked]
    if open_people:
        result.update(derive_people(open_people, days, now=now))
    return result


def derive_month(scope, year: int, month: int, *, now: datetime.datetime | None = None):
    """Derive a month for everyone in `scope` — a Unit, a Section, or a list of units (objects or ids).

    Returns {staff_id: [DayStatus per day of the month]}; always derived, even for a locked month.
    """
    from org.models import Section, Staff, Unit

    if isinstance(scope, Section):
        qs = Staff.objects.filter(section=scope)
    elif isinstance(scope, Unit):
        qs = Staff.objects.filter(unit=scope)
    else:
        qs = Staff.objects.filter(unit_id__in=[u if isinstance(u, int) else u.pk for u in scope])
    people = list(qs.order_by("unit_id", "id").values_list("id", "unit_id"))
    return derive_people(people, month_days(year, month), now=now)
