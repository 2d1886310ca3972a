import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import password_change
from accounts.tests.helpers import events, post_login
from audit.models import AuditEvent
from org.tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

CHANGE_URL = reverse("accounts:password_change")
WORKBENCH = reverse("core:workbench")
NEW = "Fresh#Passw0rd"


def change(client, old=PASSWORD, new=NEW, confirm=None):
    confirm = new if confirm is None else confirm
    return client.post(CHANGE_URL, {"old_password": old, "new_password1": new, "new_password2": confirm})


def must_change(user):
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])


def test_new_account_is_sent_to_change_its_password_at_login(client, cast):
    must_change(cast.staff.user)
    response = post_login(client, "zhangsf")
    assert response["Location"] == CHANGE_URL
    page = client.get(CHANGE_URL).content.decode()
    assert "您正在使用初始密码" in page


def test_every_page_redirects_until_the_password_is_changed(client, cast):
    must_change(cast.staff.user)
    post_login(client, "zhangsf")
    assert client.get(WORKBENCH)["Location"] == CHANGE_URL
    assert client.get(reverse("accounts:security"))["Location"] == CHANGE_URL


def test_changing_the_password_lets_the_user_in(client, cast):
    must_change(cast.staff.user)
    post_login(client, "zhangsf")
    response = change(client)
    assert response["Location"] == WORKBENCH
    assert client.get(WORKBENCH).status_code == 200
    user = User.objects.get(pk=cast.staff.user.pk)
    assert not user.must_change_password
    assert user.check_password(NEW)
    assert user.password_changed_at is not None


def test_old_password_expires_after_the_max_age(client, cast, time_machine):
    user = cast.staff.user
    user.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    user.save(update_fields=["password_changed_at"])
    response = post_login(client, "zhangsf")
    assert response["Location"] == CHANGE_URL
    assert "已使用超过 90 天" in client.get(CHANGE_URL).content.decode()


def test_password_within_the_max_age_is_not_forced(client, cast):
    user = cast.staff.user
    user.password_changed_at = timezone.now() - datetime.timedelta(days=89)
    user.save(update_fields=["password_changed_at"])
    assert post_login(client, "zhangsf")["Location"] == WORKBENCH


@override_settings(PASSWORD_MAX_AGE_DAYS=0)
def test_max_age_zero_means_no_expiry(client, cast):
    user = cast.staff.user
    user.password_changed_at = timezone.now() - datetime.timedelta(days=1000)
    user.save(update_fields=["password_changed_at"])
    assert post_login(client, "zhangsf")["Location"] == WORKBENCH


def test_expired_password_change_clears_the_redirect(client, cast):
    user = cast.staff.user
    user.password_changed_at = timezone.now() - datetime.timedelta(days=100)
    user.save(update_fields=["password_changed_at"])
    post_login(client, "zhangsf")
    change(client)
    assert client.get(WORKBENCH).status_code == 200


def test_change_writes_exactly_one_audit_event(login, cast):
    client = login(cast.staff)
    before = AuditEvent.objects.count()
    change(client)
    assert AuditEvent.objects.count() == before + 1
    assert events("accounts.password_change").get().actor_id == cast.staff.user.pk


def test_voluntary_change_returns_to_the_security_page(login, cast):
    client = login(cast.staff)
    response = change(client)
    assert response["Location"] == reverse("accounts:security")
    # The session survives the change (its auth hash was updated).
    assert client.get(reverse("accounts:security")).status_code == 200


def test_change_page_is_get_or_post_only(login, cast):
    assert login(cast.staff).put(CHANGE_URL).status_code == 405


def test_change_page_needs_login(client, db):
    response = client.get(CHANGE_URL)
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Ab1#", "密码长度太短，至少需要 8 个字符。"),
        ("abcdefghij", "密码须至少包含小写字母、大写字母、数字、符号中的 3 种。"),
        ("password", "这个密码太常见了。"),
        ("zhangsf2026A", "密码跟 用户名 太相似了。"),
    ],
)
def test_weak_passwords_are_refused_with_chinese_messages(login, cast, new, message):
    client = login(cast.staff)
    response = change(client, new=new)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(pk=cast.staff.user.pk).check_password(PASSWORD)
    assert not events("accounts.password_change").exists()


def test_wrong_current_password_is_refused(login, cast):
    response = change(login(cast.staff), old="not-it")
    assert "你的旧密码不正确" in response.content.decode()
    assert User.objects.get(pk=cast.staff.user.pk).check_password(PASSWORD)


def test_mismatched_confirmation_is_refused(login, cast):
    response = change(login(cast.staff), confirm="Other#Passw0rd")
    assert "输入的两个密码不一致" in response.content.decode()


def test_new_password_must_differ_from_the_old(login, cast):
    response = change(login(cast.staff), new=PASSWORD)
    assert "新密码不能与当前密码相同" in response.content.decode()


def test_service_validates_the_password_too(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        password_change(actor=cast.staff.user, new_password="short")
    assert not events("accounts.password_change").exists()
