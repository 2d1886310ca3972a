"""The holidays and make-up workdays the `chinesecalendar` package knows, as plain rows.

Pure functions, no models: the seeding data migration and the `seed_calendar`
command both read from here.

2026 was checked day by day against the State Council General Office notice of
2025-11-04 (REFERENCE.md §1): 元旦 Jan 1–3 (work Sun Jan 4); 春节 Feb 15–23 (work
Feb 14, Feb 28); 清明 Apr 4–6; 劳动节 May 1–5 (work May 9); 端午 Jun 19–21; 中秋
Sep 25–27; 国庆 Oct 1–7 (work Sep 20, Oct 10). chinesecalendar 1.11.0 agrees, so no
correction is applied; worktime/tests/test_calendar_2026.py guards it. Should a
later package version disagree with a published notice, the notice wins: correct
the year in the office screens (or by import) rather than trusting the package.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import NamedTuple

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"

# The package names holidays in English; offices read them in Chinese.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
MAKEUP_SUFFIX = "调休上班"


class SeedDay(NamedTuple):
    date: datetime.date
    kind: str
    name: str


def _chinese_name(label: object) -> str:
    text = str(getattr(label, "value", label) or "")
    return HOLIDAY_NAMES.get(text, text or "节假日")


def package_years() -> list[int]:
    """Every year the installed chinesecalendar has the State Council arrangement for."""
    from chinese_calendar import constants

    return sorted({day.year for day in constants.holidays} | {day.year for day in constants.workdays})


def package_days(year: int) -> Iterator[SeedDay]:
    """The year's exceptions to the Monday–Friday week, as the package records them."""
    from chinese_calendar import constants

    for day, label in sorted(constants.holidays.items()):
        if day.year == year:
            yield SeedDay(day, HOLIDAY, _chinese_name(label))
    for day, label in sorted(constants.workdays.items()):
        if day.year == year:
            yield SeedDay(day, MAKEUP_WORKDAY, _chinese_name(label) + MAKEUP_SUFFIX)
