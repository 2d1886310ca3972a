"""Reads of attendance: settings, punches, corrections, overtime, comp time, sheets and figures."""

from __future__ import annotations

import datetime
import ipaddress
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from attendance import derivation as d
from attendance import monthly
from attendance.models import AttendanceSettings, Correction, MonthSheet, Overtime, Punch
from org.models import Section, Staff, Unit

ZERO = Decimal(0)
COUNTED = (Correction.Status.PENDING, Correction.Status.APPROVED, Correction.Status.RETURNED)


def settings_for(unit: Unit | int) -> AttendanceSettings:
    """The unit's settings; an unsaved row with the defaults when the office has not changed anything."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return AttendanceSettings.objects.filter(unit_id=unit_id).first() or AttendanceSettings(unit_id=unit_id)


# Every punch asks for its unit's allowed networks, so each process keeps them for NETWORKS_TTL_SECONDS;
# the settings service forgets them on commit, so a change applies at once in the process that made it and
# within that time in the others.
NETWORKS_TTL_SECONDS = 30.0
_networks: dict[int, tuple[float, list[str]]] = {}


def forget_networks() -> None:
    _networks.clear()


def allowed_networks(unit_id: int) -> list[str]:
    """The unit's allowed networks (CIDR); an empty list allows any network."""
    now = time.monotonic()
    cached = _networks.get(unit_id)
    if cached is not None and now - cached[0] < NETWORKS_TTL_SECONDS:
        return cached[1]
    text = AttendanceSettings.objects.filter(unit_id=unit_id).values_list("allowed_networks", flat=True).first()
    networks = [line.strip() for line in (text or "").splitlines() if line.strip()]
    _networks[unit_id] = (now, networks)
    return networks


def ip_in_networks(ip: str | None, networks: Sequence[str]) -> bool:
    """True when no networks are set, or the address is in one of them."""
    if not networks:
        return True
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return False
    for network in networks:
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def punches_on(staff: Staff, day: datetime.date) -> QuerySet[Punch]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=d.SHANGHAI)
    return Punch.objects.filter(staff=staff, at__gte=start, at__lt=start + datetime.timedelta(days=1)).order_by(
        "at", "id"
    )


def day_status(staff: Staff, day: datetime.date, *, now: datetime.datetime | None = None) -> d.DayStatus:
    """One person-day (stored if the month is locked). Raises CalendarMissing."""
    people = [(staff.pk, staff.unit_id)]
    if monthly.locked_unit_ids([staff.unit_id], day.year, day.month):
        return monthly.stored_days([staff.pk], [day])[staff.pk][0]
    return monthly.derive_people(people, [day], now=now)[staff.pk][0]


def my_month(staff: Staff, year: int, month: int, *, now: datetime.datetime | None = None) -> list[d.DayStatus]:
    return monthly.month_statuses([(staff.pk, staff.unit_id)], year, month, now=now)[staff.pk]


# ---------------------------------------------------------------------------
# Corrections and overtime


def corrections_in_month(staff: Staff, year: int, month: int, exclude_id: int | None = None) -> int:
    """Corrections counted against the monthly limit: pending, returned or approved ones for days of the month."""
    days = monthly.month_days(year, month)
    return (
        Correction.objects.filter(staff=staff, day__gte=days[0], day__lte=days[-1], status__in=COUNTED)
        .exclude(pk=exclude_id)
        .count()
    )


def my_corrections(staff: Staff) -> QuerySet[Correction]:
    return Correction.objects.filter(staff=staff).order_by("-day", "-id")


def corrections_on(staff: Staff, day: datetime.date) -> QuerySet[Correction]:
    return Correction.objects.filter(staff=staff, day=day).order_by("-id")


def my_overtime(staff: Staff) -> QuerySet[Overtime]:
    return Overtime.objects.filter(staff=staff).order_by("-day", "-id")


def comp_time_balance(staff: Staff, on: datetime.date | None = None):
    """The person's comp time (调休) balance in days for the year of `on`, read from the leave ledger.

    Approved overtime is credited there (leave.ledger.comp_time_credit) and 调休 leave draws from it,
    so this is the one balance both apps show. Returns the leave app's Balance, or None when the
    unit has no comp-time leave type in use.
    """
    from django.utils import timezone

    from leave import ledger
    from leave.models import LeaveType
    from leave.selectors import leave_types_for

    on = on or timezone.localdate()
    types = leave_types_for(staff.unit)
    comp = next((t for t in types if t.code == LeaveType.Code.COMP_TIME and t.is_active), None)
    if comp is None:
        return None
    return ledger.balance_of(staff, comp, on, types)


def overtime_hours(staff_ids: Sequence[int], first: datetime.date, last: datetime.date) -> dict[int, Decimal]:
    rows = (
        Overtime.objects.filter(
            staff_id__in=list(staff_ids), status=Overtime.Status.APPROVED, day__gte=first, day__lte=last
        )
        .values("staff_id")
        .annotate(total=Sum("hours"))
    )
    return {row["staff_id"]: row["total"] or ZERO for row in rows}


# ---------------------------------------------------------------------------
# Sheets: who sees which, and their state


def unit_people(unit: Unit) -> QuerySet[Staff]:
    """Everyone on a unit's sheet, leaders first, then section by section as offices print it."""
    return (
        Staff.objects.filter(unit=unit)
        .select_related("user", "section")
        .order_by("section__order", "section_id", "-position", "order", "id")
    )


def section_people(section: Section) -> QuerySet[Staff]:
    return Staff.objects.filter(section=section).select_related("user", "section").order_by("-position", "order", "id")


def sheet_states(unit: Unit, year: int, month: int) -> dict[int | None, MonthSheet]:
    """{section_id (None for the unit row): MonthSheet} for the month; sections without a row are drafts."""
    return {
        sheet.section_id: sheet
        for sheet in MonthSheet.objects.filter(unit=unit, year=year, month=month).select_related(
            "confirmed_by__user", "locked_by__user"
        )
    }


def is_locked(unit_id: int, year: int, month: int) -> bool:
    return MonthSheet.objects.filter(
        unit_id=unit_id, section__isnull=True, year=year, month=month, status=MonthSheet.Status.LOCKED
    ).exists()


def section_state(unit_id: int, section_id: int | None, year: int, month: int) -> str:
    """draft / confirmed / locked for a person's section in a month (locked wins for the whole unit)."""
    rows = dict(
        MonthSheet.objects.filter(unit_id=unit_id, year=year, month=month)
        .filter(Q(section__isnull=True) | Q(section_id=section_id))
        .values_list("section_id", "status")
    )
    if rows.get(None) == MonthSheet.Status.LOCKED:
        return MonthSheet.Status.LOCKED
    if section_id is not None and section_id in rows:
        return rows[section_id]
    return MonthSheet.Status.DRAFT


def pending_corrections(staff_ids: Sequence[int], year: int, month: int) -> int:
    days = monthly.month_days(year, month)
    return Correction.objects.filter(
        staff_id__in=list(staff_ids),
        day__gte=days[0],
        day__lte=days[-1],
        status__in=(Correction.Status.PENDING, Correction.Status.RETURNED),
    ).count()


# ---------------------------------------------------------------------------
# Figures


@dataclass
class Figures:
    """One person's (or a section's) month in numbers."""

    workdays: int = 0
    present: int = 0  # working days with no late/early/absent/missing and not away
    late: int = 0
    early: int = 0
    missing: int = 0
    absent: float = 0.0
    leave: float = 0.0
    going_out: float = 0.0
    trip: float = 0.0
    late_minutes: int = 0
    early_minutes: int = 0
    leave_by_type: dict[str, float] = field(default_factory=dict)
    people: int = 1

    def add_day(self, day: d.DayStatus) -> None:
        if not day.is_working_day or day.status == d.PENDING:
            return
        self.workdays += 1
        if day.status in (d.NORMAL, d.MAKEUP):
            self.present += 1
        if day.late:
            self.late += 1
            self.late_minutes += day.late_minutes
        if day.early:
            self.early += 1
            self.early_minutes += day.early_minutes
        self.missing += day.missing
        self.absent += day.absent_days
        self.going_out += day.going_out_days
        self.trip += day.trip_days
        for _code, name, days in day.leave_by_code():
            self.leave += days
            self.leave_by_type[name] = self.leave_by_type.get(name, 0.0) + days

    def add(self, other: Figures) -> None:
        for name in (
            "workdays",
            "present",
            "late",
            "early",
            "missing",
            "absent",
            "leave",
            "going_out",
            "trip",
            "late_minutes",
            "early_minutes",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, days in other.leave_by_type.items():
            self.leave_by_type[name] = self.leave_by_type.get(name, 0.0) + days

    @property
    def on_time_rate(self) -> float | None:
        """Share of the working days attended that had no late arrival or early departure."""
        attended = self.workdays - self.absent - self.leave - self.going_out - self.trip
        if attended <= 0:
            return None
        return max(0.0, min(1.0, (attended - self.late - self.early) / attended))


def figures_of(days: Sequence[d.DayStatus]) -> Figures:
    result = Figures()
    for day in days:
        result.add_day(day)
    return result


@dataclass
class PersonRow:
    staff: Staff
    days: list[d.DayStatus]
    figures: Figures
    overtime: Decimal = ZERO


@dataclass
class SectionGroup:
    section: Section | None
    rows: list[PersonRow]
    totals: Figures


def month_table(people: Sequence[Staff], year: int, month: int, *, now=None) -> list[SectionGroup]:
    """People's days and figures for a month, grouped by section in the people's order."""
    statuses = monthly.month_statuses([(p.pk, p.unit_id) for p in people], year, month, now=now)
    days = monthly.month_days(year, month)
    hours = overtime_hours([p.pk for p in people], days[0], days[-1])
    groups: dict[int | None, SectionGroup] = {}
    for person in people:
        own = statuses[person.pk]
        row = PersonRow(staff=person, days=own, figures=figures_of(own), overtime=hours.get(person.pk, ZERO))
        group = groups.get(person.section_id)
        if group is None:
            group = groups[person.section_id] = SectionGroup(section=person.section, rows=[], totals=Figures(people=0))
        group.rows.append(row)
        group.totals.add(row.figures)
        group.totals.people += 1
    return list(groups.values())


def leave_type_names(groups: Sequence[SectionGroup]) -> list[str]:
    names: dict[str, None] = {}
    for group in groups:
        for row in group.rows:
            for name in row.figures.leave_by_type:
                names.setdefault(name, None)
    return list(names)


def people_by_ids(unit: Unit, ids: Sequence[int]) -> dict[int, Staff]:
    return {s.pk: s for s in Staff.objects.filter(unit=unit, pk__in=list(ids)).select_related("user", "section")}


def overtime_by_day(staff_ids: Sequence[int], first: datetime.date, last: datetime.date) -> dict:
    """{staff_id: {day: hours}} of approved overtime."""
    result: dict[int, dict[datetime.date, Decimal]] = defaultdict(dict)
    for staff_id, day, hours in Overtime.objects.filter(
        staff_id__in=list(staff_ids), status=Overtime.Status.APPROVED, day__gte=first, day__lte=last
    ).values_list("staff_id", "day", "hours"):
        result[staff_id][day] = result[staff_id].get(day, ZERO) + hours
    return result
