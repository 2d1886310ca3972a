"""Checks of uploaded certificates: size and type (by content, not only by name)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {".pdf": (b"%PDF",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",)}


def validate_certificate(upload) -> None:
    if upload is None:
        return
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}, code="too_large"
        )
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    magics = ALLOWED.get(suffix)
    if magics is None:
        raise ValidationError(_("Upload a PDF, JPG or PNG file."), code="type")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise ValidationError(
            _("The file's content does not match its type; upload a PDF, JPG or PNG file."), code="content"
        )
