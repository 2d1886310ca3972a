"""销假: reporting back on return, early return giving days back, late and overdue report-backs."""

import datetime

import pytest

from accounts.models import Duty
from audit.models import AuditEvent
from leave import ledger
from leave.models import LeaveBalanceEntry, LeaveRequest
from leave.selectors import away_on, leave_types_for
from leave.services import (
    LeaveError,
    leave_extension_submit,
    leave_report_back_flag_overdue,
    leave_request_report_back,
)
from leave.tasks import flag_overdue_report_backs
from leave.tests.helpers import D, at, leave_type, take
from notify.models import Notification
from org.tests.cast import grant_duty

pytestmark = pytest.mark.django_db

d = datetime.date


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(at(d(2026, 9, 1)), tick=False)


def available(staff, on):
    types = leave_types_for(staff.unit)
    return ledger.balances(staff, on.year, on, types)[leave_type(staff.unit, "annual").pk].available


def test_report_back_on_return_closes_the_leave(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 15))
    assert request.report_back_due == d(2026, 9, 16)
    time_machine.move_to(at(d(2026, 9, 16)), tick=False)
    before = AuditEvent.objects.count()
    leave_request_report_back(actor=cast.staff, request_id=request.pk)
    assert AuditEvent.objects.count() == before + 1
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.REPORTED_BACK
    assert (request.reported_back_on, request.actual_last_day, request.returned_days) == (
        d(2026, 9, 16),
        d(2026, 9, 15),
        0,
    )
    assert not request.report_back_overdue


def test_early_return_gives_the_unused_working_days_back(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 18))  # 5 days, the whole balance
    assert available(cast.staff, d(2026, 9, 30)) == 0
    time_machine.move_to(at(d(2026, 9, 16)), tick=False)
    assert cast.staff.pk in away_on([cast.staff.pk], d(2026, 9, 16))
    leave_request_report_back(actor=cast.staff, request_id=request.pk, actual_last_day=d(2026, 9, 15))
    request.refresh_from_db()
    assert request.returned_days == 3
    assert LeaveBalanceEntry.objects.get(request=request, kind="return").days == 3
    assert available(cast.staff, d(2026, 9, 30)) == 3
    # Away until the actual last day only: approvals route to them again from the day they are back.
    assert cast.staff.pk in away_on([cast.staff.pk], d(2026, 9, 15))
    assert cast.staff.pk not in away_on([cast.staff.pk], d(2026, 9, 16))


def test_early_return_over_a_holiday_returns_working_days_only(cast, time_machine):
    time_machine.move_to(at(d(2026, 9, 21)), tick=False)
    request = take(cast.head, "annual", d(2026, 9, 28), d(2026, 10, 9))  # 5 working days
    time_machine.move_to(at(d(2026, 10, 8)), tick=False)
    leave_request_report_back(actor=cast.head, request_id=request.pk, actual_last_day=d(2026, 9, 30))
    request.refresh_from_db()
    assert request.returned_days == 2  # 10月8日 and 9日; the holiday was never counted


def test_report_back_before_the_leave_starts_or_by_someone_else_is_refused(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14))
    with pytest.raises(LeaveError):
        leave_request_report_back(actor=cast.staff, request_id=request.pk)
    time_machine.move_to(at(d(2026, 9, 15)), tick=False)
    with pytest.raises(LeaveError):
        leave_request_report_back(actor=cast.head, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED


def test_early_return_day_outside_the_leave_is_refused(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 18))
    time_machine.move_to(at(d(2026, 9, 16)), tick=False)
    with pytest.raises(LeaveError) as info:
        leave_request_report_back(actor=cast.staff, request_id=request.pk, actual_last_day=d(2026, 9, 17))
    assert "actual_last_day" in info.value.message_dict
    assert not LeaveBalanceEntry.objects.filter(request=request, kind="return").exists()


def test_report_back_is_refused_while_an_extension_waits(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 15))
    time_machine.move_to(at(d(2026, 9, 15)), tick=False)
    leave_extension_submit(actor=cast.staff, request_id=request.pk, new_ends_on=d(2026, 9, 16), reason="病情未愈")
    with pytest.raises(LeaveError):
        leave_request_report_back(actor=cast.staff, request_id=request.pk)


def test_overdue_report_back_is_flagged_by_the_job_and_told_to_the_right_people(
    cast, time_machine, django_capture_on_commit_callbacks
):
    grant_duty(cast.office_head, Duty.ATTENDANCE)
    request = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 15))  # due 9月16日
    time_machine.move_to(at(d(2026, 9, 16)), tick=False)
    assert leave_report_back_flag_overdue() == 0  # due today: not late yet
    time_machine.move_to(
        at(
            d(
                2026,
                9,
                17,
            ),
            8,
        ),
        tick=False,
    )
    Notification.objects.all().delete()
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_overdue_report_backs.call_local() == 1
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "leave.report_back_overdue"
    request.refresh_from_db()
    assert request.report_back_overdue and request.overdue_flagged_at is not None
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {cast.staff.user_id, cast.head.user_id, cast.office_head.user_id}
    # Flagged once only.
    assert leave_report_back_flag_overdue() == 0
    # Reporting back late is accepted and counted as late.
    leave_request_report_back(actor=cast.staff, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.REPORTED_BACK and request.report_back_overdue


def test_late_report_back_is_counted_even_before_the_job_ran(cast, time_machine):
    request = take(cast.staff, "annual", d(2026, 9, 14))
    time_machine.move_to(at(d(2026, 9, 18)), tick=False)
    leave_request_report_back(actor=cast.staff, request_id=request.pk)
    request.refresh_from_db()
    assert request.report_back_overdue


def test_report_back_deadline_follows_the_unit_policy(cast):
    from leave.services import leave_policy_update

    leave_policy_update(actor=cast.office_head, report_back_within_workdays=2)
    request = take(cast.staff, "annual", d(2026, 9, 30))
    assert request.report_back_due == d(2026, 10, 9)  # 10月8日 is the first working day, 9日 the second
    assert request.days == D(1)


def test_sick_leave_approved_after_it_ended_gives_time_to_report_back(cast, time_machine):
    from leave.tests.helpers import approve_all, submit

    time_machine.move_to(at(d(2026, 9, 7)), tick=False)
    request = submit(cast.staff, "sick", d(2026, 9, 1), d(2026, 9, 2), late_reason="发烧未能提前请假")
    time_machine.move_to(at(d(2026, 9, 8)), tick=False)
    approve_all(request)
    assert request.report_back_due == d(2026, 9, 9)  # the first working day after the approval, not 9月3日
    assert leave_report_back_flag_overdue() == 0
