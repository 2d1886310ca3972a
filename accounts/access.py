"""Object access for the accounts screens: "missing" and "forbidden" look the same (404)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from accounts.models import DutyGrant, User


def access_account_for_system_admin(user_id: int) -> User:
    # Every account is visible to the system administrator; what may be done to it is the services' decision.
    return get_object_or_404(User.objects.select_related("staff__unit"), pk=user_id)


def access_grant_for_security_admin(grant_id: int) -> DutyGrant:
    return get_object_or_404(DutyGrant.objects.select_related("user"), pk=grant_id)


def access_unit_for_security_admin(unit_id: int):
    from org.models import Unit

    return get_object_or_404(Unit, pk=unit_id)
