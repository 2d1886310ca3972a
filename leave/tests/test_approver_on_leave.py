"""An approver on approved leave: their steps go to their delegate, or the next level up, marked 代 —
derived from the leave data itself (leave.selectors.away_on is an org.absence provider)."""

import datetime

import pytest

from approvals.models import ApprovalAssignment
from approvals.selectors import timeline
from leave.services import leave_request_report_back
from leave.tests.helpers import approval_of, at, submit, take
from org.absence import away_reasons
from org.services import delegation_create

pytestmark = pytest.mark.django_db

d = datetime.date


def first_assignment(target) -> ApprovalAssignment:
    return ApprovalAssignment.objects.filter(step__approval=approval_of(target)).order_by("step__order", "id").first()


def test_section_head_on_leave_sends_the_step_up_a_level_marked_on_behalf(cast, time_machine):
    time_machine.move_to(at(d(2026, 9, 1)), tick=False)
    take(cast.head, "annual", d(2026, 9, 14), d(2026, 9, 18))
    time_machine.move_to(at(d(2026, 9, 15)), tick=False)
    assert "年休假" in away_reasons([cast.head.pk], d(2026, 9, 15))[cast.head.pk]
    request = submit(cast.staff, "personal", d(2026, 9, 16))
    first = first_assignment(request)
    assert (first.assignee_id, first.on_behalf_of_id) == (cast.deputy.pk, cast.head.pk)
    entry = timeline(approval_of(request))[-1]
    assert entry["people"] == [(cast.deputy.name, cast.head.name)]


def test_section_head_on_leave_with_a_delegate_sends_the_step_to_the_delegate(cast, time_machine):
    time_machine.move_to(at(d(2026, 9, 1)), tick=False)
    take(cast.head, "annual", d(2026, 9, 14), d(2026, 9, 18))
    delegation_create(
        actor=cast.head.user,
        leader=cast.head,
        delegate=cast.office_head,
        starts_on=d(2026, 9, 14),
        ends_on=d(2026, 9, 18),
    )
    time_machine.move_to(at(d(2026, 9, 15)), tick=False)
    request = submit(cast.staff, "personal", d(2026, 9, 16))
    first = first_assignment(request)
    assert (first.assignee_id, first.on_behalf_of_id) == (cast.office_head.pk, cast.head.pk)


def test_approver_back_early_gets_their_steps_again(cast, time_machine):
    time_machine.move_to(at(d(2026, 9, 1)), tick=False)
    leave = take(cast.head, "annual", d(2026, 9, 14), d(2026, 9, 18))
    time_machine.move_to(at(d(2026, 9, 16)), tick=False)
    leave_request_report_back(actor=cast.head, request_id=leave.pk, actual_last_day=d(2026, 9, 15))
    request = submit(cast.staff, "personal", d(2026, 9, 17))
    first = first_assignment(request)
    assert (first.assignee_id, first.on_behalf_of_id) == (cast.head.pk, None)


def test_leave_not_yet_approved_does_not_count_as_away(cast, time_machine):
    time_machine.move_to(at(d(2026, 9, 14)), tick=False)
    submit(cast.head, "annual", d(2026, 9, 14), d(2026, 9, 18))
    request = submit(cast.staff, "personal", d(2026, 9, 16))
    assert first_assignment(request).assignee_id == cast.head.pk
