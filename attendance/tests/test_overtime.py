"""加班 → 调休: overtime registered before or after (by the unit's setting), approved, credited as comp time
that 调休 leave draws from."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.services import approval_decide
from attendance.models import AttendanceSettings, Overtime
from attendance.selectors import comp_time_balance
from attendance.services import AttendanceError, comp_days_for, overtime_resubmit, overtime_submit, overtime_withdraw
from attendance.tests.helpers import approval_of, approve_all, at
from audit.models import AuditEvent
from leave.models import LeaveBalanceEntry

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)  # a Friday
SATURDAY = datetime.date(2026, 11, 21)
LAST_SATURDAY = datetime.date(2026, 11, 14)


@pytest.fixture
def friday(time_machine):
    time_machine.move_to(at(TODAY, "10:00"), tick=False)


def register(staff, day=SATURDAY, hours="8", reason="准备全县组织工作会议材料"):
    return overtime_submit(actor=staff, day=day, hours=Decimal(hours), reason=reason)


def mode(unit, value):
    AttendanceSettings.objects.update_or_create(unit=unit, defaults={"overtime_mode": value})


def test_approved_overtime_is_credited_as_comp_time(cast, friday):
    overtime = register(cast.staff)
    assert approval_of(overtime).kind == "overtime"
    assert approve_all(overtime) == [cast.head]
    assert overtime.status == Overtime.Status.APPROVED and overtime.comp_days == Decimal("1.0")
    balance = comp_time_balance(cast.staff, TODAY)
    assert balance.available == Decimal("1.0")
    entry = LeaveBalanceEntry.objects.get(staff=cast.staff, kind="adjustment")
    assert entry.days == Decimal("1.0") and "11月21日" in entry.note


def test_comp_time_leave_draws_from_the_credited_balance(cast, friday):
    from leave.tests.helpers import take

    approve_all(register(cast.staff))
    take(cast.staff, "comp_time", datetime.date(2026, 11, 24))
    assert comp_time_balance(cast.staff, TODAY).available == Decimal(0)


def test_hours_convert_to_days_by_the_unit_setting():
    assert comp_days_for(Decimal(4), Decimal(8)) == Decimal("0.5")
    assert comp_days_for(Decimal("3.5"), Decimal(7)) == Decimal("0.5")
    assert comp_days_for(Decimal(12), Decimal(8)) == Decimal("1.5")
    assert comp_days_for(Decimal(1), Decimal(8)) == Decimal("0.1")


def test_a_rejected_overtime_credits_nothing(cast, friday):
    overtime = register(cast.staff)
    approval_decide(actor=cast.head, approval_id=approval_of(overtime).pk, decision="reject", opinion="不需要加班")
    assert not LeaveBalanceEntry.objects.filter(staff=cast.staff, kind="adjustment").exists()


def test_each_service_writes_one_audit_event(cast, friday):
    before = AuditEvent.objects.count()
    overtime = register(cast.staff)
    assert AuditEvent.objects.count() == before + 1
    approval_decide(actor=cast.head, approval_id=approval_of(overtime).pk, decision="return", opinion="写清任务")
    before = AuditEvent.objects.count()
    overtime_resubmit(
        actor=cast.staff, overtime_id=overtime.pk, day=SATURDAY, hours=Decimal(6), reason="准备全县组织工作会议材料"
    )
    assert AuditEvent.objects.count() == before + 1
    before = AuditEvent.objects.count()
    overtime_withdraw(actor=cast.staff, overtime_id=overtime.pk)
    assert AuditEvent.objects.count() == before + 1


def test_before_mode_refuses_a_past_date(cast, friday):
    mode(cast.unit, AttendanceSettings.OvertimeMode.BEFORE)
    with pytest.raises(AttendanceError, match="事前登记"):
        register(cast.staff, day=LAST_SATURDAY)
    register(cast.staff, day=SATURDAY)


def test_after_mode_refuses_a_future_date_and_a_late_registration(cast, friday):
    mode(cast.unit, AttendanceSettings.OvertimeMode.AFTER)
    with pytest.raises(AttendanceError, match="事后登记"):
        register(cast.staff, day=SATURDAY)
    with pytest.raises(AttendanceError, match="截止日"):
        register(cast.staff, day=datetime.date(2026, 11, 7))
    overtime = register(cast.staff, day=LAST_SATURDAY)
    assert overtime.registered_after


def test_bad_hours_and_duplicates_are_refused(cast, friday):
    for hours in ("0", "0.3", "25"):
        with pytest.raises(AttendanceError):
            register(cast.staff, hours=hours)
    register(cast.staff)
    with pytest.raises(AttendanceError, match="已登记过加班"):
        register(cast.staff)
    assert Overtime.objects.count() == 1


def test_the_page_shows_the_balance_and_the_registrations(cast, login, friday, django_assert_num_queries):
    client = login(cast.staff)
    url = reverse("attendance:overtime_list")
    approve_all(register(cast.staff))
    approve_all(register(cast.staff, day=LAST_SATURDAY, hours="4"))
    body = client.get(url).content.decode()
    assert 'data-testid="comp-balance">1.5' in body
    # the shell's 5 (session with account and staff, unit, unread, todo badge, duties), the page's count and rows, the
    # week's and the month's hours, the settings, and the comp-time balance (types, ledger, pending leave and
    # extensions)
    with django_assert_num_queries(14):
        client.get(url)
    Overtime.objects.bulk_create(
        [
            Overtime(unit=cast.unit, staff=cast.staff, day=datetime.date(2026, 12, n), hours=2, reason="x")
            for n in range(1, 9)
        ]
    )
    with django_assert_num_queries(14):
        client.get(url)


def test_the_form_registers_and_refuses_bad_input(cast, login, friday):
    client = login(cast.staff)
    url = reverse("attendance:overtime_create")
    response = client.post(url, {"day": "2026-11-21", "hours": "0.3", "reason": "材料"})
    assert response.status_code == 200 and "半小时" in response.content.decode()
    assert not Overtime.objects.exists()
    response = client.post(url, {"day": "2026-11-21", "hours": "4.5", "reason": "材料"}, follow=True)
    overtime = Overtime.objects.get()
    assert overtime.hours == Decimal("4.5")
    assert "已提交，等待 周明 审批" in response.content.decode()


def test_others_cannot_see_or_withdraw_and_withdraw_needs_post(cast, login, friday):
    overtime = register(cast.staff)
    detail = reverse("attendance:overtime", args=[overtime.pk])
    withdraw = reverse("attendance:overtime_withdraw", args=[overtime.pk])
    for person in (cast.outsider, cast.sysadmin):
        assert login(person).get(detail).status_code == 404
        assert login(person).post(withdraw).status_code == 404
    assert login(cast.head).get(detail).status_code == 200
    assert login(cast.staff).get(withdraw).status_code == 405
