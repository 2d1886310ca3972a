"""Dates and messages as Chinese offices write them, for services, exports and notifications."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone


def cn_date(day: datetime.date) -> str:
    """2026年11月25日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month_day(day: datetime.date) -> str:
    """11月25日."""
    return f"{day.month}月{day.day}日"


def hm(moment: datetime.datetime) -> str:
    """14:03 in the display time zone."""
    return timezone.localtime(moment).strftime("%H:%M")


def error_text(exc: ValidationError) -> str:
    """A domain error's messages as one line for a flash message."""
    return " ".join(exc.messages)
