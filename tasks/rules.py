"""Who may do what with a task — plain predicates on the org chart, used by services, access and views.

Office = holders of the task supervision duty (accounts.models.Duty.SUPERVISION, "督查督办").
"""

from __future__ import annotations

from accounts.models import Duty
from core.access import has_duty
from org.models import Position, Staff
from tasks.models import Task


def is_supervision_office(staff: Staff) -> bool:
    return has_duty(staff.user, Duty.SUPERVISION)


def is_unit_leader(staff: Staff) -> bool:
    return staff.position >= Position.DEPUTY


def can_assign(staff: Staff) -> bool:
    """Leaders (deputy head and above) and the supervision office create and assign tasks."""
    return is_unit_leader(staff) or is_supervision_office(staff)


def sees_whole_unit(staff: Staff) -> bool:
    return is_unit_leader(staff) or is_supervision_office(staff)


def is_handler(task: Task, staff: Staff, responsible_ids: set[int] | None = None) -> bool:
    """Lead section head, deputy heads of the lead section, and the responsible people handle the task."""
    if responsible_ids is None:
        responsible_ids = set(task.responsible.values_list("pk", flat=True))
    if staff.pk in responsible_ids:
        return True
    if task.lead_section.head_id == staff.pk:
        return True
    return staff.section_id == task.lead_section_id and staff.position >= Position.SECTION_DEPUTY


def can_urge(task: Task, staff: Staff) -> bool:
    """The assigner, the supervision office, the lead section's supervising leader and unit leaders urge."""
    if task.assigned_by_id == staff.pk:
        return True
    if task.lead_section.supervisor_id == staff.pk:
        return True
    return is_unit_leader(staff) or is_supervision_office(staff)


def can_review(task: Task, staff: Staff) -> bool:
    """The assigner reviews a completion request and closes the task off (or returns it)."""
    return task.assigned_by_id == staff.pk
