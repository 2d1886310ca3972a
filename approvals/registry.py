"""Request types that use the approval mechanism register here (in AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass
class RequestKind:
    code: str
    label: str | Promise
    model: Any
    # Called inside the deciding transaction with (target, approval, actor).
    on_approved: Callable
    on_rejected: Callable
    on_returned: Callable
    detail_url: Callable[[Any], str]
    # Default rules: [{"positions": [...], "days_above": 0, "nodes": [...]}]
    default_rules: list[dict] = field(default_factory=list)


_kinds: dict[str, RequestKind] = {}


def register(kind: RequestKind) -> None:
    _kinds[kind.code] = kind


def get(code: str) -> RequestKind:
    return _kinds[code]


def all_kinds() -> list[RequestKind]:
    return list(_kinds.values())
