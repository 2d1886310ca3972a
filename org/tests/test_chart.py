from django.urls import reverse

from org.models import Unit
from org.selectors import org_chart
from org.tests.helpers import add_staff

URL = reverse("org:chart")


def test_chart_shows_leaders_sections_heads_and_counts(cast, login):
    response = login(cast.staff).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("李建国", "王志海", "赵红梅", "孙立", "周明", "张三丰", "刘思远", "陈刚", "吴晓琳"):
        assert name in html
    assert "组织科" in html and "干部科" in html and "办公室" in html
    assert "3 人" in html  # 组织科: 周明, 张三丰, 刘思远


def test_chart_tree_hangs_sections_under_their_supervising_leader(cast):
    chart = org_chart(cast.unit)
    assert chart.principal.staff == cast.principal
    by_leader = {node.staff: [s.section for s in node.sections] for node in chart.leaders}
    assert by_leader[cast.exec_deputy] == [cast.office]
    assert by_leader[cast.deputy] == [cast.org_section, cast.cadre_section]
    assert chart.leaders[0].staff == cast.exec_deputy  # executive deputy first
    org_node = by_leader and next(s for s in chart.leaders[1].sections if s.section == cast.org_section)
    assert org_node.head == cast.head and org_node.members[0] == cast.head and org_node.count == 3
    assert chart.total == 9 and chart.others == [] and chart.unsupervised == []


def test_sections_without_supervisor_and_people_without_section_are_still_shown(cast):
    cast.cadre_section.supervisor = None
    cast.cadre_section.save(update_fields=["supervisor"])
    add_staff(cast.unit, 1)
    chart = org_chart(cast.unit)
    assert [node.section for node in chart.unsupervised] == [cast.cadre_section]
    assert [person.name for person in chart.others] == ["测试0号"]


def test_city_staff_switch_to_a_county_under_them(cast, login):
    city_person = add_staff(cast.city, 1, prefix="city")[0]
    client = login(city_person)
    response = client.get(URL, {"unit": cast.unit.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "王志海" in html and "邻县委组织部" in html  # the switcher lists the counties


def test_county_staff_cannot_open_another_unit(cast, login):
    client = login(cast.staff)
    assert client.get(URL, {"unit": cast.other_unit.pk}).status_code == 404
    assert client.get(URL, {"unit": cast.city.pk}).status_code == 404
    assert "邻县委组织部" not in client.get(URL).content.decode()


def test_city_staff_cannot_open_a_county_of_another_city(cast, login):
    city_person = add_staff(cast.city, 1, prefix="city")[0]
    stranger = Unit.objects.create(name="别市某县委组织部", short_name="某县")
    assert login(city_person).get(URL, {"unit": stranger.pk}).status_code == 404


def test_administrators_do_not_see_the_chart(cast, login):
    assert login(cast.sysadmin).get(URL).status_code == 404


def test_chart_is_get_only(cast, login):
    assert login(cast.staff).post(URL).status_code == 405


def test_chart_query_count_is_flat(cast, login, django_assert_num_queries):
    client = login(cast.staff)
    add_staff(cast.unit, 2, section=cast.org_section, prefix="a")
    client.get(URL)  # warm the session
    with django_assert_num_queries(QUERIES) as small:
        client.get(URL)
    add_staff(cast.unit, 10, section=cast.cadre_section, prefix="b")
    with django_assert_num_queries(QUERIES) as large:
        client.get(URL)
    assert len(small.captured_queries) == len(large.captured_queries)


# session with the account and its staff profile, their unit, the unit's sections, the unit's staff;
# the page shell: unread notifications, open approvals (sidebar badge), duty grants (sidebar).
QUERIES = 7
