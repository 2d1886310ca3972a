"""Separation of the three administrators from business roles (三员分立).

An account with `admin_role` never holds a staff profile or a duty grant, and
an account with a staff profile never becomes an administrator. The services
check this first; the `pre_save` receivers below make every other write path
(org's services, a shell, a data import) fail the same way, because the rule
spans two apps and SQLite cannot express it as a CHECK constraint.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class SeparationOfDutiesError(ValidationError):
    """A write would give an administrator a business role, or a business user an administrator role."""


def check_admin_role_allowed(user) -> None:
    """An administrator role only on an account without staff profile or duty grants."""
    if not user.admin_role or user.pk is None:
        return
    from accounts.models import DutyGrant
    from org.models import Staff

    if Staff.objects.filter(user_id=user.pk).exists():
        raise SeparationOfDutiesError(
            _("An account with a staff profile cannot be an administrator."), code="admin_has_staff"
        )
    if DutyGrant.objects.filter(user_id=user.pk).exists():
        raise SeparationOfDutiesError(_("An account holding duties cannot be an administrator."), code="admin_has_duty")


def _is_administrator(user_id: int | None) -> bool:
    from accounts.models import User

    return user_id is not None and User.objects.filter(pk=user_id).exclude(admin_role="").exists()


def check_duty_allowed(user_id: int | None) -> None:
    if _is_administrator(user_id):
        raise SeparationOfDutiesError(_("Administrators cannot be granted business duties."), code="duty_for_admin")


def check_staff_allowed(user_id: int | None) -> None:
    if _is_administrator(user_id):
        raise SeparationOfDutiesError(
            _("An administrator account cannot have a staff profile."), code="staff_for_admin"
        )


def _touches(kwargs, field: str) -> bool:
    update_fields = kwargs.get("update_fields")
    return update_fields is None or field in update_fields


def user_pre_save(sender, instance, **kwargs) -> None:
    # Logins save last_login with update_fields: those saves skip the query.
    if instance.admin_role and _touches(kwargs, "admin_role"):
        check_admin_role_allowed(instance)


def staff_pre_save(sender, instance, **kwargs) -> None:
    if instance._state.adding or _touches(kwargs, "user"):
        check_staff_allowed(instance.user_id)


def duty_grant_pre_save(sender, instance, **kwargs) -> None:
    if instance._state.adding or _touches(kwargs, "user"):
        check_duty_allowed(instance.user_id)


def connect() -> None:
    from django.db.models.signals import pre_save

    from accounts.models import DutyGrant, User
    from org.models import Staff

    pre_save.connect(user_pre_save, sender=User, dispatch_uid="accounts_guard_user")
    pre_save.connect(staff_pre_save, sender=Staff, dispatch_uid="accounts_guard_staff")
    pre_save.connect(duty_grant_pre_save, sender=DutyGrant, dispatch_uid="accounts_guard_duty_grant")
