"""Business roles, read from the org chart. One place answers "who leads whom"."""

from __future__ import annotations

from org.models import Position, Section, Staff, Unit


def section_head_of(staff: Staff) -> Staff | None:
    return staff.section.head if staff.section_id else None


def supervisor_of(staff: Staff) -> Staff | None:
    """The leader who supervises (分管) the person's section."""
    return staff.section.supervisor if staff.section_id else None


def principal_of(unit: Unit) -> Staff | None:
    return unit.principal_leader


def higher_principal_of(unit: Unit) -> Staff | None:
    return unit.parent.principal_leader if unit.parent_id else None


def is_section_head(staff: Staff) -> bool:
    return Section.objects.filter(head=staff).exists()


def headed_section_ids(staff: Staff) -> list[int]:
    return list(Section.objects.filter(head=staff).values_list("id", flat=True))


def supervised_section_ids(staff: Staff) -> list[int]:
    return list(Section.objects.filter(supervisor=staff).values_list("id", flat=True))


def is_unit_leader(staff: Staff) -> bool:
    """Principal leader, executive deputy or a deputy: sees the whole unit."""
    return staff.position >= Position.DEPUTY


def is_office_staff(staff: Staff) -> bool:
    return bool(staff.section_id) and staff.section.is_office


def role_label(staff: Staff) -> str:
    return staff.title or staff.get_position_display()


def can_delegate(staff: Staff) -> bool:
    """Section heads and leaders decide approvals, so they may name someone to decide for them (代)."""
    return staff.position >= Position.SECTION_HEAD
