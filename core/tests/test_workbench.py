import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from approvals.models import Approval
from approvals.services import approval_decide
from goingout.services import goingout_report_submit

pytestmark = pytest.mark.django_db


def report(staff, days=1):
    today = timezone.localdate()
    return goingout_report_submit(
        actor=staff,
        purpose="work",
        destination="省城",
        reason="学习",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=days - 1),
    )


def test_workbench_shows_todo_requests_and_away_colleagues(cast, login):
    away = report(cast.colleague)
    approval = Approval.objects.get(target_id=away.pk)
    approval_decide(actor=cast.head, approval_id=approval.pk, decision="approve")
    approval_decide(actor=cast.deputy, approval_id=approval.pk, decision="approve")
    report(cast.staff)

    page = login(cast.head).get(reverse("core:workbench")).content.decode()
    assert "外出报备：省城" in page  # the staff member's report waits for the head
    assert 'data-testid="wb-todo-count">1<' in page
    assert "刘思远" in page and "外出（省城）" in page  # away today

    mine = login(cast.staff).get(reverse("core:workbench")).content.decode()
    assert "待审批" in mine


def test_leader_sees_supervised_sections_away(cast, login):
    away = report(cast.outsider)
    approval = Approval.objects.get(target_id=away.pk)
    approval_decide(actor=cast.cadre_head, approval_id=approval.pk, decision="approve")
    approval_decide(actor=cast.deputy, approval_id=approval.pk, decision="approve")
    assert "吴晓琳" in login(cast.deputy).get(reverse("core:workbench")).content.decode()
    assert "吴晓琳" in login(cast.principal).get(reverse("core:workbench")).content.decode()
    assert "吴晓琳" not in login(cast.staff).get(reverse("core:workbench")).content.decode()


def test_administrators_do_not_get_the_workbench(cast, login):
    assert login(cast.sysadmin).get(reverse("core:workbench")).status_code == 404
    assert login(cast.auditadmin).get(reverse("core:workbench")).status_code == 404


def test_home_redirects_by_role(cast, login):
    assert login(cast.staff).get("/").url == reverse("core:workbench")


def test_workbench_wrong_method(cast, login):
    assert login(cast.staff).post(reverse("core:workbench")).status_code == 405


@pytest.mark.parametrize("rows", [2, 8])
def test_workbench_query_count_flat(cast, login, django_assert_num_queries, rows):
    from org.services import staff_create

    for i in range(rows):
        person = staff_create(
            actor=None,
            unit=cast.unit,
            section=cast.org_section,
            username=f"w{i}",
            full_name=f"人员{i}",
            gender="M",
            started_work_on=datetime.date(2012, 1, 1),
            audit=False,
        )
        report(person)
    client = login(cast.head)
    client.get(reverse("core:workbench"))
    with django_assert_num_queries(WORKBENCH_QUERIES):
        client.get(reverse("core:workbench"))


# session with account and staff, unit, unread, duties, todo count, todo rows, my requests, notifications,
# colleagues, away providers (going-out, leave), my supervision tasks (the unit's task settings, the
# calendar years for the yellow light's working days, the tasks)
WORKBENCH_QUERIES = 14


def test_workbench_lists_my_open_supervision_tasks_with_their_light(cast, login):
    from tasks.models import TaskSource
    from tasks.services import task_create

    today = timezone.localdate()
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        overdue = task_create(
            actor=cast.principal,
            title="整改台账报送",
            source=TaskSource.LEADER_INSTRUCTION,
            lead_section=cast.org_section,
            deadline=today - datetime.timedelta(days=2),
            responsible=[cast.staff],
        )
    page = login(cast.staff).get(reverse("core:workbench")).content.decode()
    assert overdue.title in page
    assert reverse("tasks:detail", args=[overdue.pk]) in page
    assert "light-red" in page
    assert overdue.title not in login(cast.outsider).get(reverse("core:workbench")).content.decode()
