"""Checks on personal data: mainland mobile numbers and resident ID numbers (GB 11643-1999)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """The 18th character of a resident ID number: ISO 7064 MOD 11-2 over the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(value):
        raise ValidationError(_("Enter an 11-digit mobile number starting with 1."), code="phone")


def validate_id_number(value: str) -> None:
    if len(value) != 18:
        raise ValidationError(_("An ID number has 18 characters."), code="id_length")
    if not ID_RE.match(value):
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="id_format")
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("The date of birth in this ID number is not a real date."), code="id_birth")
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(
            _("The check digit of this ID number is wrong; please check the number."), code="id_check"
        )
