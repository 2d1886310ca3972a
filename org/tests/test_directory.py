from django.urls import reverse

from org.selectors import staff_directory
from org.services import staff_update
from org.tests.helpers import add_staff

URL = reverse("org:directory")


def names(unit, q="", **filters) -> set[str]:
    return {person.name for person in staff_directory(unit, q=q, **filters)}


def test_pinyin_initials_find_the_person(cast):
    assert names(cast.unit, "zsf") == {"张三丰"}
    assert names(cast.unit, "ZS") == {"张三丰"}  # case does not matter


def test_full_pinyin_prefix_finds_everyone_with_that_surname(cast):
    add_staff(cast.unit, 1)  # 测试0号 is not a 张
    assert names(cast.unit, "zhang") == {"张三丰"}
    assert names(cast.unit, "zhangsanf") == {"张三丰"}
    assert names(cast.unit, "li") == {"李建国", "刘思远"}  # li, liu
    assert names(cast.unit, "liu") == {"刘思远"}


def test_name_substring_matches(cast):
    assert names(cast.unit, "三丰") == {"张三丰"}
    assert names(cast.unit, "志") == {"王志海"}


def test_search_stays_inside_the_unit(cast):
    assert names(cast.unit, "zy") == set()  # 郑一 is in the other county
    assert names(cast.other_unit, "zy") == {"郑一"}


def test_filters_by_section_and_position(cast):
    assert names(cast.unit, section=cast.cadre_section) == {"陈刚", "吴晓琳"}
    assert names(cast.unit, position=60) == {"李建国"}


def test_directory_lists_staff_with_masked_phones(cast, login):
    staff_update(
        actor=None,
        staff=cast.staff,
        section=cast.org_section,
        position=cast.staff.position,
        title=cast.staff.title,
        grade="",
        phone="13812345678",
    )
    response = login(cast.colleague).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "138****5678" in html
    assert "13812345678" not in html
    assert "共 9 条" in html
    assert "9 年" in html  # 张三丰 started work 9 years ago


def test_typing_in_the_search_box_returns_only_the_rows(cast, login):
    response = login(cast.colleague).get(URL, {"q": "zsf"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="staff-filter"' not in html
    assert "张三丰" in html and "李建国" not in html
    assert "共 1 条" in html


def test_nobody_found_says_so(cast, login):
    html = login(cast.colleague).get(URL, {"q": "xyzxyz"}).content.decode()
    assert "没有符合条件的人员" in html


def test_directory_pages_by_twenty(cast, login):
    add_staff(cast.unit, 25, section=cast.org_section)
    client = login(cast.colleague)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert "共 34 条" in first and "1 / 2" in first
    assert "2 / 2" in second


def test_edit_link_only_for_the_records_keeper(cast, login):
    from accounts.models import Duty
    from org.tests.cast import grant_duty

    edit = reverse("org:staff_edit", args=[cast.staff.pk])
    assert edit not in login(cast.colleague).get(URL).content.decode()
    grant_duty(cast.office_head, Duty.STAFF_RECORDS)
    assert edit in login(cast.office_head).get(URL).content.decode()


def test_administrators_and_other_units_are_refused(cast, login):
    assert login(cast.auditadmin).get(URL).status_code == 404
    assert login(cast.staff).get(URL, {"unit": cast.other_unit.pk}).status_code == 404


def test_directory_is_get_only(cast, login):
    assert login(cast.staff).post(URL).status_code == 405


def test_directory_query_count_is_flat(cast, login, django_assert_num_queries):
    client = login(cast.colleague)
    add_staff(cast.unit, 2, section=cast.org_section, prefix="a")
    client.get(URL)
    # session with the account and staff profile, unit, count, the page of staff (with user and section),
    # the section choices of the filter; shell: unread notifications, open approvals, duty grants.
    with django_assert_num_queries(8):
        client.get(URL)
    add_staff(cast.unit, 10, section=cast.cadre_section, prefix="b")
    with django_assert_num_queries(8):
        client.get(URL)


def test_search_fragment_query_count_is_flat(cast, login, django_assert_num_queries):
    client = login(cast.colleague)
    add_staff(cast.unit, 2, prefix="a")
    client.get(URL)
    # session with the account and staff profile, unit, count, the page of staff, duty grants (edit links);
    # the context processor still runs for a fragment: unread notifications, open approvals.
    with django_assert_num_queries(7):
        client.get(URL, {"q": "ce"}, headers={"HX-Request": "true"})
    add_staff(cast.unit, 10, prefix="b")
    with django_assert_num_queries(7):
        client.get(URL, {"q": "ce"}, headers={"HX-Request": "true"})
