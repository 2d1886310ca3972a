import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.tests.helpers import LOGIN_URL, events, post_login
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_page_shows_product_name_and_classified_notice(client):
    response = client.get(LOGIN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "组工通" in html
    assert "严禁在本系统中存储、处理、传输涉密信息" in html
    assert 'name="username"' in html and 'name="password"' in html


def test_staff_logs_in_and_lands_on_workbench(client, cast):
    response = post_login(client, "zhangsf")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:workbench")
    assert client.get(reverse("core:workbench")).status_code == 200


def test_login_success_writes_one_audit_event(client, cast):
    before = AuditEvent.objects.count()
    post_login(client, "zhangsf")
    assert AuditEvent.objects.count() == before + 1
    event = events("accounts.login").get()
    assert event.actor_id == cast.staff.user.pk
    assert event.outcome == "success"


def test_wrong_password_is_refused_with_a_clear_message(client, cast):
    response = post_login(client, "zhangsf", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failure_is_audited_against_the_account_tried(client, cast):
    post_login(client, "zhangsf", "wrong-password")
    event = events("accounts.login_failure").get()
    assert event.outcome == "failure"
    assert event.actor_id == cast.staff.user.pk
    assert "zhangsf" in event.summary


def test_failure_with_unknown_username_has_no_actor(client, cast):
    post_login(client, "nobody", "whatever-1A")
    event = events("accounts.login_failure").get()
    assert event.actor_id is None
    assert "nobody" in event.summary
    assert event.outcome == "failure"


def test_empty_form_shows_field_errors(client, cast):
    response = client.post(LOGIN_URL, {"username": "", "password": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_disabled_account_cannot_log_in(client, cast):
    user = cast.staff.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = post_login(client, "zhangsf")
    assert "用户名或密码错误" in response.content.decode()


def test_next_is_honoured_after_login(client, cast):
    response = post_login(client, "zhangsf", next="/approvals/")
    assert response["Location"] == "/approvals/"


def test_next_to_another_site_is_ignored(client, cast):
    response = post_login(client, "zhangsf", next="https://evil.example/")
    assert response["Location"] == reverse("core:workbench")


def test_logged_in_user_opening_login_goes_to_landing(login, cast):
    client = login(cast.staff)
    response = client.get(LOGIN_URL)
    assert response["Location"] == reverse("core:workbench")


def test_login_page_accepts_only_get_and_post(client):
    assert client.put(LOGIN_URL).status_code == 405


@override_settings(AXES_FAILURE_LIMIT=3)
def test_account_is_locked_after_the_failure_limit(client, cast):
    for _ in range(2):
        assert post_login(client, "zhangsf", "wrong").status_code == 200
    response = post_login(client, "zhangsf", "wrong")
    assert response.status_code == 429
    assert "登录失败次数过多，账号已锁定 15 分钟" in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_locked_account_is_refused_even_with_the_right_password(client, cast):
    for _ in range(3):
        post_login(client, "zhangsf", "wrong")
    response = post_login(client, "zhangsf")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_is_audited_once_and_later_attempts_as_refusals(client, cast):
    for _ in range(3):
        post_login(client, "zhangsf", "wrong")
    lockout = events("accounts.lockout").get()
    assert lockout.outcome == "failure"
    assert lockout.actor_id == cast.staff.user.pk
    assert "锁定 15 分钟" in lockout.summary
    assert events("accounts.login_failure").count() == 2

    post_login(client, "zhangsf")
    refused = events("accounts.login_failure").last()
    assert "已锁定" in refused.summary
    assert events("accounts.lockout").count() == 1


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lock_ends_after_the_lock_period(client, cast, time_machine):
    time_machine.move_to("2026-11-25 09:00 +0800")
    for _ in range(3):
        post_login(client, "zhangsf", "wrong")
    time_machine.move_to("2026-11-25 09:16 +0800")
    response = post_login(client, "zhangsf")
    assert response.status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lock_is_per_username(client, cast):
    for _ in range(3):
        post_login(client, "zhangsf", "wrong")
    assert post_login(client, "liusy").status_code == 302


def test_logout_is_post_only(login, cast):
    client = login(cast.staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


def test_logout_ends_the_session_and_is_audited(login, cast):
    client = login(cast.staff)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN_URL
    assert "_auth_user_id" not in client.session
    event = events("accounts.logout").get()
    assert event.actor_id == cast.staff.user.pk


def test_anonymous_logout_just_goes_to_login(client, db):
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN_URL
    assert not AuditEvent.objects.exists()
