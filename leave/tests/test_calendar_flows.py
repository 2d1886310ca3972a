"""Whole requests against the 2026 State Council schedule: what is counted, used and due."""

import datetime

import pytest

from leave import ledger
from leave.models import LeaveBalanceEntry
from leave.selectors import leave_types_for
from leave.services import leave_request_report_back
from leave.tests.helpers import at, leave_type, take

pytestmark = pytest.mark.django_db

d = datetime.date


def available(staff, on):
    return ledger.balances(staff, on.year, on, leave_types_for(staff.unit))[
        leave_type(staff.unit, "annual").pk
    ].available


def test_annual_leave_across_the_spring_festival_uses_ten_days_and_is_due_on_the_make_up_saturday(cast, time_machine):
    time_machine.move_to(at(d(2026, 1, 20)), tick=False)
    request = take(cast.head, "annual", d(2026, 2, 9), d(2026, 2, 27))  # 周明: 12 years worked, 10 days
    assert request.days == 10
    assert available(cast.head, d(2026, 3, 1)) == 0
    # 2月28日（六）is the Spring Festival make-up workday: the first working day after the leave.
    assert request.report_back_due == d(2026, 2, 28)


def test_leave_spanning_national_day_and_the_make_up_saturday(cast, time_machine):
    time_machine.move_to(at(d(2026, 9, 21)), tick=False)
    # 9月28日—10月10日: 9月28–30 (3) + 10月8–9 (2) + the make-up Saturday 10月10日 (1) = 6 working days,
    # more than 张三丰's 5 days of annual leave: personal leave counts the same way.
    request = take(cast.staff, "personal", d(2026, 9, 28), d(2026, 10, 10))
    assert request.days == 6
    assert request.report_back_due == d(2026, 10, 12)
    assert LeaveBalanceEntry.objects.get(request=request).days == -6
    # Back on 10月9日 (last day off 10月8日): 9日 and the make-up Saturday go back.
    time_machine.move_to(at(d(2026, 10, 9)), tick=False)
    leave_request_report_back(actor=cast.staff, request_id=request.pk, actual_last_day=d(2026, 10, 8))
    request.refresh_from_db()
    assert request.returned_days == 2
