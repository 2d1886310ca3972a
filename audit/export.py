"""The audit log as an Excel workbook, written row by row (openpyxl write-only mode) to a temporary file."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from audit.labels import action_label
from audit.models import AuditEvent

EXPORT_MAX_ROWS = 100_000
CHUNK_SIZE = 2000


@dataclass
class ExportFile:
    file: IO[bytes]
    filename: str
    rows: int
    total: int

    @property
    def truncated(self) -> bool:
        return self.rows < self.total


def _text(sheet, value: str) -> WriteOnlyCell | str:
    # A summary typed by a user must never become a formula in the auditor's Excel.
    if value[:1] in ("=", "+", "-", "@"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_events_xlsx(
    events: QuerySet[AuditEvent], *, total: int, unit_names: dict[int, str], limit: int | None = None
) -> ExportFile:
    """Stream up to `limit` (default EXPORT_MAX_ROWS) events, the newest first, into a workbook; memory stays flat."""
    limit = EXPORT_MAX_ROWS if limit is None else limit
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit log"))
    widths = (20, 10, 10, 18, 22, 24, 10, 30, 40, 16, 8, 14, 10)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    if total > limit:
        note = WriteOnlyCell(
            sheet,
            value=_(
                "%(total)s events match; only the newest %(limit)s are exported. Narrow the dates to export the rest."
            )
            % {"total": total, "limit": limit},
        )
        note.font = Font(bold=True, color="C8161D")
        sheet.append([note])
    headers = [
        _("Time"),
        _("Who"),
        pgettext("audit", "On behalf of"),
        _("Unit"),
        _("Action"),
        _("Action code"),
        _("Outcome"),
        _("Object type"),
        _("Object"),
        _("Summary"),
        _("IP address"),
        _("Chain"),
        _("Seq"),
    ]
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    outcomes = dict(AuditEvent.Outcome.choices)
    no_unit = _("No unit")
    rows = 0
    fields = (
        "created_at",
        "actor_name",
        "on_behalf_of_name",
        "unit_id",
        "action",
        "outcome",
        "object_type",
        "object_id",
        "object_repr",
        "summary",
        "ip",
        "chain_key",
        "seq",
    )
    for row in events.values_list(*fields, named=True)[:limit].iterator(chunk_size=CHUNK_SIZE):
        obj = f"{row.object_repr}（{row.object_id}）" if row.object_id else row.object_repr
        sheet.append(
            [
                timezone.localtime(row.created_at).replace(tzinfo=None),
                _text(sheet, row.actor_name),
                _text(sheet, row.on_behalf_of_name),
                unit_names.get(row.unit_id, str(row.unit_id)) if row.unit_id else no_unit,
                action_label(row.action),
                row.action,
                str(outcomes.get(row.outcome, row.outcome)),
                row.object_type,
                _text(sheet, obj),
                _text(sheet, row.summary),
                row.ip or "",
                row.chain_key,
                row.seq,
            ]
        )
        rows += 1
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(handle)
    handle.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ExportFile(file=handle, filename=f"{_('Audit log')}-{stamp}.xlsx", rows=rows, total=total)
