"""三员分立: administrators never hold business roles, business users never become administrators."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.guards import SeparationOfDutiesError
from accounts.models import AdminRole, Duty, DutyGrant, User
from accounts.services import duty_grant
from org.models import Gender, Staff

pytestmark = pytest.mark.django_db


def test_duty_grant_service_refuses_an_administrator(cast):
    with pytest.raises(SeparationOfDutiesError):
        duty_grant(actor=cast.secadmin, user=cast.sysadmin, duty=Duty.ATTENDANCE)
    assert not DutyGrant.objects.exists()


def test_duty_grant_service_refuses_an_account_without_staff_profile(cast):
    plain = User.objects.create(username="plain", full_name="无档案")
    with pytest.raises(Exception, match="只能向工作人员"):
        duty_grant(actor=cast.secadmin, user=plain, duty=Duty.ATTENDANCE)


def test_a_grant_to_an_administrator_is_refused_on_any_write_path(cast):
    with pytest.raises(SeparationOfDutiesError):
        DutyGrant.objects.create(user=cast.auditadmin, duty=Duty.ATTENDANCE)


def test_an_administrator_cannot_get_a_staff_profile(cast):
    with pytest.raises(SeparationOfDutiesError):
        Staff.objects.create(
            user=cast.sysadmin, unit=cast.unit, gender=Gender.MALE, started_work_on=datetime.date(2020, 1, 1)
        )
    assert not Staff.objects.filter(user=cast.sysadmin).exists()


def test_an_account_with_staff_profile_cannot_become_an_administrator(cast):
    user = cast.staff.user
    user.admin_role = AdminRole.SECURITY
    with pytest.raises(SeparationOfDutiesError):
        user.save()
    with pytest.raises(ValidationError, match="有人员档案的账号不能担任管理员"):
        user.full_clean()
    assert User.objects.get(pk=user.pk).admin_role == ""


def test_an_account_holding_duties_cannot_become_an_administrator(cast):
    plain = User.objects.create(username="plain", full_name="无档案")
    # Only possible in data that predates the guard; the guard on User still refuses the role.
    DutyGrant.objects.bulk_create([DutyGrant(user=plain, duty=Duty.ATTENDANCE)])
    plain.admin_role = AdminRole.AUDIT
    with pytest.raises(SeparationOfDutiesError):
        plain.save(update_fields=["admin_role"])


def test_duty_grant_clean_refuses_an_administrator(cast):
    with pytest.raises(SeparationOfDutiesError):
        DutyGrant(user=cast.sysadmin, duty=Duty.ATTENDANCE).clean()


def test_saving_an_administrator_without_touching_the_role_is_cheap(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        cast.sysadmin.save(update_fields=["last_login"])


def test_no_account_can_be_a_superuser(cast):
    user = cast.staff.user
    user.is_superuser = True
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save(update_fields=["is_superuser"])


def test_the_three_administrators_hold_no_business_role(cast):
    for admin in (cast.sysadmin, cast.secadmin, cast.auditadmin):
        assert not hasattr(admin, "staff")
        assert not admin.duty_grants.exists()
