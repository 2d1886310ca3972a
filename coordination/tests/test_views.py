"""Pages: asking, picking, boards and lists — what each role sees, errors in the page, query counts."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Duty
from coordination.models import Borrowing, CoordinationSettings, HelpRequest
from coordination.services import help_request_escalate, help_request_fill
from coordination.tests.helpers import ask, audit_count, coordination_events, today
from org.models import Position, Section
from org.services import staff_create
from org.tests.cast import PASSWORD, grant_duty

pytestmark = pytest.mark.django_db


def person(cast, section, username, name, position=Position.STAFF):
    return staff_create(
        actor=None,
        unit=cast.unit,
        section=section,
        username=username,
        full_name=name,
        gender="M",
        started_work_on=datetime.date(2018, 7, 1),
        position=position,
        password=PASSWORD,
        audit=False,
    )


def make_task(cast, section, title="全县党支部标准化建设检查", days=10):
    from tasks.services import task_create

    return task_create(
        actor=cast.principal,
        title=title,
        source="leader_instruction",
        lead_section=section,
        deadline=today() + datetime.timedelta(days=days),
    )


def form_data(**kw):
    data = {
        "section": "",
        "headcount": "1",
        "skills": "文字综合",
        "work": "年底材料起草",
        "starts_on": today().isoformat(),
        "ends_on": (today() + datetime.timedelta(days=6)).isoformat(),
        "reason": "科内人员不足",
    }
    data.update(kw)
    return data


def test_section_head_asks_for_people_naming_a_task(cast, login):
    task = make_task(cast, cast.org_section)
    client = login(cast.head)
    page = client.get(reverse("coordination:create"))
    assert task.title in page.content.decode()
    response = client.post(
        reverse("coordination:create"), form_data(section=cast.org_section.pk, task_id=task.pk, work=""), follow=True
    )
    request = HelpRequest.objects.get()
    assert response.redirect_chain[-1][0] == reverse("coordination:detail", args=[request.pk])
    assert request.task == task and request.assignee == cast.deputy
    html = response.content.decode()
    assert "已提交，等待 赵红梅 协调" in html and task.title in html
    assert audit_count("coordination.submit") == 1


def test_bad_input_keeps_what_was_typed(cast, login):
    client = login(cast.head)
    response = client.post(
        reverse("coordination:create"),
        form_data(section=cast.org_section.pk, work="", headcount="0", skills="熟悉统计"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "请选择督办任务，或写明人员用于何项工作" in html
    assert "熟悉统计" in html
    assert not HelpRequest.objects.exists() and coordination_events() == 0


def test_only_section_heads_can_open_the_form(cast, login):
    for who in (cast.staff, cast.deputy, cast.principal):
        assert login(who).get(reverse("coordination:create")).status_code == 404


def test_leader_sees_candidates_with_their_load_and_picks(cast, login):
    request = ask(cast.head)
    make_task(cast, cast.cadre_section, days=-0)  # an open task in the lending section
    client = login(cast.deputy)
    page = client.get(reverse("coordination:pick", args=[request.pk]))
    html = page.content.decode()
    candidates = page.context["candidates"]
    assert [(c.staff, c.section) for c in candidates] == [
        (cast.cadre_head, cast.cadre_section),
        (cast.outsider, cast.cadre_section),
    ]
    assert candidates[0].open_tasks == 1
    assert "吴晓琳" in html and "张三丰" not in html  # never the requesting section's own people
    response = client.post(
        reverse("coordination:pick", args=[request.pk]),
        {"staff": [cast.outsider.pk], "note": "借至检查结束"},
        follow=True,
    )
    assert "已选派：吴晓琳借调至组织科" in response.content.decode()
    assert Borrowing.objects.get().staff == cast.outsider
    timeline = response.context["events"]
    assert [e.action for e in timeline] == ["submit", "fill"]


def test_picking_someone_not_allowed_shows_the_error_and_saves_nothing(cast, login):
    request = ask(cast.head)
    client = login(cast.deputy)
    response = client.post(reverse("coordination:pick", args=[request.pk]), {"staff": [cast.staff.pk]})
    assert response.status_code == 200 and not Borrowing.objects.exists()
    assert "选择一个有效的选项" in response.content.decode() or "只能从您可调配的科室" in response.content.decode()


def test_others_cannot_pick_decline_or_escalate(cast, login):
    request = ask(cast.head)
    for who in (cast.staff, cast.head, cast.principal, cast.cadre_head):
        client = login(who)
        assert client.get(reverse("coordination:pick", args=[request.pk])).status_code == 404
        client.post(reverse("coordination:decline", args=[request.pk]), {"reason": "无"})
        client.post(reverse("coordination:escalate", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.WITH_SUPERVISOR
    assert coordination_events() == 1


def test_actions_refuse_get(cast, login):
    request = ask(cast.head)
    client = login(cast.deputy)
    for name in ("decline", "escalate", "withdraw"):
        assert client.get(reverse(f"coordination:{name}", args=[request.pk])).status_code == 405


def test_decline_without_reason_says_so(cast, login):
    request = ask(cast.head)
    response = login(cast.deputy).post(reverse("coordination:decline", args=[request.pk]), {"reason": ""}, follow=True)
    assert "请填写不同意的理由" in response.content.decode()
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.WITH_SUPERVISOR


def test_escalate_to_the_meeting_puts_it_on_the_agenda(cast, login):
    from reports.models import AgendaItem

    CoordinationSettings.objects.create(unit=cast.unit, deciding_body="affairs_meeting")
    request = ask(cast.head)
    response = login(cast.deputy).post(
        reverse("coordination:escalate", args=[request.pk]), {"reason": "需全部统筹"}, follow=True
    )
    assert "已提交上级协调" in response.content.decode()
    item = AgendaItem.objects.get()
    assert item.kind == "help_request" and item.origin_id == request.pk
    assert item.origin_url == reverse("coordination:detail", args=[request.pk])
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.AT_MEETING and request.agenda_item_id == item.pk
    # The office head records the meeting's decision from any section.
    page = login(cast.office_head).get(reverse("coordination:pick", args=[request.pk]))
    assert {c.section for c in page.context["candidates"]} == {cast.office, cast.cadre_section}


def test_withdraw_and_end_early_from_the_page(cast, login):
    request = ask(cast.head)
    response = login(cast.head).post(reverse("coordination:withdraw", args=[request.pk]), follow=True)
    assert "协调申请已撤回" in response.content.decode()
    other = ask(cast.head)
    [borrowing] = help_request_fill(actor=cast.deputy, request_id=other.pk, staff_ids=[cast.outsider.pk])
    assert login(cast.head).post(reverse("coordination:end_early", args=[borrowing.pk])).status_code == 404
    response = login(cast.deputy).post(reverse("coordination:end_early", args=[borrowing.pk]), follow=True)
    assert "借调已提前结束" in response.content.decode()


def test_boards_show_the_borrowing_on_both_sections(cast, login):
    request = ask(cast.head)
    help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk])
    make_task(cast, cast.org_section)
    page = login(cast.head).get(reverse("coordination:unit_board"))
    rows = {r.section: r for r in page.context["rows"]}
    assert [b.staff for b in rows[cast.org_section].borrowed] == [cast.outsider]
    assert [b.staff for b in rows[cast.cadre_section].lent] == [cast.outsider]
    assert rows[cast.org_section].available == 4 and rows[cast.cadre_section].available == 1
    assert rows[cast.org_section].open_tasks == 1

    org_board = login(cast.staff).get(reverse("coordination:section_board", args=[cast.org_section.pk]))
    states = {p.staff: (p.state, p.detail) for p in org_board.context["people"]}
    assert states[cast.outsider] == ("borrowed", "干部科")
    assert states[cast.staff] == ("at_work", "")
    assert "借自干部科" in org_board.content.decode()
    assert len(org_board.context["tasks"]) == 1 and org_board.context["tasks"][0].light == "green"

    cadre_board = login(cast.cadre_head).get(reverse("coordination:section_board", args=[cast.cadre_section.pk]))
    assert {p.staff: p.state for p in cadre_board.context["people"]}[cast.outsider] == "lent"
    assert "借调至组织科" in cadre_board.content.decode()
    # The person lent may open the board of the section that borrowed them.
    assert (
        login(cast.outsider).get(reverse("coordination:section_board", args=[cast.org_section.pk])).status_code == 200
    )


def test_overdue_tasks_are_red_with_text(cast, login, time_machine):
    make_task(cast, cast.org_section, days=1)
    time_machine.move_to(datetime.datetime.combine(today() + datetime.timedelta(days=5), datetime.time(10)))
    html = login(cast.principal).get(reverse("coordination:unit_board")).content.decode()
    assert 'tag tag-red">1 项超期' in html or "超期" in html


def test_who_sees_which_board(cast, login):
    unit_board = reverse("coordination:unit_board")
    org_board = reverse("coordination:section_board", args=[cast.org_section.pk])
    cadre_board = reverse("coordination:section_board", args=[cast.cadre_section.pk])
    assert login(cast.staff).get(unit_board).status_code == 404
    assert login(cast.staff).get(cadre_board).status_code == 404
    assert login(cast.cadre_head).get(org_board).status_code == 404
    assert login(cast.other_unit_staff).get(org_board).status_code == 404
    for who in (cast.head, cast.deputy, cast.principal, cast.office_head, cast.cadre_head):
        assert login(who).get(unit_board).status_code == 200
    for who in (cast.staff, cast.head, cast.deputy, cast.exec_deputy, cast.office_head):
        assert login(who).get(org_board).status_code == 200


def test_settings_page_by_the_business_settings_duty(cast, login):
    assert login(cast.head).get(reverse("coordination:settings")).status_code == 404
    grant_duty(cast.colleague, Duty.BUSINESS_SETTINGS)
    client = login(cast.colleague)
    response = client.post(reverse("coordination:settings"), {"deciding_body": "affairs_meeting"}, follow=True)
    assert "已保存" in response.content.decode()
    assert CoordinationSettings.objects.get(unit=cast.unit).deciding_body == "affairs_meeting"


def test_lists_show_requests_to_whom_they_concern(cast, login):
    mine = ask(cast.head)
    escalated = ask(cast.head)
    help_request_escalate(actor=cast.deputy, request_id=escalated.pk)
    assert {r.pk for r in login(cast.head).get(reverse("coordination:requests")).context["page"]} == {
        mine.pk,
        escalated.pk,
    }
    assert [r.pk for r in login(cast.deputy).get(reverse("coordination:waiting")).context["page"]] == [mine.pk]
    assert [r.pk for r in login(cast.exec_deputy).get(reverse("coordination:waiting")).context["page"]] == [
        escalated.pk
    ]
    assert login(cast.head).get(reverse("coordination:all")).status_code == 404
    assert len(login(cast.principal).get(reverse("coordination:all")).context["page"]) == 2
    assert login(cast.staff).get(reverse("coordination:detail", args=[mine.pk])).status_code == 404
    assert login(cast.cadre_head).get(reverse("coordination:detail", args=[mine.pk])).status_code == 404


# --- query counts: flat as sections, people and requests grow ---------------------------------------------------


def grow(cast, n):
    """n more sections supervised by the deputy, each with a head and a member lent to 组织科."""
    request = ask(cast.head, headcount=20)
    lent = []
    for i in range(n):
        section = Section.objects.create(unit=cast.unit, name=f"科室{i}", order=10 + i, supervisor=cast.deputy)
        head = person(cast, section, f"h{i}", f"科长{i}", Position.SECTION_HEAD)
        section.head = head
        section.save(update_fields=["head"])
        lent.append(person(cast, section, f"m{i}", f"科员{i}").pk)
        make_task(cast, section, title=f"任务{i}")
    help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=lent)
    for i in range(n):
        ask(Section.objects.get(name=f"科室{i}").head, section=Section.objects.get(name=f"科室{i}"))


# The shell (session with account and staff, unit, unread count, approvals badge, duties); then the sections,
# the people, leave and going-out absences, the borrowings, the task counts (sections + counts).
QUERIES_UNIT_BOARD = 12


@pytest.mark.parametrize("n", [1, 6])
def test_unit_board_query_count_flat(cast, login, django_assert_num_queries, n):
    grow(cast, n)
    client = login(cast.principal)
    client.get(reverse("coordination:unit_board"))
    with django_assert_num_queries(QUERIES_UNIT_BOARD):
        response = client.get(reverse("coordination:unit_board"))
    assert len(response.context["rows"]) == 3 + n


# The shell (session with account and staff, unit, unread count, approvals badge, duties); the section with its head and
# leader, members, borrowings, going-out and leave absences, the task-light settings and work calendar, the
# open tasks with lights.
QUERIES_SECTION_BOARD = 13


@pytest.mark.parametrize("n", [1, 6])
def test_section_board_query_count_flat(cast, login, django_assert_num_queries, n):
    grow(cast, n)
    client = login(cast.head)
    url = reverse("coordination:section_board", args=[cast.org_section.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_SECTION_BOARD):
        response = client.get(url)
    assert sum(1 for p in response.context["people"] if p.state == "borrowed") == n


# The shell (7); the viewer's section (office?), headed sections (button), paginator count, the page of rows.
QUERIES_ALL_REQUESTS = 8


@pytest.mark.parametrize("n", [1, 6])
def test_request_list_query_count_flat(cast, login, django_assert_num_queries, n):
    grow(cast, n)
    client = login(cast.principal)
    client.get(reverse("coordination:all"))
    with django_assert_num_queries(QUERIES_ALL_REQUESTS):
        response = client.get(reverse("coordination:all"))
    assert response.context["page"].paginator.count == n + 1


# The shell (7); the meeting recorders (unit, office), paginator count, rows, headed sections, the viewer's
# section (for the "all" tab).
QUERIES_WAITING = 11


@pytest.mark.parametrize("n", [1, 6])
def test_waiting_list_query_count_flat(cast, login, django_assert_num_queries, n):
    grow(cast, n)
    client = login(cast.deputy)
    client.get(reverse("coordination:waiting"))
    with django_assert_num_queries(QUERIES_WAITING):
        response = client.get(reverse("coordination:waiting"))
    assert response.context["page"].paginator.count == n


# The shell (7); the request, pool sections, people, absences on each day of the 5-day period (2 x 5),
# borrowings, task counts (2), and the may-decide checks.
QUERIES_PICK = 21


@pytest.mark.parametrize("n", [1, 6])
def test_pick_page_query_count_flat(cast, login, django_assert_num_queries, n):
    grow(cast, n)
    request = ask(cast.head)
    client = login(cast.deputy)
    url = reverse("coordination:pick", args=[request.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_PICK):
        response = client.get(url)
    assert len(response.context["candidates"]) == 2 + 2 * n


def test_unit_board_links_only_the_section_boards_the_viewer_may_open(cast, login):
    page = login(cast.head).get(reverse("coordination:unit_board")).content.decode()
    own = reverse("coordination:section_board", args=[cast.org_section.pk])
    other = reverse("coordination:section_board", args=[cast.outsider.section_id])
    assert own in page
    assert other not in page
    assert login(cast.head).get(other).status_code == 404
    assert other in login(cast.principal).get(reverse("coordination:unit_board")).content.decode()
