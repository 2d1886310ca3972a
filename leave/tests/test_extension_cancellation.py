"""续假 before the leave ends and cancellation before it starts, each approved through the same chain."""

import datetime

import pytest

from approvals.services import approval_decide
from audit.models import AuditEvent
from leave.models import LeaveBalanceEntry, LeaveCancellation, LeaveChange, LeaveExtension, LeaveRequest
from leave.selectors import away_on
from leave.services import (
    LeaveError,
    leave_cancellation_resubmit,
    leave_cancellation_submit,
    leave_cancellation_withdraw,
    leave_extension_resubmit,
    leave_extension_submit,
    leave_extension_withdraw,
)
from leave.tests.helpers import D, approval_of, approve_all, at, steps_of, submit, take

pytestmark = pytest.mark.django_db

d = datetime.date


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(at(d(2026, 9, 1)), tick=False)


def test_extension_routes_by_the_new_total_and_extends_the_leave(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 15))  # 2 days
    time_machine.move_to(at(d(2026, 9, 15)), tick=False)
    before = AuditEvent.objects.count()
    extension = leave_extension_submit(
        actor=cast.staff, request_id=request.pk, new_ends_on=d(2026, 9, 17), reason="陪护家人，需延长"
    )
    assert AuditEvent.objects.count() == before + 1
    assert extension.extra_days == 2
    assert steps_of(extension) == ["section_head", "supervisor", "principal"]  # 4 days in all
    approve_all(extension)
    request.refresh_from_db()
    assert (request.ends_on, request.original_ends_on, request.days) == (d(2026, 9, 17), d(2026, 9, 15), 4)
    assert request.report_back_due == d(2026, 9, 18)
    uses = sorted(LeaveBalanceEntry.objects.filter(request=request, kind="use").values_list("days", flat=True))
    assert uses == [D(-2), D(-2)]
    assert cast.staff.pk in away_on([cast.staff.pk], d(2026, 9, 17))


def test_extension_must_be_asked_before_the_leave_ends(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14))
    time_machine.move_to(at(d(2026, 9, 15)), tick=False)
    with pytest.raises(LeaveError):
        leave_extension_submit(actor=cast.staff, request_id=request.pk, new_ends_on=d(2026, 9, 16), reason="延长")
    assert not LeaveExtension.objects.exists()


def test_extension_beyond_the_balance_is_refused(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 16))  # 3 of 5
    with pytest.raises(LeaveError) as info:
        leave_extension_submit(actor=cast.staff, request_id=request.pk, new_ends_on=d(2026, 9, 21), reason="延长")
    assert "new_ends_on" in info.value.message_dict


def test_rejected_extension_leaves_the_leave_as_it_was(cast):
    request = take(cast.staff, "annual", d(2026, 9, 14))
    extension = leave_extension_submit(
        actor=cast.staff, request_id=request.pk, new_ends_on=d(2026, 9, 15), reason="延长"
    )
    approval_decide(actor=cast.head, approval_id=approval_of(extension).pk, decision="reject", opinion="工作需要")
    extension.refresh_from_db()
    request.refresh_from_db()
    assert extension.status == LeaveChange.Status.REJECTED
    assert (request.ends_on, request.days) == (d(2026, 9, 14), 1)


def test_returned_extension_is_revised_or_withdrawn(cast):
    request = take(cast.staff, "annual", d(2026, 9, 14))
    extension = leave_extension_submit(
        actor=cast.staff, request_id=request.pk, new_ends_on=d(2026, 9, 16), reason="延长"
    )
    approval_decide(actor=cast.head, approval_id=approval_of(extension).pk, decision="return", opinion="只批一天")
    before = AuditEvent.objects.count()
    leave_extension_resubmit(actor=cast.staff, extension_id=extension.pk, new_ends_on=d(2026, 9, 15), reason="延长一天")
    assert AuditEvent.objects.count() == before + 1
    extension.refresh_from_db()
    assert (extension.status, extension.extra_days) == (LeaveChange.Status.PENDING, 1)
    leave_extension_withdraw(actor=cast.staff, extension_id=extension.pk)
    extension.refresh_from_db()
    assert extension.status == LeaveChange.Status.WITHDRAWN


def test_cancellation_before_start_by_approval_returns_every_day(cast):
    request = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 16))
    before = AuditEvent.objects.count()
    cancellation = leave_cancellation_submit(actor=cast.staff, request_id=request.pk, reason="工作安排有变")
    assert AuditEvent.objects.count() == before + 1
    assert steps_of(cancellation) == ["section_head", "supervisor"]
    approve_all(cancellation)
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.CANCELLED
    assert LeaveBalanceEntry.objects.get(request=request, kind="return").days == 3
    assert cast.staff.pk not in away_on([cast.staff.pk], d(2026, 9, 14))


def test_cancellation_after_the_start_is_refused(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14))
    time_machine.move_to(at(d(2026, 9, 14)), tick=False)
    with pytest.raises(LeaveError):
        leave_cancellation_submit(actor=cast.staff, request_id=request.pk, reason="不休了")
    assert not LeaveCancellation.objects.exists()


def test_cancellation_approved_too_late_is_refused_to_the_approver(cast, time_machine):
    from approvals.services import ApprovalError

    request = take(cast.staff, "annual", d(2026, 9, 14))
    cancellation = leave_cancellation_submit(actor=cast.staff, request_id=request.pk, reason="不休了")
    time_machine.move_to(at(d(2026, 9, 14)), tick=False)
    with pytest.raises(ApprovalError):
        approval_decide(actor=cast.head, approval_id=approval_of(cancellation).pk, decision="approve")
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED


def test_cancellation_is_withdrawn_or_revised(cast):
    request = take(cast.staff, "annual", d(2026, 9, 14))
    cancellation = leave_cancellation_submit(actor=cast.staff, request_id=request.pk, reason="不休了")
    with pytest.raises(LeaveError):  # one at a time
        leave_cancellation_submit(actor=cast.staff, request_id=request.pk, reason="不休了")
    approval_decide(actor=cast.head, approval_id=approval_of(cancellation).pk, decision="return", opinion="写明原因")
    leave_cancellation_resubmit(actor=cast.staff, cancellation_id=cancellation.pk, reason="单位临时任务")
    leave_cancellation_withdraw(actor=cast.staff, cancellation_id=cancellation.pk)
    cancellation.refresh_from_db()
    assert cancellation.status == LeaveChange.Status.WITHDRAWN


def test_pending_request_is_withdrawn_freely_not_cancelled(cast):
    request = submit(cast.staff, "annual", d(2026, 9, 14))
    with pytest.raises(LeaveError):
        leave_cancellation_submit(actor=cast.staff, request_id=request.pk, reason="不休了")
