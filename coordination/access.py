"""Who may see which board and which help request. Missing and forbidden look the same (404)."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from accounts.models import Duty
from coordination.models import Borrowing, HelpRequest
from coordination.services import can_decide, meeting_recorders
from core.access import has_duty, is_business_user
from org.models import Position, Section, Staff


def _is_office(staff: Staff) -> bool:
    return bool(staff.section_id) and staff.section.is_office


def sees_unit_board(staff: Staff) -> bool:
    """Unit leaders, the office and section heads."""
    if staff.position >= Position.SECTION_HEAD or _is_office(staff):
        return True
    return Section.objects.filter(head=staff).exists()


def sees_all_requests(staff: Staff) -> bool:
    """Unit leaders and the office."""
    return staff.position >= Position.DEPUTY or _is_office(staff)


def sees_section_by_role(staff: Staff, section: Section) -> bool:
    """The part of the section-board rule that needs no query (the unit board links only these)."""
    if section.unit_id != staff.unit_id:
        return False
    if staff.section_id == section.pk or staff.pk in (section.head_id, section.supervisor_id):
        return True
    return staff.position >= Position.DEPUTY or _is_office(staff)


def access_section(*, staff: Staff, section_id: int) -> Section:
    """A section's board: its members (and people borrowed into it now), its head and supervising leader,
    unit leaders and the office."""
    section = Section.objects.select_related("unit", "head__user", "supervisor__user").filter(pk=section_id).first()
    if section is None or section.unit_id != staff.unit_id:
        raise Http404
    if sees_section_by_role(staff, section):
        return section
    if Borrowing.objects.active_on(timezone.localdate()).filter(staff=staff, to_section=section).exists():
        return section
    raise Http404


def access_request(*, staff: Staff, request_id: int) -> HelpRequest:
    """The requester and their section's head, whoever must act on it, the requesting section's supervising
    leader, the heads of the lending sections, the people lent, unit leaders and the office."""
    request = (
        HelpRequest.objects.select_related(
            "unit", "section__head__user", "section__supervisor__user", "requested_by__user", "assignee__user", "task"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.unit_id != staff.unit_id:
        raise Http404
    if staff.pk in (request.requested_by_id, request.section.head_id, request.section.supervisor_id):
        return request
    if staff.pk == request.assignee_id or sees_all_requests(staff) or can_decide(staff, request):
        return request
    lending = request.borrowings.filter(staff=staff) | request.borrowings.filter(from_section__head=staff)
    if lending.exists():
        return request
    raise Http404


def access_borrowing_to_end(*, staff: Staff, borrowing_id: int) -> Borrowing:
    from coordination.services import can_end_early

    borrowing = Borrowing.objects.select_related("unit").filter(pk=borrowing_id).first()
    if borrowing is None or not can_end_early(staff, borrowing):
        raise Http404
    return borrowing


def may_record_meeting(staff: Staff) -> bool:
    return any(p.pk == staff.pk for p in meeting_recorders(staff.unit))


# --- the sidebar: only fields already loaded with the user's profile, so no page pays a query for them --------


def business_user(user) -> bool:
    return is_business_user(user) and user.staff.position >= Position.SECTION_HEAD


def sees_unit_board_user(user) -> bool:
    return is_business_user(user) and user.staff.position >= Position.SECTION_HEAD


def has_section_user(user) -> bool:
    return is_business_user(user) and user.staff.section_id is not None


def may_decide_user(user) -> bool:
    return is_business_user(user) and user.staff.position >= Position.SECTION_HEAD


def sees_all_user(user) -> bool:
    return is_business_user(user) and user.staff.position >= Position.DEPUTY


def settings_user(user) -> bool:
    return has_duty(user, Duty.BUSINESS_SETTINGS)
