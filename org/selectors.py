"""Reads of the organization: the chart, the directory, sections and delegations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from org.models import Delegation, Position, Section, Staff, Unit


def staff_search_q(text: str) -> Q:
    """Name substring, or a prefix of the pinyin initials ("zsf" → 张三丰), or of the full pinyin ("zhang")."""
    text = text.strip()
    latin = text.lower().replace(" ", "")
    query = Q(user__full_name__icontains=text)
    if latin.isascii() and latin.isalpha():
        query |= Q(name_initials__startswith=latin) | Q(name_pinyin__startswith=latin)
    return query


def staff_directory(
    unit: Unit, *, section: Section | None = None, position: int | None = None, q: str = ""
) -> QuerySet[Staff]:
    staff = Staff.objects.filter(unit=unit).select_related("user", "section")
    if section is not None:
        staff = staff.filter(section=section)
    if position is not None:
        staff = staff.filter(position=position)
    if q.strip():
        staff = staff.filter(staff_search_q(q))
    # Leaders first, then by section as the chart lists them.
    return staff.order_by("-position", "section__order", "section_id", "order", "id")


def unit_staff(unit: Unit) -> QuerySet[Staff]:
    return Staff.objects.filter(unit=unit).select_related("user", "section").order_by("-position", "order", "id")


def unit_leaders(unit: Unit) -> QuerySet[Staff]:
    return unit_staff(unit).filter(position__gte=Position.DEPUTY)


def unit_sections(unit: Unit) -> QuerySet[Section]:
    return Section.objects.filter(unit=unit).select_related("head__user", "supervisor__user").order_by("order", "id")


@dataclass
class SectionNode:
    section: Section
    head: Staff | None
    members: list[Staff]

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass
class LeaderNode:
    staff: Staff
    role: str  # principal / executive_deputy / deputy
    sections: list[SectionNode] = field(default_factory=list)


@dataclass
class OrgChart:
    unit: Unit
    principal: LeaderNode | None
    leaders: list[LeaderNode]  # executive deputy first, then the deputies
    unsupervised: list[SectionNode]
    others: list[Staff]
    total: int


def org_chart(unit: Unit) -> OrgChart:
    """The unit as a tree: principal leader → executive deputy and deputies → the sections each supervises → people.

    Two queries whatever the size: the sections and the staff; the tree is put together here.
    """
    sections = list(Section.objects.filter(unit=unit).order_by("order", "id"))
    staff = list(Staff.objects.filter(unit=unit).select_related("user").order_by("-position", "order", "id"))
    by_id = {person.pk: person for person in staff}
    members: dict[int, list[Staff]] = {section.pk: [] for section in sections}
    for person in staff:
        if person.section_id in members:
            members[person.section_id].append(person)

    nodes: dict[int, SectionNode] = {}
    for section in sections:
        head = by_id.get(section.head_id)
        people = members[section.pk]
        # The head first, then by position and order (staff is already sorted that way).
        people.sort(key=lambda p, head=head: p != head)
        nodes[section.pk] = SectionNode(section=section, head=head, members=people)

    principal = by_id.get(unit.principal_leader_id)
    executive = by_id.get(unit.executive_deputy_id)
    supervisor_ids = {section.supervisor_id for section in sections if section.supervisor_id in by_id}
    leader_people = [executive] if executive is not None else []
    leader_people += [
        person
        for person in staff
        if person not in (principal, executive)
        and (person.position >= Position.DEPUTY or person.pk in supervisor_ids)
        and person.section_id is None
    ]
    leader_people += [
        person
        for person in staff
        if person.pk in supervisor_ids and person not in leader_people and person is not principal
    ]

    def supervised(person: Staff) -> list[SectionNode]:
        return [nodes[section.pk] for section in sections if section.supervisor_id == person.pk]

    leaders = [
        LeaderNode(
            staff=person, role="executive_deputy" if person == executive else "deputy", sections=supervised(person)
        )
        for person in leader_people
    ]
    principal_node = (
        LeaderNode(staff=principal, role="principal", sections=supervised(principal)) if principal else None
    )
    placed = {node.staff.pk for node in leaders} | ({principal.pk} if principal else set())
    return OrgChart(
        unit=unit,
        principal=principal_node,
        leaders=leaders,
        unsupervised=[nodes[section.pk] for section in sections if section.supervisor_id not in by_id],
        others=[person for person in staff if person.section_id is None and person.pk not in placed],
        total=len(staff),
    )


@dataclass
class DelegationRow:
    delegation: Delegation
    state: str  # active / upcoming / ended


def delegation_state(delegation: Delegation, today: datetime.date) -> str:
    if delegation.ends_on < today:
        return "ended"
    if delegation.starts_on > today:
        return "upcoming"
    return "active"


def delegations_given(leader: Staff) -> list[DelegationRow]:
    today = timezone.localdate()
    rows = Delegation.objects.filter(staff=leader).select_related("delegate__user").order_by("-starts_on", "-id")
    return [DelegationRow(delegation=row, state=delegation_state(row, today)) for row in rows[:50]]


def delegations_received(person: Staff) -> list[DelegationRow]:
    today = timezone.localdate()
    rows = (
        Delegation.objects.filter(delegate=person, ends_on__gte=today)
        .select_related("staff__user")
        .order_by("starts_on", "id")
    )
    return [DelegationRow(delegation=row, state=delegation_state(row, today)) for row in rows]


def current_delegate(leader: Staff, day: datetime.date | None = None) -> Staff | None:
    day = day or timezone.localdate()
    delegation = (
        Delegation.objects.filter(staff=leader, starts_on__lte=day, ends_on__gte=day)
        .select_related("delegate__user")
        .order_by("-created_at")
        .first()
    )
    return delegation.delegate if delegation else None
