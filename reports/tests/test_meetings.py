import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from approvals.services import approval_decide
from audit.models import AuditEvent
from notify.models import Notification
from org.tests.cast import grant_duty
from reports import integration
from reports.access import MEETING_DUTY
from reports.models import AgendaItem, Attendee, Decision, Meeting
from reports.selectors import next_affairs_meeting
from reports.services import (
    agenda_item_add,
    agenda_item_remove,
    decision_add,
    decision_make_task,
    meeting_add_reports,
    meeting_agenda_add,
    meeting_close,
    meeting_create,
    meeting_record,
)
from reports.tests.helpers import NOW, TODAY, approval_of, at, submitted

pytestmark = pytest.mark.django_db
needs_tasks = pytest.mark.skipif(not integration.tasks_available(), reason="needs the tasks app")


@pytest.fixture(autouse=True)
def _october(time_machine):
    time_machine.move_to(NOW, tick=False)


def events(action):
    return AuditEvent.objects.filter(action=action).count()


def plan(cast, *, kind=Meeting.Kind.AFFAIRS, day=TODAY + datetime.timedelta(days=7), actor=None):
    return meeting_create(
        actor=actor or cast.principal, kind=kind, title="第十次部务会", starts_at=at(day, 9), place="三楼会议室"
    )


def test_affairs_meeting_gets_the_members_as_attendees(cast):
    meeting = plan(cast)
    assert set(meeting.attendees.values_list("staff_id", flat=True)) == {
        cast.principal.pk,
        cast.exec_deputy.pk,
        cast.deputy.pk,
    }
    assert events("reports.meeting_create") == 1


def test_all_staff_meeting_gets_everyone_in_the_unit(cast):
    meeting = plan(cast, kind=Meeting.Kind.ALL_STAFF)
    assert meeting.attendees.count() == 9
    assert not meeting.attendees.filter(staff=cast.other_unit_staff).exists()


def test_only_keepers_plan_meetings(cast):
    for person in (cast.staff, cast.head):
        with pytest.raises(ValidationError):
            plan(cast, actor=person)
    grant_duty(cast.office_head, MEETING_DUTY)
    assert plan(cast, actor=cast.office_head).created_by == cast.office_head
    assert Meeting.objects.count() == 1


def test_agenda_item_add_goes_to_the_next_planned_affairs_meeting(cast, django_capture_on_commit_callbacks):
    grant_duty(cast.office_head, MEETING_DUTY)
    later = plan(cast, day=TODAY + datetime.timedelta(days=14))
    sooner = plan(cast, day=TODAY + datetime.timedelta(days=3))
    plan(cast, kind=Meeting.Kind.ALL_STAFF, day=TODAY + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        item = agenda_item_add(
            actor=cast.exec_deputy,
            unit=cast.unit,
            title="研究借调人员事宜",
            kind="help_request",
            origin=cast.org_section,
        )
    assert item.meeting == sooner != later
    assert item.origin_type == "org.section" and item.origin_id == cast.org_section.pk and item.origin_label == "组织科"
    assert events("reports.agenda_add") == 1
    assert Notification.objects.filter(recipient=cast.office_head.user, text__contains="研究借调人员事宜").exists()


def test_agenda_item_waits_when_no_affairs_meeting_is_planned_and_is_taken_up(cast):
    plan(cast, day=TODAY - datetime.timedelta(days=2))  # past: not "next"
    item = agenda_item_add(actor=cast.exec_deputy, unit=cast.unit, title="待议事项", kind="help_request")
    assert item.meeting is None
    assert next_affairs_meeting(cast.unit, TODAY) is None
    meeting = plan(cast)
    item.refresh_from_db()
    assert item.meeting == meeting
    assert next_affairs_meeting(cast.unit, TODAY) == meeting


def test_all_staff_meeting_does_not_take_up_waiting_items(cast):
    item = agenda_item_add(actor=cast.exec_deputy, unit=cast.unit, title="待议事项", kind="general")
    plan(cast, kind=Meeting.Kind.ALL_STAFF)
    item.refresh_from_db()
    assert item.meeting is None


def test_agenda_item_needs_a_title(cast):
    with pytest.raises(ValidationError):
        agenda_item_add(actor=cast.exec_deputy, unit=cast.unit, title=" ", kind="general")
    assert not AgendaItem.objects.exists()


def test_approved_reports_go_on_the_agenda_in_one_step(cast):
    report = submitted(cast)
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="approve")
    meeting = plan(cast, kind=Meeting.Kind.ALL_STAFF)
    assert meeting_add_reports(actor=cast.principal, meeting_id=meeting.pk, year=2026, quarter=3) == 1
    item = meeting.agenda_items.get()
    assert item.kind == AgendaItem.Kind.QUARTERLY_REPORT and item.origin_id == report.pk and item.presenter == cast.head
    assert events("reports.agenda_add_reports") == 1
    with pytest.raises(ValidationError):
        meeting_add_reports(actor=cast.principal, meeting_id=meeting.pk, year=2026, quarter=3)
    assert meeting.agenda_items.count() == 1


def test_record_minutes_attendance_then_close(cast, time_machine):
    time_machine.move_to(at(TODAY, 8), tick=False)
    meeting = plan(cast, day=TODAY)
    with pytest.raises(ValidationError, match="尚未开始"):
        meeting_record(actor=cast.principal, meeting_id=meeting.pk, minutes="x", presence={})
    time_machine.move_to(at(TODAY, 12), tick=False)
    meeting_record(
        actor=cast.principal,
        meeting_id=meeting.pk,
        minutes="会议研究了第四季度工作。",
        presence={cast.principal.pk: ("present", ""), cast.deputy.pk: ("on_leave", "市里开会")},
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert Attendee.objects.get(meeting=meeting, staff=cast.deputy).presence == "on_leave"
    assert events("reports.meeting_record") == 1
    meeting_close(actor=cast.principal, meeting_id=meeting.pk)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    with pytest.raises(ValidationError):
        meeting_record(actor=cast.principal, meeting_id=meeting.pk, minutes="改", presence={})


def test_bad_presence_is_refused(cast, time_machine):
    meeting = plan(cast, day=TODAY)
    time_machine.move_to(at(TODAY, 12), tick=False)
    with pytest.raises(ValidationError):
        meeting_record(
            actor=cast.principal, meeting_id=meeting.pk, minutes="x", presence={cast.deputy.pk: ("maybe", "")}
        )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and meeting.minutes == ""


def held(cast, time_machine):
    meeting = plan(cast, day=TODAY)
    time_machine.move_to(at(TODAY, 12), tick=False)
    meeting_record(actor=cast.principal, meeting_id=meeting.pk, minutes="纪要", presence={})
    return meeting


def test_decisions_only_for_a_held_meeting(cast, time_machine):
    meeting = plan(cast)
    with pytest.raises(ValidationError):
        decision_add(
            actor=cast.principal, meeting_id=meeting.pk, text="决定", lead_section=cast.org_section, deadline=TODAY
        )
    assert not Decision.objects.exists()


@needs_tasks
def test_decision_becomes_a_task_once(cast, time_machine):
    meeting = held(cast, time_machine)
    decision = decision_add(
        actor=cast.principal,
        meeting_id=meeting.pk,
        text="由组织科牵头开展党支部标准化建设回头看",
        lead_section=cast.org_section,
        deadline=TODAY + datetime.timedelta(days=30),
    )
    assert events("reports.decision_add") == 1
    task = decision_make_task(actor=cast.principal, decision_id=decision.pk)
    assert task.lead_section == cast.org_section
    assert task.source == "meeting_decision"
    assert integration.task_for(decision) == task
    assert events("reports.decision_task") == 1
    with pytest.raises(ValidationError, match="已转为"):
        decision_make_task(actor=cast.principal, decision_id=decision.pk)


def test_staff_cannot_make_a_task_of_a_decision(cast, time_machine):
    meeting = held(cast, time_machine)
    decision = decision_add(
        actor=cast.principal, meeting_id=meeting.pk, text="决定", lead_section=cast.org_section, deadline=TODAY
    )
    with pytest.raises(ValidationError):
        decision_make_task(actor=cast.head, decision_id=decision.pk)
    decision.refresh_from_db()
    assert decision.task_made_at is None


def test_agenda_of_a_held_meeting_is_fixed(cast, time_machine):
    meeting = plan(cast, day=TODAY)
    item = meeting_agenda_add(actor=cast.principal, meeting_id=meeting.pk, title="议题", kind="general")
    time_machine.move_to(at(TODAY, 12), tick=False)
    meeting_record(actor=cast.principal, meeting_id=meeting.pk, minutes="纪要", presence={})
    with pytest.raises(ValidationError):
        agenda_item_remove(actor=cast.principal, item_id=item.pk)
    with pytest.raises(ValidationError):
        meeting_agenda_add(actor=cast.principal, meeting_id=meeting.pk, title="晚到", kind="general")


@pytest.mark.django_db(transaction=True)
def test_two_keepers_making_the_same_task_at_once_make_one(cast, time_machine):
    if connection.vendor == "sqlite" or not integration.tasks_available():
        pytest.skip("row locks need PostgreSQL, and the tasks app")
    meeting = held(cast, time_machine)
    decision = decision_add(
        actor=cast.principal, meeting_id=meeting.pk, text="决定", lead_section=cast.org_section, deadline=TODAY
    )
    errors = []

    def go(person):
        try:
            decision_make_task(actor=person, decision_id=decision.pk)
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(p,)) for p in (cast.principal, cast.exec_deputy)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1
    from tasks.selectors import tasks_for_origin

    assert tasks_for_origin(decision).count() == 1


# --- views


def test_meeting_list_query_count_is_flat(cast, login, django_assert_max_num_queries):
    client = login(cast.principal)
    plan(cast)
    client.get(reverse("core:workbench"))
    # session with account and staff, duty grants, count, the page of meetings (annotated), unit, waiting items,
    # nav badges (2)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("reports:meetings"))
    for n in range(5):
        plan(cast, kind=Meeting.Kind.ALL_STAFF, day=TODAY + datetime.timedelta(days=n + 1))
    agenda_item_add(actor=cast.exec_deputy, unit=cast.unit, title="a", kind="general")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reports:meetings"))
    assert response.content.decode().count("第十次部务会") == 6


def test_staff_sees_all_staff_meetings_but_not_affairs_meetings(cast, login):
    affairs = plan(cast)
    everyone = plan(cast, kind=Meeting.Kind.ALL_STAFF)
    client = login(cast.staff)
    assert client.get(reverse("reports:meeting_detail", args=[affairs.pk])).status_code == 404
    assert client.get(reverse("reports:meeting_detail", args=[everyone.pk])).status_code == 200
    assert client.get(reverse("reports:meeting_create")).status_code == 404


def test_create_meeting_and_add_agenda_through_the_pages(cast, login):
    client = login(cast.principal)
    response = client.post(
        reverse("reports:meeting_create"),
        {"kind": "affairs", "title": "第十一次部务会", "starts_at": "2026-10-20T09:00", "place": "三楼会议室"},
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("reports:meeting_detail", args=[meeting.pk])
    client.post(
        reverse("reports:agenda_add", args=[meeting.pk]),
        {"title": "研究年度考核", "kind": "general", "presenter": cast.exec_deputy.pk},
    )
    page = client.get(reverse("reports:meeting_detail", args=[meeting.pk])).content.decode()
    assert "研究年度考核" in page and "王志海" in page


def test_create_meeting_bad_input_keeps_the_form(cast, login):
    response = login(cast.principal).post(
        reverse("reports:meeting_create"), {"kind": "affairs", "title": "", "starts_at": "x"}
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


@needs_tasks
def test_record_decision_and_make_task_in_one_click(cast, login, time_machine):
    meeting = plan(cast, day=TODAY)
    time_machine.move_to(at(TODAY, 12), tick=False)
    client = login(cast.principal)
    response = client.post(
        reverse("reports:meeting_minutes", args=[meeting.pk]),
        {"minutes": "会议纪要", **{f"presence_{a.staff_id}": "present" for a in meeting.attendees.all()}},
    )
    assert response.status_code == 302
    client.post(
        reverse("reports:decision_add", args=[meeting.pk]),
        {"text": "开展谈心谈话", "lead_section": cast.cadre_section.pk, "deadline": "2026-11-30", "make_task": "1"},
    )
    decision = Decision.objects.get()
    assert decision.task_made_at is not None
    task = integration.task_for(decision)
    page = client.get(reverse("reports:meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("tasks:detail", args=[task.pk]) in page


def test_edit_add_reports_and_close_through_the_pages(cast, login, time_machine):
    report = submitted(cast)
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="approve")
    time_machine.move_to(at(TODAY, 8), tick=False)
    meeting = plan(cast, kind=Meeting.Kind.ALL_STAFF, day=TODAY)
    client = login(cast.principal)
    response = client.post(
        reverse("reports:meeting_edit", args=[meeting.pk]),
        {"title": "第三季度工作汇报会", "starts_at": "2026-10-12T09:30", "place": "大会议室"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "第三季度工作汇报会" and meeting.place == "大会议室"
    client.post(reverse("reports:agenda_add_reports", args=[meeting.pk]), {"period": "2026-3"})
    assert meeting.agenda_items.filter(kind="quarterly_report", origin_id=report.pk).count() == 1
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reverse("reports:meeting_detail", args=[meeting.pk]) in page
    time_machine.move_to(at(TODAY, 12), tick=False)
    client.logout()  # hours later: the idle session has timed out; log in afresh
    client = login(cast.principal)
    marks = {f"presence_{a.staff_id}": "present" for a in meeting.attendees.all()}
    response = client.post(reverse("reports:meeting_minutes", args=[meeting.pk]), {"minutes": "听取汇报。", **marks})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD, response["Location"]
    client.post(reverse("reports:meeting_close", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert client.get(reverse("reports:meeting_minutes", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("reports:meeting_close", args=[meeting.pk])).status_code == 405
