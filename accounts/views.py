"""Login (password, then TOTP), forced password change, logout and the user's own account security page."""

from __future__ import annotations

import binascii
import datetime
import time
from base64 import b32encode

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from accounts import policy
from accounts.forms import LoginForm, OtpTokenForm, PasswordChangeForm
from accounts.services import (
    LoginFailure,
    login_failure_record,
    login_record,
    logout_record,
    otp_check_record,
    password_change,
    totp_disable,
    totp_enrol,
)

SESSION_TOTP_KEY = "zg_totp_setup_key"


def _security_breadcrumbs(*tail) -> list:
    return [(_("Account security"), reverse("accounts:security") if tail else None), *tail]


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(policy.gate_next_url(request))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        was_locked = AxesProxyHandler.is_locked(request, {"username": username})
        # authenticate() with the request is what lets django-axes count failures and refuse locked accounts.
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is not None:
            auth_login(request, user)
            policy.session_start(request)
            policy.remember_next(request, next_url)
            login_record(user=user, second_factor_pending=policy.totp_pending(request))
            return redirect(policy.gate_next_url(request))
        if was_locked:
            kind = LoginFailure.LOCKED
        elif getattr(request, "axes_locked_out", False):
            kind = LoginFailure.LOCKOUT
        else:
            kind = LoginFailure.PASSWORD
        login_failure_record(username=username, kind=kind)
        # A locked attempt is answered by AxesMiddleware with accounts/locked_out.html instead of this page.
        form.add_error(None, _("Wrong username or password."))
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url, "timed_out": request.GET.get("timeout") == "1"},
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        logout_record(user=request.user)
        logout(request)
        messages.success(request, _("You have logged out."))
    return redirect("accounts:login")


def _throttle_message(device: TOTPDevice) -> str | None:
    # django-otp doubles the wait after each wrong code; say so rather than report a right code as wrong.
    allowed, _details = device.verify_is_allowed()
    if allowed:
        return None
    return _("Too many wrong codes. Wait a moment and try again.")


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of login: the 6-digit code of the user's authenticator app."""
    if not policy.totp_pending(request):
        return redirect(policy.gate_next_url(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("id").first()
    if device is None:
        return redirect("accounts:totp_setup")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = _throttle_message(device)
        if throttled:
            form.add_error("token", throttled)
        elif device.verify_token(form.cleaned_data["token"]):
            django_otp.login(request, device)
            otp_check_record(user=request.user, ok=True)
            return redirect(policy.gate_next_url(request))
        else:
            otp_check_record(user=request.user, ok=False)
            form.add_error("token", _("The code is wrong or has expired. Enter the code now shown in the app."))
    return render(request, "accounts/otp_verify.html", {"form": form})


def _setup_key(request: HttpRequest) -> str:
    key = request.session.get(SESSION_TOTP_KEY)
    if not key:
        key = default_key()
        request.session[SESSION_TOTP_KEY] = key
    return key


def _secret_text(key_hex: str) -> str:
    secret = b32encode(binascii.unhexlify(key_hex)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app: a QR code (and the secret as text), confirmed by one code from the app."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        if policy.totp_pending(request):
            return redirect("accounts:otp_verify")
        messages.info(request, _("Two-factor login is already enabled."))
        return redirect("accounts:security")
    at_login = policy.totp_pending(request)
    key = _setup_key(request)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(binascii.unhexlify(key), step=30, t0=0, digits=6, drift=0)
        totp.time = time.time()
        # One step either way: a phone clock a few seconds off must not stop enrolment.
        if totp.verify(int(form.cleaned_data["token"]), tolerance=1):
            try:
                device = totp_enrol(actor=user, key_hex=key, last_t=totp.t())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session.pop(SESSION_TOTP_KEY, None)
                django_otp.login(request, device)
                messages.success(request, _("Two-factor login is enabled. From now on, log in with a code as well."))
                return redirect(policy.gate_next_url(request) if at_login else reverse("accounts:security"))
        else:
            form.add_error("token", _("The code does not match. Check the phone's time and enter the current code."))
    # An unsaved device only builds the otpauth:// URL (issuer, username, secret) the app scans.
    config_url = TOTPDevice(user=user, key=key, name="default").config_url
    return render(
        request,
        "accounts/totp_setup.html",
        {
            "form": form,
            "qr_svg": segno.make(config_url, error="m").svg_inline(scale=5, border=2),
            "secret": _secret_text(key),
            "issuer": settings.OTP_TOTP_ISSUER,
            "at_login": at_login,
            "layout": "accounts/gate.html" if at_login else "base.html",
            "breadcrumbs": _security_breadcrumbs((_("Enable two-factor login"), None)),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@sensitive_post_parameters()
@never_cache
def password_change_view(request: HttpRequest) -> HttpResponse:
    """Change one's password; forced at login for a new or reset account and when the password is too old."""
    forced = policy.password_change_pending(request)
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = password_change(actor=request.user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            update_session_auth_hash(request, user)
            request.user.must_change_password = False
            policy.password_change_done(request)
            messages.success(request, _("Your password was changed."))
            return redirect(policy.gate_next_url(request) if forced else reverse("accounts:security"))
    return render(
        request,
        "accounts/password_change.html",
        {
            "form": form,
            "forced": forced,
            "expired": forced and not request.user.must_change_password,
            "max_age_days": settings.PASSWORD_MAX_AGE_DAYS,
            "layout": "accounts/gate.html" if forced else "base.html",
            "breadcrumbs": _security_breadcrumbs((_("Change password"), None)),
        },
    )


@require_GET
@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    max_age = settings.PASSWORD_MAX_AGE_DAYS
    expires_at = user.password_set_at + datetime.timedelta(days=max_age) if max_age else None
    return render(
        request,
        "accounts/security.html",
        {
            "form": PasswordChangeForm(user),
            "totp_mandatory": policy.totp_mandatory(user),
            "password_expires_at": expires_at,
            "breadcrumbs": _security_breadcrumbs(),
        },
    )


@require_POST
@login_required
def totp_disable_view(request: HttpRequest) -> HttpResponse:
    try:
        totp_disable(actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Two-factor login is turned off for your account."))
    return redirect("accounts:security")
