"""Enforces the login policy on every request of a logged-in user (等保 level 3).

Order of the gates: idle timeout, then the second factor, then a required
password change. An ordinary request of a business user costs no query here:
what needs the database is computed once per session (accounts.policy).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from accounts import policy


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    # An htmx request would swap the login page into a fragment; make the browser navigate instead.
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(settings.STATIC_URL) or not request.user.is_authenticated:
            return self.get_response(request)
        paths = policy.current_gate_paths()
        path = request.path

        if path not in paths["no_idle_check"] and self._idle_expired(request):
            return self._end_idle_session(request)
        if path not in paths["no_totp_check"] and policy.totp_pending(request):
            policy.remember_next(request, request.get_full_path() if request.method == "GET" else None)
            return _redirect(request, reverse("accounts:otp_verify"))
        if path not in paths["no_password_check"] and policy.password_change_pending(request):
            return _redirect(request, reverse("accounts:password_change"))
        return self.get_response(request)

    @staticmethod
    def _idle_expired(request: HttpRequest) -> bool:
        now = int(timezone.now().timestamp())
        timeout = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
        last_seen = request.session.get(policy.SESSION_LAST_SEEN)
        if timeout and last_seen is not None and now - last_seen > timeout:
            return True
        if last_seen is None or now - last_seen >= policy.LAST_SEEN_RESOLUTION_SECONDS:
            request.session[policy.SESSION_LAST_SEEN] = now
        return False

    @staticmethod
    def _end_idle_session(request: HttpRequest) -> HttpResponse:
        from accounts.services import logout_record

        # Audit context is set by a later middleware, so the address is passed here.
        logout_record(user=request.user, idle=True, ip=request.META.get("REMOTE_ADDR"))
        next_url = request.get_full_path() if request.method == "GET" else ""
        logout(request)
        query = {"timeout": "1", **({"next": next_url} if next_url else {})}
        return _redirect(request, f"{reverse('accounts:login')}?{urlencode(query)}")
