"""Template helpers of the audit screens."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from audit.labels import action_label as _action_label

register = template.Library()


@register.filter
def cn_datetime_seconds(value) -> str:
    """2026年11月25日 14:03:05 — the auditor needs the second."""
    if not isinstance(value, datetime.datetime):
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M:%S}"


@register.filter
def action_label(code: str) -> str:
    return _action_label(code)


@register.filter
def unit_name(unit_id, names: dict) -> str:
    if not unit_id:
        return ""
    return names.get(unit_id, str(unit_id))
