"""The screens of the system administrator (accounts) and the security administrator (grants, security policy).

Each screen admits exactly one of the three administrators (三员分立); everyone else gets 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors
from accounts.access import (
    access_account_for_system_admin,
    access_grant_for_security_admin,
    access_unit_for_security_admin,
)
from accounts.forms import AccountSearchForm, DutyGrantForm, GrantFilterForm, UnitTotpForm
from accounts.models import AdminRole, Duty
from accounts.services import (
    account_disable,
    account_enable,
    account_reset_password,
    account_totp_reset,
    account_unlock,
    duty_grant,
    duty_revoke,
    unit_require_totp_set,
)
from core.access import admin_required

PAGE_SIZE = 20


def _filters_query(form) -> str:
    if not form.is_valid():
        return ""
    return urlencode({k: v for k, v in form.cleaned_data.items() if v})


def _back(request: HttpRequest, default: str) -> str:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return reverse(default)


# --- System administrator ------------------------------------------------------------------------------------


@require_GET
@admin_required(AdminRole.SYSTEM)
def admin_users(request: HttpRequest) -> HttpResponse:
    form = AccountSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = selectors.account_list(q=filters.get("q", ""), status=filters.get("status", ""))
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    return render(
        request,
        "accounts/admin/users.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "locked": selectors.locked_usernames(user.username for user in rows),
            "query": _filters_query(form),
            "breadcrumbs": [(_("Accounts"), None)],
        },
    )


def _account_action(request: HttpRequest, user_id: int, service, success: str) -> HttpResponse:
    user = access_account_for_system_admin(user_id)
    try:
        service(actor=request.user, user=user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, success % {"name": user.full_name})
    return redirect(_back(request, "accounts:admin_users"))


@require_POST
@admin_required(AdminRole.SYSTEM)
def admin_user_disable(request: HttpRequest, user_id: int) -> HttpResponse:
    return _account_action(request, user_id, account_disable, _("The account of %(name)s is disabled."))


@require_POST
@admin_required(AdminRole.SYSTEM)
def admin_user_enable(request: HttpRequest, user_id: int) -> HttpResponse:
    return _account_action(request, user_id, account_enable, _("The account of %(name)s is enabled."))


@require_POST
@admin_required(AdminRole.SYSTEM)
def admin_user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    return _account_action(request, user_id, account_unlock, _("The account of %(name)s is unlocked."))


@require_POST
@admin_required(AdminRole.SYSTEM)
def admin_user_totp_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    return _account_action(request, user_id, account_totp_reset, _("The authenticator app of %(name)s is unbound."))


@require_POST
@admin_required(AdminRole.SYSTEM)
@never_cache
def admin_user_reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    """Shows the new one-time password in this response only: it is never stored in clear or sent anywhere."""
    user = access_account_for_system_admin(user_id)
    try:
        user, password = account_reset_password(actor=request.user, user=user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(_back(request, "accounts:admin_users"))
    messages.success(request, _("The password of %(name)s was reset.") % {"name": user.full_name})
    return render(
        request,
        "accounts/admin/password_reset_done.html",
        {
            "account": user,
            "password": password,
            "breadcrumbs": [(_("Accounts"), reverse("accounts:admin_users")), (_("Reset password"), None)],
        },
    )


# --- Security administrator ----------------------------------------------------------------------------------


@require_GET
@admin_required(AdminRole.SECURITY)
def admin_grants(request: HttpRequest) -> HttpResponse:
    form = GrantFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    grants = selectors.grant_list(duty=filters.get("duty", ""), q=filters.get("q", ""))
    page = Paginator(grants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/admin/grants.html",
        {"form": form, "page": page, "query": _filters_query(form), "breadcrumbs": [(_("Duty grants"), None)]},
    )


@require_http_methods(["GET", "POST"])
@admin_required(AdminRole.SECURITY)
def admin_grant_create(request: HttpRequest) -> HttpResponse:
    form = DutyGrantForm(request.POST or None, initial={"duty": request.GET.get("duty", "")})
    if request.method == "POST" and form.is_valid():
        user, duty = form.cleaned_data["user"], form.cleaned_data["duty"]
        try:
            duty_grant(actor=request.user, user=user, duty=duty)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(name)s now holds the duty: %(duty)s") % {"name": user.full_name, "duty": Duty(duty).label},
            )
            return redirect("accounts:admin_grants")
    return render(
        request,
        "accounts/admin/grant_form.html",
        {
            "form": form,
            "breadcrumbs": [(_("Duty grants"), reverse("accounts:admin_grants")), (_("Grant a duty"), None)],
        },
    )


@require_POST
@admin_required(AdminRole.SECURITY)
def admin_grant_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = access_grant_for_security_admin(grant_id)
    name, label = grant.user.full_name, grant.get_duty_display()
    try:
        duty_revoke(actor=request.user, grant=grant)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The duty %(duty)s of %(name)s is revoked.") % {"name": name, "duty": label})
    return redirect(_back(request, "accounts:admin_grants"))


@require_GET
@admin_required(AdminRole.SECURITY)
def admin_security_settings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/admin/security_settings.html",
        {
            "units": selectors.units_with_totp_setting(),
            "settings_rows": selectors.security_settings_in_force(),
            "breadcrumbs": [(_("Security policy"), None)],
        },
    )


@require_POST
@admin_required(AdminRole.SECURITY)
def admin_unit_totp(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit_for_security_admin(unit_id)
    form = UnitTotpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to require two-factor login."))
        return redirect("accounts:admin_security_settings")
    required = form.cleaned_data["required"]
    try:
        unit_require_totp_set(actor=request.user, unit=unit, required=required)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if required:
            text = _("Everyone in %(unit)s must now log in with two factors (from their next login).")
        else:
            text = _("%(unit)s no longer requires two-factor login for everyone.")
        messages.success(request, text % {"unit": unit.name})
    return redirect("accounts:admin_security_settings")
