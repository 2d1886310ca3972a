from django import template
from django.utils.html import format_html

register = template.Library()

COLOURS = {
    "draft": "grey",
    "review": "blue",
    "returned": "orange",
    "rejected": "red",
    "signed": "green",
    "recheck": "orange",
    "issued": "green",
    "archived": "grey",
    "public": "green",
    "internal": "blue",
    "restricted": "red",
}


@register.simple_tag
def doc_tag(code: str, label: str) -> str:
    return format_html('<span class="tag tag-{}">{}</span>', COLOURS.get(code, "grey"), label)
