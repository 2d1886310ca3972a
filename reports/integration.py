"""The one place reports talks to the tasks app (督查督办).

Small adapters, so quarterly reports and meetings work (and are tested) even where the tasks app is
missing or changes a detail: every call goes through here.
"""

from __future__ import annotations

import datetime
import importlib
from typing import Any

from django.utils.translation import gettext_lazy as _

from org.models import Section, Staff, Unit


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def tasks_available() -> bool:
    services = _module("tasks.services")
    selectors = _module("tasks.selectors")
    return bool(services and hasattr(services, "task_create") and selectors and hasattr(selectors, "tasks_for_origin"))


def _source(name: str) -> str:
    models = _module("tasks.models")
    return getattr(models.TaskSource, name)


def task_create(
    *,
    actor: Staff,
    title: str,
    source: str,
    lead_section: Section,
    deadline: datetime.date,
    description: str = "",
    responsible=(),
    origin=None,
):
    """Create a task through the tasks app (inside the caller's transaction)."""
    services = _module("tasks.services")
    return services.task_create(
        actor=actor,
        title=title,
        source=_source(source),
        lead_section=lead_section,
        deadline=deadline,
        description=description,
        responsible=tuple(responsible),
        origin=origin,
    )


def task_for(origin):
    """The task made from a plan item or decision, or None."""
    if not tasks_available():
        return None
    found = _module("tasks.selectors").tasks_for_origin(origin)
    return found.first() if hasattr(found, "first") else (list(found)[0] if found else None)


LIGHT_LABELS = {"green": _("Green light"), "yellow": _("Yellow light"), "red": _("Red light")}


def outcomes_by_origin(origins: list, today: datetime.date) -> dict[int, dict[str, Any]]:
    """{origin pk: task_outcome} for plan items or decisions, in one query for their tasks."""
    if not origins or not tasks_available():
        return {}
    found = _module("tasks.selectors").tasks_by_origin(origins, today)
    return {origin_id: task_outcome(task, today, light=light) for origin_id, (task, light) in found.items()}


def task_outcome(task, today: datetime.date, *, light: str | None = None) -> dict[str, Any] | None:
    """What a report or meeting page shows about a task: title, status, light, completed on time, link."""
    if task is None:
        return None
    if light is None:
        selectors = _module("tasks.selectors")
        light = selectors.task_light(task, today) if selectors and hasattr(selectors, "task_light") else ""
    light = str(getattr(light, "value", light) or "")
    completed_on = getattr(task, "completed_on", None)
    deadline = getattr(task, "deadline", None)
    status = str(getattr(task, "status", ""))
    return {
        "task": task,
        "pk": task.pk,
        "title": getattr(task, "title", str(task)),
        "status": status,
        "status_label": task.get_status_display() if hasattr(task, "get_status_display") else status,
        "light": light,
        "light_label": str(LIGHT_LABELS.get(light, "")),
        "closed": status == "closed",
        "completed_on": completed_on,
        "on_time": (completed_on <= deadline) if completed_on and deadline else None,
        "deadline": deadline,
        "url": _task_url(task),
    }


def _task_url(task) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("tasks:detail", args=[task.pk])
    except NoReverseMatch:
        return ""


def section_task_figures(unit: Unit, start: datetime.date, end: datetime.date) -> dict[int, dict] | None:
    """{section_id: figures} of tasks for the period, or None where the tasks app is not there."""
    selectors = _module("tasks.selectors")
    if selectors is None or not hasattr(selectors, "section_figures"):
        return None
    return selectors.section_figures(unit, start, end)
