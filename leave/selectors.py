"""Reads of leave: types, requests, who is away, overdue report-backs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts.models import Duty
from leave.models import LeaveCancellation, LeaveChange, LeaveExtension, LeavePolicy, LeaveRequest, LeaveType
from org.models import Position, Section, Staff, Unit

ACTIVE = (LeaveRequest.Status.PENDING, LeaveRequest.Status.RETURNED, LeaveRequest.Status.APPROVED)
WAITING = (LeaveChange.Status.PENDING, LeaveChange.Status.RETURNED)


def leave_types_for(unit: Unit, *, active_only: bool = False) -> list[LeaveType]:
    """The unit's leave types; a unit that has none yet gets the defaults installed first."""
    types = list(LeaveType.objects.filter(unit=unit).order_by("order", "id"))
    if not types:
        from leave.services import install_default_leave_types

        types = install_default_leave_types(unit)
    if active_only:
        types = [t for t in types if t.is_active]
    return types


def policy_for(unit: Unit) -> LeavePolicy:
    """The unit's leave policy; an unsaved default when the office has not changed anything."""
    return LeavePolicy.objects.filter(unit=unit).first() or LeavePolicy(unit=unit)


def away_on(staff_ids: Iterable[int], day: datetime.date) -> dict[int, str]:
    """Absence provider for org.absence: approved leave covering `day`, until the actual last day after an
    early return. This is what routes an approver's steps to their delegate or the next level up (代)."""
    rows = (
        LeaveRequest.objects.filter(staff_id__in=list(staff_ids), starts_on__lte=day)
        .filter(
            Q(status=LeaveRequest.Status.APPROVED, ends_on__gte=day)
            | Q(status=LeaveRequest.Status.REPORTED_BACK, actual_last_day__gte=day)
        )
        .values_list("staff_id", "leave_type__name")
    )
    return {staff_id: f"请假（{name}）" for staff_id, name in rows}


def my_requests(staff: Staff) -> QuerySet[LeaveRequest]:
    return LeaveRequest.objects.filter(staff=staff).select_related("leave_type").order_by("-starts_on", "-id")


def open_changes(request: LeaveRequest) -> tuple[LeaveExtension | None, LeaveCancellation | None]:
    extension = request.extensions.filter(status__in=WAITING).first()
    cancellation = request.cancellations.filter(status__in=WAITING).first()
    return extension, cancellation


def visible_section_ids(viewer: Staff) -> list[int] | None:
    """Sections whose leave a viewer sees; None means the whole unit.

    Unit leaders from the executive deputy up and the office see the unit; a deputy the sections
    they supervise (and their own); everyone else their own section.
    """
    if viewer.position >= Position.EXECUTIVE_DEPUTY or (viewer.section_id and viewer.section.is_office):
        return None
    ids = set(Section.objects.filter(Q(supervisor=viewer) | Q(head=viewer)).values_list("id", flat=True))
    if viewer.section_id:
        ids.add(viewer.section_id)
    return sorted(ids)


@dataclass
class AwayRow:
    staff: Staff
    days: list[str]  # one reason (or '') per day of the week
    today: str


def who_is_away(viewer: Staff, today: datetime.date) -> tuple[list[datetime.date], list[tuple[Section | None, list]]]:
    """Who is away today and this week (Monday to Sunday), grouped by section, from every absence source."""
    from org.absence import away_reasons

    monday = today - datetime.timedelta(days=today.weekday())
    week = [monday + datetime.timedelta(days=i) for i in range(7)]
    people = Staff.objects.filter(unit=viewer.unit).select_related("user", "section")
    section_ids = visible_section_ids(viewer)
    if section_ids is not None:
        people = people.filter(section_id__in=section_ids)
    people = list(people.order_by("section__order", "section_id", "-position", "order", "id"))
    ids = [p.pk for p in people]
    by_day = [away_reasons(ids, day) for day in week]
    groups: dict[int | None, tuple[Section | None, list[AwayRow]]] = {}
    for person in people:
        reasons = [day_reasons.get(person.pk, "") for day_reasons in by_day]
        if not any(reasons):
            continue
        row = AwayRow(staff=person, days=reasons, today=reasons[today.weekday()])
        groups.setdefault(person.section_id, (person.section, []))[1].append(row)
    return week, list(groups.values())


def overdue_requests(unit: Unit, *, section_id: int | None = None) -> QuerySet[LeaveRequest]:
    """Approved leave whose report-back deadline has passed without a report back (flagged by the job)."""
    qs = LeaveRequest.objects.filter(
        unit=unit, status=LeaveRequest.Status.APPROVED, report_back_overdue=True
    ).select_related("staff__user", "staff__section", "leave_type")
    if section_id:
        qs = qs.filter(staff__section_id=section_id)
    return qs.order_by("report_back_due", "id")


def overdue_counts(unit: Unit, year: int) -> list[dict]:
    """How many report-backs of each person were overdue this year (reported late or still missing)."""
    return list(
        LeaveRequest.objects.filter(unit=unit, report_back_overdue=True, starts_on__year=year)
        .values("staff_id", "staff__user__full_name", "staff__section__name")
        .annotate(count=Count("id"))
        .order_by("-count", "staff__section__name", "staff__user__full_name")
    )


def attendance_keepers(unit: Unit) -> QuerySet:
    """The accounts of the unit's office staff who keep attendance (Duty.ATTENDANCE)."""
    from accounts.models import User

    return User.objects.filter(duty_grants__duty=Duty.ATTENDANCE, staff__unit=unit).distinct()
