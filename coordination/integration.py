"""The few places coordination reads from task supervision (tasks) and the affairs meeting (reports).

Small adapters, so the contracts coordination relies on are named in one file:
tasks.selectors.section_task_counts / with_light, tasks.models.Task and OPEN_STATUSES;
reports.services.agenda_item_add (kind "help_request") and reports.selectors.next_affairs_meeting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from org.models import Section, Staff, Unit


@dataclass
class TaskRow:
    pk: int
    title: str
    url: str
    due_on: datetime.date | None
    light: str  # "green" / "yellow" / "red" / "" — as tasks.selectors.task_light
    light_label: str


def light_label(light: str) -> str:
    from django.utils.translation import gettext as _

    return {"red": _("Overdue"), "yellow": _("Deadline near"), "green": _("On schedule")}.get(light, "")


def section_task_counts(unit: Unit, today: datetime.date) -> dict[int, dict[str, int]]:
    """{section_id: {"open": n, "overdue": n}} for the unit's sections (as lead section)."""
    from tasks.selectors import section_task_counts as counts

    return counts(unit, today)


def _open_tasks(section: Section):
    from tasks.models import OPEN_STATUSES, Task

    return Task.objects.filter(lead_section=section, status__in=OPEN_STATUSES)


def open_tasks_of_section(section: Section, today: datetime.date, limit: int = 50) -> list[TaskRow]:
    """The section's open tasks (as lead section) with their lights, most urgent first: one query."""
    from django.urls import reverse

    from tasks.selectors import with_light

    tasks = with_light(_open_tasks(section), section.unit_id, today).order_by("light_rank", "deadline", "pk")[:limit]
    return [
        TaskRow(
            pk=t.pk,
            title=t.title,
            url=reverse("tasks:detail", args=[t.pk]),
            due_on=t.deadline,
            light=t.light or "",
            light_label=light_label(t.light or ""),
        )
        for t in tasks
    ]


def task_choices(section: Section) -> list[tuple[int, str]]:
    """Open tasks a help request may name: those the requesting section leads."""
    return list(_open_tasks(section).order_by("deadline", "pk").values_list("pk", "title")[:200])


def task_in_unit(task_id: int, unit: Unit) -> bool:
    from tasks.models import Task

    return Task.objects.filter(pk=task_id, unit=unit).exists()


def task_link(task: Any) -> tuple[str, str]:
    """(title, url) of the task a help request names."""
    from django.urls import reverse

    if task is None:
        return "", ""
    return task.title, reverse("tasks:detail", args=[task.pk])


def agenda_add(*, actor: Staff, unit: Unit, title: str, origin: Any = None, presenter: Staff | None = None):
    """Put a help request on the next affairs meeting's agenda (or its waiting list when none is planned)."""
    from reports.services import agenda_item_add

    return agenda_item_add(actor=actor, unit=unit, title=title, kind="help_request", origin=origin, presenter=presenter)


def next_meeting(unit: Unit, today: datetime.date):
    from reports.selectors import next_affairs_meeting

    return next_affairs_meeting(unit, today)
