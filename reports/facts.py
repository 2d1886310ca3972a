"""The quarter's facts for a section, prefilled into its quarterly report from the platform's own data.

Stored on the report as JSON: refreshed while it is a draft, frozen at submission, so an approved
report never changes. Each block is None when its source is not available (and a note says why).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Section, Staff
from reports import integration
from reports.models import quarter_bounds

TASK_KEYS = ("closed", "closed_on_time", "overdue", "open", "on_time_rate", "median_sign_for_hours", "missed_reports")


def _number(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str)):
        return value
    return float(value)


def task_facts(section: Section, start: datetime.date, end: datetime.date) -> dict | None:
    figures = integration.section_task_figures(section.unit, start, end)
    if figures is None:
        return None
    row = figures.get(section.pk) or {}
    return {
        key: _number(row.get(key, 0 if key not in ("on_time_rate", "median_sign_for_hours") else None))
        for key in TASK_KEYS
    }


def document_facts(section: Section, start: datetime.date, end: datetime.date) -> dict:
    """Documents the section drafted that were issued (numbered) in the quarter."""
    from documents.models import Document

    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    issued = Document.objects.filter(
        unit_id=section.unit_id, section=section, issued_at__gte=first, issued_at__lt=after
    ).count()
    return {"issued": issued}


def attendance_and_leave(
    section: Section, start: datetime.date, end: datetime.date, *, now: datetime.datetime
) -> tuple[dict | None, dict | None, str]:
    """Attendance (late / early / absent / missing) and leave days by type for the section's people."""
    from attendance.monthly import derive_people
    from attendance.selectors import Figures, figures_of
    from worktime.calendar import CalendarMissing

    last = min(end, timezone.localdate(now))
    people = list(Staff.objects.filter(section=section).values_list("id", "unit_id"))
    if last < start or not people:
        empty = Figures(people=len(people))
        return _attendance(empty), _leave(empty), ""
    days = [start + datetime.timedelta(days=n) for n in range((last - start).days + 1)]
    try:
        derived = derive_people(people, days, now=now)
    except CalendarMissing as exc:
        return (
            None,
            None,
            _("The work calendar of %(year)s is not loaded; attendance figures are missing.") % {"year": exc.year},
        )
    total = Figures(people=len(people))
    for own in derived.values():
        total.add(figures_of(own))
    if not _punched(people, days[0], days[-1]):
        # Punching not in use for this section yet: every day would count as absence without leave.
        return None, _leave(total), "no_punches"
    return _attendance(total), _leave(total), ""


def _punched(people: list[tuple[int, int]], first: datetime.date, last: datetime.date) -> bool:
    from attendance.models import Punch

    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min))
    return Punch.objects.filter(staff_id__in=[pk for pk, _unit in people], at__gte=start, at__lt=end).exists()


def _attendance(figures) -> dict:
    rate = figures.on_time_rate
    return {
        "people": figures.people,
        "workdays": figures.workdays,
        "late": figures.late,
        "early": figures.early,
        "absent": figures.absent,
        "missing": figures.missing,
        "going_out": figures.going_out,
        "trip": figures.trip,
        "on_time_rate": round(rate, 4) if rate is not None else None,
    }


def _leave(figures) -> dict:
    return {"total": figures.leave, "by_type": dict(sorted(figures.leave_by_type.items()))}


def note_texts(facts: dict) -> list[str]:
    """The facts' notes (stored as codes, so a frozen report reads in the viewer's language)."""
    texts = []
    for code in facts.get("notes", []):
        if code == "no_tasks":
            texts.append(_("Task figures are not available yet."))
        elif code == "no_punches":
            texts.append(_("No punch records in the quarter; attendance figures are left out."))
        elif code.startswith("calendar:"):
            texts.append(
                _("The work calendar of %(year)s is not loaded; attendance figures are missing.")
                % {"year": code.split(":", 1)[1]}
            )
    return texts


def quarter_facts(section: Section, year: int, quarter: int, *, now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    start, end = quarter_bounds(year, quarter)
    notes: list[str] = []
    tasks = task_facts(section, start, end)
    if tasks is None:
        notes.append("no_tasks")
    attendance, leave, note = attendance_and_leave(section, start, end, now=now)
    if note:
        notes.append(note)
    return {
        "period": [start.isoformat(), end.isoformat()],
        "as_of": min(end, timezone.localdate(now)).isoformat(),
        "tasks": tasks,
        "attendance": attendance,
        "leave": leave,
        "documents": document_facts(section, start, end),
        "notes": notes,
    }
