"""立项 → 交办 → 签收 → 办理 → 办结申请 → 审核 → 办结/销号 or 退回, through the services."""

import datetime
import threading

import pytest
from django.db import connection

from audit.models import AuditEvent
from notify.models import Notification
from tasks.models import Task, TaskAttachment, TaskEvent, TaskStatus
from tasks.selectors import tasks_for_origin
from tasks.services import (
    TaskError,
    task_assign,
    task_cancel,
    task_close,
    task_completion_request,
    task_create,
    task_milestone_done,
    task_report,
    task_return,
    task_sign_for,
)
from tasks.tests.helpers import TODAY, make_task, pdf

pytestmark = pytest.mark.django_db


def events(task) -> list[str]:
    return list(TaskEvent.objects.filter(task=task).order_by("created_at", "id").values_list("kind", flat=True))


def audits(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_create_assigned_notifies_head_and_responsible_with_one_audit_event(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task(cast, supporting_sections=[cast.cadre_section], priority="key", report_cycle="weekly")
    assert task.status == TaskStatus.ASSIGNED
    assert task.assigned_at is not None
    assert task.assigned_by == cast.deputy
    assert list(task.supporting_sections.all()) == [cast.cadre_section]
    assert audits("tasks.assign") == 1
    notified = set(Notification.objects.values_list("recipient_id", flat=True))
    assert notified == {cast.head.user.pk, cast.staff.user.pk}
    assert events(task) == ["assigned"]


def test_create_draft_then_assign(cast):
    task = make_task(cast, assign=False)
    assert task.status == TaskStatus.DRAFT
    assert audits("tasks.create") == 1
    task_assign(actor=cast.deputy, task_id=task.pk)
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED
    assert audits("tasks.assign") == 1
    with pytest.raises(TaskError):
        task_assign(actor=cast.deputy, task_id=task.pk)


def test_origin_link(cast):
    # Any model instance may be the origin; a section stands in for a plan item here.
    task = make_task(cast, source="plan_item", origin=cast.cadre_section)
    assert task.origin_type == "org.section"
    assert task.origin_id == cast.cadre_section.pk
    assert list(tasks_for_origin(cast.cadre_section)) == [task]
    assert not tasks_for_origin(cast.org_section).exists()


def test_bad_input_saves_nothing(cast):
    with pytest.raises(TaskError):
        make_task(cast, deadline=TODAY - datetime.timedelta(days=1))
    with pytest.raises(TaskError):
        make_task(cast, title="  ")
    with pytest.raises(TaskError):
        make_task(cast, responsible=[cast.other_unit_staff])
    with pytest.raises(TaskError):
        make_task(cast, milestones=[("调研", TODAY + datetime.timedelta(days=60))])
    assert not Task.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="tasks.").exists()


def test_full_loop_to_close_off(cast, django_capture_on_commit_callbacks):
    task = make_task(cast, milestones=[("完成摸底", TODAY + datetime.timedelta(days=5))])
    task_sign_for(actor=cast.staff, task_id=task.pk)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.signed_by == cast.staff
    task_report(actor=cast.staff, task_id=task.pk, text="已完成3个乡镇的摸底", progress=40, files=[pdf()])
    task.refresh_from_db()
    assert task.started_at is not None and task.progress == 40
    task_milestone_done(actor=cast.head, milestone_id=task.milestones.get().pk)
    task_completion_request(actor=cast.head, task_id=task.pk, text="摸底完成，形成报告", files=[pdf("报告.pdf")])
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETION_REQUESTED and task.completed_on == TODAY
    with django_capture_on_commit_callbacks(execute=True):
        task_close(actor=cast.deputy, task_id=task.pk, rating="excellent", comment="按时高质量完成")
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED and task.rating == "excellent" and task.closed_by == cast.deputy
    assert events(task) == ["assigned", "signed", "report", "milestone", "completion_requested", "closed"]
    assert TaskAttachment.objects.filter(task=task).count() == 2
    for action in ("sign_for", "report", "milestone_done", "request_completion", "close"):
        assert audits(f"tasks.{action}") == 1, action
    # The close-off notice reaches the responsible person and the lead section head.
    assert Notification.objects.filter(recipient=cast.staff.user, text__contains=task.title).exists()
    assert Notification.objects.filter(recipient=cast.head.user, text__contains=task.title).exists()


def test_return_with_reason_puts_the_task_back_in_progress(cast):
    task = make_task(cast)
    task_sign_for(actor=cast.head, task_id=task.pk)
    task_completion_request(actor=cast.staff, task_id=task.pk, text="已完成", files=[pdf()])
    with pytest.raises(TaskError):
        task_return(actor=cast.deputy, task_id=task.pk, reason="  ")
    task_return(actor=cast.deputy, task_id=task.pk, reason="缺少乡镇汇总表")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.completed_on is None
    assert audits("tasks.return") == 1
    assert TaskEvent.objects.get(task=task, kind="returned").text == "缺少乡镇汇总表"


def test_wrong_people_are_refused(cast):
    task = make_task(cast)
    with pytest.raises(TaskError):
        task_sign_for(actor=cast.outsider, task_id=task.pk)
    with pytest.raises(TaskError):
        task_report(actor=cast.staff, task_id=task.pk, text="x")  # not signed for yet
    task_sign_for(actor=cast.staff, task_id=task.pk)
    with pytest.raises(TaskError):
        task_sign_for(actor=cast.staff, task_id=task.pk)
    with pytest.raises(TaskError):
        task_completion_request(actor=cast.colleague, task_id=task.pk, text="x")  # not responsible
    task_completion_request(actor=cast.staff, task_id=task.pk, text="完成")
    with pytest.raises(TaskError):
        task_close(actor=cast.head, task_id=task.pk, rating="good")  # only the assigner reviews
    with pytest.raises(TaskError):
        task_close(actor=cast.deputy, task_id=task.pk, rating="bogus")
    assert audits("tasks.close") == 0


def test_supporting_section_head_may_report(cast):
    task = make_task(cast, supporting_sections=[cast.cadre_section])
    task_sign_for(actor=cast.head, task_id=task.pk)
    task_report(actor=cast.cadre_head, task_id=task.pk, text="干部科已提供名册")
    with pytest.raises(TaskError):
        task_report(actor=cast.outsider, task_id=task.pk, text="x")


def test_cancel(cast):
    task = make_task(cast)
    with pytest.raises(TaskError):
        task_cancel(actor=cast.head, task_id=task.pk, reason="不需要了")
    task_cancel(actor=cast.deputy, task_id=task.pk, reason="任务已由上级统一部署")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    assert audits("tasks.cancel") == 1


def test_create_requires_same_unit_sections(cast):
    with pytest.raises(TaskError):
        task_create(
            actor=cast.other_unit_staff,
            title="x",
            source="document",
            lead_section=cast.org_section,
            deadline=TODAY,
        )


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_close_exactly_once(cast):
    """The assigner double-clicks close off: exactly one close stands, the other is refused."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers; the row lock is exercised on PostgreSQL")
    task = make_task(cast)
    task_sign_for(actor=cast.staff, task_id=task.pk)
    task_completion_request(actor=cast.staff, task_id=task.pk, text="完成")
    results = []

    def run():
        try:
            task_close(actor=cast.deputy, task_id=task.pk, rating="good")
            results.append("ok")
        except TaskError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert AuditEvent.objects.filter(action="tasks.close").count() == 1
