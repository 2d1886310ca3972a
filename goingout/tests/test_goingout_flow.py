import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.models import Approval, ApprovalAssignment
from approvals.selectors import done, todo
from approvals.services import ApprovalError, approval_decide
from audit.models import AuditEvent
from goingout.models import GoingOutReport
from goingout.services import GoingOutError, goingout_report_submit, goingout_report_withdraw
from notify.models import Notification

pytestmark = pytest.mark.django_db


def submit(staff, days=1, start=None, **kw):
    start = start or timezone.localdate()
    return goingout_report_submit(
        actor=staff,
        purpose="work",
        destination="市委组织部",
        reason="参加全市组织工作培训",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=days - 1),
        **kw,
    )


def approval_of(report):
    return Approval.objects.get(target_id=report.pk, target_type="goingout.goingoutreport")


def test_staff_report_goes_to_section_head_then_supervisor(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(cast.staff)
    assert [a.step.approval.title for a in todo(cast.head)] == [approval_of(report).title]
    assert not todo(cast.deputy).exists()
    assert Notification.objects.filter(recipient=cast.head.user).count() == 1

    approval_decide(actor=cast.head, approval_id=approval_of(report).pk, decision="approve", opinion="同意")
    assert not todo(cast.head).exists()
    assert done(cast.head).count() == 1
    assert todo(cast.deputy).count() == 1

    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="approve")
    report.refresh_from_db()
    assert report.status == GoingOutReport.Status.APPROVED
    assert approval_of(report).status == Approval.Status.APPROVED


def test_long_trip_also_goes_to_principal(cast):
    report = submit(cast.staff, days=5)
    steps = list(approval_of(report).steps.values_list("node", flat=True))
    assert steps == ["section_head", "supervisor", "principal"]


def test_section_head_applicant_skips_to_supervisor(cast):
    report = submit(cast.head)
    assignees = list(
        ApprovalAssignment.objects.filter(step__approval=approval_of(report)).values_list("assignee", flat=True)
    )
    assert assignees == [cast.deputy.pk]


def test_deputy_goes_to_principal_and_principal_to_city(cast):
    deputy_report = submit(cast.deputy)
    assert [a.assignee_id for a in ApprovalAssignment.objects.filter(step__approval=approval_of(deputy_report))] == [
        cast.principal.pk
    ]
    # The city department has no principal in the cast: nobody can approve → clear refusal, nothing saved.
    with pytest.raises(GoingOutError):
        submit(cast.principal)
    assert not GoingOutReport.objects.filter(staff=cast.principal).exists()


def test_submit_writes_exactly_one_audit_event(cast):
    before = AuditEvent.objects.count()
    submit(cast.staff)
    assert AuditEvent.objects.count() == before + 1


def test_each_decision_writes_exactly_one_audit_event(cast):
    report = submit(cast.staff)
    before = AuditEvent.objects.count()
    approval_decide(actor=cast.head, approval_id=approval_of(report).pk, decision="approve")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "approvals.approve" and event.actor_id == cast.head.user_id


def test_no_self_approval_and_no_skipping(cast):
    report = submit(cast.staff)
    with pytest.raises(ApprovalError):
        approval_decide(actor=cast.staff, approval_id=approval_of(report).pk, decision="approve")
    with pytest.raises(ApprovalError):  # the supervisor cannot jump ahead of the section head
        approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="approve")


def test_reject_needs_reason_and_ends_request(cast):
    report = submit(cast.staff)
    with pytest.raises(ApprovalError):
        approval_decide(actor=cast.head, approval_id=approval_of(report).pk, decision="reject", opinion="  ")
    approval_decide(actor=cast.head, approval_id=approval_of(report).pk, decision="reject", opinion="近期任务重")
    report.refresh_from_db()
    assert report.status == GoingOutReport.Status.REJECTED
    with pytest.raises(ApprovalError):
        approval_decide(actor=cast.head, approval_id=approval_of(report).pk, decision="approve")


def test_return_then_resubmit_goes_back_to_returning_step(cast):
    from goingout.services import goingout_report_resubmit

    report = submit(cast.staff)
    approval_decide(actor=cast.head, approval_id=approval_of(report).pk, decision="approve")
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="return", opinion="请写明具体事由")
    report.refresh_from_db()
    assert report.status == GoingOutReport.Status.RETURNED
    goingout_report_resubmit(
        actor=cast.staff,
        report_id=report.pk,
        purpose="work",
        destination="市委组织部",
        reason="参加全市组织工作培训，会期一天",
        starts_on=report.starts_on,
        ends_on=report.ends_on,
    )
    assert not todo(cast.head).exists()  # the section head already approved; not asked again
    assert todo(cast.deputy).count() == 1


def test_withdraw_before_decision_only(cast):
    report = submit(cast.staff)
    goingout_report_withdraw(actor=cast.staff, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == GoingOutReport.Status.WITHDRAWN
    assert not todo(cast.head).exists()

    second = submit(cast.staff, start=timezone.localdate() + datetime.timedelta(days=3))
    approval_decide(actor=cast.head, approval_id=approval_of(second).pk, decision="approve")
    with pytest.raises(GoingOutError):
        goingout_report_withdraw(actor=cast.staff, report_id=second.pk)


def test_overlapping_and_past_reports_refused(cast):
    submit(cast.staff, days=2)
    with pytest.raises(GoingOutError):
        submit(cast.staff)
    with pytest.raises(GoingOutError):
        submit(cast.colleague, start=timezone.localdate() - datetime.timedelta(days=1))


def test_approver_away_goes_to_next_level_marked_on_behalf(cast):
    # The section head is away (approved going-out today) and has no delegate.
    away = submit(cast.head)
    approval_decide(actor=cast.deputy, approval_id=approval_of(away).pk, decision="approve")
    report = submit(cast.staff)
    first = ApprovalAssignment.objects.filter(step__approval=approval_of(report)).order_by("step__order").first()
    assert first.assignee_id == cast.deputy.pk
    assert first.on_behalf_of_id == cast.head.pk


def test_approver_with_delegate_goes_to_delegate(cast):
    from org.models import Delegation

    today = timezone.localdate()
    Delegation.objects.create(staff=cast.head, delegate=cast.colleague, starts_on=today, ends_on=today)
    report = submit(cast.outsider)  # 干部科: unaffected
    assert (
        ApprovalAssignment.objects.filter(step__approval=approval_of(report)).first().assignee_id == cast.cadre_head.pk
    )
    report = submit(cast.staff)
    first = ApprovalAssignment.objects.filter(step__approval=approval_of(report)).order_by("step__order").first()
    assert (first.assignee_id, first.on_behalf_of_id) == (cast.colleague.pk, cast.head.pk)


def test_views_submit_and_decide(cast, login):
    client = login(cast.staff)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("goingout:create"),
        {"purpose": "private", "destination": "省城", "starts_on": today, "ends_on": today, "reason": "家事"},
    )
    report = GoingOutReport.objects.get(staff=cast.staff)
    assert response.status_code == 302 and response.url == reverse("goingout:detail", args=[report.pk])
    client = login(cast.head)
    response = client.post(
        reverse("approvals:decide", args=[approval_of(report).pk]), {"decision": "approve", "opinion": ""}
    )
    assert response.status_code == 302
    assert todo(cast.deputy).count() == 1


def test_bad_input_keeps_form_and_saves_nothing(cast, login):
    client = login(cast.staff)
    response = client.post(
        reverse("goingout:create"),
        {"purpose": "work", "destination": "", "starts_on": "2026-12-05", "ends_on": "2026-12-01", "reason": "x"},
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert response.context["form"]["destination"].errors  # the empty destination is named too
    assert not GoingOutReport.objects.exists()


def test_outsider_and_admins_cannot_see_report(cast, login):
    report = submit(cast.staff)
    url = reverse("goingout:detail", args=[report.pk])
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.other_unit_staff).get(url).status_code == 404
    assert login(cast.sysadmin).get(url).status_code == 404
    assert login(cast.head).get(url).status_code == 200
    assert login(cast.principal).get(url).status_code == 200


def test_wrong_methods(cast, login):
    report = submit(cast.staff)
    client = login(cast.staff)
    assert client.get(reverse("goingout:withdraw", args=[report.pk])).status_code == 405
    assert client.get(reverse("approvals:decide", args=[approval_of(report).pk])).status_code == 405
    assert client.delete(reverse("goingout:create")).status_code == 405


def test_outsider_cannot_decide(cast, login):
    report = submit(cast.staff)
    response = login(cast.outsider).post(
        reverse("approvals:decide", args=[approval_of(report).pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert approval_of(report).steps.get(order=1).status == "pending"


@pytest.mark.parametrize("rows", [2, 10])
def test_inbox_query_count_flat(cast, login, django_assert_num_queries, rows):
    from org.services import staff_create

    for i in range(rows):
        person = staff_create(
            actor=None,
            unit=cast.unit,
            section=cast.org_section,
            username=f"p{i}",
            full_name=f"人员{i}",
            gender="M",
            started_work_on=datetime.date(2010, 1, 1),
            audit=False,
        )
        submit(person)
    client = login(cast.head)
    client.get(reverse("approvals:inbox"))  # warm the session
    with django_assert_num_queries(QUERIES_INBOX):
        response = client.get(reverse("approvals:inbox"))
    assert len(response.context["page"].object_list) == rows


# session with account and staff, unit (header), unread count, duties (sidebar), todo count (cached for
# badge + tabs), my pending count, paginator count, the page of rows with applicants joined.
QUERIES_INBOX = 8
