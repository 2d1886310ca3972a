"""The system administrator's screens: accounts list, disable/enable, reset password, unlock, reset two-factor."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import account_disable
from accounts.tests.helpers import events, post_login
from audit.models import AuditEvent
from org.models import Gender
from org.services import staff_create

pytestmark = pytest.mark.django_db

USERS_URL = reverse("accounts:admin_users")


def action_url(name: str, user) -> str:
    return reverse(f"accounts:admin_user_{name}", args=[user.pk])


def add_staff(cast, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        staff_create(
            actor=None,
            unit=cast.unit,
            section=cast.org_section,
            username=f"extra{i}",
            full_name=f"测试人员{i}",
            gender=Gender.MALE,
            started_work_on=datetime.date(2020, 1, 1),
            audit=False,
        )


# --- The list ------------------------------------------------------------------------------------------------


def test_system_admin_sees_every_account(login, cast):
    response = login(cast.sysadmin).get(USERS_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "账号管理" in html
    assert "张三丰" in html and "安全管理员" in html
    assert f"共 {User.objects.count()} 条" in html


@pytest.mark.parametrize("who", ["secadmin", "auditadmin", "staff", "head", "principal"])
def test_other_roles_get_404(login, cast, who):
    assert login(getattr(cast, who)).get(USERS_URL).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(USERS_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_search_by_name_or_username(login, cast):
    client = login(cast.sysadmin)
    html = client.get(USERS_URL, {"q": "张三"}).content.decode()
    assert "张三丰" in html and "刘思远" not in html
    html = client.get(USERS_URL, {"q": "liusy"}).content.decode()
    assert "刘思远" in html and "张三丰" not in html


def test_filter_disabled_accounts(login, cast):
    account_disable(actor=cast.sysadmin, user=cast.outsider.user)
    html = login(cast.sysadmin).get(USERS_URL, {"status": "disabled"}).content.decode()
    assert "吴晓琳" in html and "张三丰" not in html
    assert "共 1 条" in html


def test_no_match_shows_the_empty_state(login, cast):
    html = login(cast.sysadmin).get(USERS_URL, {"q": "无此人"}).content.decode()
    assert "没有符合条件的账号" in html


def test_list_paginates(login, cast):
    add_staff(cast, 15)
    client = login(cast.sysadmin)
    total = User.objects.count()
    html = client.get(USERS_URL).content.decode()
    assert f"共 {total} 条" in html and "下一页" in html
    assert "1 / 2" in html
    assert "测试人员14" in client.get(USERS_URL, {"page": 2}).content.decode()


def test_list_query_count_is_flat(login, cast, django_assert_num_queries):
    client = login(cast.sysadmin)
    client.get(USERS_URL)  # warm the session policy
    add_staff(cast, 2)
    # session with account, OTP device, count, page, locked usernames, unread notifications
    with django_assert_num_queries(6):
        client.get(USERS_URL)
    add_staff(cast, 8, start=2)
    with django_assert_num_queries(6):
        client.get(USERS_URL)


# --- Disable / enable ----------------------------------------------------------------------------------------


def test_disable_stops_the_account_logging_in(login, cast, client):
    admin = login(cast.sysadmin)
    response = admin.post(action_url("disable", cast.staff.user), follow=True)
    assert "已停用 张三丰 的账号" in response.content.decode()
    assert not User.objects.get(pk=cast.staff.user.pk).is_active


def test_disable_writes_exactly_one_audit_event(login, cast):
    client = login(cast.sysadmin)
    before = AuditEvent.objects.count()
    client.post(action_url("disable", cast.staff.user))
    assert AuditEvent.objects.count() == before + 1
    event = events("accounts.account_disable").get()
    assert event.actor_id == cast.sysadmin.pk and event.object_id == str(cast.staff.user.pk)
    assert event.unit_id == cast.unit.pk


def test_disabled_user_session_ends(login, cast):
    from django.test import Client

    staff_client = Client()
    staff_client.force_login(cast.staff.user)
    login(cast.sysadmin).post(action_url("disable", cast.staff.user))
    assert staff_client.get(reverse("core:workbench")).status_code == 302


def test_disable_twice_says_so_and_writes_nothing(login, cast):
    client = login(cast.sysadmin)
    client.post(action_url("disable", cast.staff.user))
    response = client.post(action_url("disable", cast.staff.user), follow=True)
    assert "该账号已是停用状态" in response.content.decode()
    assert events("accounts.account_disable").count() == 1


def test_administrator_accounts_cannot_be_disabled(login, cast):
    response = login(cast.sysadmin).post(action_url("disable", cast.secadmin), follow=True)
    assert "管理员账号不能在此修改" in response.content.decode()
    assert User.objects.get(pk=cast.secadmin.pk).is_active


def test_own_account_cannot_be_disabled(login, cast):
    response = login(cast.sysadmin).post(action_url("disable", cast.sysadmin), follow=True)
    assert "不能对本人账号执行此操作" in response.content.decode()


def test_enable_restores_the_account(login, cast):
    account_disable(actor=cast.sysadmin, user=cast.staff.user)
    client = login(cast.sysadmin)
    before = AuditEvent.objects.count()
    response = client.post(action_url("enable", cast.staff.user), follow=True)
    assert "已启用 张三丰 的账号" in response.content.decode()
    assert User.objects.get(pk=cast.staff.user.pk).is_active
    assert AuditEvent.objects.count() == before + 1


def test_action_returns_to_the_filtered_list(login, cast):
    response = login(cast.sysadmin).post(action_url("disable", cast.staff.user), {"next": f"{USERS_URL}?q=张"})
    assert response["Location"] == f"{USERS_URL}?q=%E5%BC%A0"


def test_action_ignores_an_outside_next(login, cast):
    response = login(cast.sysadmin).post(action_url("disable", cast.staff.user), {"next": "https://evil.example/"})
    assert response["Location"] == USERS_URL


@pytest.mark.parametrize("action", ["disable", "enable", "unlock", "reset_password", "totp_reset"])
def test_actions_are_post_only(login, cast, action):
    assert login(cast.sysadmin).get(action_url(action, cast.staff.user)).status_code == 405


@pytest.mark.parametrize("action", ["disable", "enable", "unlock", "reset_password", "totp_reset"])
@pytest.mark.parametrize("who", ["secadmin", "auditadmin", "principal"])
def test_actions_are_404_for_other_roles(login, cast, action, who):
    before = AuditEvent.objects.count()
    assert login(getattr(cast, who)).post(action_url(action, cast.staff.user)).status_code == 404
    assert AuditEvent.objects.count() == before


def test_action_on_a_missing_account_is_404(login, cast):
    assert login(cast.sysadmin).post(reverse("accounts:admin_user_disable", args=[99999])).status_code == 404


# --- Reset password ------------------------------------------------------------------------------------------


def test_reset_shows_a_one_time_password_that_works_once_changed(login, cast, client):
    admin = login(cast.sysadmin)
    response = admin.post(action_url("reset_password", cast.staff.user))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "此密码仅显示这一次" in html
    password = html.split('data-testid="initial-password">')[1].split("<")[0]
    user = User.objects.get(pk=cast.staff.user.pk)
    assert user.must_change_password and user.check_password(password)

    from django.test import Client

    staff_client = Client()
    assert post_login(staff_client, "zhangsf", password)["Location"] == reverse("accounts:password_change")


def test_reset_writes_exactly_one_audit_event_without_the_password(login, cast):
    client = login(cast.sysadmin)
    before = AuditEvent.objects.count()
    html = client.post(action_url("reset_password", cast.staff.user)).content.decode()
    password = html.split('data-testid="initial-password">')[1].split("<")[0]
    assert AuditEvent.objects.count() == before + 1
    event = events("accounts.account_reset_password").get()
    assert password not in event.summary and password not in str(event.changes)


def test_reset_gives_a_password_to_an_account_that_had_none(login, cast):
    staff_create(
        actor=None,
        unit=cast.unit,
        username="newbie",
        full_name="新同志",
        gender=Gender.FEMALE,
        started_work_on=datetime.date(2026, 7, 1),
        audit=False,
    )
    newbie = User.objects.get(username="newbie")
    client = login(cast.sysadmin)
    assert "设置初始密码" in client.get(USERS_URL, {"q": "newbie"}).content.decode()
    client.post(action_url("reset_password", newbie))
    assert User.objects.get(pk=newbie.pk).has_usable_password()


def test_administrator_password_cannot_be_reset_here(login, cast):
    response = login(cast.sysadmin).post(action_url("reset_password", cast.auditadmin), follow=True)
    assert "管理员账号不能在此修改" in response.content.decode()
    assert User.objects.get(pk=cast.auditadmin.pk).check_password("Zugong@2026")


def test_disabled_account_password_is_not_reset(login, cast):
    account_disable(actor=cast.sysadmin, user=cast.staff.user)
    response = login(cast.sysadmin).post(action_url("reset_password", cast.staff.user), follow=True)
    assert "请先启用该账号" in response.content.decode()


# --- Unlock --------------------------------------------------------------------------------------------------


@override_settings(AXES_FAILURE_LIMIT=3)
def test_unlock_lets_a_locked_user_log_in_again(login, cast):
    from django.test import Client

    staff_client = Client()
    for _ in range(3):
        post_login(staff_client, "zhangsf", "wrong")
    assert post_login(staff_client, "zhangsf").status_code == 429

    admin = login(cast.sysadmin)
    assert "已锁定" in admin.get(USERS_URL, {"q": "zhangsf"}).content.decode()
    before = AuditEvent.objects.count()
    response = admin.post(action_url("unlock", cast.staff.user), follow=True)
    assert "已解除 张三丰 的登录锁定" in response.content.decode()
    assert AuditEvent.objects.count() == before + 1
    assert events("accounts.account_unlock").get().actor_id == cast.sysadmin.pk
    assert post_login(staff_client, "zhangsf").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_locked_administrator_can_be_unlocked(login, cast):
    from django.test import Client

    for _ in range(3):
        post_login(Client(), "secadmin", "wrong")
    login(cast.sysadmin).post(action_url("unlock", cast.secadmin))
    assert events("accounts.account_unlock").count() == 1


def test_unlocking_an_account_that_is_not_locked_says_so(login, cast):
    response = login(cast.sysadmin).post(action_url("unlock", cast.staff.user), follow=True)
    assert "该账号未被锁定" in response.content.decode()
    assert not events("accounts.account_unlock").exists()


# --- Reset two-factor (lost phone) ---------------------------------------------------------------------------


def test_reset_two_factor_unbinds_the_phone(login, cast):
    user = cast.staff.user
    user.totp_enabled = True
    user.save(update_fields=["totp_enabled"])
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = login(cast.sysadmin)
    assert "重置双因素" in client.get(USERS_URL, {"q": "zhangsf"}).content.decode()
    before = AuditEvent.objects.count()
    client.post(action_url("totp_reset", user))
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not User.objects.get(pk=user.pk).totp_enabled
    assert AuditEvent.objects.count() == before + 1


def test_reset_two_factor_without_a_device_says_so(login, cast):
    response = login(cast.sysadmin).post(action_url("totp_reset", cast.staff.user), follow=True)
    assert "该账号未绑定动态口令" in response.content.decode()
