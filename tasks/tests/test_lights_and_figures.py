"""Lights (computed in Python and SQL alike), urging, escalation, missed reports, extension and figures."""

import datetime

import pytest

from approvals.models import Approval
from approvals.services import approval_decide
from audit.models import AuditEvent
from notify.models import Notification
from tasks.models import Task, TaskEvent, TaskExtension, TaskMissedReport, TaskSettings
from tasks.selectors import (
    LightRule,
    my_open_tasks,
    person_figures,
    section_figures,
    section_task_counts,
    task_light,
    task_list,
    with_light,
)
from tasks.services import (
    TaskError,
    task_close,
    task_completion_request,
    task_extension_request,
    task_report,
    task_sign_for,
    task_supervision_sweep,
    task_urge,
)
from tasks.tests.helpers import TODAY, at, make_task

pytestmark = pytest.mark.django_db
D = datetime.date


def sql_light(task) -> str:
    return with_light(Task.objects.filter(pk=task.pk), task.unit_id, TODAY).get().light


def both(task) -> str:
    task.refresh_from_db()
    python = task_light(task, TODAY)
    assert python == sql_light(task), "Python and SQL lights disagree"
    return python


def test_lights_green_yellow_red(cast, time_machine):
    far = make_task(cast, deadline=TODAY + datetime.timedelta(days=20))
    near = make_task(cast, deadline=D(2026, 11, 27))  # Friday: within 3 working days
    time_machine.move_to(at(D(2026, 11, 1)), tick=False)
    late = make_task(cast, deadline=D(2026, 11, 20))
    time_machine.move_to(at(TODAY), tick=False)
    for task in (far, near, late):
        task_sign_for(actor=cast.staff, task_id=task.pk)
    assert both(far) == "green"
    assert both(near) == "yellow"
    assert both(late) == "red"


def test_yellow_when_not_signed_for_in_time_or_report_missed(cast, time_machine):
    time_machine.move_to(at(D(2026, 11, 23)), tick=False)
    unsigned = make_task(cast, deadline=TODAY + datetime.timedelta(days=30))
    reporting = make_task(cast, deadline=TODAY + datetime.timedelta(days=30), report_cycle="weekly")
    time_machine.move_to(at(D(2026, 11, 10)), tick=False)
    time_machine.move_to(at(TODAY), tick=False)
    assert both(unsigned) == "yellow"  # assigned two days ago, 24 hours allowed
    time_machine.move_to(at(D(2026, 11, 23)), tick=False)
    task_sign_for(actor=cast.staff, task_id=reporting.pk)
    time_machine.move_to(at(TODAY), tick=False)
    assert both(reporting) == "green"  # report due 11-30
    time_machine.move_to(at(D(2026, 12, 1)), tick=False)
    reporting.refresh_from_db()
    assert task_light(reporting, D(2026, 12, 1)) == "yellow"
    assert with_light(Task.objects.filter(pk=reporting.pk), reporting.unit_id, D(2026, 12, 1)).get().light == "yellow"
    task_report(actor=cast.staff, task_id=reporting.pk, text="按周反馈")
    reporting.refresh_from_db()
    assert task_light(reporting, D(2026, 12, 1)) == "green"


def test_closed_and_draft_have_no_light(cast):
    draft = make_task(cast, assign=False)
    assert both(draft) == ""
    task = make_task(cast)
    task_sign_for(actor=cast.staff, task_id=task.pk)
    task_completion_request(actor=cast.staff, task_id=task.pk, text="完成")
    assert both(task) == "green"
    task_close(actor=cast.deputy, task_id=task.pk, rating="good")
    assert both(task) == ""


def test_yellow_threshold_is_configurable_and_counts_working_days(cast):
    # Deadline Monday 11-30: 3 working days after Wednesday 11-25 is Monday.
    task = make_task(cast, deadline=D(2026, 11, 30))
    task_sign_for(actor=cast.staff, task_id=task.pk)
    assert both(task) == "yellow"
    TaskSettings.objects.create(unit=cast.unit, yellow_workdays=1)
    assert both(task) == "green"
    assert LightRule(cast.unit.pk, TODAY).yellow_until == D(2026, 11, 26)


def test_urge_notifies_and_respects_the_interval(cast, django_capture_on_commit_callbacks, time_machine):
    task = make_task(cast)
    with django_capture_on_commit_callbacks(execute=True):
        task_urge(actor=cast.deputy, task_id=task.pk, text="请抓紧签收")
    assert Notification.objects.filter(recipient=cast.staff.user, text__contains="请抓紧签收").exists()
    assert Notification.objects.filter(recipient=cast.head.user, text__contains="请抓紧签收").exists()
    with pytest.raises(TaskError):
        task_urge(actor=cast.deputy, task_id=task.pk)
    time_machine.move_to(at(TODAY, 14), tick=False)
    task_urge(actor=cast.principal, task_id=task.pk)
    task.refresh_from_db()
    assert task.urge_count == 2
    assert AuditEvent.objects.filter(action="tasks.urge").count() == 2
    with pytest.raises(TaskError):
        task_urge(actor=cast.staff, task_id=task.pk)


def test_urge_by_supervision_office(cast):
    from accounts.models import Duty
    from org.tests.cast import grant_duty

    task = make_task(cast)
    with pytest.raises(TaskError):
        task_urge(actor=cast.office_head, task_id=task.pk)
    grant_duty(cast.office_head, Duty.SUPERVISION)
    task_urge(actor=cast.office_head, task_id=task.pk)


def test_sweep_escalates_once_and_records_missed_reports(cast, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(at(D(2026, 11, 2)), tick=False)
    task = make_task(cast, deadline=D(2026, 11, 18), report_cycle="weekly", actor=cast.principal)
    task_sign_for(actor=cast.staff, task_id=task.pk)  # first report due 11-09
    time_machine.move_to(at(TODAY), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        result = task_supervision_sweep(today=TODAY)
    assert result["escalated"] == 1
    # Due 11-09, 11-16, 11-23 — all passed without a report.
    assert list(TaskMissedReport.objects.values_list("due_on", flat=True)) == [
        D(2026, 11, 9),
        D(2026, 11, 16),
        D(2026, 11, 23),
    ]
    assert Notification.objects.filter(recipient=cast.deputy.user, text__contains=task.title).exists()
    again = task_supervision_sweep(today=TODAY)
    assert again["escalated"] == 0 and again["missed_reports"] == 0
    assert TaskEvent.objects.filter(task=task, kind="escalated").count() == 1
    assert AuditEvent.objects.filter(action="tasks.escalate").count() == 1


def test_sweep_waits_for_the_escalation_delay(cast, time_machine):
    time_machine.move_to(at(D(2026, 11, 2)), tick=False)
    make_task(cast, deadline=D(2026, 11, 23))
    time_machine.move_to(at(TODAY), tick=False)
    assert task_supervision_sweep(today=TODAY)["escalated"] == 0  # 2 days overdue, delay 3


def test_extension_approved_moves_the_deadline(cast):
    task = make_task(cast, deadline=D(2026, 12, 1))
    task_sign_for(actor=cast.staff, task_id=task.pk)
    extension = task_extension_request(
        actor=cast.staff, task_id=task.pk, new_deadline=D(2026, 12, 15), reason="需等待市里统一口径"
    )
    approval = Approval.objects.get(target_type="tasks.taskextension", target_id=extension.pk)
    assert list(approval.steps.values_list("node", flat=True)) == ["supervisor"]
    with pytest.raises(TaskError):
        task_extension_request(actor=cast.staff, task_id=task.pk, new_deadline=D(2026, 12, 20), reason="再延")
    approval_decide(actor=cast.deputy, approval_id=approval.pk, decision="approve")
    task.refresh_from_db()
    extension.refresh_from_db()
    assert extension.status == TaskExtension.Status.APPROVED
    assert task.deadline == D(2026, 12, 15) and task.original_deadline == D(2026, 12, 1)
    assert task.extension_count == 1
    assert AuditEvent.objects.filter(action="tasks.extension_request").count() == 1


def test_extension_after_the_deadline_is_refused(cast, time_machine):
    time_machine.move_to(at(D(2026, 11, 2)), tick=False)
    task = make_task(cast, deadline=D(2026, 11, 20))
    task_sign_for(actor=cast.staff, task_id=task.pk)
    time_machine.move_to(at(TODAY), tick=False)
    with pytest.raises(TaskError, match="before the deadline|时限届满前"):
        task_extension_request(actor=cast.staff, task_id=task.pk, new_deadline=D(2026, 12, 5), reason="来不及")
    assert not TaskExtension.objects.exists()


def test_section_task_counts(cast, time_machine, django_assert_max_num_queries):
    time_machine.move_to(at(D(2026, 11, 2)), tick=False)
    make_task(cast, deadline=D(2026, 11, 20))
    make_task(cast, deadline=D(2026, 12, 20))
    make_task(cast, lead_section=cast.cadre_section, deadline=D(2026, 12, 20))
    time_machine.move_to(at(TODAY), tick=False)
    with django_assert_max_num_queries(2):
        counts = section_task_counts(cast.unit, TODAY)
    assert counts[cast.org_section.pk] == {"open": 2, "overdue": 1}
    assert counts[cast.cadre_section.pk] == {"open": 1, "overdue": 0}
    assert counts[cast.office.pk] == {"open": 0, "overdue": 0}


def test_section_figures(cast, time_machine, django_assert_max_num_queries):
    time_machine.move_to(at(D(2026, 10, 8)), tick=False)
    on_time = make_task(cast, deadline=D(2026, 10, 20))
    late = make_task(cast, deadline=D(2026, 10, 15))
    still_open_late = make_task(cast, deadline=D(2026, 11, 10), report_cycle="weekly")
    time_machine.move_to(at(D(2026, 10, 8), 13), tick=False)
    for task in (on_time, late, still_open_late):
        task_sign_for(actor=cast.staff, task_id=task.pk)  # 4 hours after assignment
    time_machine.move_to(at(D(2026, 10, 19)), tick=False)
    task_completion_request(actor=cast.staff, task_id=on_time.pk, text="完成")
    task_completion_request(actor=cast.staff, task_id=late.pk, text="完成")
    time_machine.move_to(at(D(2026, 10, 21)), tick=False)
    task_close(actor=cast.deputy, task_id=on_time.pk, rating="good")
    task_close(actor=cast.deputy, task_id=late.pk, rating="fair")
    time_machine.move_to(at(TODAY), tick=False)
    task_supervision_sweep(today=TODAY)
    with django_assert_max_num_queries(3):
        figures = section_figures(cast.unit, D(2026, 10, 1), D(2026, 12, 31))
    row = figures[cast.org_section.pk]
    assert row["closed"] == 2
    assert row["closed_on_time"] == 1
    assert row["on_time_rate"] == 0.5
    assert row["overdue"] == 2  # `late` closed late, `still_open_late` past its deadline
    assert row["open"] == 1
    assert row["median_sign_for_hours"] == 4.0
    assert row["missed_reports"] == 6  # due 10-15, 10-22, 10-29, 11-05, 11-12, 11-19
    assert cast.cadre_section.pk not in figures
    person = person_figures(cast.unit, D(2026, 10, 1), D(2026, 12, 31))[cast.staff.pk]
    assert (person["closed"], person["closed_on_time"], person["overdue"], person["missed_reports"]) == (2, 1, 2, 6)


def test_list_scopes_and_my_open_tasks(cast):
    mine = make_task(cast)
    other = make_task(cast, lead_section=cast.cadre_section, responsible=[cast.outsider])
    assert list(task_list(cast.staff, "mine", TODAY)) == [mine]
    assert list(task_list(cast.colleague, "section", TODAY)) == [mine]
    assert set(task_list(cast.principal, "all", TODAY)) == {mine, other}
    assert list(my_open_tasks(cast.staff, TODAY)) == [mine]
    assert set(my_open_tasks(cast.deputy, TODAY)) == {mine, other}  # the deputy assigned both


def test_the_daily_job_runs_the_sweep_and_reminds_of_late_sign_for(cast, time_machine):
    from tasks.tasks import supervise_tasks

    time_machine.move_to(at(D(2026, 11, 23)), tick=False)
    task = make_task(cast)
    time_machine.move_to(at(TODAY), tick=False)
    result = supervise_tasks.call_local()
    assert result == {"escalated": 0, "missed_reports": 0, "sign_for_reminders": 1}
    assert task_light(Task.objects.get(pk=task.pk), TODAY) == "yellow"
