"""Uploaded files of the library: what may be uploaded, the text the search indexes, and the
watermarked copy a download gets (text and Office files carry the viewer's name and the time;
PDF is passed through unchanged — its download is logged all the same)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# By suffix, checked against the first bytes of the content.
ALLOWED = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".txt": (),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain; charset=utf-8",
}
TEXT_LIMIT = 200_000  # characters of a file's text kept for search


def suffix_of(name: str) -> str:
    name = (name or "").lower()
    return name[name.rfind(".") :] if "." in name else ""


def validate_upload(upload) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is too large (at most %(mb)s MB).") % {"name": upload.name, "mb": limit // (1024 * 1024)}
        )
    suffix = suffix_of(upload.name)
    if suffix not in ALLOWED:
        raise ValidationError(
            _("%(name)s: upload a PDF, Word (.docx), Excel (.xlsx) or text file.") % {"name": upload.name}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    magics = ALLOWED[suffix]
    if magics and not any(head.startswith(magic) for magic in magics):
        raise ValidationError(_("%(name)s: the content does not match the file type.") % {"name": upload.name})
    if suffix == ".txt" and b"\x00" in head:
        raise ValidationError(_("%(name)s: the content does not match the file type.") % {"name": upload.name})


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def extract_text(data: bytes, suffix: str) -> str:
    """Best effort: a file whose text cannot be read is still stored, just not searchable by content."""
    try:
        if suffix == ".txt":
            text = decode_text(data)
        elif suffix == ".docx":
            from docx import Document

            document = Document(io.BytesIO(data))
            text = "\n".join(p.text for p in document.paragraphs)
        elif suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = []
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    rows.append(" ".join(str(v) for v in row if v is not None))
            text = "\n".join(rows)
        elif suffix == ".pdf":
            text = _pdf_text(data)
        else:
            text = ""
    except (ValueError, KeyError, OSError, zipfile.BadZipFile, subprocess.SubprocessError):
        text = ""
    return text[:TEXT_LIMIT]


def _pdf_text(data: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        return ""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.pdf"
        path.write_bytes(data)
        done = subprocess.run([tool, "-q", str(path), "-"], capture_output=True, timeout=20, check=False)
    return decode_text(done.stdout)


def watermarked(data: bytes, suffix: str, watermark: str) -> bytes:
    """The bytes to send: with a header line naming the viewer where the format allows it."""
    line = _("Viewed by %(who)s — do not pass on") % {"who": watermark}
    try:
        if suffix == ".txt":
            return (f"【{line}】\n\n" + decode_text(data)).encode("utf-8")
        if suffix == ".docx":
            from docx import Document
            from docx.shared import Pt, RGBColor

            document = Document(io.BytesIO(data))
            for section in document.sections:
                header = section.header
                paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
                run = paragraph.add_run(("  " if paragraph.text else "") + line)
                run.font.size = Pt(9)
                run.font.color.rgb = RGBColor(0x99, 0x99, 0x99)
            out = io.BytesIO()
            document.save(out)
            return out.getvalue()
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data))
            for sheet in book.worksheets:
                sheet.oddHeader.center.text = line
                sheet.evenHeader.center.text = line
            out = io.BytesIO()
            book.save(out)
            return out.getvalue()
    except (ValueError, KeyError, OSError, zipfile.BadZipFile):
        return data  # unreadable: passed through as uploaded (the download is still logged)
    return data
