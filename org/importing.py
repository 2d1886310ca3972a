"""Reading and checking a staff import file. Nothing here writes: every row is checked,
every problem is reported with its row number, and only a clean file reaches
`org.services.staff_import`."""

from __future__ import annotations

import datetime
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from core.crypto import blind_index
from org.excel import GENDER_LABELS, IMPORT_COLUMNS, POSITION_LABELS
from org.models import Grade, Position, Staff, Unit
from org.services import StaffRow
from org.validators import normalize_id_number, normalize_phone, validate_id_number, validate_phone

User = get_user_model()

MAX_ROWS = 2000
# A small .xlsx can inflate enormously; refuse before parsing what would not fit.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@+-]{2,150}$")
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
EARLIEST_START = datetime.date(1950, 1, 1)


class ImportFileError(Exception):
    """The file as a whole cannot be used (not an .xlsx, no heading row, no data)."""


@dataclass
class RowError:
    row_number: int
    name: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[StaffRow]
    errors: list[RowError]
    total: int


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value: Any) -> datetime.date | None:
    """A calendar date from an Excel cell: a date cell, an Excel serial number, or 2026-11-25 / 2026/11/25 /
    2026.11.25 / 2026年11月25日 / 20261125 written as text. None when it is not a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            converted = from_excel(value)
            return converted.date() if isinstance(converted, datetime.datetime) else converted
        return None
    text = _text(value)
    match = DATE_RE.match(text)
    if match is None and re.fullmatch(r"\d{8}", text):
        match = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _open_sheet(upload: IO[bytes]):
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ImportFileError(_("The file is too large once unpacked."))
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception:
        # openpyxl raises many kinds of errors on a damaged or foreign file; all mean the same to the user.
        raise ImportFileError(_("The file cannot be read as an Excel workbook (.xlsx). Please use the template."))
    return workbook, workbook.worksheets[0]


def _header_map(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """Find the heading row (a title row above it is allowed) and map column keys to positions."""
    by_heading = {column.heading: column.key for column in IMPORT_COLUMNS}
    for row_index, row in enumerate(rows[:5]):
        found = {}
        for position, value in enumerate(row):
            heading = _text(value).replace("*", "").replace(" ", "")
            if heading in by_heading:
                found[by_heading[heading]] = position
        if "full_name" in found and "username" in found:
            missing = [column.heading for column in IMPORT_COLUMNS if column.required and column.key not in found]
            if missing:
                raise ImportFileError(
                    _("The heading row lacks these required columns: %(columns)s.") % {"columns": "、".join(missing)}
                )
            return row_index, found
    raise ImportFileError(_("No heading row (姓名, 用户名, ...) was found. Please use the template."))


def read_import(upload: IO[bytes], unit: Unit) -> ImportResult:
    """Check every row of an uploaded file against the rules and the database."""
    workbook, sheet = _open_sheet(upload)
    try:
        raw_rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 10))
    finally:
        workbook.close()
    header_index, columns = _header_map(raw_rows)
    sections = {section.name: section for section in unit.sections.all()}
    grades = {value for value in Grade.values if value}
    today = timezone.localdate()

    rows: list[StaffRow] = []
    errors: list[RowError] = []
    seen_usernames: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    data_rows = [
        (number, row)
        for number, row in enumerate(raw_rows[header_index + 1 :], start=header_index + 2)
        if any(_text(value) for value in row)
    ]
    if not data_rows:
        raise ImportFileError(_("The file contains no staff."))
    if len(data_rows) > MAX_ROWS:
        raise ImportFileError(_("At most %(max)s people can be imported at a time.") % {"max": MAX_ROWS})

    for number, row in data_rows:

        def cell(key: str, row=row) -> Any:
            position = columns.get(key)
            return row[position] if position is not None and position < len(row) else None

        reasons: list[str] = []
        full_name = _text(cell("full_name"))
        if not full_name:
            reasons.append(_("name is missing"))
        elif len(full_name) > 50:
            reasons.append(_("name is longer than 50 characters"))

        username = _text(cell("username"))
        if not username:
            reasons.append(_("username is missing"))
        elif not USERNAME_RE.match(username):
            reasons.append(_("username may contain only letters, digits and _ . - (2 to 150 characters)"))
        elif username.lower() in seen_usernames:
            reasons.append(
                _("username %(name)s also appears in row %(row)s")
                % {"name": username, "row": seen_usernames[username.lower()]}
            )
        else:
            seen_usernames[username.lower()] = number

        gender_text = _text(cell("gender"))
        gender = GENDER_LABELS.get(gender_text, "")
        if not gender_text:
            reasons.append(_("gender is missing"))
        elif not gender:
            reasons.append(_("gender must be 男 or 女, not “%(value)s”") % {"value": gender_text})

        section = None
        section_name = _text(cell("section"))
        if section_name:
            section = sections.get(section_name)
            if section is None:
                reasons.append(_("section “%(value)s” does not exist in this unit") % {"value": section_name})

        position = Position.STAFF
        position_text = _text(cell("position"))
        if position_text:
            if position_text in POSITION_LABELS:
                position = POSITION_LABELS[position_text]
            else:
                reasons.append(_("position “%(value)s” is not one of the listed positions") % {"value": position_text})

        title = _text(cell("title"))
        if len(title) > 50:
            reasons.append(_("title is longer than 50 characters"))

        grade = _text(cell("grade"))
        if grade and grade not in grades:
            reasons.append(_("grade “%(value)s” is not a civil-service grade") % {"value": grade})

        started_raw = cell("started_work_on")
        started = parse_date(started_raw)
        if not _text(started_raw):
            reasons.append(_("date started work is missing"))
        elif started is None:
            reasons.append(
                _("date started work “%(value)s” is not a date (write e.g. 2016-07-01)") % {"value": _text(started_raw)}
            )
        elif started > today:
            reasons.append(_("date started work is in the future"))
        elif started < EARLIEST_START:
            reasons.append(_("date started work is before 1950"))

        phone = normalize_phone(_text(cell("phone")))
        if phone:
            try:
                validate_phone(phone)
            except ValidationError as exc:
                reasons.append(_("phone: %(reason)s") % {"reason": exc.messages[0]})

        id_raw = cell("id_number")
        id_number = normalize_id_number(_text(id_raw))
        if isinstance(id_raw, int | float) and not isinstance(id_raw, bool):
            reasons.append(_("ID number was stored as a number and has lost digits; format the column as text"))
        elif id_number:
            try:
                validate_id_number(id_number)
            except ValidationError as exc:
                reasons.append(_("ID number: %(reason)s") % {"reason": exc.messages[0]})
            else:
                if id_number in seen_ids:
                    reasons.append(_("ID number also appears in row %(row)s") % {"row": seen_ids[id_number]})
                else:
                    seen_ids[id_number] = number

        affairs_text = _text(cell("is_affairs_member"))
        if affairs_text not in ("", "是", "否"):
            reasons.append(_("affairs meeting member must be 是 or 否"))

        if reasons:
            errors.append(RowError(row_number=number, name=full_name, reasons=reasons))
            continue
        rows.append(
            StaffRow(
                row_number=number,
                full_name=full_name,
                username=username,
                gender=gender,
                section=section,
                position=position,
                title=title,
                grade=grade,
                started_work_on=started,
                phone=phone,
                id_number=id_number,
                is_affairs_member=affairs_text == "是",
            )
        )

    _check_database(rows, errors)
    errors.sort(key=lambda error: error.row_number)
    return ImportResult(rows=[] if errors else rows, errors=errors, total=len(data_rows))


def _check_database(rows: list[StaffRow], errors: list[RowError]) -> None:
    """Usernames and ID numbers already in the system: two queries for the whole file."""
    by_number = {error.row_number: error for error in errors}

    def fail(row: StaffRow, reason: str) -> None:
        error = by_number.get(row.row_number)
        if error is None:
            error = by_number[row.row_number] = RowError(row_number=row.row_number, name=row.full_name)
            errors.append(error)
        error.reasons.append(reason)

    lowered = {row.username.lower(): row for row in rows}
    taken = (
        User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=list(lowered))
        .values_list("lowered", flat=True)
    )
    for name in taken:
        row = lowered[name]
        fail(row, _("username %(name)s is already taken") % {"name": row.username})

    indexes = {blind_index(row.id_number): row for row in rows if row.id_number}
    for index in Staff.objects.filter(id_number_index__in=list(indexes)).values_list("id_number_index", flat=True):
        fail(indexes[index], _("a person with this ID number is already in the system"))
