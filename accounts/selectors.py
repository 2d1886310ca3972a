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


def security_settings_in_force() -> list[tuple[str, str]]:
    """The security parameters of this installation, as the security administrator reads them (read-only)."""
    from django.utils.translation import gettext as _

    options = {v["NAME"].rsplit(".", 1)[-1]: v.get("OPTIONS", {}) for v in settings.AUTH_PASSWORD_VALIDATORS}
    min_length = options.get("MinimumLengthValidator", {}).get("min_length", 8)
    min_classes = options.get("CharacterClassValidator", {}).get("min_classes")
    lock_minutes = round(settings.AXES_COOLOFF_TIME * 60) if settings.AXES_COOLOFF_TIME else 0
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    idle = settings.SESSION_IDLE_TIMEOUT_MINUTES
    yes, no = _("Yes"), _("No")
    rows = [
        (_("Minimum password length"), _("%(n)d characters") % {"n": min_length}),
        (
            _("Kinds of characters required"),
            _("%(n)d of 4 (lower-case, upper-case, digits, symbols)") % {"n": min_classes} if min_classes else no,
        ),
        (_("Common passwords refused"), yes if "CommonPasswordValidator" in options else no),
        (_("Password valid for"), _("%(n)d days") % {"n": max_age} if max_age else _("No limit")),
        (
            _("Login failures before lock"),
            _("%(n)d failures lock the account for %(m)d minutes")
            % {"n": settings.AXES_FAILURE_LIMIT, "m": lock_minutes},
        ),
        (_("Idle session timeout"), _("%(n)d minutes") % {"n": idle} if idle else _("No limit")),
        (_("Longest session"), _("%(n)d hours") % {"n": settings.SESSION_COOKIE_AGE // 3600}),
        (_("Session ends when the browser closes"), yes if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else no),
        (_("Cookies sent over HTTPS only"), yes if getattr(settings, "SESSION_COOKIE_SECURE", False) else no),
        (
            _("Password storage"),
            _("PBKDF2-HMAC-SM3, %(n)d iterations") % {"n": settings.PASSWORD_SM3_ITERATIONS}
            if settings.PASSWORD_HASHERS[0].endswith("PBKDF2SM3PasswordHasher")
            else settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1],
        ),
        (
            _("Two-factor login (TOTP)"),
            _("Always for the three administrators; for everyone in a unit that requires it"),
        ),
    ]
    return rows
