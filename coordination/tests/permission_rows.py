"""Who reaches the coordination URLs (merged into accounts/tests/test_permission_matrix.py).

The sample help request is 组织科's (asked by its head, waiting for 赵红梅 who supervises 组织科 and 干部科);
the sample borrowing lends 吴晓琳 (干部科) to 组织科, decided by 赵红梅. The `staff` and `duty_holder` roles
are members of 组织科 without a say in either.
"""

from __future__ import annotations

from accounts.tests.matrix_rules import BUSINESS, LEADERS, action, form, only, page

DECIDER = only("supervisor")
SEES_REQUEST = frozenset({"head", "supervisor", "principal"})


def _request(ctx):
    request = getattr(ctx, "_help_request", None)
    if request is None:
        from coordination.tests.helpers import ask

        request = ask(ctx.cast.head)
        ctx._help_request = request
    return request.pk


def _borrowing(ctx):
    borrowing = getattr(ctx, "_borrowing", None)
    if borrowing is None:
        from coordination.services import help_request_fill
        from coordination.tests.helpers import ask

        cast = ctx.cast
        request = ask(cast.head, work="借调样例")
        [borrowing] = help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk])
        ctx._borrowing = borrowing
    return borrowing.pk


ROWS = {
    "coordination:unit_board": page(LEADERS),
    "coordination:my_board": page(frozenset({"staff", "head", "duty_holder"}), ok=302),
    "coordination:section_board": page(BUSINESS),
    "coordination:requests": page(BUSINESS),
    "coordination:waiting": page(BUSINESS),
    "coordination:all": page(frozenset({"supervisor", "principal"})),
    "coordination:create": form(only("head")),
    "coordination:detail": page(SEES_REQUEST),
    "coordination:pick": form(DECIDER),
    "coordination:decline": action(DECIDER),
    "coordination:escalate": action(DECIDER),
    "coordination:withdraw": action(only("head")),
    "coordination:end_early": action(frozenset({"supervisor", "principal"})),
    "coordination:settings": form(only("duty_holder")),
}

SAMPLES = {
    "request_id": _request,
    "borrowing_id": _borrowing,
}
