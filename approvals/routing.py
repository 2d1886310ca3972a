"""Resolving a request's steps from the org chart and the unit's rules.

Rules: an applicant never approves their own request (a step that would go to
them goes one level up); a vacant post goes one level up; an approver who is
away that day (leave, going-out — see org.absence) or has set a delegate is
replaced by the delegate, else by the next level up, recorded as "代"; the same
person never gets two steps in a row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from approvals import registry
from approvals.models import ApprovalRule, ApprovalStep, Node
from org.absence import away_reasons
from org.models import Delegation, Staff

LEVEL_UP = {
    Node.SECTION_HEAD: Node.SUPERVISOR,
    Node.OFFICE_HEAD: Node.SUPERVISOR,
    Node.SUPERVISOR: Node.PRINCIPAL,
    Node.EXECUTIVE_DEPUTY: Node.PRINCIPAL,
    Node.PRINCIPAL: Node.HIGHER_PRINCIPAL,
    Node.HIGHER_PRINCIPAL: None,
}


class RoutingError(Exception):
    pass


@dataclass
class Assignee:
    staff: Staff
    on_behalf_of: Staff | None = None


@dataclass
class PlannedStep:
    node: str
    mode: str
    assignees: list[Assignee]


def rules_for(unit, kind: str) -> list[dict]:
    rows = list(ApprovalRule.objects.filter(unit=unit, kind=kind).values("positions", "days_above", "nodes"))
    return rows or registry.get(kind).default_rules


def pick_nodes(*, unit, kind: str, position: int, days: Decimal | None) -> list[str]:
    best = None
    for rule in rules_for(unit, kind):
        positions = rule.get("positions") or []
        if positions and position not in positions:
            continue
        above = Decimal(str(rule.get("days_above", 0)))
        if above > 0 and (days is None or days <= above):
            continue
        if best is None or above > Decimal(str(best.get("days_above", 0))):
            best = rule
    if best is None:
        raise RoutingError("no approval rule applies")
    return list(best["nodes"])


def _holder(node: str, applicant: Staff) -> Staff | None:
    unit = applicant.unit
    section = applicant.section
    if node == Node.SECTION_HEAD:
        return section.head if section else None
    if node == Node.SUPERVISOR:
        return section.supervisor if section else None
    if node == Node.EXECUTIVE_DEPUTY:
        return unit.executive_deputy
    if node == Node.PRINCIPAL:
        return unit.principal_leader
    if node == Node.HIGHER_PRINCIPAL:
        return unit.parent.principal_leader if unit.parent_id else None
    if node == Node.OFFICE_HEAD:
        office = unit.sections.filter(is_office=True).select_related("head").first()
        return office.head if office else None
    return None


def _active_delegate(person: Staff, day: datetime.date) -> Staff | None:
    delegation = (
        Delegation.objects.filter(staff=person, starts_on__lte=day, ends_on__gte=day)
        .select_related("delegate__user", "delegate__unit", "delegate__section")
        .order_by("-created_at")
        .first()
    )
    return delegation.delegate if delegation else None


def _resolve_single(node: str, applicant: Staff, day: datetime.date) -> tuple[str, Assignee] | None:
    """The person who decides `node` for `applicant` on `day`, going up levels as needed.

    Returns the node the step is named after: a vacant post or the applicant's own
    post moves the step up (it becomes the higher node's step); an absent holder
    keeps the step's name and the stand-in decides "代" them.
    """
    current: str | None = node
    named = node
    stand_in_for: Staff | None = None
    while current is not None:
        holder = _holder(current, applicant)
        if holder is None or holder.pk == applicant.pk:
            current = LEVEL_UP.get(current)
            if stand_in_for is None and current is not None:
                named = current
            continue
        delegate = _active_delegate(holder, day)
        if delegate is None and holder.pk in away_reasons([holder.pk], day):
            # Away with no delegate: the next level up decides, for them.
            stand_in_for = stand_in_for or holder
            current = LEVEL_UP.get(current)
            continue
        if delegate is not None and delegate.pk != applicant.pk:
            return named, Assignee(staff=delegate, on_behalf_of=stand_in_for or holder)
        if delegate is not None:
            current = LEVEL_UP.get(current)
            continue
        return named, Assignee(staff=holder, on_behalf_of=stand_in_for)
    return None


def _resolve_meeting(applicant: Staff, day: datetime.date) -> list[Assignee]:
    members = list(
        Staff.objects.filter(unit=applicant.unit, is_affairs_member=True)
        .exclude(pk=applicant.pk)
        .select_related("user")
        .order_by("-position", "order", "id")
    )
    result = []
    away = away_reasons([m.pk for m in members], day)
    for member in members:
        delegate = _active_delegate(member, day)
        if delegate is not None and delegate.pk != applicant.pk:
            result.append(Assignee(staff=delegate, on_behalf_of=member))
        elif member.pk not in away:
            result.append(Assignee(staff=member))
    return result


def plan(*, applicant: Staff, kind: str, days: Decimal | None, day: datetime.date, target=None) -> list[PlannedStep]:
    nodes = pick_nodes(unit=applicant.unit, kind=kind, position=applicant.position, days=days)
    if target is not None:
        adjust = getattr(registry._kinds.get(kind), "adjust_nodes", None)
        if adjust is not None:
            nodes = list(adjust(target, nodes))
    steps = [
        step
        for step in (resolve_node(node, applicant, day, kind=kind, target=target) for node in nodes)
        if step is not None
    ]
    if not steps:
        raise RoutingError("no approver can be found")
    return _dedupe(steps)


def resolve_node(
    node: str, applicant: Staff, day: datetime.date, *, kind: str | None = None, target=None
) -> PlannedStep | None:
    if node == Node.COUNTERSIGN:
        return _resolve_countersign(applicant, day, kind=kind, target=target)
    if node == Node.AFFAIRS_MEETING:
        members = _resolve_meeting(applicant, day)
        return PlannedStep(node=node, mode=ApprovalStep.Mode.ALL, assignees=members) if members else None
    resolved = _resolve_single(node, applicant, day)
    if resolved is None:
        return None
    resolved_node, assignee = resolved
    return PlannedStep(node=resolved_node, mode=ApprovalStep.Mode.ONE, assignees=[assignee])


def _resolve_countersign(applicant: Staff, day: datetime.date, *, kind: str | None, target) -> PlannedStep | None:
    """All-of step among the people the request kind names for this target (absent ones → their delegate)."""
    if kind is None or target is None:
        return None
    hook = getattr(registry._kinds.get(kind), "countersigners", None)
    if hook is None:
        return None
    people = [p for p in hook(target, applicant, day) if p is not None and p.pk != applicant.pk]
    away = away_reasons([p.pk for p in people], day)
    result: list[Assignee] = []
    seen: set[int] = set()
    for person in people:
        delegate = _active_delegate(person, day)
        if delegate is not None and delegate.pk != applicant.pk:
            chosen = Assignee(staff=delegate, on_behalf_of=person)
        elif person.pk not in away:
            chosen = Assignee(staff=person)
        else:
            continue
        if chosen.staff.pk not in seen:
            seen.add(chosen.staff.pk)
            result.append(chosen)
    return PlannedStep(node=Node.COUNTERSIGN, mode=ApprovalStep.Mode.ALL, assignees=result) if result else None


def _dedupe(steps: list[PlannedStep]) -> list[PlannedStep]:
    """The same person never decides twice: a later step that resolves to someone who already decides is dropped."""
    result: list[PlannedStep] = []
    seen: set[int] = set()
    for step in steps:
        people = {a.staff.pk for a in step.assignees}
        if step.mode == ApprovalStep.Mode.ONE and people <= seen:
            continue
        seen |= people
        result.append(step)
    return result
