"""Reads of quarterly reports and meetings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from org.models import Section, Staff, Unit
from reports import integration
from reports.access import can_read_all_reports
from reports.models import (
    AgendaItem,
    Attendee,
    Decision,
    Meeting,
    PlanItem,
    QuarterlyReport,
    previous_quarter,
    quarter_of,
)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def next_affairs_meeting(unit: Unit, today: datetime.date) -> Meeting | None:
    """The unit's next planned affairs meeting on or after `today`."""
    return (
        Meeting.objects.filter(
            unit=unit, kind=Meeting.Kind.AFFAIRS, status=Meeting.Status.PLANNED, starts_at__gte=_local_midnight(today)
        )
        .order_by("starts_at", "id")
        .first()
    )


def default_quarter(today: datetime.date) -> tuple[int, int]:
    """The quarter a section reports on now: the one just ended (reports are made early in the next)."""
    return previous_quarter(*quarter_of(today))


def quarter_choices(today: datetime.date, count: int = 6) -> list[tuple[int, int]]:
    year, quarter = quarter_of(today)
    result = []
    for _n in range(count):
        result.append((year, quarter))
        year, quarter = previous_quarter(year, quarter)
    return result


def visible_reports(viewer: Staff) -> QuerySet[QuarterlyReport]:
    qs = QuarterlyReport.objects.filter(unit_id=viewer.unit_id).select_related("section", "author__user")
    if can_read_all_reports(viewer):
        return qs
    return qs.filter(
        Q(section__head=viewer) | Q(section__supervisor=viewer) | Q(section_id=viewer.section_id)
    ).distinct()


def filing_sections(viewer: Staff) -> list[Section]:
    return list(Section.objects.filter(head=viewer, unit_id=viewer.unit_id).order_by("order", "id"))


def plan_items(report: QuarterlyReport) -> list[PlanItem]:
    return list(report.plan_items.select_related("lead_section", "responsible__user").order_by("order", "id"))


@dataclass
class PlanOutcome:
    item: PlanItem
    outcome: dict | None


def plan_with_outcomes(items: list[PlanItem], today: datetime.date) -> list[PlanOutcome]:
    outcomes = integration.outcomes_by_origin(items, today)
    return [PlanOutcome(item, outcomes.get(item.pk)) for item in items]


def previous_report(report: QuarterlyReport) -> QuarterlyReport | None:
    year, quarter = previous_quarter(report.year, report.quarter)
    return QuarterlyReport.objects.filter(section_id=report.section_id, year=year, quarter=quarter).first()


@dataclass
class CompileRow:
    section: Section
    report: QuarterlyReport | None
    items: list[PlanItem] = field(default_factory=list)


def compile_rows(unit: Unit, year: int, quarter: int) -> list[CompileRow]:
    """Every section of the unit with its report for the quarter (None where missing). Three queries."""
    sections = list(
        Section.objects.filter(unit=unit).select_related("head__user", "supervisor__user").order_by("order", "id")
    )
    reports = {
        r.section_id: r
        for r in QuarterlyReport.objects.filter(unit=unit, year=year, quarter=quarter)
        .select_related("author__user")
        .prefetch_related(
            Prefetch(
                "plan_items",
                queryset=PlanItem.objects.select_related("lead_section", "responsible__user").order_by("order", "id"),
            )
        )
    }
    return [
        CompileRow(
            section,
            reports.get(section.pk),
            list(reports[section.pk].plan_items.all()) if section.pk in reports else [],
        )
        for section in sections
    ]


# ---------------------------------------------------------------------------
# Meetings


def visible_meetings(viewer: Staff) -> QuerySet[Meeting]:
    from reports.access import can_keep_meetings

    qs = Meeting.objects.filter(unit_id=viewer.unit_id)
    if not can_keep_meetings(viewer):
        qs = qs.filter(Q(kind=Meeting.Kind.ALL_STAFF) | Q(attendees__staff=viewer)).distinct()
    return qs.annotate(
        item_count=Count("agenda_items", distinct=True), decision_count=Count("decisions", distinct=True)
    ).order_by("-starts_at", "-id")


def waiting_agenda_items(unit: Unit) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(unit=unit, meeting__isnull=True).select_related(
        "presenter__user", "added_by__user"
    )


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda_items.select_related("presenter__user").order_by("order", "id"))


def attendees(meeting: Meeting) -> list[Attendee]:
    return list(
        meeting.attendees.select_related("staff__user", "staff__section").order_by(
            "-staff__position", "staff__order", "id"
        )
    )


@dataclass
class DecisionRow:
    decision: Decision
    outcome: dict | None


def decisions(meeting: Meeting, today: datetime.date) -> list[DecisionRow]:
    rows = list(meeting.decisions.select_related("lead_section", "agenda_item").order_by("id"))
    outcomes = integration.outcomes_by_origin([d for d in rows if d.task_made_at], today)
    return [DecisionRow(d, outcomes.get(d.pk)) for d in rows]


def approved_reports_not_on(meeting: Meeting, year: int, quarter: int) -> int:
    on = meeting.agenda_items.filter(origin_type=QuarterlyReport._meta.label_lower).values("origin_id")
    return (
        QuarterlyReport.objects.filter(
            unit_id=meeting.unit_id, year=year, quarter=quarter, status=QuarterlyReport.Status.APPROVED
        )
        .exclude(pk__in=on)
        .count()
    )


def agenda_items_for_origin(origin) -> QuerySet[AgendaItem]:
    """Where an object (a report, a help request) is on an agenda — for its own page."""
    return AgendaItem.objects.filter(origin_type=origin._meta.label_lower, origin_id=origin.pk).select_related(
        "meeting"
    )
