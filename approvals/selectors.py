"""Reads for the approval inbox and timelines."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from approvals.models import Approval, ApprovalAssignment, ApprovalRecord, ApprovalStep
from org.models import Staff


def todo(staff: Staff) -> QuerySet[ApprovalAssignment]:
    """待办: open steps waiting for this person."""
    return (
        ApprovalAssignment.objects.filter(assignee=staff, is_open=True)
        .select_related("step__approval__applicant__user", "step__approval__applicant__section", "on_behalf_of__user")
        .order_by("step__activated_at", "id")
    )


def done(staff: Staff) -> QuerySet[ApprovalAssignment]:
    """已办: steps this person decided."""
    return (
        ApprovalAssignment.objects.filter(assignee=staff, decided_at__isnull=False)
        .select_related("step__approval__applicant__user", "step__approval__applicant__section", "on_behalf_of__user")
        .order_by("-decided_at", "-id")
    )


def mine(staff: Staff) -> QuerySet[Approval]:
    """我发起的."""
    return Approval.objects.filter(applicant=staff).select_related("applicant__user").order_by("-submitted_at", "-id")


def todo_count(staff: Staff) -> int:
    """Cached on the staff object for the request: the sidebar badge, the tabs and the workbench all ask."""
    if not hasattr(staff, "_todo_count"):
        staff._todo_count = ApprovalAssignment.objects.filter(assignee=staff, is_open=True).count()
    return staff._todo_count


def counts(staff: Staff) -> dict[str, int]:
    return {
        "todo": todo_count(staff),
        "mine_pending": Approval.objects.filter(applicant=staff, status=Approval.Status.PENDING).count(),
    }


def approval_for_target(target) -> Approval | None:
    return (
        Approval.objects.filter(target_type=target._meta.label_lower, target_id=target.pk)
        .select_related("applicant__user")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=ApprovalStep.objects.order_by("order").prefetch_related(
                    Prefetch(
                        "assignments",
                        queryset=ApprovalAssignment.objects.select_related(
                            "assignee__user", "on_behalf_of__user"
                        ).order_by("id"),
                    )
                ),
            ),
            Prefetch(
                "records",
                queryset=ApprovalRecord.objects.select_related("actor__user", "on_behalf_of__user", "step").order_by(
                    "created_at", "id"
                ),
            ),
        )
        .first()
    )


def open_assignment(approval: Approval | None, staff: Staff) -> ApprovalAssignment | None:
    if approval is None or approval.status != Approval.Status.PENDING:
        return None
    for step in approval.steps.all():
        if step.order == approval.current_order:
            for assignment in step.assignments.all():
                if assignment.assignee_id == staff.pk and assignment.is_open:
                    return assignment
    return None


def participant_ids(approval: Approval) -> set[int]:
    ids = {approval.applicant_id}
    for step in approval.steps.all():
        for assignment in step.assignments.all():
            ids.add(assignment.assignee_id)
            if assignment.on_behalf_of_id:
                ids.add(assignment.on_behalf_of_id)
    return ids


def timeline(approval: Approval) -> list[dict]:
    """The approval timeline as shown under a request: what happened, then what is pending and still to come."""
    entries: list[dict] = []
    for record in approval.records.all():
        entries.append(
            {
                "state": {
                    ApprovalRecord.Action.APPROVE: "done",
                    ApprovalRecord.Action.REJECT: "rejected",
                    ApprovalRecord.Action.RETURN: "rejected",
                }.get(record.action, "done"),
                "node": record.step.get_node_display() if record.step else record.get_action_display(),
                "people": [(record.actor.name, record.on_behalf_of.name if record.on_behalf_of else "")],
                "action": record.action,
                # A record without a step (submit, withdraw, comment) is its own node: no second label.
                "action_label": record.get_action_display() if record.step else "",
                "opinion": record.opinion,
                "at": record.created_at,
            }
        )
    if approval.status == Approval.Status.PENDING:
        for step in approval.steps.all():
            if step.order < (approval.current_order or 0):
                continue
            if step.order == approval.current_order:
                people = [a for a in step.assignments.all() if a.is_open]
                state = "current"
            elif step.status == ApprovalStep.Status.WAITING:
                people = [a for a in step.assignments.all() if not a.decision]
                state = "waiting"
            else:
                continue
            entries.append(
                {
                    "state": state,
                    "node": step.get_node_display(),
                    "people": [(a.assignee.name, a.on_behalf_of.name if a.on_behalf_of else "") for a in people],
                    "mode": step.get_mode_display() if step.mode == ApprovalStep.Mode.ALL else "",
                    "action": "",
                    "action_label": "",
                    "opinion": "",
                    "at": step.activated_at if state == "current" else None,
                }
            )
    return entries
