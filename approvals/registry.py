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
    # Optional hooks (all additive; kinds without them behave as before):
    # adjust_nodes(target, nodes) -> nodes: the kind may drop or reorder the rule's steps for this target.
    adjust_nodes: Callable | None = None
    # countersigners(target, applicant, day) -> [Staff]: who decides a Node.COUNTERSIGN step (all-of).
    countersigners: Callable | None = None
    # validate_decision(target, approval, actor, decision, opinion): raise ApprovalError to refuse.
    validate_decision: Callable | None = None


def set_status(status: str, *, also: tuple[str, ...] = ()) -> Callable:
    """A decision callback that only moves the target to `status` (most rejections and returns).

    `also` names further fields the model updates on every save (e.g. an auto_now `updated_at`).
    """

    def callback(target, approval, actor) -> None:
        target.status = status
        target.save(update_fields=["status", *also])

    return callback


_kinds: dict[str, RequestKind] = {}


def register(kind: RequestKind) -> None:
    _kinds[kind.code] = kind


def get(code: str) -> RequestKind:
    return _kinds[code]


def all_kinds() -> list[RequestKind]:
    return list(_kinds.values())
