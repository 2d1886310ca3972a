"""Lights and status tags for task lists: simple tags, not per-row includes (lists render fast)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

STATUS_COLOURS = {
    "closed": "green",
    "completion_requested": "blue",
    "assigned": "orange",
    "in_progress": "blue",
}


@register.simple_tag
def task_light(light: str, days: int = 0) -> str:
    """A coloured dot and a word, never colour alone."""
    if light == "red":
        text = _("Overdue")
        if days:
            text = f"{text} " + ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
        return format_html('<span class="light light-red">{}</span>', text)
    if light == "yellow":
        return format_html('<span class="light light-yellow">{}</span>', _("Near deadline or behind"))
    if light == "green":
        return format_html('<span class="light light-green">{}</span>', _("On track"))
    return format_html('<span class="light light-none">{}</span>', "—")


@register.simple_tag
def task_status(status: str, label) -> str:
    return format_html('<span class="tag tag-{}">{}</span>', STATUS_COLOURS.get(status, "grey"), label)
