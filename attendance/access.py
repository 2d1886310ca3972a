"""Who may see and do what in attendance. "Missing" and "forbidden" look the same (404).

- Everyone: their own punches, days, corrections and overtime.
- A section head: their section's sheet (and confirms it), figures and fatigue.
- A supervising leader (分管): the sections they supervise.
- The executive deputy and the principal leader, and the office staff who keep
  attendance (Duty.ATTENDANCE): the whole unit; the latter also lock the month.
"""

from __future__ import annotations

from django.http import Http404

from accounts.models import Duty
from approvals.access import can_view_approval
from approvals.selectors import approval_for_target
from attendance.models import Correction, Overtime
from core.access import has_duty
from org.models import Position, Section, Staff


def keeps_attendance(staff: Staff) -> bool:
    return has_duty(staff.user, Duty.ATTENDANCE)


def sees_whole_unit(staff: Staff) -> bool:
    return staff.position >= Position.EXECUTIVE_DEPUTY or keeps_attendance(staff)


def may_see_sheets(user) -> bool:
    """For the sidebar: no query beyond the cached duties."""
    if user.admin_role:
        return False
    staff = getattr(user, "staff", None)
    if staff is None:
        return False
    return staff.position >= Position.SECTION_HEAD or has_duty(user, Duty.ATTENDANCE)


def visible_sections(staff: Staff) -> list[Section]:
    """Sections whose sheets, figures and fatigue flags the person sees, in the unit's order."""
    qs = Section.objects.filter(unit_id=staff.unit_id).order_by("order", "id")
    if sees_whole_unit(staff):
        return list(qs)
    return [s for s in qs if s.head_id == staff.pk or s.supervisor_id == staff.pk]


def access_section(*, staff: Staff, section_id: int) -> Section:
    section = Section.objects.filter(pk=section_id, unit_id=staff.unit_id).first()
    if section is None:
        raise Http404
    if not (sees_whole_unit(staff) or staff.pk in (section.head_id, section.supervisor_id)):
        raise Http404
    return section


def access_unit_sheet(*, staff: Staff) -> None:
    if not sees_whole_unit(staff):
        raise Http404


def access_lock(*, staff: Staff) -> None:
    if not keeps_attendance(staff):
        raise Http404


def access_person(*, viewer: Staff, staff_id: int) -> Staff:
    """A person whose days the viewer may drill into: themselves, or someone in a section they see."""
    person = Staff.objects.select_related("user", "section").filter(pk=staff_id, unit_id=viewer.unit_id).first()
    if person is None:
        raise Http404
    if person.pk == viewer.pk or sees_whole_unit(viewer):
        return person
    section = person.section
    if section is None or viewer.pk not in (section.head_id, section.supervisor_id):
        raise Http404
    return person


def _access_request(model, *, staff: Staff, object_id: int):
    obj = model.objects.select_related("staff__user", "staff__section", "unit").filter(pk=object_id).first()
    if obj is None or obj.unit_id != staff.unit_id:
        raise Http404
    approval = approval_for_target(obj)
    if obj.staff_id != staff.pk and (approval is None or not can_view_approval(approval, staff)):
        raise Http404
    return obj, approval


def access_correction(*, staff: Staff, correction_id: int) -> tuple[Correction, object]:
    return _access_request(Correction, staff=staff, object_id=correction_id)


def access_overtime(*, staff: Staff, overtime_id: int) -> tuple[Overtime, object]:
    return _access_request(Overtime, staff=staff, object_id=overtime_id)
