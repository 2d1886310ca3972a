"""Who may see and change what in the organization. Missing and forbidden both raise Http404."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Duty
from core.access import has_duty, is_business_user
from org.models import Delegation, Section, Staff, Unit
from org.roles import can_delegate


def viewable_units(user) -> list[Unit]:
    """A county's staff see their own unit; the city department's staff also see the counties under it."""
    if not is_business_user(user):
        return []
    own = user.staff.unit
    if own.level != Unit.Level.CITY:
        return [own]
    return [own, *Unit.objects.filter(parent=own).order_by("order", "id")]


def access_unit(user, unit_id: int | None) -> Unit:
    """The unit a page shows: the user's own, or (city staff) a county under it."""
    if not is_business_user(user):
        raise Http404
    own = user.staff.unit
    if unit_id is None or unit_id == own.pk:
        return own
    if own.level != Unit.Level.CITY:
        raise Http404
    unit = Unit.objects.filter(pk=unit_id, parent=own).first()
    if unit is None:
        raise Http404
    return unit


def access_staff(user, staff_id: int) -> Staff:
    """A person whose unit the user may view."""
    if not is_business_user(user):
        raise Http404
    staff = Staff.objects.select_related("user", "unit", "section").filter(pk=staff_id).first()
    if staff is None:
        raise Http404
    own = user.staff.unit
    if staff.unit_id != own.pk and not (own.level == Unit.Level.CITY and staff.unit.parent_id == own.pk):
        raise Http404
    return staff


def keeps_records_of(user, unit: Unit) -> bool:
    """Holds the staff-records duty, for their own unit only."""
    return has_duty(user, Duty.STAFF_RECORDS) and user.staff.unit_id == unit.pk


def access_staff_for_records(user, staff_id: int) -> Staff:
    staff = access_staff(user, staff_id)
    if not keeps_records_of(user, staff.unit):
        raise Http404
    return staff


def can_reveal(user, staff: Staff) -> bool:
    """The full phone and ID number: the person themself, or the staff-records keeper of their unit."""
    if not is_business_user(user):
        return False
    if staff.user_id == user.pk:
        return True
    return keeps_records_of(user, staff.unit)


def access_section_for_records(user, section_id: int) -> Section:
    section = Section.objects.select_related("unit").filter(pk=section_id).first()
    if section is None:
        raise Http404
    if not is_business_user(user):
        raise Http404
    if not keeps_records_of(user, section.unit):
        raise Http404
    return section


def may_delegate(user) -> bool:
    return is_business_user(user) and can_delegate(user.staff)


def access_own_delegation(user, delegation_id: int) -> Delegation:
    if not may_delegate(user):
        raise Http404
    delegation = Delegation.objects.filter(pk=delegation_id, staff=user.staff).first()
    if delegation is None:
        raise Http404
    return delegation
