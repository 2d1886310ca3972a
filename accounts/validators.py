import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy


class CharacterClassValidator:
    """At least N of: lower-case, upper-case, digits, symbols (等保 complexity)."""

    CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for pattern in self.CLASSES if re.search(pattern, password))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Use at least %(n)d kind of character: lower-case, upper-case, digits, symbols.",
            "Use at least %(n)d kinds of characters: lower-case, upper-case, digits, symbols.",
            self.min_classes,
        ) % {"n": self.min_classes}


__all__ = ["CharacterClassValidator", "_"]


# Django 5.2 reworded MinimumLengthValidator's error and its zh_Hans catalog still carries the old
# wording, so the message would show in English; this reference puts it in our catalog.
DJANGO_52_MESSAGES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "n",
    ),
)
