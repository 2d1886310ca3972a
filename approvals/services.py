"""State changes of approvals.

Domain services (e.g. `goingout_report_submit`) call `approval_open`,
`approval_reopen` and `approval_withdraw` inside their own transaction and write
their own single audit event. Decisions and comments are made here directly
(`approval_decide`, `approval_comment`), each one transaction with one audit
event; the domain object follows through the request kind's callbacks in the
same transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import registry, routing
from approvals.models import Approval, ApprovalAssignment, ApprovalRecord, ApprovalStep, Node
from audit.services import audit_record
from notify.services import notify_after_commit
from org.models import Staff


class ApprovalError(Exception):
    """A request the approval mechanism refuses; the message is shown to the user."""


DECISIONS = {
    "approve": (ApprovalAssignment.Decision.APPROVED, ApprovalRecord.Action.APPROVE),
    "reject": (ApprovalAssignment.Decision.REJECTED, ApprovalRecord.Action.REJECT),
    "return": (ApprovalAssignment.Decision.RETURNED, ApprovalRecord.Action.RETURN),
}


def _today() -> datetime.date:
    return timezone.localdate()


def _inbox_url() -> str:
    return reverse("approvals:inbox")


def _notify_step(step: ApprovalStep, approval: Approval) -> None:
    notify_after_commit(
        recipients=[a.assignee.user for a in step.assignments.filter(is_open=True).select_related("assignee__user")],
        text=_("%(applicant)s's %(title)s is waiting for your approval")
        % {"applicant": approval.applicant.name, "title": approval.title},
        url=_inbox_url(),
    )


def _create_assignments(step: ApprovalStep, planned: routing.PlannedStep, *, open_now: bool) -> None:
    ApprovalAssignment.objects.bulk_create(
        [
            ApprovalAssignment(step=step, assignee=a.staff, on_behalf_of=a.on_behalf_of, is_open=open_now)
            for a in planned.assignees
        ]
    )


def _resolve_fresh(step: ApprovalStep, approval: Approval, day: datetime.date) -> routing.PlannedStep | None:
    """Resolve a step's deciders again; a countersign step asks the request kind, which needs the target."""
    target = None
    if step.node == Node.COUNTERSIGN:
        target = registry.get(approval.kind).model.objects.filter(pk=approval.target_id).first()
    return routing.resolve_node(step.node, approval.applicant, day, kind=approval.kind, target=target)


def _activate(step: ApprovalStep, approval: Approval, now: datetime.datetime) -> None:
    """Open a step. Who decides is resolved again now: someone may have gone on leave since submission."""
    fresh = _resolve_fresh(step, approval, timezone.localdate(now))
    planned_ids = sorted((a.assignee_id, a.on_behalf_of_id) for a in step.assignments.filter(decision=""))
    if fresh is not None and sorted((a.staff.pk, getattr(a.on_behalf_of, "pk", None)) for a in fresh.assignees) != (
        planned_ids
    ):
        step.assignments.filter(decision="").delete()
        _create_assignments(step, fresh, open_now=True)
    else:
        step.assignments.filter(decision="").update(is_open=True)
    step.status = ApprovalStep.Status.PENDING
    step.activated_at = now
    step.decided_at = None
    step.save(update_fields=["status", "activated_at", "decided_at"])
    approval.current_order = step.order
    _notify_step(step, approval)


def approval_lock_with_target(targets, target_id: int) -> tuple[object | None, Approval | None]:
    """Lock a request's approval, then the request itself (from `targets`, a queryset that carries the
    caller's ownership filter). Every domain service locks in this order, the same as `approval_decide`,
    so a withdrawal and a decision arriving together never deadlock. (None, None) when either is missing."""
    approval = (
        Approval.objects.select_for_update().filter(target_type=targets.model._meta.label_lower, target_id=target_id)
    ).first()
    target = targets.select_for_update().filter(pk=target_id).first()
    if approval is None or target is None:
        return None, None
    return target, approval


def approval_open(
    *, applicant: Staff, kind: str, target, title: str, days: Decimal | None = None, day: datetime.date | None = None
) -> Approval:
    """Start the approval of `target`. Call inside the domain service's transaction; it writes no audit event."""
    try:
        planned = routing.plan(applicant=applicant, kind=kind, days=days, day=day or _today(), target=target)
    except routing.RoutingError:
        raise ApprovalError(_("No approver can be found for this request. Ask the office to check the approval route."))
    now = timezone.now()
    approval = Approval.objects.create(
        unit=applicant.unit,
        kind=kind,
        title=title,
        applicant=applicant,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        days=days,
        submitted_at=now,
    )
    for order, planned_step in enumerate(planned, start=1):
        step = ApprovalStep.objects.create(
            approval=approval, order=order, node=planned_step.node, mode=planned_step.mode
        )
        _create_assignments(step, planned_step, open_now=False)
    ApprovalRecord.objects.create(
        approval=approval, actor=applicant, action=ApprovalRecord.Action.SUBMIT, created_at=now
    )
    first = approval.steps.order_by("order").first()
    _activate(first, approval, now)
    approval.save(update_fields=["current_order"])
    return approval


def approval_reopen(*, approval: Approval, applicant: Staff) -> Approval:
    """Resubmit a returned request: it goes straight back to the step that returned it. No audit event."""
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    if approval.status != Approval.Status.RETURNED:
        raise ApprovalError(_("Only a request returned for revision can be resubmitted."))
    if approval.applicant_id != applicant.pk:
        raise ApprovalError(_("Only the applicant can resubmit."))
    now = timezone.now()
    step = approval.steps.get(order=approval.returned_order)
    approval.status = Approval.Status.PENDING
    approval.round += 1
    approval.decided_at = None
    ApprovalRecord.objects.create(
        approval=approval, actor=applicant, action=ApprovalRecord.Action.RESUBMIT, created_at=now
    )
    fresh = _resolve_fresh(step, approval, timezone.localdate(now))
    if fresh is not None:
        _create_assignments(step, fresh, open_now=False)
    _activate(step, approval, now)
    approval.returned_order = None
    approval.save(update_fields=["status", "round", "decided_at", "current_order", "returned_order"])
    return approval


def approval_withdraw(*, approval: Approval, applicant: Staff) -> Approval:
    """The applicant takes the request back, allowed until someone has decided in this round. No audit event."""
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    if approval.applicant_id != applicant.pk:
        raise ApprovalError(_("Only the applicant can withdraw a request."))
    if approval.status not in (Approval.Status.PENDING, Approval.Status.RETURNED):
        raise ApprovalError(_("This request has already been decided and cannot be withdrawn."))
    if approval.status == Approval.Status.PENDING:
        last_submit = (
            approval.records.filter(action__in=[ApprovalRecord.Action.SUBMIT, ApprovalRecord.Action.RESUBMIT])
            .order_by("-created_at", "-id")
            .values_list("created_at", flat=True)
            .first()
        )
        if approval.records.filter(action=ApprovalRecord.Action.APPROVE, created_at__gte=last_submit).exists():
            raise ApprovalError(_("An approver has already decided; the request can no longer be withdrawn."))
    now = timezone.now()
    ApprovalAssignment.objects.filter(step__approval=approval, is_open=True).update(is_open=False)
    approval.steps.filter(status=ApprovalStep.Status.PENDING).update(status=ApprovalStep.Status.CANCELLED)
    approval.status = Approval.Status.WITHDRAWN
    approval.decided_at = now
    approval.current_order = None
    approval.save(update_fields=["status", "decided_at", "current_order"])
    ApprovalRecord.objects.create(
        approval=approval, actor=applicant, action=ApprovalRecord.Action.WITHDRAW, created_at=now
    )
    return approval


def _target(approval: Approval):
    kind = registry.get(approval.kind)
    return kind, kind.model.objects.select_for_update().get(pk=approval.target_id)


def approval_decide(*, actor: Staff, approval_id: int, decision: str, opinion: str = "") -> Approval:
    """Approve, reject (reason required) or return (reason required) the actor's open step.

    Two approvers acting at once: the approval row is locked first, so exactly one
    decision stands and the other gets a clear refusal.
    """
    if decision not in DECISIONS:
        raise ApprovalError(_("Unknown decision."))
    opinion = (opinion or "").strip()
    if decision in ("reject", "return") and not opinion:
        raise ApprovalError(_("Please give the reason for rejecting or returning the request."))
    with transaction.atomic():
        approval = Approval.objects.select_for_update().select_related("applicant__user").get(pk=approval_id)
        if approval.status != Approval.Status.PENDING:
            raise ApprovalError(_("This request has already been handled; nothing was changed."))
        step = approval.steps.get(order=approval.current_order)
        assignment = step.assignments.filter(assignee=actor, is_open=True).select_related("on_behalf_of__user").first()
        if assignment is None:
            raise ApprovalError(_("This step has already been handled by someone else, or is not yours to decide."))
        request_kind = registry.get(approval.kind)
        if request_kind.validate_decision is not None:
            # The kind may refuse, e.g. documents refuse an approval with no edit and only "同意".
            request_kind.validate_decision(
                request_kind.model.objects.get(pk=approval.target_id), approval, actor, decision, opinion
            )
        now = timezone.now()
        assignment_decision, record_action = DECISIONS[decision]
        assignment.decision = assignment_decision
        assignment.opinion = opinion
        assignment.decided_at = now
        assignment.is_open = False
        assignment.save(update_fields=["decision", "opinion", "decided_at", "is_open"])
        ApprovalRecord.objects.create(
            approval=approval,
            step=step,
            actor=actor,
            on_behalf_of=assignment.on_behalf_of,
            action=record_action,
            opinion=opinion,
            created_at=now,
        )
        kind, target = _target(approval)
        applicant_user = approval.applicant.user
        fields = ["status", "decided_at", "current_order", "returned_order"]
        if decision == "approve":
            still_open = step.assignments.filter(is_open=True)
            if step.mode == ApprovalStep.Mode.ONE or not still_open.exists():
                still_open.update(is_open=False)
                step.status = ApprovalStep.Status.APPROVED
                step.decided_at = now
                step.save(update_fields=["status", "decided_at"])
                next_step = approval.steps.filter(order__gt=step.order).order_by("order").first()
                if next_step is not None:
                    _activate(next_step, approval, now)
                    notify_after_commit(
                        recipients=[applicant_user],
                        text=_("Your %(title)s was approved by %(who)s and passed to the next step")
                        % {"title": approval.title, "who": actor.name},
                        url=kind.detail_url(target),
                    )
                else:
                    approval.status = Approval.Status.APPROVED
                    approval.decided_at = now
                    approval.current_order = None
                    kind.on_approved(target, approval, actor)
                    notify_after_commit(
                        recipients=[applicant_user],
                        text=_("Your %(title)s has been approved") % {"title": approval.title},
                        url=kind.detail_url(target),
                    )
        else:
            step.assignments.filter(is_open=True).update(is_open=False)
            step.status = ApprovalStep.Status.REJECTED if decision == "reject" else ApprovalStep.Status.RETURNED
            step.decided_at = now
            step.save(update_fields=["status", "decided_at"])
            approval.decided_at = now
            if decision == "reject":
                approval.status = Approval.Status.REJECTED
                approval.current_order = None
                kind.on_rejected(target, approval, actor)
                text = _("Your %(title)s was rejected by %(who)s: %(why)s")
            else:
                approval.status = Approval.Status.RETURNED
                approval.returned_order = step.order
                approval.current_order = None
                kind.on_returned(target, approval, actor)
                text = _("Your %(title)s was returned for revision by %(who)s: %(why)s")
            notify_after_commit(
                recipients=[applicant_user],
                text=text % {"title": approval.title, "who": actor.name, "why": opinion},
                url=kind.detail_url(target),
            )
        approval.save(update_fields=fields)
        audit_record(
            actor=actor.user,
            action=f"approvals.{decision}",
            target=target,
            unit=approval.unit,
            summary=f"{record_action.label}：{approval.title}" + (f"（意见：{opinion}）" if opinion else ""),
            changes={"step": step.get_node_display(), "decision": decision, "approval": approval.pk},
            on_behalf_of=assignment.on_behalf_of.user if assignment.on_behalf_of else None,
        )
    return approval


def approval_comment(*, actor: Staff, approval_id: int, text: str) -> ApprovalRecord:
    """A remark on the timeline by the applicant or anyone the request passes through."""
    text = (text or "").strip()
    if not text:
        raise ApprovalError(_("The comment is empty."))
    with transaction.atomic():
        approval = Approval.objects.select_for_update().get(pk=approval_id)
        record = ApprovalRecord.objects.create(
            approval=approval,
            actor=actor,
            action=ApprovalRecord.Action.COMMENT,
            opinion=text,
            created_at=timezone.now(),
        )
        kind = registry.get(approval.kind)
        target = kind.model.objects.get(pk=approval.target_id)
        audit_record(
            actor=actor.user,
            action="approvals.comment",
            target=target,
            unit=approval.unit,
            summary=f"评论：{approval.title}",
            changes={"approval": approval.pk},
        )
        people = {approval.applicant.user}
        people |= {
            a.assignee.user
            for a in ApprovalAssignment.objects.filter(step__approval=approval)
            .exclude(step__status=ApprovalStep.Status.WAITING)
            .select_related("assignee__user")
        }
        people.discard(actor.user)
        notify_after_commit(
            recipients=people,
            text=_("%(who)s commented on %(title)s") % {"who": actor.name, "title": approval.title},
            url=kind.detail_url(target),
        )
    return record


def approval_remind_stale(*, now: datetime.datetime | None = None) -> int:
    """Remind approvers of steps pending longer than APPROVAL_REMINDER_HOURS (scheduled job)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.APPROVAL_REMINDER_HOURS)
    stale = (
        ApprovalAssignment.objects.filter(is_open=True, step__activated_at__lt=cutoff)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=cutoff))
        .select_related("assignee__user", "step__approval__applicant__user")
    )
    count = 0
    for assignment in stale:
        with transaction.atomic():
            locked = ApprovalAssignment.objects.select_for_update().get(pk=assignment.pk)
            if not locked.is_open:
                continue
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
            approval = assignment.step.approval
            audit_record(
                actor=None,
                action="approvals.remind",
                target=approval,
                unit=approval.unit,
                summary=f"催办提醒 {assignment.assignee.name}：{approval.title}",
            )
            notify_after_commit(
                recipients=[assignment.assignee.user],
                text=_("Reminder: %(title)s from %(applicant)s has been waiting for your approval since %(since)s")
                % {
                    "title": approval.title,
                    "applicant": approval.applicant.name,
                    "since": timezone.localtime(assignment.step.activated_at).strftime("%m月%d日 %H:%M"),
                },
                url=_inbox_url(),
            )
            count += 1
    return count


def approval_rules_replace(*, actor: Staff, kind: str, rules: list[dict]) -> int:
    """Replace the actor's unit's routing rules for one request type (business settings duty)."""
    if not rules:
        raise ApprovalError(_("Keep at least one rule, or reset to the default rules."))
    for rule in rules:
        if not rule.get("nodes"):
            raise ApprovalError(_("Every rule needs at least one step."))
    registry.get(kind)  # unknown kinds raise KeyError: views only pass registered ones
    with transaction.atomic():
        from approvals.models import ApprovalRule

        unit = actor.unit
        before = list(ApprovalRule.objects.filter(unit=unit, kind=kind).values("positions", "days_above", "nodes"))
        ApprovalRule.objects.filter(unit=unit, kind=kind).delete()
        ApprovalRule.objects.bulk_create(
            [
                ApprovalRule(
                    unit=unit,
                    kind=kind,
                    positions=sorted(int(p) for p in rule.get("positions") or []),
                    days_above=Decimal(str(rule.get("days_above") or 0)),
                    nodes=list(rule["nodes"]),
                )
                for rule in rules
            ]
        )
        audit_record(
            actor=actor.user,
            action="approvals.rules_replace",
            unit=unit,
            summary=f"修改审批流程：{registry.get(kind).label}（{len(rules)} 条规则）",
            changes={"kind": kind, "before": before, "after": rules},
        )
    return len(rules)
