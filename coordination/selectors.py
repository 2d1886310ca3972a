"""Reads: who is lent where on a day, the workload boards, request lists, candidates for a request.

Every board is a fixed number of queries however many sections and people there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from coordination import integration
from coordination.models import Borrowing, HelpRequest
from org.absence import away_reasons
from org.models import Position, Section, Staff, Unit


def borrowings_on(unit: Unit, day: datetime.date) -> QuerySet[Borrowing]:
    return (
        Borrowing.objects.active_on(day)
        .filter(unit=unit)
        .select_related("staff__user", "from_section", "to_section")
        .order_by("to_section__order", "staff__order", "pk")
    )


def lent_out(section: Section, day: datetime.date) -> QuerySet[Borrowing]:
    return borrowings_on(section.unit, day).filter(from_section=section)


def borrowed_in(section: Section, day: datetime.date) -> QuerySet[Borrowing]:
    return borrowings_on(section.unit, day).filter(to_section=section)


# --- the workload boards ---------------------------------------------------------------------------------------


@dataclass
class SectionRow:
    section: Section
    headcount: int = 0
    away: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    lent: list[Borrowing] = field(default_factory=list)
    borrowed: list[Borrowing] = field(default_factory=list)
    available: int = 0
    open_tasks: int = 0
    overdue_tasks: int = 0


def unit_board(unit: Unit, today: datetime.date) -> list[SectionRow]:
    """One row per section: headcount, away today, lent out, borrowed in, available, open and overdue tasks."""
    sections = list(Section.objects.filter(unit=unit).order_by("order", "id"))
    people = list(
        Staff.objects.filter(unit=unit, section__isnull=False, user__is_active=True)
        .select_related("user")
        .only("pk", "section_id", "order", "user__full_name")
        .order_by("order", "pk")
    )
    reasons = away_reasons([p.pk for p in people], today)
    active = list(borrowings_on(unit, today))
    counts = integration.section_task_counts(unit, today)
    rows = {s.pk: SectionRow(section=s) for s in sections}
    for person in people:
        row = rows[person.section_id]
        row.headcount += 1
        if person.pk in reasons:
            row.away.append((person.name, reasons[person.pk]))
    for borrowing in active:
        rows[borrowing.from_section_id].lent.append(borrowing)
        rows[borrowing.to_section_id].borrowed.append(borrowing)
    for row in rows.values():
        # Available to the section today: its own people neither away nor lent, plus borrowed people present.
        members = row.headcount
        lent_ids = {b.staff_id for b in row.lent}
        own_present = members - len(row.away) - sum(1 for pk in lent_ids if pk not in reasons)
        borrowed_present = sum(1 for b in row.borrowed if b.staff_id not in reasons)
        row.available = own_present + borrowed_present
        figures = counts.get(row.section.pk, {})
        row.open_tasks = figures.get("open", 0)
        row.overdue_tasks = figures.get("overdue", 0)
    return [rows[s.pk] for s in sections]


@dataclass
class PersonRow:
    staff: Staff
    state: str  # "at_work" / "away" / "lent" / "borrowed"
    detail: str = ""
    borrowing: Borrowing | None = None


def section_board(section: Section, today: datetime.date) -> list[PersonRow]:
    """The section's people with their state today, borrowed-in staff listed as members for the period."""
    members = list(
        Staff.objects.filter(section=section, user__is_active=True)
        .select_related("user")
        .order_by("-position", "order", "pk")
    )
    active = list(borrowings_on(section.unit, today).filter(Q(from_section=section) | Q(to_section=section)))
    lent = {b.staff_id: b for b in active if b.from_section_id == section.pk}
    borrowed = [b for b in active if b.to_section_id == section.pk]
    reasons = away_reasons([m.pk for m in members] + [b.staff_id for b in borrowed], today)
    rows = []
    for member in members:
        if member.pk in reasons:
            rows.append(PersonRow(staff=member, state="away", detail=reasons[member.pk], borrowing=lent.get(member.pk)))
        elif member.pk in lent:
            rows.append(
                PersonRow(staff=member, state="lent", detail=lent[member.pk].to_section.name, borrowing=lent[member.pk])
            )
        else:
            rows.append(PersonRow(staff=member, state="at_work"))
    for borrowing in borrowed:
        person = borrowing.staff
        if person.pk in reasons:
            rows.append(PersonRow(staff=person, state="away", detail=reasons[person.pk], borrowing=borrowing))
        else:
            rows.append(
                PersonRow(staff=person, state="borrowed", detail=borrowing.from_section.name, borrowing=borrowing)
            )
    return rows


# --- help requests ---------------------------------------------------------------------------------------------


def _requests() -> QuerySet[HelpRequest]:
    return HelpRequest.objects.select_related("section", "requested_by__user", "assignee__user")


def requests_mine(staff: Staff) -> QuerySet[HelpRequest]:
    """Requests of the sections the person heads (and those they made)."""
    return _requests().filter(Q(requested_by=staff) | Q(section__head=staff)).distinct()


def requests_waiting_for(staff: Staff) -> QuerySet[HelpRequest]:
    from coordination.services import meeting_recorders

    mine = Q(assignee=staff, status__in=[HelpRequest.Status.WITH_SUPERVISOR, HelpRequest.Status.WITH_EXECUTIVE])
    if any(p.pk == staff.pk for p in meeting_recorders(staff.unit)):
        mine |= Q(unit=staff.unit, status=HelpRequest.Status.AT_MEETING)
    return _requests().filter(mine).exclude(requested_by=staff)


def requests_all(unit: Unit) -> QuerySet[HelpRequest]:
    return _requests().filter(unit=unit)


def sees_all_requests(staff: Staff) -> bool:
    """Unit leaders and the office."""
    return staff.position >= Position.DEPUTY or bool(staff.section_id and staff.section.is_office)


@dataclass
class Candidate:
    staff: Staff
    section: Section
    away: list[str]  # reasons on some day of the period
    lent_to: str  # already lent in the period: to which section ("" if free)
    open_tasks: int
    overdue_tasks: int


def candidates(pool: QuerySet[Section], request: HelpRequest, today: datetime.date) -> list[Candidate]:
    """People the decider may lend, with what speaks against each: away in the period, already lent out,
    their section's task load. Absences are checked on each day of the period (up to 31 days)."""
    sections = {s.pk: s for s in pool}
    people = list(
        Staff.objects.filter(section_id__in=list(sections), position__lt=Position.DEPUTY, user__is_active=True)
        .select_related("user")
        .order_by("section__order", "-position", "order", "pk")
    )
    ids = [p.pk for p in people]
    start = max(request.starts_on, today)
    away: dict[int, list[str]] = {}
    day = start
    while day <= min(request.ends_on, start + datetime.timedelta(days=30)):
        for staff_id, reason in away_reasons(ids, day).items():
            if reason not in away.setdefault(staff_id, []):
                away[staff_id].append(reason)
        day += datetime.timedelta(days=1)
    lent = {
        b.staff_id: b.to_section.name
        for b in Borrowing.objects.overlapping(start, request.ends_on)
        .filter(staff_id__in=ids)
        .select_related("to_section")
    }
    counts = integration.section_task_counts(request.unit, today)
    return [
        Candidate(
            staff=p,
            section=sections[p.section_id],
            away=away.get(p.pk, []),
            lent_to=lent.get(p.pk, ""),
            open_tasks=counts.get(p.section_id, {}).get("open", 0),
            overdue_tasks=counts.get(p.section_id, {}).get("overdue", 0),
        )
        for p in people
    ]
