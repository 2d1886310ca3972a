import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from approvals.models import Approval, ApprovalAssignment, ApprovalRecord, ApprovalRule
from approvals.routing import pick_nodes
from approvals.selectors import timeline, todo
from approvals.services import (
    ApprovalError,
    approval_comment,
    approval_decide,
    approval_remind_stale,
    approval_rules_replace,
)
from audit.models import AuditEvent
from goingout.services import goingout_report_submit
from notify.models import Notification
from org.models import Position

pytestmark = pytest.mark.django_db


def submit(staff, days=1):
    today = timezone.localdate()
    report = goingout_report_submit(
        actor=staff,
        purpose="work",
        destination="市里",
        reason="开会",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=days - 1),
    )
    return Approval.objects.get(target_id=report.pk, target_type="goingout.goingoutreport")


def test_default_rules_pick_by_position_and_days(cast):
    assert pick_nodes(unit=cast.unit, kind="goingout", position=Position.STAFF, days=Decimal(1)) == [
        "section_head",
        "supervisor",
    ]
    assert pick_nodes(unit=cast.unit, kind="goingout", position=Position.STAFF, days=Decimal("3.5"))[-1] == "principal"
    assert pick_nodes(unit=cast.unit, kind="goingout", position=Position.DEPUTY, days=Decimal(10)) == ["principal"]


def test_unit_rules_replace_defaults_and_write_one_audit_event(cast):
    before = AuditEvent.objects.count()
    approval_rules_replace(
        actor=cast.office_head, kind="goingout", rules=[{"positions": [], "days_above": 0, "nodes": ["principal"]}]
    )
    assert AuditEvent.objects.count() == before + 1
    assert ApprovalRule.objects.filter(unit=cast.unit).count() == 1
    approval = submit(cast.staff)
    assert list(approval.steps.values_list("node", flat=True)) == ["principal"]
    # Another unit keeps the defaults.
    assert pick_nodes(unit=cast.other_unit, kind="goingout", position=Position.STAFF, days=Decimal(1))[0] == (
        "section_head"
    )


def test_rules_must_have_steps(cast):
    with pytest.raises(ApprovalError):
        approval_rules_replace(actor=cast.office_head, kind="goingout", rules=[])
    with pytest.raises(ApprovalError):
        approval_rules_replace(actor=cast.office_head, kind="goingout", rules=[{"positions": [], "nodes": []}])


def test_all_of_step_needs_every_member(cast):
    approval_rules_replace(
        actor=cast.office_head,
        kind="goingout",
        rules=[{"positions": [], "days_above": 0, "nodes": ["affairs_meeting"]}],
    )
    approval = submit(cast.staff)
    members = {cast.principal.pk, cast.exec_deputy.pk, cast.deputy.pk}
    assert set(ApprovalAssignment.objects.filter(is_open=True).values_list("assignee", flat=True)) == members
    approval_decide(actor=cast.principal, approval_id=approval.pk, decision="approve")
    approval_decide(actor=cast.deputy, approval_id=approval.pk, decision="approve")
    approval.refresh_from_db()
    assert approval.status == Approval.Status.PENDING
    approval_decide(actor=cast.exec_deputy, approval_id=approval.pk, decision="approve")
    approval.refresh_from_db()
    assert approval.status == Approval.Status.APPROVED


def test_one_member_rejecting_an_all_of_step_ends_it(cast):
    approval_rules_replace(
        actor=cast.office_head,
        kind="goingout",
        rules=[{"positions": [], "days_above": 0, "nodes": ["affairs_meeting"]}],
    )
    approval = submit(cast.staff)
    approval_decide(actor=cast.principal, approval_id=approval.pk, decision="reject", opinion="时机不妥")
    approval.refresh_from_db()
    assert approval.status == Approval.Status.REJECTED
    assert not ApprovalAssignment.objects.filter(is_open=True).exists()


def test_member_applying_is_left_out_of_the_meeting_step(cast):
    approval_rules_replace(
        actor=cast.office_head,
        kind="goingout",
        rules=[{"positions": [], "days_above": 0, "nodes": ["affairs_meeting"]}],
    )
    submit(cast.deputy)
    assert cast.deputy.pk not in set(ApprovalAssignment.objects.values_list("assignee", flat=True))


def test_timeline_shows_done_current_and_waiting_steps(cast):
    approval = submit(cast.staff, days=5)
    approval_decide(actor=cast.head, approval_id=approval.pk, decision="approve", opinion="情况属实")
    approval = Approval.objects.get(pk=approval.pk)
    entries = timeline(approval)
    states = [e["state"] for e in entries]
    assert states == ["done", "done", "current", "waiting"]  # submitted, head approved, supervisor, principal
    assert entries[1]["opinion"] == "情况属实"
    assert entries[2]["people"] == [(cast.deputy.name, "")]
    assert entries[3]["people"] == [(cast.principal.name, "")]


def test_comment_is_recorded_audited_and_notified(cast, django_capture_on_commit_callbacks):
    approval = submit(cast.staff)
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        approval_comment(actor=cast.head, approval_id=approval.pk, text="请补充会议通知")
    assert AuditEvent.objects.count() == before + 1
    assert ApprovalRecord.objects.filter(action="comment").count() == 1
    assert Notification.objects.filter(recipient=cast.staff.user).count() == 1
    with pytest.raises(ApprovalError):
        approval_comment(actor=cast.head, approval_id=approval.pk, text="   ")


def test_stale_steps_are_reminded_once_per_period(cast, django_capture_on_commit_callbacks, settings):
    settings.APPROVAL_REMINDER_HOURS = 24
    submit(cast.staff)
    assert approval_remind_stale() == 0
    later = timezone.now() + datetime.timedelta(hours=25)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        before = AuditEvent.objects.count()
        assert approval_remind_stale() == 1
        assert AuditEvent.objects.count() == before + 1
        assert approval_remind_stale() == 0  # not twice in the same period
    assert Notification.objects.filter(recipient=cast.head.user).count() >= 1


def test_decided_approval_cannot_be_decided_again(cast):
    approval = submit(cast.staff)
    approval_decide(actor=cast.head, approval_id=approval.pk, decision="approve")
    with pytest.raises(ApprovalError):
        approval_decide(actor=cast.head, approval_id=approval.pk, decision="approve")
    assert todo(cast.head).count() == 0


def test_unknown_decision_refused(cast):
    approval = submit(cast.staff)
    with pytest.raises(ApprovalError):
        approval_decide(actor=cast.head, approval_id=approval.pk, decision="maybe")
