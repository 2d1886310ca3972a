"""补卡: asked within the monthly limit and the deadline, approved through the one approval mechanism."""

import datetime

import pytest
from django.urls import reverse

from approvals.models import Approval
from approvals.services import ApprovalError, approval_decide
from attendance import derivation as d
from attendance.models import AttendanceSettings, Correction, MonthSheet, Punch
from attendance.selectors import day_status
from attendance.services import AttendanceError, correction_resubmit, correction_submit, correction_withdraw
from attendance.tests.helpers import approval_of, approve_all, at, punch_day
from audit.models import AuditEvent
from notify.models import Notification

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)  # a Friday
THURSDAY = datetime.date(2026, 11, 19)
NINE = datetime.time(8, 55)


@pytest.fixture
def friday(time_machine):
    time_machine.move_to(at(TODAY, "10:00"), tick=False)


def ask(staff, day=THURSDAY, time=NINE, reason="到岗时手机没电，未能打卡"):
    return correction_submit(actor=staff, day=day, time=time, reason=reason)


def test_an_approved_correction_adds_a_punch_and_mends_the_day(cast, friday, django_capture_on_commit_callbacks):
    punch_day(cast.staff, THURSDAY, "12:01", "14:00", "17:35")  # forgot to punch in
    assert day_status(cast.staff, THURSDAY).status == d.MISSING
    with django_capture_on_commit_callbacks(execute=True):
        correction = ask(cast.staff)
    approval = approval_of(correction)
    assert approval.kind == "attendance_correction"
    assert [a.assignee for s in approval.steps.all() for a in s.assignments.all()] == [cast.head]
    assert Notification.objects.filter(recipient=cast.head.user).exists()
    approval_decide(actor=cast.head, approval_id=approval.pk, decision="approve", opinion="情况属实")
    correction.refresh_from_db()
    assert correction.status == Correction.Status.APPROVED
    punch = Punch.objects.get(correction=correction)
    assert punch.source == Punch.Source.CORRECTION and punch.at == at(THURSDAY, "08:55")
    assert day_status(cast.staff, THURSDAY).status == d.NORMAL


def test_services_write_exactly_one_audit_event_each(cast, friday):
    before = AuditEvent.objects.count()
    correction = ask(cast.staff)
    assert AuditEvent.objects.count() == before + 1
    approval_decide(
        actor=cast.head, approval_id=approval_of(correction).pk, decision="return", opinion="请写明时间依据"
    )
    before = AuditEvent.objects.count()
    correction_resubmit(
        actor=cast.staff, correction_id=correction.pk, time=datetime.time(8, 58), reason="门禁记录 8:58"
    )
    assert AuditEvent.objects.count() == before + 1
    before = AuditEvent.objects.count()
    correction_withdraw(actor=cast.staff, correction_id=correction.pk)
    assert AuditEvent.objects.count() == before + 1
    assert [e.action for e in AuditEvent.objects.order_by("-id")[:1]] == ["attendance.correction_withdraw"]


def test_a_rejected_correction_adds_no_punch(cast, friday):
    correction = ask(cast.staff)
    approval_decide(actor=cast.head, approval_id=approval_of(correction).pk, decision="reject", opinion="无依据")
    correction.refresh_from_db()
    assert correction.status == Correction.Status.REJECTED
    assert not Punch.objects.exists()


def test_the_monthly_limit_counts_waiting_and_approved_requests(cast, friday):
    AttendanceSettings.objects.create(unit=cast.unit, correction_monthly_limit=2)
    first = ask(cast.staff, day=datetime.date(2026, 11, 17))
    approve_all(first)
    ask(cast.staff, day=datetime.date(2026, 11, 18))
    with pytest.raises(AttendanceError, match="2 次补卡机会已用完"):
        ask(cast.staff, day=THURSDAY)
    assert Correction.objects.filter(staff=cast.staff).count() == 2
    # A withdrawn request gives its turn back.
    correction_withdraw(actor=cast.staff, correction_id=Correction.objects.get(day=datetime.date(2026, 11, 18)).pk)
    ask(cast.staff, day=THURSDAY)


def test_the_deadline_is_counted_in_working_days(cast, friday):
    # 5 working days after Thu 12 November is Thu 19 November: on Friday the 20th it is too late.
    with pytest.raises(AttendanceError) as refused:
        ask(cast.staff, day=datetime.date(2026, 11, 12))
    assert "截止日为11月19日" in " ".join(refused.value.messages)
    ask(cast.staff, day=datetime.date(2026, 11, 13))


def test_only_working_days_in_the_past_can_be_corrected(cast, friday):
    with pytest.raises(AttendanceError, match="不是工作日"):
        ask(cast.staff, day=datetime.date(2026, 11, 15))  # a Sunday
    with pytest.raises(AttendanceError):
        ask(cast.staff, day=datetime.date(2026, 11, 23))
    with pytest.raises(AttendanceError, match="不能晚于现在"):
        ask(cast.staff, day=TODAY, time=datetime.time(17, 30))
    with pytest.raises(AttendanceError):
        ask(cast.staff, reason="   ")
    assert not Correction.objects.exists() and not Approval.objects.exists()


def test_a_locked_month_refuses_corrections(cast, time_machine):
    time_machine.move_to(at(datetime.date(2026, 11, 2), "10:00"), tick=False)
    MonthSheet.objects.create(unit=cast.unit, section=None, year=2026, month=10, status=MonthSheet.Status.LOCKED)
    with pytest.raises(AttendanceError, match="已锁定"):
        ask(cast.staff, day=datetime.date(2026, 10, 30))


def test_a_correction_waiting_when_the_month_is_locked_cannot_be_approved(cast, time_machine):
    time_machine.move_to(at(datetime.date(2026, 11, 2), "10:00"), tick=False)
    correction = ask(cast.staff, day=datetime.date(2026, 10, 30))
    MonthSheet.objects.create(unit=cast.unit, section=None, year=2026, month=10, status=MonthSheet.Status.LOCKED)
    with pytest.raises(ApprovalError, match="已锁定"):
        approval_decide(actor=cast.head, approval_id=approval_of(correction).pk, decision="approve")
    correction.refresh_from_db()
    assert correction.status == Correction.Status.PENDING and not Punch.objects.exists()


def test_a_confirmed_section_month_refuses_corrections_until_reopened(cast, time_machine):
    time_machine.move_to(at(datetime.date(2026, 11, 2), "10:00"), tick=False)
    MonthSheet.objects.create(
        unit=cast.unit, section=cast.org_section, year=2026, month=10, status=MonthSheet.Status.CONFIRMED
    )
    with pytest.raises(AttendanceError, match="撤销确认"):
        ask(cast.staff, day=datetime.date(2026, 10, 30))
    ask(cast.outsider, day=datetime.date(2026, 10, 30))  # another section is still open


# ---------------------------------------------------------------------------
# The pages


def test_the_form_submits_and_shows_who_approves(cast, login, friday):
    client = login(cast.staff)
    url = reverse("attendance:correction_create") + "?day=2026-11-19"
    assert 'value="2026-11-19"' in client.get(url).content.decode()
    response = client.post(url, {"day": "2026-11-19", "time": "08:55", "reason": "手机没电"}, follow=True)
    correction = Correction.objects.get(staff=cast.staff)
    assert response.redirect_chain[-1][0] == reverse("attendance:correction", args=[correction.pk])
    assert "已提交，等待 周明 审批" in response.content.decode()


def test_bad_input_shows_the_reason_next_to_the_field_and_saves_nothing(cast, login, friday):
    client = login(cast.staff)
    url = reverse("attendance:correction_create")
    response = client.post(url, {"day": "2026-11-15", "time": "08:55", "reason": "手机没电"})
    assert response.status_code == 200 and "不是工作日" in response.content.decode()
    response = client.post(url, {"day": "2026-11-19", "time": "25:00", "reason": ""})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Correction.objects.exists()


def test_the_approver_sees_and_decides_on_the_detail_page(cast, login, friday):
    correction = ask(cast.staff)
    client = login(cast.head)
    page = client.get(reverse("attendance:correction", args=[correction.pk])).content.decode()
    assert 'id="decide"' in page and "张三丰" in page
    client.post(reverse("approvals:decide", args=[approval_of(correction).pk]), {"decision": "approve"})
    assert Punch.objects.filter(correction=correction).exists()


def test_strangers_and_administrators_get_404(cast, login, friday):
    correction = ask(cast.staff)
    for person in (cast.outsider, cast.other_unit_staff, cast.sysadmin):
        client = login(person)
        assert client.get(reverse("attendance:correction", args=[correction.pk])).status_code == 404
        assert client.post(reverse("attendance:correction_withdraw", args=[correction.pk])).status_code == 404
    correction.refresh_from_db()
    assert correction.status == Correction.Status.PENDING


def test_only_the_applicant_withdraws_and_only_by_post(cast, login, friday):
    correction = ask(cast.staff)
    url = reverse("attendance:correction_withdraw", args=[correction.pk])
    assert login(cast.head).post(url).status_code == 404
    client = login(cast.staff)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "补卡申请已撤回" in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == Correction.Status.WITHDRAWN


def test_a_returned_correction_is_revised_on_its_page(cast, login, friday):
    correction = ask(cast.staff)
    approval_decide(actor=cast.head, approval_id=approval_of(correction).pk, decision="return", opinion="时间不对")
    client = login(cast.staff)
    url = reverse("attendance:correction_edit", args=[correction.pk])
    response = client.post(url, {"time": "08:57", "reason": "门禁记录 8:57"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == Correction.Status.PENDING and correction.at == at(THURSDAY, "08:57")


def test_my_corrections_list_has_flat_queries(cast, login, friday, django_assert_num_queries):
    client = login(cast.staff)
    url = reverse("attendance:corrections")

    def add(n):
        Correction.objects.bulk_create(
            [
                Correction(unit=cast.unit, staff=cast.staff, day=THURSDAY, at=at(THURSDAY, f"09:{m:02d}"), reason="x")
                for m in range(n)
            ]
        )

    add(2)
    client.get(url)  # warm the per-process caches (calendar, hours)
    # session with account and staff, the page's count and rows, settings, the month's corrections, the unit (top bar),
    # unread notifications, the todo badge, duties (sidebar)
    with django_assert_num_queries(9):
        client.get(url)
    add(8)
    with django_assert_num_queries(9):
        client.get(url)
