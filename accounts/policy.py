"""The login policy in force for one session (等保: two factors, password age, idle timeout).

What needs a query is worked out once per session and kept in it, so the
middleware adds no query to an ordinary request.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_LAST_SEEN = "zg_last_seen"
SESSION_POLICY = "zg_policy"
SESSION_NEXT = "zg_next"
# The last-activity stamp is rewritten at most this often, so most requests do not save the session.
LAST_SEEN_RESOLUTION_SECONDS = 60


def unit_requires_totp(user) -> bool:
    if user.admin_role:
        return False
    from org.models import Unit

    return Unit.objects.filter(staff__user=user, require_totp=True).exists()


def totp_mandatory(user) -> bool:
    """Two-factor login the user may not switch off: administrators always, and units that require it."""
    return bool(user.admin_role) or unit_requires_totp(user)


def password_expired(user, now: datetime.datetime | None = None) -> bool:
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    if not max_age:
        return False
    now = now or timezone.now()
    return now - user.password_set_at > datetime.timedelta(days=max_age)


def policy_for(user) -> dict:
    return {"unit_totp": unit_requires_totp(user), "password_expired": password_expired(user)}


def session_policy(request) -> dict:
    """The policy facts of this session, computed at its first request after login."""
    policy = request.session.get(SESSION_POLICY)
    if policy is None:
        policy = policy_for(request.user)
        request.session[SESSION_POLICY] = policy
    return policy


def totp_required(request) -> bool:
    user = request.user
    return bool(user.admin_role) or user.totp_enabled or session_policy(request)["unit_totp"]


def is_verified(request) -> bool:
    # Right after django.contrib.auth.login() request.user is a plain User, not yet wrapped by OTPMiddleware.
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def totp_pending(request) -> bool:
    return totp_required(request) and not is_verified(request)


def password_change_pending(request) -> bool:
    return request.user.must_change_password or session_policy(request)["password_expired"]


def session_start(request) -> None:
    """Called right after login: this session's policy is worked out afresh and its idle clock starts now."""
    request.session.pop(SESSION_POLICY, None)
    request.session[SESSION_LAST_SEEN] = int(timezone.now().timestamp())
    session_policy(request)


def password_change_done(request) -> None:
    policy = dict(session_policy(request))
    policy["password_expired"] = False
    request.session[SESSION_POLICY] = policy


def remember_next(request, url: str | None) -> None:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        request.session[SESSION_NEXT] = url


def gate_next_url(request) -> str:
    """Where a just-logged-in user goes next: second factor, then password change, then where they meant to go."""
    from accounts.landing import landing_url

    if totp_pending(request):
        return reverse("accounts:otp_verify")
    if password_change_pending(request):
        return reverse("accounts:password_change")
    return request.session.pop(SESSION_NEXT, None) or landing_url(request.user)


@lru_cache(maxsize=8)
def gate_paths(script_prefix: str) -> dict[str, frozenset[str]]:
    login = reverse("accounts:login")
    logout = reverse("accounts:logout")
    otp = {reverse("accounts:otp_verify"), reverse("accounts:totp_setup")}
    return {
        "no_idle_check": frozenset({login, logout}),
        "no_totp_check": frozenset({login, logout, *otp}),
        "no_password_check": frozenset({login, logout, *otp, reverse("accounts:password_change")}),
    }


def current_gate_paths() -> dict[str, frozenset[str]]:
    return gate_paths(get_script_prefix())
