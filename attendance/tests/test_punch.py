"""Punching: the page, the button, allowed networks, insert-only punches, a year without a calendar."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from attendance import triggers
from attendance.models import AttendanceSettings, Punch
from attendance.services import AttendanceError, punch_record
from attendance.tests.helpers import at, punch_day
from audit.models import AuditEvent
from audit.services import audit_chain_verify

pytestmark = pytest.mark.django_db

PAGE = reverse("attendance:punch")
PUNCH = reverse("attendance:punch_submit")
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def allow_only(unit, networks: str) -> None:
    AttendanceSettings.objects.update_or_create(unit=unit, defaults={"allowed_networks": networks})


def test_punch_page_shows_the_button_and_today(cast, login, time_machine):
    time_machine.move_to(at(datetime.date(2026, 11, 18), "08:10"), tick=False)
    response = login(cast.staff).get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="punch-button"' in body
    assert "2026年11月18日" in body
    assert "今天还没有打卡" in body


def test_punching_records_time_ip_and_source_and_writes_one_audit_event(cast, login, time_machine):
    time_machine.move_to(at(datetime.date(2026, 11, 18), "08:21"), tick=False)
    client = login(cast.staff)
    before = AuditEvent.objects.count()
    response = client.post(PUNCH, REMOTE_ADDR="10.1.2.3")
    punch = Punch.objects.get(staff=cast.staff)
    assert response.status_code == 302 and response.url == f"{PAGE}?punched={punch.pk}"
    assert (punch.ip, punch.source, punch.unit_id) == ("10.1.2.3", Punch.Source.WEB, cast.unit.pk)
    assert punch.at == at(datetime.date(2026, 11, 18), "08:21")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "attendance.punch" and event.actor_id == cast.staff.user_id
    # The event is prepared before the punch's transaction and names the punch once it is stored.
    assert (event.object_type, event.object_id) == ("attendance.punch", str(punch.pk))
    assert event.created_at == punch.at and event.summary == "打卡 08:21（电脑）" and event.ip == "10.1.2.3"
    assert audit_chain_verify(actor=cast.auditadmin, unit_id=cast.unit.pk).ok
    page = client.get(response.url).content.decode()
    assert "打卡成功" in page and "08:21:00" in page
    assert "打卡成功" not in client.get(f"{PAGE}?punched=999999").content.decode()  # only one's own punch of today


def test_a_phone_punch_is_marked_as_phone(cast, login):
    login(cast.staff).post(PUNCH, HTTP_USER_AGENT=IPHONE)
    assert Punch.objects.get(staff=cast.staff).source == Punch.Source.PHONE


def test_today_status_follows_the_punches(cast, login, time_machine):
    day = datetime.date(2026, 11, 18)
    time_machine.move_to(at(day, "09:30"), tick=False)
    punch_day(cast.staff, day, "09:20")  # winter hours by default: 09:00 with 5 minutes' grace
    body = login(cast.staff).get(PAGE).content.decode()
    assert 'data-testid="today-status">迟到' in body


def test_punching_outside_the_allowed_networks_is_refused_with_a_clear_message(cast, login):
    allow_only(cast.unit, "10.0.0.0/8\n192.168.10.0/24")
    client = login(cast.staff)
    page = client.get(PAGE, REMOTE_ADDR="172.16.0.9").content.decode()
    assert 'data-testid="network-refused"' in page and "172.16.0.9" in page
    response = client.post(PUNCH, REMOTE_ADDR="172.16.0.9", follow=True)
    assert "只能在单位网络内打卡" in response.content.decode()
    assert not Punch.objects.exists()
    client.post(PUNCH, REMOTE_ADDR="192.168.10.20")
    assert Punch.objects.filter(staff=cast.staff, ip="192.168.10.20").count() == 1


def test_the_service_refuses_outside_networks_and_writes_nothing(cast):
    allow_only(cast.unit, "10.0.0.0/8")
    before = AuditEvent.objects.count()
    with pytest.raises(AttendanceError):
        punch_record(actor=cast.staff, ip="8.8.8.8")
    with pytest.raises(AttendanceError):
        punch_record(actor=cast.staff, ip=None)
    assert not Punch.objects.exists() and AuditEvent.objects.count() == before


def test_behind_a_proxy_the_forwarded_address_counts(cast, login, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    allow_only(cast.unit, "10.0.0.0/8")
    login(cast.staff).post(PUNCH, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.9.8.7")
    assert Punch.objects.get(staff=cast.staff).ip == "10.9.8.7"


def test_administrators_and_strangers_cannot_punch(cast, login, client):
    assert login(cast.sysadmin).get(PAGE).status_code == 404
    assert login(cast.sysadmin).post(PUNCH).status_code == 404
    client.logout()
    assert client.post(PUNCH).status_code == 302  # to the login page
    assert not Punch.objects.exists()


def test_wrong_methods_are_refused(cast, login):
    client = login(cast.staff)
    assert client.get(PUNCH).status_code == 405
    assert client.post(PAGE).status_code == 405


class TestInsertOnly:
    def test_a_saved_punch_cannot_be_saved_again(self, cast):
        punch = punch_record(actor=cast.staff, ip="10.0.0.1")
        punch.at = punch.at - datetime.timedelta(hours=1)
        with pytest.raises(TypeError):
            punch.save()

    def test_querysets_cannot_update_punches(self, cast):
        punch_record(actor=cast.staff, ip="10.0.0.1")
        with pytest.raises(TypeError):
            Punch.objects.filter(staff=cast.staff).update(ip="10.0.0.2")

    def test_the_database_refuses_updates(self, cast):
        punch = punch_record(actor=cast.staff, ip="10.0.0.1")
        assert triggers.installed(connection)
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE attendance_punch SET ip = %s WHERE id = %s", ["10.0.0.2", punch.pk])
        assert Punch.objects.get(pk=punch.pk).ip == "10.0.0.1"


def test_a_year_without_a_calendar_says_so_and_still_takes_punches(cast, login, time_machine):
    time_machine.move_to(at(datetime.date(2027, 3, 1), "08:20"), tick=False)
    client = login(cast.staff)
    body = client.get(PAGE).content.decode()
    assert 'data-testid="calendar-missing"' in body and "2027" in body
    client.post(PUNCH)
    assert Punch.objects.filter(staff=cast.staff).count() == 1
    assert client.get(reverse("attendance:me")).status_code == 200
