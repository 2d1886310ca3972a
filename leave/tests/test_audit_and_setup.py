"""Every leave service writes exactly one audit event; default types are installed for every unit."""

import datetime
from decimal import Decimal

import pytest

from approvals.services import approval_decide
from audit.models import AuditEvent
from leave import ledger
from leave.models import LeaveType
from leave.selectors import leave_types_for
from leave.services import (
    leave_balance_adjust,
    leave_cancellation_resubmit,
    leave_cancellation_submit,
    leave_cancellation_withdraw,
    leave_extension_submit,
    leave_extension_withdraw,
    leave_policy_update,
    leave_request_report_back,
    leave_type_update,
)
from leave.tests.helpers import approval_of, at, leave_type, take

pytestmark = pytest.mark.django_db

d = datetime.date


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(at(d(2026, 9, 1)), tick=False)


@pytest.fixture
def count_events():
    def counter(action):
        before = AuditEvent.objects.count()
        result = action()
        assert AuditEvent.objects.count() == before + 1, "expected exactly one audit event"
        return result

    return counter


def test_change_withdrawals_write_one_event_each(cast, count_events):
    leave = take(cast.staff, "annual", d(2026, 9, 14))
    extension = leave_extension_submit(actor=cast.staff, request_id=leave.pk, new_ends_on=d(2026, 9, 15), reason="x")
    count_events(lambda: leave_extension_withdraw(actor=cast.staff, extension_id=extension.pk))
    cancellation = count_events(lambda: leave_cancellation_submit(actor=cast.staff, request_id=leave.pk, reason="x"))
    approval_decide(actor=cast.head, approval_id=approval_of(cancellation).pk, decision="return", opinion="写明原因")
    count_events(lambda: leave_cancellation_resubmit(actor=cast.staff, cancellation_id=cancellation.pk, reason="y"))
    count_events(lambda: leave_cancellation_withdraw(actor=cast.staff, cancellation_id=cancellation.pk))


def test_early_report_back_writes_one_event(cast, count_events, time_machine):
    leave = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 16))
    time_machine.move_to(at(d(2026, 9, 15)), tick=False)
    count_events(lambda: leave_request_report_back(actor=cast.staff, request_id=leave.pk))


def test_office_and_settings_services_write_one_event_each(cast, count_events):
    home = leave_type(cast.unit, "home_visit")
    count_events(
        lambda: leave_balance_adjust(
            actor=cast.office_head,
            staff_id=cast.staff.pk,
            leave_type_id=home.pk,
            year=2026,
            days=Decimal(20),
            note="核定探亲假",
        )
    )
    count_events(
        lambda: leave_type_update(actor=cast.office_head, leave_type_id=home.pk, values={"allows_half_days": True})
    )
    count_events(lambda: leave_policy_update(actor=cast.office_head, report_back_within_workdays=2))


def test_settings_of_another_unit_cannot_be_changed(cast):
    from leave.services import LeaveError

    other = leave_type(cast.other_unit, "annual")
    with pytest.raises(LeaveError):
        leave_type_update(actor=cast.office_head, leave_type_id=other.pk, values={"allows_half_days": False})
    with pytest.raises(LeaveError):
        leave_balance_adjust(
            actor=cast.office_head,
            staff_id=cast.other_unit_staff.pk,
            leave_type_id=leave_type(cast.unit, "home_visit").pk,
            year=2026,
            days=Decimal(1),
            note="x",
        )


def test_every_unit_gets_the_reference_leave_types_once(cast):
    assert not LeaveType.objects.filter(unit=cast.other_unit).exists()
    codes = [t.code for t in leave_types_for(cast.other_unit)]
    assert codes == [
        "annual",
        "sick",
        "personal",
        "marriage",
        "bereavement",
        "maternity",
        "paternity",
        "home_visit",
        "comp_time",
    ]
    leave_types_for(cast.other_unit)
    assert LeaveType.objects.filter(unit=cast.other_unit).count() == 9
    annual = leave_type(cast.other_unit, "annual")
    assert annual.entitlement_tiers == [[1, 5], [10, 10], [20, 15]]
    assert (annual.counting, annual.has_balance) == ("workdays", True)
    assert leave_type(cast.other_unit, "home_visit").counting == "calendar_days"


def test_comp_time_credited_from_overtime_becomes_usable(cast):
    ledger.comp_time_credit(staff=cast.staff, days=Decimal("1.5"), day=d(2026, 8, 29), note="周六加班")
    types = leave_types_for(cast.unit)
    balance = ledger.balances(cast.staff, 2026, d(2026, 9, 1), types)[leave_type(cast.unit, "comp_time").pk]
    assert balance.available == Decimal("1.5")
    assert take(cast.staff, "comp_time", d(2026, 9, 14), d(2026, 9, 15), end_half=True).days == Decimal("1.5")
