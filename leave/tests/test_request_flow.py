"""Asking for leave: routing by days and rank, checks (overlap, balance, backdating, certificates), withdrawal."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals.models import Approval
from approvals.services import approval_decide
from audit.models import AuditEvent
from leave.models import LeaveBalanceEntry, LeaveRequest
from leave.services import LeaveError, leave_request_resubmit, leave_request_withdraw
from leave.tests.helpers import D, approval_of, approve_all, at, leave_type, steps_of, submit, take

pytestmark = pytest.mark.django_db

d = datetime.date
PDF = b"%PDF-1.4\n%fake but well-formed enough\n"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(at(d(2026, 9, 1)), tick=False)  # a Tuesday


def errors(exc_info) -> dict:
    return (
        exc_info.value.message_dict if hasattr(exc_info.value, "error_dict") else {"__all__": exc_info.value.messages}
    )


@pytest.mark.parametrize(
    ("ends_on", "nodes"),
    [
        (d(2026, 9, 2), ["section_head"]),
        (d(2026, 9, 3), ["section_head", "supervisor"]),
        (d(2026, 9, 4), ["section_head", "supervisor"]),  # 3 days: not above 3
        (d(2026, 9, 7), ["section_head", "supervisor", "principal"]),  # 4 working days
    ],
)
def test_staff_leave_routes_by_counted_days(cast, ends_on, nodes):
    request = submit(cast.staff, "annual", d(2026, 9, 2), ends_on)
    assert steps_of(request) == nodes


def test_half_day_counts_as_half_for_routing(cast):
    request = submit(cast.staff, "annual", d(2026, 9, 2), d(2026, 9, 3), end_half=True)
    assert request.days == D("1.5")
    assert steps_of(request) == ["section_head", "supervisor"]


def test_section_head_goes_to_supervisor_then_principal_above_three_days(cast):
    assert steps_of(submit(cast.head, "annual", d(2026, 9, 2), d(2026, 9, 3))) == ["supervisor"]
    assert steps_of(submit(cast.head, "annual", d(2026, 9, 8), d(2026, 9, 11))) == ["supervisor", "principal"]


def test_deputy_goes_to_principal(cast):
    assert steps_of(submit(cast.deputy, "annual", d(2026, 9, 2))) == ["principal"]


def test_principal_with_no_higher_leader_is_refused_and_nothing_saved(cast):
    with pytest.raises(LeaveError):
        submit(cast.principal, "annual", d(2026, 9, 2))
    assert not LeaveRequest.objects.exists()


def test_submit_writes_exactly_one_audit_event(cast):
    before = AuditEvent.objects.count()
    request = submit(cast.staff, "annual", d(2026, 9, 2))
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "leave.submit" and event.object_id == str(request.pk)


def test_approval_uses_the_balance_and_sets_the_report_back_deadline(cast):
    request = take(cast.staff, "annual", d(2026, 9, 28), d(2026, 10, 9))
    assert request.status == LeaveRequest.Status.APPROVED
    assert request.days == 5
    assert request.report_back_due == d(2026, 10, 10)  # the make-up Saturday is the first working day after
    uses = LeaveBalanceEntry.objects.filter(request=request, kind="use")
    assert [e.days for e in uses] == [D(-5)]
    # The year's allocation was posted before the use: 9 years worked → 5 days.
    assert LeaveBalanceEntry.objects.get(staff=cast.staff, kind="allocation").days == 5


def test_each_approval_decision_writes_exactly_one_audit_event(cast):
    request = submit(cast.staff, "annual", d(2026, 9, 2))
    before = AuditEvent.objects.count()
    approval_decide(actor=cast.head, approval_id=approval_of(request).pk, decision="approve")
    assert AuditEvent.objects.count() == before + 1


def test_not_enough_balance_is_refused_counting_pending_requests(cast):
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "annual", d(2026, 9, 7), d(2026, 9, 14))  # 6 working days, 5 available
    assert "5" in errors(info)["ends_on"][0]
    submit(cast.staff, "annual", d(2026, 9, 7), d(2026, 9, 9))  # 3 days, pending
    with pytest.raises(LeaveError):
        submit(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 16))  # 3 more: only 2 left
    assert LeaveRequest.objects.count() == 1


def test_overlapping_leave_is_refused(cast):
    take(cast.staff, "personal", d(2026, 9, 2), d(2026, 9, 4))
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "annual", d(2026, 9, 4), d(2026, 9, 7))
    assert "starts_on" in errors(info)


def test_a_morning_and_an_afternoon_on_the_same_day_do_not_clash(cast):
    submit(cast.staff, "personal", d(2026, 9, 2), d(2026, 9, 2), end_half=True)
    afternoon = submit(cast.staff, "annual", d(2026, 9, 2), d(2026, 9, 2), start_half=True)
    assert afternoon.days == D("0.5")


def test_only_sick_leave_may_be_backdated_and_needs_a_reason(cast):
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "annual", d(2026, 8, 31))
    assert "starts_on" in errors(info)
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "sick", d(2026, 8, 31))
    assert "late_reason" in errors(info)
    request = submit(cast.staff, "sick", d(2026, 8, 31), late_reason="突发高烧，当天无法提交")
    assert request.late_reason
    with pytest.raises(LeaveError):  # longer ago than the type allows (30 days)
        submit(cast.colleague, "sick", d(2026, 7, 20), late_reason="补请")


def test_long_sick_leave_needs_a_certificate_of_the_right_type(cast):
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "sick", d(2026, 9, 2), d(2026, 9, 4))
    assert "certificate" in errors(info)
    fake = SimpleUploadedFile("诊断证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "sick", d(2026, 9, 2), d(2026, 9, 4), certificate=fake)
    assert "certificate" in errors(info)
    good = SimpleUploadedFile("诊断证明.pdf", PDF, content_type="application/pdf")
    request = submit(cast.staff, "sick", d(2026, 9, 2), d(2026, 9, 4), certificate=good)
    assert request.certificate.name.endswith(".pdf")
    # Two days need none.
    submit(cast.colleague, "sick", d(2026, 9, 2), d(2026, 9, 3))


def test_half_days_only_where_the_type_allows_them(cast):
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "marriage", d(2026, 9, 2), d(2026, 9, 3), start_half=True)
    assert "start_half" in errors(info)


def test_half_days_follow_the_units_setting(cast):
    from leave.services import leave_type_update

    personal = leave_type(cast.unit, "personal")
    leave_type_update(actor=cast.office_head, leave_type_id=personal.pk, values={"allows_half_days": False})
    with pytest.raises(LeaveError):
        submit(cast.staff, "personal", d(2026, 9, 2), end_half=True)
    leave_type_update(actor=cast.office_head, leave_type_id=personal.pk, values={"allows_half_days": True})
    assert submit(cast.staff, "personal", d(2026, 9, 2), end_half=True).days == D("0.5")


def test_types_for_one_gender_and_per_request_maximum(cast):
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "maternity", d(2026, 9, 2), d(2026, 9, 30))  # 张三丰 is a man
    assert "leave_type" in errors(info)
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "marriage", d(2026, 9, 2), d(2026, 9, 5))  # 4 calendar days, at most 3
    assert "ends_on" in errors(info)


def test_a_year_without_calendar_is_refused_with_the_calendar_message(cast):
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "annual", d(2027, 1, 4))
    assert "2027" in errors(info)["starts_on"][0]
    assert not LeaveRequest.objects.exists()


def test_balance_types_are_requested_per_year(cast):
    from leave.services import leave_balance_adjust

    home = leave_type(cast.unit, "home_visit")
    leave_balance_adjust(
        actor=cast.office_head,
        staff_id=cast.staff.pk,
        leave_type_id=home.pk,
        year=2026,
        days=D(20),
        note="核定探亲假（父母）",
    )
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "home_visit", d(2026, 12, 28), d(2027, 1, 3))
    assert "ends_on" in errors(info)
    assert submit(cast.staff, "home_visit", d(2026, 12, 14), d(2026, 12, 31)).days == 18


def test_withdraw_before_any_decision_and_not_after_approval(cast):
    request = submit(cast.staff, "annual", d(2026, 9, 2))
    before = AuditEvent.objects.count()
    leave_request_withdraw(actor=cast.staff, request_id=request.pk)
    assert AuditEvent.objects.count() == before + 1
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.WITHDRAWN
    assert approval_of(request).status == Approval.Status.WITHDRAWN
    approved = take(cast.staff, "annual", d(2026, 9, 3))
    with pytest.raises(LeaveError):
        leave_request_withdraw(actor=cast.staff, request_id=approved.pk)


def test_returned_request_is_revised_and_goes_back_to_the_returning_step(cast):
    request = submit(cast.staff, "annual", d(2026, 9, 2), d(2026, 9, 3))
    approval_decide(actor=cast.head, approval_id=approval_of(request).pk, decision="approve")
    approval_decide(actor=cast.deputy, approval_id=approval_of(request).pk, decision="return", opinion="请改为一天")
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.RETURNED
    before = AuditEvent.objects.count()
    leave_request_resubmit(
        actor=cast.staff,
        request_id=request.pk,
        leave_type_id=request.leave_type_id,
        starts_on=d(2026, 9, 2),
        ends_on=d(2026, 9, 2),
        reason="改为一天",
    )
    assert AuditEvent.objects.count() == before + 1
    request.refresh_from_db()
    assert (request.status, request.days) == (LeaveRequest.Status.PENDING, 1)
    approval = approval_of(request)
    assert approval.steps.get(order=approval.current_order).node == "supervisor"


def test_rejected_leave_uses_nothing(cast):
    request = submit(cast.staff, "annual", d(2026, 9, 2))
    approval_decide(actor=cast.head, approval_id=approval_of(request).pk, decision="reject", opinion="工作安排冲突")
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.REJECTED
    assert not LeaveBalanceEntry.objects.filter(request=request).exists()
    assert approve_all(request) == []
