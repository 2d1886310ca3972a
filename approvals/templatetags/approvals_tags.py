from django import template
from django.utils.translation import gettext as _

from approvals.models import Node
from org.models import Position

register = template.Library()


def _get(rule, name):
    return rule.get(name) if isinstance(rule, dict) else getattr(rule, name)


@register.filter
def rule_positions(rule) -> str:
    positions = _get(rule, "positions") or []
    if not positions:
        return _("Everyone")
    return "、".join(str(Position(p).label) for p in positions)


@register.filter
def rule_days(rule) -> str:
    days = _get(rule, "days_above") or 0
    return _("any length") if float(days) == 0 else _("over %(days)s days") % {"days": days}


@register.filter
def rule_nodes(rule) -> str:
    return " → ".join(str(Node(n).label) for n in _get(rule, "nodes"))
