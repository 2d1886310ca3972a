"""The work calendar, as every other app asks it. Nothing else counts working days.

    from worktime.calendar import CalendarMissing, is_workday, working_days

A normal Monday–Friday is a workday, Saturday and Sunday are rest days, unless
the year's calendar says otherwise (a holiday, or a make-up workday 调休上班).
Every function raises `CalendarMissing` for a day in a year whose calendar has
not been loaded: a missing year is never silently treated as "normal weeks".

Caching (several gunicorn workers, each with threads):
- Per process, each year's exceptions are kept in memory with the year's
  `CalendarYear.version` token they were read at.
- Per thread, the map {year: version} of loaded years is read with ONE small
  query and trusted until the next request starts (a `request_started` handler
  drops it) or, outside requests (jobs, commands, shells), for at most
  `VERSION_TTL_SECONDS`.
- When a token differs from the cached copy's, that year is read again.
So a request sees every calendar edit committed before it started, whichever
worker made the edit; a background job sees it within 30 seconds. The editing
services also clear this process's cache at once and again on commit.
Cost: one query per request that uses the calendar, plus one per year the
process has not read yet — flat however many days are asked about.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

WORKDAY = "workday"
REST = "rest"
HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"
WORKING_KINDS = frozenset({WORKDAY, MAKEUP_WORKDAY})

VERSION_TTL_SECONDS = 30.0
ONE_DAY = datetime.timedelta(days=1)


class CalendarMissing(Exception):
    """A day was asked about in a year whose work calendar has not been loaded."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            _(
                "The work calendar for %(year)s has not been loaded yet; "
                "please ask the office (business settings duty) to import it."
            )
            % {"year": year}
        )

    @property
    def message(self) -> str:
        return str(self)


@dataclass
class _Year:
    version: str
    kinds: dict[datetime.date, str] = field(default_factory=dict)
    names: dict[datetime.date, str] = field(default_factory=dict)


_years: dict[int, _Year] = {}  # per process, shared by the worker's threads
_lock = threading.Lock()
_local = threading.local()  # per thread: versions (dict[int, str]) and when they were read


def clear_cache() -> None:
    """Forget everything cached in this process (the editing services and the tests call it)."""
    with _lock:
        _years.clear()
    forget_versions()


def forget_versions(**_kwargs) -> None:
    """Make this thread re-read the year versions on its next question (connected to request_started)."""
    _local.versions = None
    _local.read_at = 0.0


def _versions() -> dict[int, str]:
    versions = getattr(_local, "versions", None)
    if versions is not None and time.monotonic() - _local.read_at < VERSION_TTL_SECONDS:
        return versions
    from worktime.models import CalendarYear

    versions = dict(CalendarYear.objects.values_list("year", "version"))
    _local.versions = versions
    _local.read_at = time.monotonic()
    return versions


def _year(year: int) -> _Year:
    version = _versions().get(year)
    if version is None:
        raise CalendarMissing(year)
    cached = _years.get(year)
    if cached is not None and cached.version == version:
        return cached
    from worktime.models import CalendarDay

    loaded = _Year(version=version)
    for day, kind, name in CalendarDay.objects.filter(calendar_year__year=year).values_list("date", "kind", "name"):
        loaded.kinds[day] = kind
        loaded.names[day] = name
    with _lock:
        _years[year] = loaded
    return loaded


# ---------------------------------------------------------------------------
# The API


def loaded_years() -> set[int]:
    return set(_versions())


def year_is_loaded(year: int) -> bool:
    return year in _versions()


def day_kind(day: datetime.date) -> str:
    """'workday', 'rest', 'holiday' or 'makeup_workday'."""
    kind = _year(day.year).kinds.get(day)
    if kind is not None:
        return kind
    return WORKDAY if day.weekday() < 5 else REST


def is_workday(day: datetime.date) -> bool:
    return day_kind(day) in WORKING_KINDS


def holiday_name(day: datetime.date) -> str:
    """The holiday's or make-up day's name (国庆节, 国庆节调休上班); '' for an ordinary day."""
    return _year(day.year).names.get(day, "")


def calendar_days(start: datetime.date, end: datetime.date) -> int:
    """Days from start to end, both included; 0 when end is before start. Needs no calendar."""
    return max((end - start).days + 1, 0)


def working_days_list(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The workdays from start to end, both included, in order."""
    days: list[datetime.date] = []
    day = start
    while day <= end:
        kinds = _year(day.year).kinds
        year_end = min(end, datetime.date(day.year, 12, 31))
        while day <= year_end:
            kind = kinds.get(day)
            if kind is None:
                kind = WORKDAY if day.weekday() < 5 else REST
            if kind in WORKING_KINDS:
                days.append(day)
            day += ONE_DAY
    return days


def working_days(start: datetime.date, end: datetime.date) -> int:
    """How many workdays from start to end, both included (0 when end is before start)."""
    return len(working_days_list(start, end))


def next_workday(day: datetime.date) -> datetime.date:
    """The first workday strictly after `day`."""
    return add_workdays(day, 1)


def add_workdays(day: datetime.date, n: int) -> datetime.date:
    """The n-th workday after `day` (before it when n is negative); `day` itself when n is 0.

    For deadlines: a task given on Friday with 3 working days is due `add_workdays(friday, 3)`.
    """
    step = ONE_DAY if n >= 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        if is_workday(day):
            remaining -= 1
    return day
