import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Duty
from audit.models import AuditEvent
from org.privacy import mask_id_number, mask_phone, staff_id_number, staff_phone
from org.services import staff_update
from org.tests.cast import grant_duty
from org.tests.helpers import valid_id
from org.validators import id_check_digit, validate_id_number

ID = valid_id("19900101", "123", "110101")


@pytest.fixture
def contact(cast):
    staff_update(
        actor=None,
        staff=cast.staff,
        section=cast.org_section,
        position=cast.staff.position,
        title=cast.staff.title,
        grade="",
        phone="13812345678",
        id_number=ID,
    )
    cast.staff.refresh_from_db()
    return cast


def test_masks_keep_only_what_identifies_nothing():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("110101199001011234") == "1101**********1234"
    assert mask_phone("") == "" and mask_id_number("") == ""


def test_phone_and_id_are_stored_encrypted_and_found_by_blind_index(contact):
    from core.crypto import blind_index

    person = contact.staff
    assert "13812345678" not in person.phone_encrypted
    assert ID not in person.id_number_encrypted
    assert staff_phone(person) == "13812345678" and staff_id_number(person) == ID
    assert person.id_number_index == blind_index(ID)


def test_id_number_check_digit_follows_gb_11643():
    assert id_check_digit("11010519491231002") == "X"  # the example printed in GB 11643
    validate_id_number("11010519491231002X")
    with pytest.raises(ValidationError):
        validate_id_number("110105194912310021")
    with pytest.raises(ValidationError):
        validate_id_number("11010519491331002X")  # month 13
    with pytest.raises(ValidationError):
        validate_id_number("1101051949123100")


def detail(cast):
    return reverse("org:staff_detail", args=[cast.staff.pk])


def reveal(cast):
    return reverse("org:staff_reveal", args=[cast.staff.pk])


def test_detail_page_masks_phone_and_id(contact, login):
    response = login(contact.colleague).get(detail(contact))
    html = response.content.decode()
    assert response.status_code == 200
    assert "138****5678" in html and "1101**********" in html
    assert "13812345678" not in html and ID not in html
    assert reveal(contact) not in html  # a colleague gets no "show full" button


def test_the_person_themself_may_reveal_and_it_is_audited(contact, login):
    client = login(contact.staff)
    assert reveal(contact) in client.get(detail(contact)).content.decode()
    before = AuditEvent.objects.count()
    response = client.post(reveal(contact))
    html = response.content.decode()
    assert response.status_code == 200
    assert "13812345678" in html and ID in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    events = AuditEvent.objects.filter(action="org.staff_reveal")
    assert AuditEvent.objects.count() == before + 1
    event = events.get()
    assert event.actor_id == contact.staff.user_id and event.object_id == str(contact.staff.pk)
    assert "13812345678" not in event.summary and ID not in str(event.changes)


def test_records_keeper_of_the_unit_may_reveal(contact, login):
    grant_duty(contact.office_head, Duty.STAFF_RECORDS)
    response = login(contact.office_head).post(reveal(contact))
    assert response.status_code == 200 and "13812345678" in response.content.decode()
    assert AuditEvent.objects.filter(action="org.staff_reveal", actor=contact.office_head.user).count() == 1


@pytest.mark.parametrize("who", ["colleague", "head", "principal"])
def test_others_may_not_reveal(contact, login, who):
    response = login(getattr(contact, who)).post(reveal(contact))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="org.staff_reveal").exists()


def test_records_keeper_of_another_unit_may_not_reveal(contact, login):
    grant_duty(contact.other_unit_staff, Duty.STAFF_RECORDS)
    assert login(contact.other_unit_staff).post(reveal(contact)).status_code == 404


def test_reveal_is_post_only(contact, login):
    assert login(contact.staff).get(reveal(contact)).status_code == 405


def test_detail_shows_leadership_roles(cast, login):
    html = login(cast.staff).get(reverse("org:staff_detail", args=[cast.deputy.pk])).content.decode()
    assert "分管科室" in html and "组织科、干部科" in html
    html = login(cast.staff).get(reverse("org:staff_detail", args=[cast.head.pk])).content.decode()
    assert "负责科室" in html


def test_detail_of_another_unit_is_not_found(cast, login):
    url = reverse("org:staff_detail", args=[cast.other_unit_staff.pk])
    assert login(cast.staff).get(url).status_code == 404
    assert login(cast.sysadmin).get(detail(cast)).status_code == 404
