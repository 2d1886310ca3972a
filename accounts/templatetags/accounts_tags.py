from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def lock_minutes() -> int:
    """How long django-axes locks an account (AXES_COOLOFF_TIME is in hours)."""
    return round((settings.AXES_COOLOFF_TIME or 0) * 60)
