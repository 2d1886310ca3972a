"""Who may read and do what with quarterly reports and meetings. Missing and forbidden both raise Http404."""

from __future__ import annotations

from django.http import Http404

from accounts.models import Duty
from core.access import has_duty
from org.models import Position, Section, Staff
from reports.models import AgendaItem, Decision, Meeting, QuarterlyReport

# The office keeps the meetings (会务). No duty of its own exists yet: the business-settings duty stands in.
MEETING_DUTY = Duty.BUSINESS_SETTINGS


def is_unit_leader(staff: Staff) -> bool:
    return staff.position >= Position.DEPUTY


def can_keep_meetings(staff: Staff) -> bool:
    """The office (holders of the meeting duty) and unit leaders plan meetings and keep minutes."""
    return is_unit_leader(staff) or has_duty(staff.user, MEETING_DUTY)


def can_read_all_reports(staff: Staff) -> bool:
    return can_keep_meetings(staff)


def can_file_report(staff: Staff, section: Section) -> bool:
    return section.head_id == staff.pk and section.unit_id == staff.unit_id


def can_read_report(staff: Staff, report: QuarterlyReport) -> bool:
    if report.unit_id != staff.unit_id:
        return False
    if can_read_all_reports(staff):
        return True
    section = report.section
    if staff.pk in (section.head_id, section.supervisor_id):
        return True
    return staff.section_id == report.section_id


def access_report(*, staff: Staff, report_id: int) -> QuarterlyReport:
    report = (
        QuarterlyReport.objects.select_related(
            "section__head__user", "section__supervisor__user", "author__user", "unit"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    if not can_read_report(staff, report):
        raise Http404
    return report


def access_report_for_filing(*, staff: Staff, report_id: int) -> QuarterlyReport:
    report = access_report(staff=staff, report_id=report_id)
    if not can_file_report(staff, report.section):
        raise Http404
    return report


def can_read_meeting(staff: Staff, meeting: Meeting, attendee_ids: set[int] | None = None) -> bool:
    """Keepers and unit leaders; for an all-staff meeting everyone in the unit; otherwise its attendees."""
    if meeting.unit_id != staff.unit_id:
        return False
    if can_keep_meetings(staff) or meeting.kind == Meeting.Kind.ALL_STAFF:
        return True
    if attendee_ids is None:
        return meeting.attendees.filter(staff=staff).exists()
    return staff.pk in attendee_ids


def access_meeting(*, staff: Staff, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("unit", "created_by__user").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    if not can_read_meeting(staff, meeting):
        raise Http404
    return meeting


def access_meeting_for_keeping(*, staff: Staff, meeting_id: int) -> Meeting:
    meeting = access_meeting(staff=staff, meeting_id=meeting_id)
    if not can_keep_meetings(staff):
        raise Http404
    return meeting


def access_agenda_item_for_keeping(*, staff: Staff, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=item_id, unit_id=staff.unit_id).first()
    if item is None:
        raise Http404
    if not can_keep_meetings(staff):
        raise Http404
    return item


def access_decision_for_keeping(*, staff: Staff, decision_id: int) -> Decision:
    decision = Decision.objects.select_related("meeting").filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    if decision.meeting.unit_id != staff.unit_id:
        raise Http404
    if not can_keep_meetings(staff):
        raise Http404
    return decision
