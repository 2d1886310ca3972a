"""Who may open what. "Missing" and "forbidden" look the same to the user (404)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from accounts.models import AdminRole


def is_business_user(user) -> bool:
    return user.is_authenticated and not user.admin_role and hasattr(user, "staff")


def has_duty(user, duty: str) -> bool:
    if not is_business_user(user):
        return False
    cache = getattr(user, "_duty_cache", None)
    if cache is None:
        cache = set(user.duty_grants.values_list("duty", flat=True))
        user._duty_cache = cache
    return duty in cache


def business_required(view):
    """Only staff with a business profile; the three administrators get 404 here."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_business_user(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(role: AdminRole | str):
    """Only the named administrator (三员) — each reaches only their own screens."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.admin_role != role:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def duty_required(duty: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_duty(request.user, duty):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
