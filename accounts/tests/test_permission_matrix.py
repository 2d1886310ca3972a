"""Who reaches which URL: every URL pattern of the project, for every role of the cast.

Each named URL has a row in EXPECTED saying what each role gets. A URL without a row fails
`test_every_url_has_a_row`: whoever adds a URL adds its row here, stating who may open it.

- GET is tried for every role; the expected value is an HTTP status, or LOGIN (a redirect to
  the login page).
- POST is tried only for the roles a rule refuses (404 or LOGIN), so the test changes nothing.
- Path parameters come from the row's own kwargs (a value, or a callable of the context), else
  from SAMPLES by parameter name, else 1 / "x". Give a sample when your URL takes a new kind of
  id, or only the refusals are exercised.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Duty
from accounts.services import duty_grant
from accounts.testing import force_login_verified
from accounts.tests.matrix_rules import (
    ADMINS,
    BUSINESS,
    LEADERS,
    LOGGED_IN,
    LOGIN,
    NOBODY,
    ROLES,
    Rule,
    _who,
    action,
    form,
    only,
    page,
)
from audit.models import AuditEvent

EXPECTED: dict[str, Rule] = {
    # core
    "core:home": page(LOGGED_IN, ok=302),  # redirects each role to its landing page
    "core:workbench": page(BUSINESS),
    # accounts: login steps and the user's own security page
    "accounts:login": Rule(get={"anonymous": 200, **dict.fromkeys(LOGGED_IN, 302)}),
    "accounts:logout": Rule(get=dict.fromkeys(ROLES, 405)),
    "accounts:otp_verify": form(LOGGED_IN, ok=302),  # already verified: straight on
    "accounts:totp_setup": Rule(
        get={"anonymous": LOGIN, **dict.fromkeys(BUSINESS, 200), **dict.fromkeys(ADMINS, 302)},
        post={"anonymous": LOGIN},
    ),
    "accounts:password_change": form(LOGGED_IN),
    "accounts:security": page(LOGGED_IN),
    "accounts:totp_disable": action(LOGGED_IN),
    # accounts: system administrator
    "accounts:admin_users": page(only("sysadmin")),
    "accounts:admin_user_disable": action(only("sysadmin")),
    "accounts:admin_user_enable": action(only("sysadmin")),
    "accounts:admin_user_unlock": action(only("sysadmin")),
    "accounts:admin_user_totp_reset": action(only("sysadmin")),
    "accounts:admin_user_reset_password": action(only("sysadmin")),
    # accounts: security administrator
    "accounts:admin_grants": page(only("secadmin")),
    "accounts:admin_grant_create": form(only("secadmin")),
    "accounts:admin_grant_revoke": action(only("secadmin")),
    "accounts:admin_security_settings": page(only("secadmin")),
    "accounts:admin_unit_totp": action(only("secadmin")),
    # org
    "org:chart": page(BUSINESS),
    "org:directory": page(BUSINESS),
    "org:staff_export": page(BUSINESS),
    "org:staff_import": form(only("duty_holder")),
    "org:staff_import_template": page(only("duty_holder")),
    "org:staff_import_result": page(only("duty_holder")),
    "org:staff_detail": page(BUSINESS),
    "org:staff_reveal": action(BUSINESS),
    "org:staff_edit": form(only("duty_holder")),
    "org:sections": page(only("duty_holder")),
    "org:section_leaders": action(only("duty_holder")),
    "org:unit_leaders": action(only("duty_holder")),
    "org:delegation": form(BUSINESS),
    "org:delegation_cancel": action(BUSINESS),
    # notify: every logged-in account has an inbox
    "notify:inbox": page(LOGGED_IN),
    "notify:open": action(LOGGED_IN),
    "notify:mark_all_read": action(LOGGED_IN),
    # approvals
    "approvals:inbox": page(BUSINESS),
    "approvals:done": page(BUSINESS),
    "approvals:mine": page(BUSINESS),
    "approvals:open": page(NOBODY),
    "approvals:decide": action(BUSINESS),
    "approvals:comment": action(BUSINESS),
    "approvals:rules": page(only("duty_holder")),
    "approvals:rule_edit": form(only("duty_holder"), kind="goingout"),
    # goingout
    "goingout:mine": page(BUSINESS),
    "goingout:create": form(BUSINESS),
    "goingout:overview": page(LEADERS),
    "goingout:detail": page(NOBODY),
    "goingout:edit": form(NOBODY),
    "goingout:withdraw": action(BUSINESS),
    # leave: everyone asks for leave and sees who is away; the duties keep overdue report-backs, balances, types
    "leave:mine": page(BUSINESS),
    "leave:create": form(BUSINESS),
    "leave:count": page(BUSINESS),
    "leave:away": page(BUSINESS),
    "leave:ledger": page(BUSINESS, type_id=lambda ctx: _leave_type_id(ctx)),
    "leave:overdue": page(only("duty_holder")),
    "leave:adjust": form(only("duty_holder")),
    "leave:types": page(only("duty_holder")),
    "leave:type_edit": form(only("duty_holder"), type_id=lambda ctx: _leave_type_id(ctx)),
    "leave:policy": action(only("duty_holder")),
    "leave:detail": page(NOBODY),
    "leave:certificate": page(NOBODY),
    "leave:edit": form(NOBODY),
    "leave:extend": form(NOBODY),
    "leave:cancel": form(NOBODY),
    "leave:extension": page(NOBODY),
    "leave:extension_edit": form(NOBODY),
    "leave:cancellation": page(NOBODY),
    "leave:cancellation_edit": form(NOBODY),
    "leave:withdraw": action(BUSINESS),
    "leave:report_back": action(BUSINESS),
    "leave:extension_withdraw": action(BUSINESS),
    "leave:cancellation_withdraw": action(BUSINESS),
    # audit: the audit administrator only
    "audit:events": page(only("auditadmin")),
    "audit:event_detail": page(only("auditadmin"), pk=lambda ctx: AuditEvent.objects.latest("id").pk),
    "audit:export": action(only("auditadmin")),
    "audit:verify": form(only("auditadmin")),
    "audit:access": page(only("auditadmin")),
    # worktime: everyone reads the calendar; the business settings duty edits it and the unit's work hours
    "worktime:calendar": page(BUSINESS),
    "worktime:calendar_year": page(BUSINESS),
    "worktime:calendar_year_start": action(only("duty_holder")),
    "worktime:calendar_day_create": form(only("duty_holder"), year=2026),
    "worktime:calendar_day_edit": form(only("duty_holder"), year=2026, day_id=lambda ctx: _calendar_day_2026()),
    "worktime:calendar_day_delete": action(only("duty_holder"), year=2026, day_id=lambda ctx: _calendar_day_2026()),
    "worktime:calendar_import": form(only("duty_holder")),
    "worktime:calendar_import_template": page(only("duty_holder")),
    "worktime:policies": page(only("duty_holder")),
    "worktime:policy_create": form(only("duty_holder")),
    "worktime:policy_edit": form(NOBODY),
    "worktime:policy_delete": action(only("duty_holder")),
    # attendance: everyone punches and sees their own days; section heads, supervising leaders, unit leaders and
    # the attendance keepers see sheets and figures; only the keepers lock a month
    "attendance:punch": page(BUSINESS),
    "attendance:punch_submit": action(BUSINESS),
    "attendance:me": page(BUSINESS),
    "attendance:me_day": page(BUSINESS, year=2026, month=11, day=2),
    "attendance:corrections": page(BUSINESS),
    "attendance:correction_create": form(BUSINESS),
    "attendance:correction": page(NOBODY),
    "attendance:correction_edit": form(NOBODY),
    "attendance:correction_withdraw": action(BUSINESS),
    "attendance:overtime_list": page(BUSINESS),
    "attendance:overtime_create": form(BUSINESS),
    "attendance:overtime": page(NOBODY),
    "attendance:overtime_edit": form(NOBODY),
    "attendance:overtime_withdraw": action(BUSINESS),
    "attendance:sheets": page(LEADERS | only("duty_holder")),
    "attendance:unit_sheet": page(frozenset({"principal", "duty_holder"})),
    "attendance:unit_export": page(frozenset({"principal", "duty_holder"})),
    "attendance:lock": action(only("duty_holder")),
    "attendance:section_sheet": page(LEADERS | only("duty_holder")),
    "attendance:section_export": page(LEADERS | only("duty_holder")),
    "attendance:confirm": action(LEADERS | only("duty_holder")),
    "attendance:reopen": action(LEADERS | only("duty_holder")),
    "attendance:figures": page(LEADERS | only("duty_holder")),
    "attendance:person_days": page(BUSINESS),
    "attendance:fatigue": page(LEADERS | only("duty_holder")),
    "attendance:settings": form(only("duty_holder")),
}


def _leave_type_id(ctx) -> int:
    from leave.selectors import leave_types_for

    return leave_types_for(ctx.cast.unit)[0].pk


def _calendar_day_2026() -> int:
    from worktime.models import CalendarDay

    return CalendarDay.objects.filter(date__year=2026).values_list("pk", flat=True).first()


# Values for path parameters, by name: callables of the cast (and the matrix's own objects).
SAMPLES: dict[str, Callable[[Any], Any]] = {
    "user_id": lambda ctx: ctx.cast.staff.user.pk,
    "staff_id": lambda ctx: ctx.cast.staff.pk,
    "section_id": lambda ctx: ctx.cast.org_section.pk,
    "unit_id": lambda ctx: ctx.cast.unit.pk,
    "grant_id": lambda ctx: ctx.grant.pk,
    "year": lambda ctx: timezone.localdate().year,
}
# Apps that keep their rows next to their code (see accounts/tests/matrix_rules.py).
APPS_WITH_ROWS = ("tasks", "reports", "coordination", "documents", "materials")
for _app in APPS_WITH_ROWS:
    try:
        _module = importlib.import_module(f"{_app}.tests.permission_rows")
    except ModuleNotFoundError as error:
        if error.name != f"{_app}.tests.permission_rows":
            raise
        continue
    _overlap = set(_module.ROWS) & set(EXPECTED)
    assert not _overlap, f"{_app} repeats rows: {_overlap}"
    EXPECTED.update(_module.ROWS)
    SAMPLES.update(getattr(_module, "SAMPLES", {}))

CONVERTER_DEFAULTS = {"IntConverter": 1, "StringConverter": "x", "SlugConverter": "x", "PathConverter": "x"}


def url_patterns() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns, namespace: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>", pattern

    yield from walk(get_resolver().url_patterns, "")


def test_every_url_has_a_row():
    names = [name for name, _pattern in url_patterns()]
    missing = sorted(set(names) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(names))
    assert not missing, f"URLs without a row in EXPECTED (add who may open them): {missing}"
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_rows_cover_every_role():
    for name, rule in EXPECTED.items():
        assert set(rule.get) == set(ROLES), name


@dataclass
class Context:
    cast: Any
    grant: Any


def _url(name: str, pattern: URLPattern, rule: Rule, ctx: Context) -> str:
    kwargs = {}
    for key, converter in getattr(pattern.pattern, "converters", {}).items():
        if key in rule.kwargs:
            value = rule.kwargs[key]
            kwargs[key] = value(ctx) if callable(value) else value
        elif key in SAMPLES:
            kwargs[key] = SAMPLES[key](ctx)
        else:
            kwargs[key] = CONVERTER_DEFAULTS.get(type(converter).__name__, 1)
    return reverse(name, kwargs=kwargs)


def _answer(response) -> int | str:
    login_url = reverse("accounts:login")
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return LOGIN
    return response.status_code


@pytest.mark.django_db
def test_every_role_gets_the_expected_answer(cast):
    for duty in Duty.values:
        grant = duty_grant(actor=cast.secadmin, user=cast.colleague.user, duty=duty)
    ctx = Context(cast=cast, grant=grant)
    clients: dict[str, Client] = {"anonymous": Client()}
    for role in ROLES[1:]:
        clients[role] = Client()
        person = _who(role, cast)
        force_login_verified(clients[role], getattr(person, "user", person))

    patterns = dict(url_patterns())
    wrong = []
    for name, rule in EXPECTED.items():
        if name not in patterns:
            continue
        url = _url(name, patterns[name], rule, ctx)
        for method, expected in (("get", rule.get), ("post", rule.post)):
            for role, want in expected.items():
                got = _answer(getattr(clients[role], method)(url))
                if got != want:
                    wrong.append(f"{method.upper()} {url} ({name}) as {role}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)
