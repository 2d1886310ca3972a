import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AdminRole, User
from accounts.tests.helpers import events

pytestmark = pytest.mark.django_db


def run(**options) -> str:
    out = io.StringIO()
    call_command("create_admins", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_creates_the_three_administrators_with_printed_passwords(db, monkeypatch):
    for var in ("ZUGONG_SYSADMIN_PASSWORD", "ZUGONG_SECADMIN_PASSWORD", "ZUGONG_AUDITADMIN_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    output = run()
    admins = {u.admin_role: u for u in User.objects.exclude(admin_role="")}
    assert set(admins) == set(AdminRole.values)
    assert {u.username for u in admins.values()} == {"sysadmin", "secadmin", "auditadmin"}
    for user in admins.values():
        assert user.must_change_password
        assert not user.is_superuser and not hasattr(user, "staff")
        password = output.split(f"created {user.username} with password ")[1].split()[0]
        assert user.check_password(password)
    assert events("accounts.admin_create").count() == 3


def test_passwords_can_come_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("ZUGONG_SYSADMIN_PASSWORD", "Kx7#mQ2pLw9z")
    output = run()
    assert "Kx7#mQ2pLw9z" not in output
    assert User.objects.get(username="sysadmin").check_password("Kx7#mQ2pLw9z")


def test_usernames_can_be_renamed(db):
    run(system_username="xt_admin", security_username="aq_admin", audit_username="sj_admin")
    assert User.objects.get(admin_role=AdminRole.SYSTEM).username == "xt_admin"
    assert User.objects.get(admin_role=AdminRole.AUDIT).username == "sj_admin"


def test_running_again_changes_nothing_and_says_so(db):
    run()
    hashes = dict(User.objects.values_list("username", "password"))
    output = run()
    assert output.count("left unchanged") == 3
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert User.objects.count() == 3
    assert events("accounts.admin_create").count() == 3


def test_a_weak_password_from_the_environment_is_refused(db, monkeypatch):
    monkeypatch.setenv("ZUGONG_SECADMIN_PASSWORD", "123")
    with pytest.raises(CommandError):
        run()
    assert not User.objects.filter(admin_role=AdminRole.SECURITY).exists()
    assert User.objects.filter(admin_role=AdminRole.SYSTEM).exists()


def test_a_taken_username_is_refused(db):
    User.objects.create(username="zhangsf", full_name="张三丰")
    with pytest.raises(CommandError):
        run(system_username="zhangsf")
    assert User.objects.get(username="zhangsf").admin_role == ""
    assert not User.objects.filter(admin_role=AdminRole.SYSTEM).exists()


def test_new_administrator_must_enrol_two_factor_at_first_login(db, client, monkeypatch):
    from django.urls import reverse

    monkeypatch.setenv("ZUGONG_AUDITADMIN_PASSWORD", "Tq4@vN8rYs3e")
    run()
    response = client.post(reverse("accounts:login"), {"username": "auditadmin", "password": "Tq4@vN8rYs3e"})
    assert response["Location"] == reverse("accounts:otp_verify")
    assert client.get(response["Location"])["Location"] == reverse("accounts:totp_setup")
