"""Reads for the accounts screens."""

from __future__ import annotations

from collections.abc import Iterable

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import DutyGrant, User


def account_list(*, q: str = "", status: str = "") -> QuerySet[User]:
    accounts = User.objects.select_related("staff__unit", "staff__section").order_by("-admin_role", "id")
    if q:
        accounts = accounts.filter(
            Q(full_name__icontains=q) | Q(username__icontains=q) | Q(staff__name_initials__iexact=q.lower())
        )
    if status == "active":
        accounts = accounts.filter(is_active=True)
    elif status == "disabled":
        accounts = accounts.filter(is_active=False)
    elif status == "must_change":
        accounts = accounts.filter(must_change_password=True, is_active=True)
    return accounts


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these usernames django-axes currently refuses (failures within the lock period reach the limit)."""
    usernames = list(usernames)
    if not usernames:
        return set()
    since = timezone.now() - _cool_off()
    rows = (
        AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in rows}


def _cool_off():
    from axes.helpers import get_cool_off

    return get_cool_off()


def grant_list(*, duty: str = "", q: str = "") -> QuerySet[DutyGrant]:
    grants = DutyGrant.objects.select_related("user__staff__section", "user__staff__unit", "granted_by").order_by(
        "user__staff__unit__order", "user__staff__section__order", "user__full_name", "duty"
    )
    if duty:
        grants = grants.filter(duty=duty)
    if q:
        grants = grants.filter(Q(user__full_name__icontains=q) | Q(user__staff__name_initials__iexact=q.lower()))
    return grants


def grantable_users() -> QuerySet[User]:
    """Business users: an active account with a staff profile and no administrator role."""
    return (
        User.objects.filter(is_active=True, admin_role="", staff__isnull=False)
        .select_related("staff__unit", "staff__section")
        .order_by("staff__unit__order", "staff__section__order", "-staff__position", "staff__order", "id")
    )


def units_with_totp_setting():
    from org.models import Unit

    return Unit.objects.order_by("level", "order", "id")
