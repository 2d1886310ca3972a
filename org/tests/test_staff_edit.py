import pytest
from django.urls import reverse

from accounts.models import Duty
from audit.models import AuditEvent
from org.models import Position
from org.privacy import staff_id_number, staff_phone
from org.services import OrgError, staff_update
from org.tests.cast import grant_duty
from org.tests.helpers import valid_id


@pytest.fixture
def keeper(cast):
    grant_duty(cast.office_head, Duty.STAFF_RECORDS)
    return cast.office_head


def edit_url(person):
    return reverse("org:staff_edit", args=[person.pk])


def form(person, **overrides):
    data = {
        "section": person.section_id or "",
        "position": person.position,
        "title": person.title,
        "grade": person.grade,
        "phone": "",
        "id_number": "",
    }
    data.update(overrides)
    return data


def test_update_writes_one_audit_event_without_plaintext(cast):
    before = AuditEvent.objects.count()
    staff_update(
        actor=cast.office_head.user,
        staff=cast.staff,
        section=cast.cadre_section,
        position=Position.SECTION_DEPUTY,
        title="干部科副科长",
        grade="三级主任科员",
        phone="13900001111",
        id_number=valid_id(),
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="org.staff_update")
    assert event.changes["section"] == ["组织科", "干部科"]
    assert event.changes["position"] == [10, 20]
    assert event.changes["phone"] == "已修改" and event.changes["id_number"] == "已修改"
    assert "13900001111" not in str(event.changes) and valid_id() not in str(event.changes)


def test_update_with_nothing_changed_is_refused(cast):
    with pytest.raises(OrgError):
        staff_update(
            actor=None, staff=cast.staff, section=cast.org_section, position=cast.staff.position, title="科员", grade=""
        )


def test_moving_a_section_head_out_of_their_section_is_refused(cast):
    with pytest.raises(OrgError, match="周明"):
        staff_update(
            actor=None, staff=cast.head, section=cast.cadre_section, position=cast.head.position, title="", grade=""
        )


def test_edit_page_saves_and_says_so(cast, login, keeper):
    client = login(keeper)
    assert client.get(edit_url(cast.staff)).status_code == 200
    response = client.post(
        edit_url(cast.staff), form(cast.staff, title="组织科副科长", position=20, phone="138 1234 5678"), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("org:staff_detail", args=[cast.staff.pk])
    assert "已保存 张三丰 的信息" in response.content.decode()
    cast.staff.refresh_from_db()
    assert cast.staff.title == "组织科副科长" and cast.staff.position == 20
    assert staff_phone(cast.staff) == "13812345678"


def test_empty_phone_and_id_keep_the_stored_values(cast, login, keeper):
    staff_update(
        actor=None, staff=cast.staff, section=cast.org_section, position=10, title="科员", grade="",
        phone="13812345678", id_number=valid_id(),
    )  # fmt: skip
    login(keeper).post(edit_url(cast.staff), form(cast.staff, title="一级科员"))
    cast.staff.refresh_from_db()
    assert cast.staff.title == "一级科员"
    assert staff_phone(cast.staff) == "13812345678" and staff_id_number(cast.staff) == valid_id()


def test_bad_phone_and_id_are_explained_and_nothing_is_saved(cast, login, keeper):
    before = AuditEvent.objects.count()
    response = login(keeper).post(
        edit_url(cast.staff), form(cast.staff, title="改了", phone="12345", id_number="110105194912310021")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "11 位手机号码" in html and "校验位不正确" in html
    assert 'value="改了"' in html  # what was typed is kept
    cast.staff.refresh_from_db()
    assert cast.staff.title == "科员" and AuditEvent.objects.count() == before


def test_duplicate_id_number_is_refused(cast, login, keeper):
    staff_update(
        actor=None, staff=cast.colleague, section=cast.org_section, position=10, title="科员", grade="",
        id_number=valid_id(),
    )  # fmt: skip
    response = login(keeper).post(edit_url(cast.staff), form(cast.staff, id_number=valid_id()))
    assert "已有其他人员使用该身份证号" in response.content.decode()
    cast.staff.refresh_from_db()
    assert not cast.staff.id_number_encrypted


def test_people_without_the_duty_cannot_edit(cast, login):
    assert login(cast.principal).get(edit_url(cast.staff)).status_code == 404
    assert login(cast.staff).post(edit_url(cast.staff), form(cast.staff, title="部长")).status_code == 404


def test_records_keeper_of_another_unit_cannot_edit(cast, login):
    grant_duty(cast.other_unit_staff, Duty.STAFF_RECORDS)
    assert login(cast.other_unit_staff).get(edit_url(cast.staff)).status_code == 404


def test_edit_refuses_other_methods(cast, login, keeper):
    assert login(keeper).delete(edit_url(cast.staff)).status_code == 405
