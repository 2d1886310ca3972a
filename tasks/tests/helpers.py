from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.services import task_create

D = datetime.date
TZ = ZoneInfo("Asia/Shanghai")
# Wednesday 2026-11-25, 09:00 Beijing time: "today" in every task test.
TODAY = D(2026, 11, 25)


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def make_task(cast, *, actor=None, deadline=None, responsible=None, **kw):
    kw.setdefault("title", "完成基层党组织换届情况摸底")
    kw.setdefault("source", "leader_instruction")
    kw.setdefault("lead_section", cast.org_section)
    return task_create(
        actor=actor or cast.deputy,
        deadline=deadline or TODAY + datetime.timedelta(days=20),
        responsible=[cast.staff] if responsible is None else responsible,
        **kw,
    )


def pdf(name: str = "evidence.pdf", size: int = 100) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"x" * size, content_type="application/pdf")
