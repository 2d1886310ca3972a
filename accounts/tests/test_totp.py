import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.tests.helpers import code_for, events, post_login
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

OTP_URL = reverse("accounts:otp_verify")
SETUP_URL = reverse("accounts:totp_setup")
SECURITY_URL = reverse("accounts:security")
USERS_URL = reverse("accounts:admin_users")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to("2026-11-25 09:00:00 +0800", tick=False)
    return time_machine


def later(clock, seconds: int) -> None:
    """Move the clock on, as a person typing the next code would."""
    clock.move_to(timezone.now() + datetime.timedelta(seconds=seconds), tick=False)


def enrol(client) -> str:
    client.get(SETUP_URL)
    key = client.session["zg_totp_setup_key"]
    response = client.post(SETUP_URL, {"token": code_for(key)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return key


def bind_device(user) -> TOTPDevice:
    user.totp_enabled = True
    user.save(update_fields=["totp_enabled"])
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


# --- Administrators: enrol at the first login, then a code every time -----------------------------------------


def test_administrator_without_device_is_sent_to_enrol(client, cast, clock):
    response = post_login(client, "sysadmin")
    assert response["Location"] == OTP_URL
    assert client.get(OTP_URL)["Location"] == SETUP_URL


def test_enrolment_page_shows_a_qr_code_and_the_secret(client, cast, clock):
    post_login(client, "sysadmin")
    html = client.get(SETUP_URL).content.decode()
    assert "<svg" in html and 'class="segno"' in html
    key = client.session["zg_totp_setup_key"]
    secret = html.split('data-testid="totp-secret">')[1].split("<")[0].replace(" ", "")
    import base64
    import binascii

    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == binascii.unhexlify(key)


def test_administrator_enrols_and_lands_on_own_screen(client, cast, clock):
    post_login(client, "sysadmin")
    client.get(SETUP_URL)
    key = client.session["zg_totp_setup_key"]
    response = client.post(SETUP_URL, {"token": code_for(key)})
    assert response["Location"] == USERS_URL
    assert client.get(USERS_URL).status_code == 200
    device = TOTPDevice.objects.get(user=cast.sysadmin)
    assert device.confirmed and device.key == key
    assert User.objects.get(pk=cast.sysadmin.pk).totp_enabled


def test_enrolment_writes_exactly_one_audit_event(client, cast, clock):
    post_login(client, "sysadmin")
    before = AuditEvent.objects.count()
    enrol(client)
    assert AuditEvent.objects.count() == before + 1
    assert events("accounts.totp_enable").get().actor_id == cast.sysadmin.pk


def test_enrolment_with_a_wrong_code_saves_nothing(client, cast, clock):
    post_login(client, "sysadmin")
    client.get(SETUP_URL)
    key = client.session["zg_totp_setup_key"]
    wrong = f"{(int(code_for(key)) + 1) % 1000000:06d}"
    response = client.post(SETUP_URL, {"token": wrong})
    assert response.status_code == 200
    assert "动态口令不匹配" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.sysadmin).exists()
    assert client.get(USERS_URL)["Location"] == OTP_URL


def test_enrolment_code_must_be_six_digits(client, cast, clock):
    post_login(client, "sysadmin")
    client.get(SETUP_URL)
    response = client.post(SETUP_URL, {"token": "12ab"})
    assert "请输入验证器应用中显示的 6 位数字" in response.content.decode()


def test_administrator_screens_are_closed_until_the_code_is_entered(client, cast, clock):
    bind_device(cast.sysadmin)
    post_login(client, "sysadmin")
    assert client.get(USERS_URL)["Location"] == OTP_URL
    assert client.get(SECURITY_URL)["Location"] == OTP_URL


def test_right_code_completes_the_login(client, cast, clock):
    device = bind_device(cast.sysadmin)
    response = post_login(client, "sysadmin")
    assert response["Location"] == OTP_URL
    response = client.post(OTP_URL, {"token": code_for(device.key)})
    assert response["Location"] == USERS_URL
    assert client.get(USERS_URL).status_code == 200
    event = events("accounts.otp_verify").get()
    assert event.outcome == "success" and event.actor_id == cast.sysadmin.pk


def test_wrong_code_is_refused_and_audited(client, cast, clock):
    device = bind_device(cast.sysadmin)
    post_login(client, "sysadmin")
    wrong = f"{(int(code_for(device.key)) + 1) % 1000000:06d}"
    response = client.post(OTP_URL, {"token": wrong})
    assert response.status_code == 200
    assert "动态口令错误或已过期" in response.content.decode()
    assert client.get(USERS_URL)["Location"] == OTP_URL
    assert events("accounts.otp_verify").get().outcome == "failure"


def test_repeated_wrong_codes_are_throttled(client, cast, clock):
    device = bind_device(cast.sysadmin)
    post_login(client, "sysadmin")
    wrong = f"{(int(code_for(device.key)) + 1) % 1000000:06d}"
    client.post(OTP_URL, {"token": wrong})
    response = client.post(OTP_URL, {"token": code_for(device.key)})
    assert "错误次数过多，请稍候再试" in response.content.decode()
    later(clock, 2)
    assert client.post(OTP_URL, {"token": code_for(device.key)})["Location"] == USERS_URL


def test_a_code_cannot_be_used_twice(client, cast, clock):
    post_login(client, "sysadmin")
    key = enrol(client)
    client.post(reverse("accounts:logout"))
    post_login(client, "sysadmin")
    response = client.post(OTP_URL, {"token": code_for(key)})
    assert response.status_code == 200
    later(clock, 30)
    assert client.post(OTP_URL, {"token": code_for(key)})["Location"] == USERS_URL


def test_otp_page_needs_a_logged_in_user(client, db):
    assert client.get(OTP_URL)["Location"].startswith(reverse("accounts:login"))
    assert client.get(SETUP_URL)["Location"].startswith(reverse("accounts:login"))


def test_otp_pages_refuse_other_methods(login, cast):
    client = login(cast.staff)
    assert client.put(OTP_URL).status_code == 405
    assert client.delete(SETUP_URL).status_code == 405


def test_user_without_two_factor_skips_the_code_step(login, cast):
    client = login(cast.staff)
    assert client.get(OTP_URL)["Location"] == reverse("core:workbench")


def test_enrolment_cannot_replace_a_bound_device_before_verification(client, cast, clock):
    bind_device(cast.sysadmin)
    post_login(client, "sysadmin")
    assert client.get(SETUP_URL)["Location"] == OTP_URL
    assert TOTPDevice.objects.filter(user=cast.sysadmin).count() == 1


# --- Business users ------------------------------------------------------------------------------------------


def test_staff_who_enabled_two_factor_is_asked_for_the_code(client, cast, clock):
    device = bind_device(cast.staff.user)
    assert post_login(client, "zhangsf")["Location"] == OTP_URL
    assert client.post(OTP_URL, {"token": code_for(device.key)})["Location"] == reverse("core:workbench")


def test_unit_requiring_two_factor_sends_its_staff_to_enrol(client, cast, clock):
    cast.unit.require_totp = True
    cast.unit.save(update_fields=["require_totp"])
    assert post_login(client, "zhangsf")["Location"] == OTP_URL
    assert client.get(reverse("core:workbench"))["Location"] == OTP_URL
    enrol(client)
    assert client.get(reverse("core:workbench")).status_code == 200


def test_other_units_are_not_affected_by_the_requirement(client, cast, clock):
    cast.unit.require_totp = True
    cast.unit.save(update_fields=["require_totp"])
    assert post_login(client, "linxian")["Location"] == reverse("core:workbench")


def test_staff_enables_two_factor_from_the_security_page(login, cast, clock):
    client = login(cast.staff)
    assert "启用双因素登录" in client.get(SECURITY_URL).content.decode()
    client.get(SETUP_URL)
    key = client.session["zg_totp_setup_key"]
    response = client.post(SETUP_URL, {"token": code_for(key)})
    assert response["Location"] == SECURITY_URL
    assert User.objects.get(pk=cast.staff.user.pk).totp_enabled
    # Still verified in this session: no second prompt.
    assert client.get(reverse("core:workbench")).status_code == 200


def test_staff_turns_two_factor_off(login, cast, clock):
    bind_device(cast.staff.user)
    client = login(cast.staff)
    before = AuditEvent.objects.count()
    response = client.post(reverse("accounts:totp_disable"))
    assert response["Location"] == SECURITY_URL
    assert not TOTPDevice.objects.filter(user=cast.staff.user).exists()
    assert not User.objects.get(pk=cast.staff.user.pk).totp_enabled
    assert AuditEvent.objects.count() == before + 1
    assert events("accounts.totp_disable").get().actor_id == cast.staff.user.pk


def test_turning_off_is_refused_when_the_unit_requires_it(login, cast, clock):
    bind_device(cast.staff.user)
    cast.unit.require_totp = True
    cast.unit.save(update_fields=["require_totp"])
    client = login(cast.staff)
    response = client.post(reverse("accounts:totp_disable"), follow=True)
    assert "该账号必须使用双因素登录，不能关闭" in response.content.decode()
    assert TOTPDevice.objects.filter(user=cast.staff.user).exists()
    assert not events("accounts.totp_disable").exists()


def test_administrator_cannot_turn_two_factor_off(login, cast):
    client = login(cast.secadmin)
    client.post(reverse("accounts:totp_disable"))
    assert TOTPDevice.objects.filter(user=cast.secadmin).exists()
    assert "不能关闭" in client.get(SECURITY_URL).content.decode()


def test_turning_off_is_post_only(login, cast):
    assert login(cast.staff).get(reverse("accounts:totp_disable")).status_code == 405


def test_security_page_shows_the_account_facts(login, cast):
    html = login(cast.staff).get(SECURITY_URL).content.decode()
    assert "账号安全" in html and "张三丰" in html and "密码有效期至" in html


def test_browser_helper_computes_the_code_from_the_secret_text(client, cast, clock):
    from accounts.testing import totp_code_for_secret

    post_login(client, "sysadmin")
    html = client.get(SETUP_URL).content.decode()
    secret = html.split('data-testid="totp-secret">')[1].split("<")[0]
    assert client.post(SETUP_URL, {"token": totp_code_for_secret(secret)})["Location"] == USERS_URL
