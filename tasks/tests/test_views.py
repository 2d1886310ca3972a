"""The pages: forms, actions, uploads and downloads, lists flat in queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from tasks.models import Task, TaskAttachment, TaskStatus
from tasks.services import task_completion_request, task_report, task_sign_for
from tasks.tests.helpers import TODAY, at, make_task, pdf

pytestmark = pytest.mark.django_db
D = datetime.date


def test_leader_assigns_through_the_form(cast, login):
    client = login(cast.deputy)
    response = client.post(
        reverse("tasks:create"),
        {
            "title": "开展软弱涣散党组织整顿",
            "source": "leader_instruction",
            "description": "逐村摸排，形成台账",
            "lead_section": cast.org_section.pk,
            "supporting_sections": [cast.cadre_section.pk],
            "responsible": [cast.staff.pk, cast.colleague.pk],
            "deadline_mode": "workdays",
            "workdays": 5,
            "priority": "key",
            "report_cycle": "weekly",
            "milestones": "2026-11-27 完成摸排",
            "assign": "on",
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("tasks:detail", args=[task.pk])
    assert task.deadline == D(2026, 12, 2)  # 5 working days after Wednesday 11-25
    assert task.status == TaskStatus.ASSIGNED
    assert set(task.responsible.all()) == {cast.staff, cast.colleague}
    assert task.milestones.get().title == "完成摸排"


def test_form_errors_keep_input_and_save_nothing(cast, login):
    client = login(cast.deputy)
    response = client.post(
        reverse("tasks:create"),
        {
            "title": "保留我输入的标题",
            "source": "document",
            "lead_section": cast.org_section.pk,
            "supporting_sections": [cast.org_section.pk],
            "deadline_mode": "date",
            "deadline": "2026-11-01",
            "priority": "normal",
            "report_cycle": "none",
            "milestones": "明天 调研",
        },
    )
    assert response.status_code == 200
    assert "保留我输入的标题" in response.content.decode()
    form = response.context["form"]
    assert {"deadline", "supporting_sections", "milestones"} <= set(form.errors)
    assert not Task.objects.exists()


def test_missing_work_calendar_is_a_clear_form_error(cast, login):
    from worktime.models import CalendarYear

    CalendarYear.objects.filter(year=2026).delete()
    client = login(cast.deputy)
    response = client.post(
        reverse("tasks:create"),
        {
            "title": "x",
            "source": "document",
            "lead_section": cast.org_section.pk,
            "deadline_mode": "workdays",
            "workdays": 3,
            "priority": "normal",
            "report_cycle": "none",
        },
    )
    assert response.status_code == 200
    assert "workdays" in response.context["form"].errors
    assert not Task.objects.exists()


def test_staff_cannot_open_the_create_form(cast, login):
    assert login(cast.staff).get(reverse("tasks:create")).status_code == 404


def test_section_signs_reports_with_file_and_applies_for_completion(cast, login):
    task = make_task(cast)
    client = login(cast.staff)
    page = client.get(reverse("tasks:detail", args=[task.pk]))
    assert page.status_code == 200 and b'data-testid="sign-for"' in page.content
    assert client.get(reverse("tasks:sign_for", args=[task.pk])).status_code == 405
    client.post(reverse("tasks:sign_for", args=[task.pk]))
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    client.post(reverse("tasks:report", args=[task.pk]), {"text": "已摸排5个村", "progress": 30, "files": [pdf()]})
    task.refresh_from_db()
    assert task.progress == 30
    attachment = TaskAttachment.objects.get()
    assert not attachment.file.name.startswith("/") and attachment.name == "evidence.pdf"
    client.post(reverse("tasks:complete", args=[task.pk]), {"text": "整顿完成", "files": [pdf("台账.pdf")]})
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETION_REQUESTED
    leader = login(cast.deputy)
    leader.post(reverse("tasks:close", args=[task.pk]), {"rating": "good", "comment": "好"})
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED


def test_completion_needs_evidence_and_rejects_wrong_types(cast, login):
    task = make_task(cast)
    task_sign_for(actor=cast.staff, task_id=task.pk)
    client = login(cast.staff)
    url = reverse("tasks:complete", args=[task.pk])
    client.post(url, {"text": "完成"})
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client.post(url, {"text": "完成", "files": [fake]})
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    client.post(url, {"text": "完成", "files": [exe]})
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert not TaskAttachment.objects.exists()
    assert not AuditEvent.objects.filter(action="tasks.request_completion").exists()


def test_too_large_upload_is_refused(cast, login, settings):
    settings.UPLOAD_MAX_BYTES = 50
    task = make_task(cast)
    task_sign_for(actor=cast.staff, task_id=task.pk)
    login(cast.staff).post(reverse("tasks:report", args=[task.pk]), {"text": "进展", "files": [pdf(size=200)]})
    assert not TaskAttachment.objects.exists()


def test_attachment_download_is_access_checked(cast, login):
    task = make_task(cast)
    task_sign_for(actor=cast.staff, task_id=task.pk)
    task_report(actor=cast.staff, task_id=task.pk, text="进展", files=[pdf("会议纪要.pdf")])
    attachment = TaskAttachment.objects.get()
    url = reverse("tasks:attachment", args=[attachment.pk])
    response = login(cast.head).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.other_unit_staff).get(url).status_code == 404


def test_outsiders_get_404_and_drafts_stay_private(cast, login):
    task = make_task(cast)
    draft = make_task(cast, assign=False)
    assert login(cast.outsider).get(reverse("tasks:detail", args=[task.pk])).status_code == 404
    assert login(cast.staff).get(reverse("tasks:detail", args=[draft.pk])).status_code == 404
    assert login(cast.principal).get(reverse("tasks:detail", args=[draft.pk])).status_code == 200
    assert login(cast.other_unit_staff).get(reverse("tasks:detail", args=[task.pk])).status_code == 404
    # Supervising leader of a supporting section sees it.
    assert login(cast.deputy).get(reverse("tasks:detail", args=[task.pk])).status_code == 200


def test_action_by_the_wrong_person_shows_a_message_and_changes_nothing(cast, login):
    task = make_task(cast)
    client = login(cast.colleague)  # same section, not responsible, not head
    response = client.post(reverse("tasks:sign_for", args=[task.pk]), follow=True)
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED
    assert list(response.context["messages"])


def test_urge_from_the_overdue_board(cast, login, time_machine):
    time_machine.move_to(at(D(2026, 11, 2)), tick=False)
    task = make_task(cast, deadline=D(2026, 11, 20))
    time_machine.move_to(at(TODAY), tick=False)
    board = login(cast.deputy).get(reverse("tasks:overdue"))
    assert [t.pk for t in board.context["page"]] == [task.pk]
    assert board.context["page"][0].light == "red" and board.context["page"][0].overdue_days == 5
    login(cast.deputy).post(reverse("tasks:urge", args=[task.pk]), {"text": "请说明原因"})
    task.refresh_from_db()
    assert task.urge_count == 1


def test_extension_through_the_page(cast, login):
    task = make_task(cast, deadline=D(2026, 12, 1))
    task_sign_for(actor=cast.staff, task_id=task.pk)
    login(cast.staff).post(reverse("tasks:extend", args=[task.pk]), {"new_deadline": "2026-12-10", "reason": "等数据"})
    page = login(cast.deputy).get(reverse("tasks:detail", args=[task.pk]))
    assert page.context["my_assignment"] is not None  # the supervising leader decides here


def test_figures_page(cast, login):
    task = make_task(cast)
    task_sign_for(actor=cast.staff, task_id=task.pk)
    task_completion_request(actor=cast.staff, task_id=task.pk, text="完成")
    response = login(cast.principal).get(reverse("tasks:figures"))
    assert response.status_code == 200
    assert login(cast.principal).get(reverse("tasks:figures") + "?by=person").status_code == 200
    assert login(cast.staff).get(reverse("tasks:figures")).status_code == 404


def test_settings_page(cast, login):
    from accounts.models import Duty
    from org.tests.cast import grant_duty
    from tasks.models import TaskSettings

    grant_duty(cast.office_head, Duty.SUPERVISION)
    client = login(cast.office_head)
    client.post(
        reverse("tasks:settings"),
        {"sign_for_hours": 8, "yellow_workdays": 2, "escalation_days": 1, "urge_interval_hours": 2},
    )
    conf = TaskSettings.objects.get(unit=cast.unit)
    assert (conf.sign_for_hours, conf.yellow_workdays) == (8, 2)
    assert AuditEvent.objects.filter(action="tasks.settings").count() == 1


@pytest.mark.parametrize("name", ["tasks:mine", "tasks:section", "tasks:all", "tasks:overdue"])
def test_lists_are_flat_in_queries(cast, login, name, django_assert_num_queries, time_machine):
    time_machine.move_to(at(D(2026, 11, 2)), tick=False)
    make_task(cast, deadline=D(2026, 11, 20), responsible=[cast.head])
    time_machine.move_to(at(TODAY), tick=False)
    client = login(cast.head)
    url = reverse(name)
    client.get(url)  # warm the per-process caches (calendar, nav)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code in (200, 404)
        return len(ctx.captured_queries)

    one = count()
    time_machine.move_to(at(D(2026, 11, 2)), tick=False)
    for i in range(12):
        make_task(
            cast, title=f"任务{i}", deadline=D(2026, 11, 20) + datetime.timedelta(days=i), responsible=[cast.head]
        )
    time_machine.move_to(at(TODAY), tick=False)
    many = count()
    assert one == many
    with django_assert_num_queries(one):
        client.get(url)


def test_extension_approver_outside_the_task_opens_it_from_the_inbox(cast, login):
    from approvals.models import ApprovalRule

    ApprovalRule.objects.create(unit=cast.unit, kind="task_extension", positions=[], nodes=["section_head"])
    task = make_task(cast, deadline=D(2026, 12, 1), responsible=[cast.outsider])  # 干部科 member on a 组织科 task
    url = reverse("tasks:detail", args=[task.pk])
    assert login(cast.cadre_head).get(url).status_code == 404
    task_sign_for(actor=cast.outsider, task_id=task.pk)
    login(cast.outsider).post(
        reverse("tasks:extend", args=[task.pk]), {"new_deadline": "2026-12-10", "reason": "等数据"}
    )
    page = login(cast.cadre_head).get(url)
    assert page.status_code == 200 and page.context["my_assignment"] is not None


def test_refused_action_shows_the_page_again_with_what_was_typed(cast, login):
    task = make_task(cast)
    task_sign_for(actor=cast.staff, task_id=task.pk)
    client = login(cast.staff)
    response = client.post(reverse("tasks:complete", args=[task.pk]), {"text": "我写的办理结果"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "我写的办理结果" in body
    assert response.context["completion_form"].errors["files"]
    leader = login(cast.deputy)
    leader.post(reverse("tasks:urge", args=[task.pk]), {"text": "第一次"})
    again = leader.post(reverse("tasks:urge", args=[task.pk]), {"text": "第二次催办"})
    assert again.status_code == 400
    assert "第二次催办" in again.content.decode()
    assert again.context["urge_form"].non_field_errors()
    task.refresh_from_db()
    assert task.urge_count == 1
