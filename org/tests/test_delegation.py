import datetime

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from notify.models import Notification
from org.models import Delegation
from org.selectors import current_delegate
from org.services import OrgError, delegation_cancel, delegation_create

URL = reverse("org:delegation")
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def create(cast, leader=None, delegate=None, start=0, end=3, **kw):
    leader = leader or cast.head
    return delegation_create(
        actor=leader.user,
        leader=leader,
        delegate=delegate or cast.staff,
        starts_on=days(start),
        ends_on=days(end),
        **kw,
    )


def test_leader_names_a_delegate_with_one_event_and_a_notification(cast, django_capture_on_commit_callbacks):
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        delegation = create(cast)
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.filter(action="org.delegation_create", object_id=str(delegation.pk)).exists()
    assert current_delegate(cast.head, TODAY) == cast.staff
    note = Notification.objects.get(recipient=cast.staff.user)
    assert "周明" in note.text and "2026年11月25日至2026年11月28日" in note.text


@pytest.mark.parametrize(
    ("delegate", "start", "end", "message"),
    [
        ("head", 0, 1, "不能委托给自己"),
        ("other_unit_staff", 0, 1, "本单位"),
        ("staff", 2, 1, "结束日期"),
        ("staff", -1, 1, "开始日期"),
    ],
)
def test_delegation_rules(cast, delegate, start, end, message):
    with pytest.raises(OrgError, match=message):
        create(cast, delegate=getattr(cast, delegate), start=start, end=end)
    assert not Delegation.objects.exists()


def test_only_leaders_may_delegate(cast):
    with pytest.raises(OrgError):
        create(cast, leader=cast.staff, delegate=cast.colleague)


def test_periods_of_one_leader_do_not_overlap(cast):
    create(cast, start=0, end=3)
    with pytest.raises(OrgError, match="重叠"):
        create(cast, delegate=cast.colleague, start=3, end=5)
    create(cast, delegate=cast.colleague, start=4, end=5)


def test_cancel_before_start_removes_it(cast):
    delegation = create(cast, start=2, end=4)
    before = AuditEvent.objects.count()
    delegation_cancel(actor=cast.head.user, delegation=delegation)
    assert not Delegation.objects.exists()
    assert AuditEvent.objects.count() == before + 1


def test_cancel_while_in_force_ends_it_yesterday(cast, clock):
    delegation = create(cast, start=0, end=5)
    clock.move_to(datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC))
    delegation_cancel(actor=cast.head.user, delegation=delegation)
    delegation.refresh_from_db()
    assert delegation.ends_on == days(1)
    assert current_delegate(cast.head, days(2)) is None


def test_cannot_cancel_someone_elses_or_an_ended_delegation(cast, clock):
    delegation = create(cast, start=0, end=1)
    with pytest.raises(OrgError):
        delegation_cancel(actor=cast.principal.user, delegation=delegation)
    clock.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC))
    with pytest.raises(OrgError, match="已结束"):
        delegation_cancel(actor=cast.head.user, delegation=delegation)


def test_page_creates_a_delegation_and_says_so(cast, login):
    response = login(cast.head).post(
        URL, {"delegate": cast.staff.pk, "starts_on": "2026-11-25", "ends_on": "2026-11-27"}, follow=True
    )
    html = response.content.decode()
    assert "由 张三丰 代为办理" in html
    assert "生效中" in html
    assert Delegation.objects.get().delegate == cast.staff


def test_page_explains_bad_input_and_keeps_it(cast, login):
    response = login(cast.head).post(
        URL, {"delegate": cast.staff.pk, "starts_on": "2026-11-28", "ends_on": "2026-11-26"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in html and 'value="2026-11-28"' in html
    assert not Delegation.objects.exists()


def test_delegate_from_another_unit_is_not_offered(cast, login):
    response = login(cast.head).post(
        URL, {"delegate": cast.other_unit_staff.pk, "starts_on": "2026-11-25", "ends_on": "2026-11-26"}
    )
    assert response.status_code == 200 and not Delegation.objects.exists()


def test_staff_members_see_who_delegated_to_them_but_cannot_delegate(cast, login):
    create(cast, start=0, end=2)
    client = login(cast.staff)
    html = client.get(URL).content.decode()
    assert "委托给我的" in html and "周明" in html and "设置委托" not in html
    response = client.post(URL, {"delegate": cast.colleague.pk, "starts_on": "2026-11-25", "ends_on": "2026-11-26"})
    assert response.status_code == 404


def test_cancel_via_the_page(cast, login):
    delegation = create(cast, start=1, end=2)
    response = login(cast.head).post(reverse("org:delegation_cancel", args=[delegation.pk]), follow=True)
    assert "已取消委托" in response.content.decode()
    assert not Delegation.objects.exists()


def test_cancel_of_someone_elses_delegation_is_not_found(cast, login):
    delegation = create(cast, start=1, end=2)
    assert login(cast.cadre_head).post(reverse("org:delegation_cancel", args=[delegation.pk])).status_code == 404
    assert login(cast.staff).post(reverse("org:delegation_cancel", args=[delegation.pk])).status_code == 404
    assert Delegation.objects.exists()


def test_wrong_methods(cast, login):
    delegation = create(cast, start=1, end=2)
    assert login(cast.head).get(reverse("org:delegation_cancel", args=[delegation.pk])).status_code == 405
    assert login(cast.head).put(URL).status_code == 405


def test_administrators_are_refused(cast, login):
    assert login(cast.secadmin).get(URL).status_code == 404


def test_delegation_page_query_count_is_flat(cast, login, django_assert_num_queries):
    client = login(cast.principal)
    client.get(URL)
    for n in range(2):
        create(cast, leader=cast.principal, delegate=cast.exec_deputy, start=n * 2, end=n * 2)
    # session with account and staff, unit, colleagues for the form, my delegations, delegations to me;
    # shell: unread notifications, open approvals, duty grants.
    with django_assert_num_queries(8):
        client.get(URL)
    for n in range(2, 10):
        create(cast, leader=cast.principal, delegate=cast.exec_deputy, start=n * 2, end=n * 2)
    with django_assert_num_queries(8):
        client.get(URL)
