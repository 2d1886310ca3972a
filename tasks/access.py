"""Who may open a task. "Missing" and "forbidden" look the same (404).

A task is seen by: the assigner; members of the lead and supporting sections; the responsible
people; the supervising leaders of those sections; the unit's leaders (deputy head and above);
the supervision office (Duty.SUPERVISION); and whoever an extension request of the task was routed
to. A draft is seen only by the assigner and the whole-unit viewers.
"""

from __future__ import annotations

from django.http import Http404

from org.models import Staff
from tasks import rules
from tasks.models import Task, TaskAttachment, TaskExtension, TaskStatus


def can_view_task(task: Task, staff: Staff, *, responsible_ids: set[int], supporting: list) -> bool:
    if task.unit_id != staff.unit_id:
        return False
    if rules.sees_whole_unit(staff):
        return True
    if task.assigned_by_id == staff.pk:
        return True
    if task.status == TaskStatus.DRAFT:
        return False
    if staff.pk in responsible_ids:
        return True
    sections = [task.lead_section, *supporting]
    if staff.section_id is not None and any(section.pk == staff.section_id for section in sections):
        return True
    return any(section.supervisor_id == staff.pk for section in sections)


def _on_extension_route(task: Task, staff: Staff) -> bool:
    """An approver of one of the task's extension requests opens the task from the inbox."""
    from approvals.models import ApprovalAssignment

    return ApprovalAssignment.objects.filter(
        step__approval__target_type=TaskExtension._meta.label_lower,
        step__approval__target_id__in=TaskExtension.objects.filter(task=task).values("pk"),
        assignee=staff,
    ).exists()


def access_task(*, staff: Staff, task_id: int) -> Task:
    """The task, with `responsible_list` and `supporting_list` loaded, or 404."""
    task = (
        Task.objects.select_related(
            "unit", "lead_section__head__user", "lead_section__supervisor__user", "assigned_by__user", "signed_by__user"
        )
        .filter(pk=task_id)
        .first()
    )
    if task is None or task.unit_id != staff.unit_id:
        raise Http404
    task.responsible_list = list(task.responsible.select_related("user", "section").order_by("-position", "order"))
    task.supporting_list = list(task.supporting_sections.select_related("head__user").order_by("order", "id"))
    responsible_ids = {person.pk for person in task.responsible_list}
    visible = can_view_task(task, staff, responsible_ids=responsible_ids, supporting=task.supporting_list)
    if not visible and not _on_extension_route(task, staff):
        raise Http404
    task.responsible_ids = responsible_ids
    return task


def access_attachment(*, staff: Staff, attachment_id: int) -> TaskAttachment:
    attachment = TaskAttachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    access_task(staff=staff, task_id=attachment.task_id)
    return attachment
