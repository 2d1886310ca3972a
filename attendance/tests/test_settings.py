"""考勤规则: the office (business settings duty) sets the unit's networks, limits and overtime mode."""

import pytest
from django.urls import reverse

from accounts.models import Duty
from attendance.models import AttendanceSettings
from attendance.selectors import settings_for
from audit.models import AuditEvent
from org.tests.cast import grant_duty

pytestmark = pytest.mark.django_db

URL = reverse("attendance:settings")
VALID = {
    "allowed_networks": "10.12.0.0/16\n 192.168.1.0/24 ",
    "correction_monthly_limit": "4",
    "correction_deadline_workdays": "3",
    "overtime_mode": "before",
    "overtime_after_workdays": "5",
    "comp_time_hours_per_day": "7.5",
    "fatigue_week_hours": "10",
    "fatigue_month_hours": "30",
    "fatigue_max_consecutive_days": "10",
}


def test_defaults_without_a_row(cast):
    settings = settings_for(cast.unit)
    assert settings.pk is None
    assert (settings.correction_monthly_limit, settings.correction_deadline_workdays) == (3, 5)
    assert (settings.fatigue_week_hours, settings.fatigue_month_hours, settings.fatigue_max_consecutive_days) == (
        12,
        36,
        12,
    )


def test_the_office_saves_the_rules_with_one_audit_event(cast, login):
    grant_duty(cast.office_head, Duty.BUSINESS_SETTINGS)
    client = login(cast.office_head)
    assert client.get(URL).status_code == 200
    before = AuditEvent.objects.count()
    response = client.post(URL, VALID, follow=True)
    assert "考勤规则已保存" in response.content.decode()
    saved = AttendanceSettings.objects.get(unit=cast.unit)
    assert saved.networks() == ["10.12.0.0/16", "192.168.1.0/24"]
    assert saved.correction_monthly_limit == 4 and saved.overtime_mode == "before"
    assert AuditEvent.objects.count() == before + 1
    client.post(URL, {**VALID, "correction_monthly_limit": "5"})
    assert AttendanceSettings.objects.get(unit=cast.unit).correction_monthly_limit == 5
    assert AttendanceSettings.objects.count() == 1


def test_bad_networks_are_named_and_nothing_is_saved(cast, login):
    grant_duty(cast.office_head, Duty.BUSINESS_SETTINGS)
    response = login(cast.office_head).post(URL, {**VALID, "allowed_networks": "10.12.0.0/16\n内网\n300.1.1.1"})
    body = response.content.decode()
    assert response.status_code == 200 and "以下不是有效的 IP 网段：内网、300.1.1.1" in body
    assert not AttendanceSettings.objects.exists()


def test_only_the_business_settings_duty_opens_the_rules(cast, login):
    for person in (cast.staff, cast.head, cast.principal, cast.sysadmin):
        assert login(person).get(URL).status_code == 404
        assert login(person).post(URL, VALID).status_code == 404
    assert not AttendanceSettings.objects.exists()


def test_wrong_method(cast, login):
    grant_duty(cast.office_head, Duty.BUSINESS_SETTINGS)
    assert login(cast.office_head).put(URL).status_code == 405


def test_new_networks_apply_to_punching_at_once(cast, login, django_capture_on_commit_callbacks):
    from attendance.models import Punch

    grant_duty(cast.office_head, Duty.BUSINESS_SETTINGS)
    staff = login(cast.staff)
    staff.post(reverse("attendance:punch_submit"), REMOTE_ADDR="172.16.0.9")
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.office_head).post(URL, VALID)
    staff = login(cast.staff)
    staff.post(reverse("attendance:punch_submit"), REMOTE_ADDR="172.16.0.9")
    assert Punch.objects.filter(staff=cast.staff).count() == 1
