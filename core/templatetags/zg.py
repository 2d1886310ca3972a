"""Template helpers: dates as Chinese offices write them, status tags."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from core import text

register = template.Library()


def _local(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


@register.filter
def cn_date(value) -> str:
    """2026年11月25日."""
    if not value:
        return ""
    return text.cn_date(_local(value))


@register.filter
def cn_short_date(value) -> str:
    """11月25日 within the current year, else 2026年11月25日 (tables)."""
    if not value:
        return ""
    value = _local(value)
    if value.year == timezone.localdate().year:
        return f"{value.month}月{value.day}日"
    return cn_date(value)


@register.filter
def cn_datetime(value) -> str:
    """2026年11月25日 14:03."""
    if not value:
        return ""
    value = _local(value)
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"


@register.filter
def cn_short_datetime(value) -> str:
    if not value:
        return ""
    value = _local(value)
    return f"{cn_short_date(value)} {value:%H:%M}"


STATUS_COLOURS = {
    "pending": "blue",
    "approved": "green",
    "rejected": "red",
    "returned": "orange",
    "withdrawn": "grey",
    "cancelled": "grey",
    "overdue": "red",
    "near": "orange",
}


@register.simple_tag
def status_tag(code: str, label: str) -> str:
    return format_html('<span class="tag tag-{}">{}</span>', STATUS_COLOURS.get(code, "grey"), label)


@register.filter
def get_item(mapping, key):
    """kinds|get_item:code → the request kind's label."""
    item = mapping.get(key) if mapping else None
    return getattr(item, "label", item) if item is not None else key


@register.filter
def watermark_style(text_value: str):
    """CSS background of the on-screen watermark (core/_watermark.html)."""
    from core.sensitivity import watermark_style as style

    return style(str(text_value))


@register.simple_tag
def secret_notice() -> str:
    from core.sensitivity import SECRET_NOTICE

    return str(SECRET_NOTICE)
