from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import time_machine
from openpyxl import Workbook

from accounts.models import Duty
from org.tests.cast import grant_duty

SHANGHAI = ZoneInfo("Asia/Shanghai")


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def on(day: str, hour: int = 10):
    """Freeze the clock at `day` (Asia/Shanghai)."""
    moment = datetime.datetime.combine(d(day), datetime.time(hour), tzinfo=SHANGHAI)
    return time_machine.travel(moment, tick=False)


def office(cast):
    """The office head, holding the business settings duty (the person who keeps the calendar)."""
    grant_duty(cast.office_head, Duty.BUSINESS_SETTINGS)
    return cast.office_head


def xlsx(rows: list[list], header=("日期", "类型(节假日/调休上班)", "名称")) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "calendar.xlsx"
    return buffer


def csv_file(text: str, encoding: str = "utf-8-sig", name: str = "calendar.csv") -> io.BytesIO:
    buffer = io.BytesIO(text.encode(encoding))
    buffer.name = name
    return buffer
