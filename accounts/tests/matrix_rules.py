"""The building blocks of the permission matrix (accounts/tests/test_permission_matrix.py).

An app keeps its own rows in `<app>/tests/permission_rows.py`: a dict `ROWS` {url name: Rule} and,
if its URLs take new kinds of ids, a dict `SAMPLES` {parameter name: callable(ctx) -> value}.
`ctx.cast` is the cast (org/tests/cast.py); `ctx.grant` a duty grant. The matrix test merges them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LOGIN = "login"
ROLES = ("anonymous", "staff", "head", "supervisor", "principal", "duty_holder", "sysadmin", "secadmin", "auditadmin")
BUSINESS = frozenset({"staff", "head", "supervisor", "principal", "duty_holder"})
ADMINS = frozenset({"sysadmin", "secadmin", "auditadmin"})
LOGGED_IN = BUSINESS | ADMINS
LEADERS = frozenset({"head", "supervisor", "principal"})  # section head and above
NOBODY: frozenset[str] = frozenset()  # no sample object: only the refusals are exercised


def _who(role: str, cast):
    """The cast member playing each role. `duty_holder` is a staff member holding every duty."""
    return {
        "staff": cast.staff,
        "head": cast.head,
        "supervisor": cast.deputy,  # supervises 组织科 and 干部科
        "principal": cast.principal,
        "duty_holder": cast.colleague,
        "sysadmin": cast.sysadmin,
        "secadmin": cast.secadmin,
        "auditadmin": cast.auditadmin,
    }[role]


Expect = Mapping[str, int | str]


@dataclass(frozen=True)
class Rule:
    get: Expect
    post: Expect = field(default_factory=dict)
    kwargs: Mapping[str, Any] = field(default_factory=dict)


def _for_roles(allowed: frozenset[str], ok: int | str, denied: int | str = 404) -> dict[str, int | str]:
    answers: dict[str, int | str] = {role: ok if role in allowed else denied for role in LOGGED_IN}
    answers["anonymous"] = LOGIN
    return answers


def _refusals(allowed: frozenset[str]) -> dict[str, int | str]:
    return {role: code for role, code in _for_roles(allowed, ok=0).items() if code != 0}


def page(allowed: frozenset[str], ok: int | str = 200, **kwargs) -> Rule:
    """A GET-only page: POST is 405 for everyone."""
    return Rule(get=_for_roles(allowed, ok), post=dict.fromkeys(ROLES, 405), kwargs=kwargs)


def form(allowed: frozenset[str], ok: int | str = 200, **kwargs) -> Rule:
    """A page that also takes POST (a form)."""
    return Rule(get=_for_roles(allowed, ok), post=_refusals(allowed), kwargs=kwargs)


def action(allowed: frozenset[str], **kwargs) -> Rule:
    """POST only: GET is 405 for everyone."""
    return Rule(get=dict.fromkeys(ROLES, 405), post=_refusals(allowed), kwargs=kwargs)


def only(role: str) -> frozenset[str]:
    return frozenset({role})
