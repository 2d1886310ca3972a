"""The help-request workflow: section head asks, supervising leader lends, escalation per the unit setting."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from coordination import integration
from coordination.models import Borrowing, CoordinationSettings, HelpRequest, HelpRequestEvent
from coordination.services import (
    CoordinationError,
    can_decide,
    coordination_settings_update,
    help_request_decline,
    help_request_escalate,
    help_request_fill,
    help_request_withdraw,
)
from coordination.tests.helpers import ask, audit_count, coordination_events, today
from notify.models import Notification
from org.models import Position
from org.services import staff_create
from org.tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def notified(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person.user).values_list("text", flat=True))


def test_request_goes_to_the_supervising_leader(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(cast.head, headcount=2)
    assert request.status == HelpRequest.Status.WITH_SUPERVISOR
    assert request.assignee == cast.deputy
    assert len(notified(cast.deputy)) == 1 and "组织科" in notified(cast.deputy)[0]
    assert audit_count("coordination.submit") == 1
    assert list(request.events.values_list("action", flat=True)) == ["submit"]


def test_only_a_section_head_can_ask(cast):
    with pytest.raises(CoordinationError, match="科室负责人"):
        ask(cast.staff, section=cast.org_section)
    with pytest.raises(CoordinationError):
        ask(cast.head, section=cast.cadre_section)  # not their section
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"headcount": 0}, "headcount"),
        ({"headcount": 21}, "headcount"),
        ({"start": datetime.date(2020, 1, 1)}, "ends_on"),
        ({"days": 400}, "ends_on"),
        ({"work": "  "}, "work"),
        ({"reason": ""}, "reason"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(cast, kwargs, field):
    with pytest.raises(ValidationError) as info:
        ask(cast.head, **kwargs)
    assert field in info.value.message_dict
    assert not HelpRequest.objects.exists()
    assert coordination_events() == 0


def test_supervising_leader_lends_from_another_supervised_section(cast, django_capture_on_commit_callbacks):
    request = ask(cast.head)
    before = coordination_events()
    with django_capture_on_commit_callbacks(execute=True):
        [borrowing] = help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk])
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.FILLED
    assert request.decided_by == cast.deputy and request.assignee is None
    assert (borrowing.staff, borrowing.from_section, borrowing.to_section) == (
        cast.outsider,
        cast.cadre_section,
        cast.org_section,
    )
    assert (borrowing.starts_on, borrowing.ends_on) == (request.starts_on, request.ends_on)
    assert coordination_events() == before + 1
    # The person lent, both section heads and the deciding leader are told.
    assert "组织科" in notified(cast.outsider)[0]
    for person in (cast.head, cast.cadre_head, cast.deputy):
        assert any("吴晓琳" in text for text in notified(person)), person


def test_leader_picks_only_from_their_other_sections(cast):
    request = ask(cast.head)
    for person in (cast.staff, cast.office_head, cast.other_unit_staff, cast.principal):
        with pytest.raises(CoordinationError) as info:
            help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[person.pk])
        assert "staff" in info.value.message_dict
    assert not Borrowing.objects.exists()
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.WITH_SUPERVISOR


def test_fewer_than_asked_is_partly_filled_and_more_is_refused(cast):
    extra = staff_create(
        actor=None,
        unit=cast.unit,
        section=cast.cadre_section,
        username="gbk2",
        full_name="郭二",
        gender="M",
        started_work_on=datetime.date(2020, 7, 1),
        position=Position.STAFF,
        password=PASSWORD,
        audit=False,
    )
    request = ask(cast.head, headcount=1)
    with pytest.raises(CoordinationError, match="1"):
        help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk, extra.pk])
    with pytest.raises(CoordinationError):
        help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[])
    request = ask(cast.head, headcount=3)
    help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk, extra.pk])
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.PARTLY_FILLED
    assert request.borrowings.count() == 2


def test_someone_else_cannot_decide(cast):
    request = ask(cast.head)
    for person in (cast.exec_deputy, cast.principal, cast.cadre_head, cast.head):
        with pytest.raises(CoordinationError, match="不在您的待办"):
            help_request_fill(actor=person, request_id=request.pk, staff_ids=[cast.outsider.pk])
        with pytest.raises(CoordinationError):
            help_request_decline(actor=person, request_id=request.pk, reason="无")
    assert coordination_events() == 1


def test_a_person_already_lent_in_the_period_cannot_be_lent_again(cast):
    first = ask(cast.head, days=10)
    help_request_fill(actor=cast.deputy, request_id=first.pk, staff_ids=[cast.outsider.pk])
    second = ask(cast.head, start=today() + datetime.timedelta(days=5), days=3)
    with pytest.raises(CoordinationError, match="已借调至组织科"):
        help_request_fill(actor=cast.deputy, request_id=second.pk, staff_ids=[cast.outsider.pk])
    after = ask(cast.head, start=today() + datetime.timedelta(days=10), days=3)
    help_request_fill(actor=cast.deputy, request_id=after.pk, staff_ids=[cast.outsider.pk])
    assert Borrowing.objects.count() == 2


def test_escalation_goes_to_the_executive_deputy_who_picks_from_any_section(cast, django_capture_on_commit_callbacks):
    request = ask(cast.head)
    with django_capture_on_commit_callbacks(execute=True):
        help_request_escalate(actor=cast.deputy, request_id=request.pk, reason="分管科室都很忙")
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.WITH_EXECUTIVE and request.assignee == cast.exec_deputy
    assert notified(cast.exec_deputy) and notified(cast.head)
    assert not can_decide(cast.deputy, request)
    with pytest.raises(CoordinationError):
        help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk])
    help_request_fill(actor=cast.exec_deputy, request_id=request.pk, staff_ids=[cast.office_head.pk])
    assert Borrowing.objects.get().from_section == cast.office
    assert audit_count("coordination.escalate") == 1


def test_spanning_areas_goes_straight_to_the_deciding_body(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(cast.head, spans_areas=True)
    assert request.status == HelpRequest.Status.WITH_EXECUTIVE
    assert request.assignee == cast.exec_deputy
    assert any("知悉" in text for text in notified(cast.deputy))


def test_affairs_meeting_setting_puts_it_on_the_agenda(cast, monkeypatch, django_capture_on_commit_callbacks):
    added = []

    def fake_agenda_add(**kwargs):
        added.append(kwargs)
        return type("Item", (), {"pk": 77})()

    monkeypatch.setattr(integration, "agenda_add", fake_agenda_add)
    coordination_settings_update(actor=cast.colleague, deciding_body=CoordinationSettings.DecidingBody.AFFAIRS_MEETING)
    request = ask(cast.head)
    with django_capture_on_commit_callbacks(execute=True):
        help_request_escalate(actor=cast.deputy, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.AT_MEETING
    assert request.agenda_item_id == 77 and request.assignee is None
    assert added[0]["origin"] == request and "组织科" in added[0]["title"]
    # The office (or the executive deputy) records the meeting's decision by filling it from any section.
    assert can_decide(cast.office_head, request) and can_decide(cast.exec_deputy, request)
    assert not can_decide(cast.deputy, request)
    help_request_fill(actor=cast.office_head, request_id=request.pk, staff_ids=[cast.outsider.pk], note="部务会研究")
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.FILLED and request.decided_by == cast.office_head


def test_executive_deputy_may_put_it_before_the_meeting(cast, monkeypatch):
    monkeypatch.setattr(integration, "agenda_add", lambda **kw: None)
    request = ask(cast.head)
    help_request_escalate(actor=cast.deputy, request_id=request.pk)
    help_request_escalate(actor=cast.exec_deputy, request_id=request.pk, reason="需部务会研究")
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.AT_MEETING


def test_nobody_decides_their_own_request(cast, monkeypatch):
    monkeypatch.setattr(integration, "agenda_add", lambda **kw: None)
    coordination_settings_update(actor=cast.colleague, deciding_body=CoordinationSettings.DecidingBody.AFFAIRS_MEETING)
    request = ask(cast.office_head, spans_areas=True)
    assert request.status == HelpRequest.Status.AT_MEETING
    assert not can_decide(cast.office_head, request)
    with pytest.raises(CoordinationError):
        help_request_fill(actor=cast.office_head, request_id=request.pk, staff_ids=[cast.outsider.pk])
    assert can_decide(cast.exec_deputy, request)


def test_supervisor_asking_for_own_section_is_not_routed_to_themself(cast):
    cast.org_section.supervisor = cast.head
    cast.org_section.save(update_fields=["supervisor"])
    request = ask(cast.head)
    assert request.status == HelpRequest.Status.WITH_EXECUTIVE


def test_decline_needs_a_reason_and_tells_the_requester(cast, django_capture_on_commit_callbacks):
    request = ask(cast.head)
    with pytest.raises(CoordinationError) as info:
        help_request_decline(actor=cast.deputy, request_id=request.pk, reason=" ")
    assert "reason" in info.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        help_request_decline(actor=cast.deputy, request_id=request.pk, reason="年底各科都忙，请科内统筹")
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.DECLINED
    assert "年底各科都忙" in notified(cast.head)[0]
    assert audit_count("coordination.decline") == 1
    with pytest.raises(CoordinationError, match="已处理"):
        help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk])


def test_withdraw_by_the_requester_only_while_open(cast):
    request = ask(cast.head)
    with pytest.raises(CoordinationError):
        help_request_withdraw(actor=cast.staff, request_id=request.pk)
    help_request_withdraw(actor=cast.head, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.WITHDRAWN
    assert audit_count("coordination.withdraw") == 1
    filled = ask(cast.head)
    help_request_fill(actor=cast.deputy, request_id=filled.pk, staff_ids=[cast.outsider.pk])
    with pytest.raises(CoordinationError, match="不能撤回"):
        help_request_withdraw(actor=cast.head, request_id=filled.pk)


def test_settings_only_take_known_values(cast):
    with pytest.raises(CoordinationError):
        coordination_settings_update(actor=cast.colleague, deciding_body="principal")
    coordination_settings_update(actor=cast.colleague, deciding_body="affairs_meeting")
    assert CoordinationSettings.objects.get(unit=cast.unit).deciding_body == "affairs_meeting"
    assert audit_count("coordination.settings") == 1


def test_timeline_records_each_action(cast):
    request = ask(cast.head)
    help_request_escalate(actor=cast.deputy, request_id=request.pk, reason="跨分管范围")
    help_request_fill(actor=cast.exec_deputy, request_id=request.pk, staff_ids=[cast.outsider.pk])
    actions = list(HelpRequestEvent.objects.filter(help_request=request).values_list("action", "actor"))
    assert actions == [("submit", cast.head.pk), ("escalate", cast.deputy.pk), ("fill", cast.exec_deputy.pk)]
