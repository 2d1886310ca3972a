"""The security administrator's screens: duty grants, the unit-wide two-factor switch, the settings in force."""

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Duty, DutyGrant
from accounts.services import duty_grant
from accounts.tests.helpers import events
from audit.models import AuditEvent
from notify.models import Notification
from org.models import Unit

pytestmark = pytest.mark.django_db

GRANTS_URL = reverse("accounts:admin_grants")
CREATE_URL = reverse("accounts:admin_grant_create")
POLICY_URL = reverse("accounts:admin_security_settings")


def revoke_url(grant) -> str:
    return reverse("accounts:admin_grant_revoke", args=[grant.pk])


def totp_url(unit) -> str:
    return reverse("accounts:admin_unit_totp", args=[unit.pk])


# --- Grants list ---------------------------------------------------------------------------------------------


def test_security_admin_sees_the_grants(login, cast):
    duty_grant(actor=cast.secadmin, user=cast.office_head.user, duty=Duty.ATTENDANCE)
    html = login(cast.secadmin).get(GRANTS_URL).content.decode()
    assert "职责授权" in html and "孙立" in html and "考勤管理" in html and "共 1 条" in html


def test_empty_grants_list_invites_the_first_grant(login, cast):
    html = login(cast.secadmin).get(GRANTS_URL).content.decode()
    assert "暂无职责授权" in html


@pytest.mark.parametrize("url", [GRANTS_URL, CREATE_URL, POLICY_URL])
@pytest.mark.parametrize("who", ["sysadmin", "auditadmin", "staff", "principal"])
def test_security_screens_are_404_for_other_roles(login, cast, url, who):
    assert login(getattr(cast, who)).get(url).status_code == 404


@pytest.mark.parametrize("url", [GRANTS_URL, CREATE_URL, POLICY_URL])
def test_security_screens_send_anonymous_to_login(client, db, url):
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_grants_filter_by_duty(login, cast):
    duty_grant(actor=cast.secadmin, user=cast.office_head.user, duty=Duty.ATTENDANCE)
    duty_grant(actor=cast.secadmin, user=cast.staff.user, duty=Duty.DOCUMENT_REGISTER)
    html = login(cast.secadmin).get(GRANTS_URL, {"duty": Duty.DOCUMENT_REGISTER}).content.decode()
    assert "张三丰" in html and "孙立" not in html


def test_grants_list_query_count_is_flat(login, cast, django_assert_num_queries):
    client = login(cast.secadmin)
    client.get(GRANTS_URL)
    people = [cast.principal, cast.exec_deputy, cast.deputy, cast.office_head, cast.head]
    for person in people[:2]:
        duty_grant(actor=cast.secadmin, user=person.user, duty=Duty.ATTENDANCE)
    # session with account, OTP device, count, page, unread notifications
    with django_assert_num_queries(5):
        client.get(GRANTS_URL)
    for person in people[2:]:
        for duty in (Duty.ATTENDANCE, Duty.DOCUMENT_REGISTER):
            if not DutyGrant.objects.filter(user=person.user, duty=duty).exists():
                duty_grant(actor=cast.secadmin, user=person.user, duty=duty)
    assert DutyGrant.objects.count() >= 8
    with django_assert_num_queries(5):
        client.get(GRANTS_URL)


# --- Grant ---------------------------------------------------------------------------------------------------


def test_grant_form_lists_only_business_users(login, cast):
    html = login(cast.secadmin).get(CREATE_URL).content.decode()
    assert "张三丰" in html
    assert "系统管理员" not in html.split('name="user"')[1].split("</select>")[0]


def test_grant_a_duty(login, cast, django_capture_on_commit_callbacks):
    client = login(cast.secadmin)
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE_URL, {"user": cast.office_head.user.pk, "duty": Duty.ATTENDANCE}, follow=True)
    assert "已授予 孙立 职责：考勤管理" in response.content.decode()
    assert DutyGrant.objects.filter(user=cast.office_head.user, duty=Duty.ATTENDANCE, granted_by=cast.secadmin).exists()
    assert AuditEvent.objects.count() == before + 1
    assert events("accounts.duty_grant").get().unit_id == cast.unit.pk
    assert Notification.objects.filter(recipient=cast.office_head.user).count() == 1


def test_granting_a_duty_twice_is_refused_in_the_form(login, cast):
    duty_grant(actor=cast.secadmin, user=cast.office_head.user, duty=Duty.ATTENDANCE)
    response = login(cast.secadmin).post(CREATE_URL, {"user": cast.office_head.user.pk, "duty": Duty.ATTENDANCE})
    assert response.status_code == 200
    assert "孙立 已持有该职责" in response.content.decode()
    assert DutyGrant.objects.count() == 1


def test_granting_to_an_administrator_is_refused(login, cast):
    response = login(cast.secadmin).post(CREATE_URL, {"user": cast.sysadmin.pk, "duty": Duty.ATTENDANCE})
    assert response.status_code == 200
    assert "请从列表中选择工作人员" in response.content.decode()
    assert not DutyGrant.objects.exists()


def test_grant_form_needs_both_fields(login, cast):
    response = login(cast.secadmin).post(CREATE_URL, {"user": "", "duty": ""})
    assert response.content.decode().count("这个字段是必填项") == 2
    assert not DutyGrant.objects.exists()


def test_grant_form_refuses_other_methods(login, cast):
    assert login(cast.secadmin).put(CREATE_URL).status_code == 405


def test_grant_post_is_404_for_the_system_admin(login, cast):
    response = login(cast.sysadmin).post(CREATE_URL, {"user": cast.staff.user.pk, "duty": Duty.ATTENDANCE})
    assert response.status_code == 404
    assert not DutyGrant.objects.exists()


# --- Revoke --------------------------------------------------------------------------------------------------


def test_revoke_a_duty(login, cast):
    grant = duty_grant(actor=cast.secadmin, user=cast.office_head.user, duty=Duty.ATTENDANCE)
    before = AuditEvent.objects.count()
    response = login(cast.secadmin).post(revoke_url(grant), follow=True)
    assert "已撤销 孙立 的职责：考勤管理" in response.content.decode()
    assert not DutyGrant.objects.exists()
    assert AuditEvent.objects.count() == before + 1
    assert events("accounts.duty_revoke").get().actor_id == cast.secadmin.pk


def test_revoke_is_post_only(login, cast):
    grant = duty_grant(actor=cast.secadmin, user=cast.office_head.user, duty=Duty.ATTENDANCE)
    assert login(cast.secadmin).get(revoke_url(grant)).status_code == 405


@pytest.mark.parametrize("who", ["sysadmin", "auditadmin", "office_head"])
def test_revoke_is_404_for_other_roles(login, cast, who):
    grant = duty_grant(actor=cast.secadmin, user=cast.office_head.user, duty=Duty.ATTENDANCE)
    assert login(getattr(cast, who)).post(revoke_url(grant)).status_code == 404
    assert DutyGrant.objects.count() == 1


def test_revoking_a_missing_grant_is_404(login, cast):
    assert login(cast.secadmin).post(reverse("accounts:admin_grant_revoke", args=[999])).status_code == 404


# --- Unit two-factor switch and the settings in force --------------------------------------------------------


def test_require_two_factor_for_a_unit(login, cast):
    client = login(cast.secadmin)
    before = AuditEvent.objects.count()
    response = client.post(totp_url(cast.unit), {"required": "1"}, follow=True)
    assert "已要求 示例县委组织部 全员使用双因素登录" in response.content.decode()
    assert Unit.objects.get(pk=cast.unit.pk).require_totp
    assert AuditEvent.objects.count() == before + 1
    event = events("accounts.unit_require_totp").get()
    assert event.unit_id == cast.unit.pk and event.changes == {"require_totp": True}


def test_stop_requiring_two_factor(login, cast):
    cast.unit.require_totp = True
    cast.unit.save(update_fields=["require_totp"])
    login(cast.secadmin).post(totp_url(cast.unit), {"required": "0"})
    assert not Unit.objects.get(pk=cast.unit.pk).require_totp


def test_switching_to_the_current_value_says_so(login, cast):
    response = login(cast.secadmin).post(totp_url(cast.unit), {"required": "0"}, follow=True)
    assert "该设置已经生效" in response.content.decode()
    assert not events("accounts.unit_require_totp").exists()


def test_switch_with_bad_input_changes_nothing(login, cast):
    response = login(cast.secadmin).post(totp_url(cast.unit), {"required": "maybe"}, follow=True)
    assert "请选择是否要求双因素登录" in response.content.decode()
    assert not Unit.objects.get(pk=cast.unit.pk).require_totp


def test_switch_is_post_only_and_404_for_others(login, cast):
    assert login(cast.secadmin).get(totp_url(cast.unit)).status_code == 405
    assert login(cast.sysadmin).post(totp_url(cast.unit), {"required": "1"}).status_code == 404
    assert not Unit.objects.get(pk=cast.unit.pk).require_totp


@override_settings(PASSWORD_MAX_AGE_DAYS=60, SESSION_IDLE_TIMEOUT_MINUTES=20)
def test_policy_page_shows_the_settings_in_force(login, cast):
    html = login(cast.secadmin).get(POLICY_URL).content.decode()
    assert "安全策略" in html
    assert "60 天" in html and "20 分钟" in html
    assert "连续失败 5 次锁定账号 15 分钟" in html
    assert "示例县委组织部" in html and "邻县委组织部" in html
