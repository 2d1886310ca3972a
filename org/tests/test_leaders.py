import pytest
from django.urls import reverse

from accounts.models import Duty
from audit.models import AuditEvent
from org.models import Section, Staff
from org.services import OrgError, section_assign_leaders, unit_assign_leaders
from org.tests.cast import grant_duty
from org.tests.helpers import add_staff

SECTIONS = reverse("org:sections")
UNIT_LEADERS = reverse("org:unit_leaders")


@pytest.fixture
def keeper(cast):
    grant_duty(cast.office_head, Duty.STAFF_RECORDS)
    return cast.office_head


def section_url(section):
    return reverse("org:section_leaders", args=[section.pk])


def test_section_assign_leaders_changes_head_and_supervisor_with_one_event(cast):
    before = AuditEvent.objects.count()
    section_assign_leaders(actor=None, section=cast.org_section, head=cast.staff, supervisor=cast.exec_deputy)
    cast.org_section.refresh_from_db()
    assert cast.org_section.head == cast.staff and cast.org_section.supervisor == cast.exec_deputy
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="org.section_assign_leaders")
    assert event.changes == {"head": ["周明", "张三丰"], "supervisor": ["赵红梅", "王志海"]}


def test_head_must_belong_to_the_section(cast):
    with pytest.raises(OrgError, match="吴晓琳"):
        section_assign_leaders(actor=None, section=cast.org_section, head=cast.outsider, supervisor=cast.deputy)


def test_supervisor_must_be_a_leader_of_the_unit(cast):
    with pytest.raises(OrgError):
        section_assign_leaders(actor=None, section=cast.org_section, head=cast.head, supervisor=cast.cadre_head)
    with pytest.raises(OrgError):
        section_assign_leaders(actor=None, section=cast.org_section, head=cast.head, supervisor=cast.other_unit_staff)


def test_unit_assign_leaders_sets_leaders_and_affairs_meeting(cast):
    before = AuditEvent.objects.count()
    unit_assign_leaders(
        actor=None,
        unit=cast.unit,
        principal_leader=cast.principal,
        executive_deputy=cast.deputy,
        affairs_members=[cast.principal, cast.deputy, cast.office_head],
    )
    cast.unit.refresh_from_db()
    assert cast.unit.executive_deputy == cast.deputy
    members = set(
        Staff.objects.filter(unit=cast.unit, is_affairs_member=True).values_list("user__full_name", flat=True)
    )
    assert members == {"李建国", "赵红梅", "孙立"}
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="org.unit_assign_leaders")
    assert event.changes["affairs_added"] == ["孙立"] and event.changes["affairs_removed"] == ["王志海"]


def test_principal_and_executive_deputy_must_differ(cast):
    with pytest.raises(OrgError):
        unit_assign_leaders(
            actor=None, unit=cast.unit, principal_leader=cast.deputy, executive_deputy=cast.deputy, affairs_members=[]
        )


def test_sections_page_lists_every_section_with_its_form(cast, login, keeper):
    response = login(keeper).get(SECTIONS)
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("办公室", "组织科", "干部科", "部务会成员", "主要领导"):
        assert name in html


def test_saving_a_section_says_so(cast, login, keeper):
    data = {
        f"s{cast.cadre_section.pk}-head": cast.outsider.pk,
        f"s{cast.cadre_section.pk}-supervisor": cast.exec_deputy.pk,
    }
    response = login(keeper).post(section_url(cast.cadre_section), data, follow=True)
    assert "已保存干部科的负责人和分管领导" in response.content.decode()
    cast.cadre_section.refresh_from_db()
    assert cast.cadre_section.head == cast.outsider and cast.cadre_section.supervisor == cast.exec_deputy


def test_a_head_from_another_section_is_not_offered_and_nothing_is_saved(cast, login, keeper):
    data = {f"s{cast.cadre_section.pk}-head": cast.staff.pk, f"s{cast.cadre_section.pk}-supervisor": cast.deputy.pk}
    response = login(keeper).post(section_url(cast.cadre_section), data)
    assert response.status_code == 200
    assert "不在可用的选项中" in response.content.decode()
    cast.cadre_section.refresh_from_db()
    assert cast.cadre_section.head == cast.cadre_head


def test_saving_unit_leaders_says_so(cast, login, keeper):
    data = {
        "unit-principal_leader": cast.principal.pk,
        "unit-executive_deputy": cast.exec_deputy.pk,
        "unit-affairs_members": [cast.principal.pk, cast.exec_deputy.pk],
    }
    response = login(keeper).post(UNIT_LEADERS, data, follow=True)
    assert "已保存单位领导和部务会成员" in response.content.decode()
    assert not Staff.objects.get(pk=cast.deputy.pk).is_affairs_member


def test_same_principal_and_deputy_is_explained(cast, login, keeper):
    data = {"unit-principal_leader": cast.deputy.pk, "unit-executive_deputy": cast.deputy.pk}
    response = login(keeper).post(UNIT_LEADERS, data)
    assert "不能是同一人" in response.content.decode()
    cast.unit.refresh_from_db()
    assert cast.unit.principal_leader == cast.principal


def test_without_the_duty_the_pages_are_not_found(cast, login):
    client = login(cast.principal)
    assert client.get(SECTIONS).status_code == 404
    assert client.post(section_url(cast.org_section), {}).status_code == 404
    assert client.post(UNIT_LEADERS, {}).status_code == 404


def test_another_units_section_is_not_found(cast, login, keeper):
    foreign = Section.objects.create(unit=cast.other_unit, name="组织科")
    assert login(keeper).post(section_url(foreign), {}).status_code == 404


def test_wrong_methods(cast, login, keeper):
    client = login(keeper)
    assert client.post(SECTIONS).status_code == 405
    assert client.get(section_url(cast.org_section)).status_code == 405
    assert client.get(UNIT_LEADERS).status_code == 405


def test_sections_page_query_count_is_flat(cast, login, keeper, django_assert_num_queries):
    client = login(keeper)
    client.get(SECTIONS)
    # session with account and staff, unit, duty grants, staff of the unit, sections;
    # shell: unread notifications, open approvals.
    with django_assert_num_queries(7):
        client.get(SECTIONS)
    for n in range(4):
        Section.objects.create(unit=cast.unit, name=f"新科室{n}", supervisor=cast.deputy)
    add_staff(cast.unit, 10, section=cast.org_section)
    with django_assert_num_queries(7):
        client.get(SECTIONS)
