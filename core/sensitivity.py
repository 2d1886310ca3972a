"""Sensitivity labels and traceable watermarks, shared by documents and the materials library.

DESIGN.md "Confidentiality": 公开 / 内部 / 限定范围. A RESTRICTED item is visible only to its named
need-to-know list (and, for documents, its review chain); everyone else gets the same 404 as for a
missing item. Every view and download of a RESTRICTED item goes to the access log
(audit.services.access_log_record). Every screen and export of a labelled item carries a
watermark naming the viewer and the time, so a leaked copy can be traced.

State secrets (涉密) never belong in this system (保密法): `SECRET_NOTICE` says so on every page
that labels items.
"""

from __future__ import annotations

import datetime
import html

from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

SECRET_NOTICE = _(
    "This system runs on an ordinary (non-classified) network: state secrets (涉密 material) must never be "
    "entered, uploaded or stored here. Labels below mark work secrets and sensitive items only."
)


class Sensitivity(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    RESTRICTED = "restricted", _("Restricted")


def watermark_text(user, moment: datetime.datetime | None = None) -> str:
    """'张三丰 zhangsf 2026-11-25 14:03' — who looked, and when (display time zone)."""
    moment = timezone.localtime(moment or timezone.now())
    staff = getattr(user, "staff", None)
    name = staff.name if staff is not None else getattr(user, "full_name", "") or user.get_username()
    return f"{name} {user.get_username()} {moment:%Y-%m-%d %H:%M}"


def watermark_svg(text: str, *, width: int = 360, height: int = 200) -> str:
    """One tile of the on-screen watermark: the text, faint and rotated, as an SVG document."""
    safe = html.escape(text)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle" fill="rgba(0,0,0,0.09)" '
        f'font-size="16" font-family="sans-serif" transform="rotate(-24 {width // 2} {height // 2})">{safe}</text>'
        "</svg>"
    )


def watermark_style(text: str) -> SafeString:
    """The CSS background for a watermark overlay (used by core/_watermark.html)."""
    from urllib.parse import quote

    return mark_safe(f'background-image:url("data:image/svg+xml;charset=utf-8,{quote(watermark_svg(text))}");')
