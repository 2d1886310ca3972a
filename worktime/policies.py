"""Work hours per unit, as attendance asks them.

    from worktime.policies import schedule_for
    schedule = schedule_for(unit, day)   # sessions as aware datetimes in Asia/Shanghai

A unit's policy is versioned: a version applies from its `effective_from` until
the next version's, so a change never rewrites a past day. A unit without a
version in force that day gets the built-in default (labelled 默认作息).

`schedule_for` answers for any date and never consults the work calendar:
whether the day is a workday is `worktime.calendar.is_workday`'s question.

Caching: each thread keeps a unit's versions (one query per unit) until the next
request starts, or for at most `TTL_SECONDS` outside requests; the editing
services clear it at once. So a request always sees the versions committed
before it started.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from worktime.models import WorkHourPolicy

SHANGHAI = ZoneInfo("Asia/Shanghai")
TTL_SECONDS = 30.0
SUMMER = "summer"
WINTER = "winter"

_local = threading.local()


def default_policy_values() -> dict[str, Any]:
    """The hours used while a unit has no policy of its own; also the starting values of a unit's first version."""
    t = datetime.time
    return {
        "name": _("Default hours"),
        "summer_from": "05-01",
        "winter_from": "10-01",
        "summer_morning_start": t(8, 30),
        "summer_morning_end": t(12, 0),
        "summer_afternoon_start": t(14, 30),
        "summer_afternoon_end": t(18, 0),
        "winter_morning_start": t(9, 0),
        "winter_morning_end": t(12, 0),
        "winter_afternoon_start": t(14, 0),
        "winter_afternoon_end": t(17, 30),
        "grace_minutes_late": 5,
        "grace_minutes_early": 5,
        "required_punches": WorkHourPolicy.Punches.FOUR,
    }


def default_policy(unit_id: int | None) -> WorkHourPolicy:
    """An unsaved policy with the default values (its `is_default` is True)."""
    return WorkHourPolicy(unit_id=unit_id, effective_from=datetime.date.min, **default_policy_values())


def clear_cache(**_kwargs) -> None:
    """Forget this thread's cached versions (connected to request_started; the editing services call it)."""
    _local.versions = {}
    _local.read_at = time.monotonic()


def unit_versions(unit_id: int) -> list[WorkHourPolicy]:
    """The unit's versions, newest start first; cached per thread (see the module docstring)."""
    cache: dict[int, list[WorkHourPolicy]] | None = getattr(_local, "versions", None)
    if cache is None or time.monotonic() - _local.read_at >= TTL_SECONDS:
        clear_cache()
        cache = _local.versions
    versions = cache.get(unit_id)
    if versions is None:
        versions = list(WorkHourPolicy.objects.filter(unit_id=unit_id).order_by("-effective_from"))
        cache[unit_id] = versions
    return versions


def _unit_id(unit) -> int:
    return unit if isinstance(unit, int) else unit.pk


def policy_for(unit, day: datetime.date) -> WorkHourPolicy:
    """The version in force for the unit (a Unit or its id) on `day`; the default when it has none.

    Never None: a unit with no version of its own gets `default_policy` (is_default True).
    """
    unit_id = _unit_id(unit)
    for version in unit_versions(unit_id):
        if version.effective_from <= day:
            return version
    return default_policy(unit_id)


@dataclass(frozen=True)
class Schedule:
    """One day's hours for one unit. Datetimes are aware, in Asia/Shanghai."""

    day: datetime.date
    season: str  # "summer" / "winter"
    morning_start: datetime.datetime
    morning_end: datetime.datetime
    afternoon_start: datetime.datetime
    afternoon_end: datetime.datetime
    grace_minutes_late: int
    grace_minutes_early: int
    required_punches: str  # "4": morning in/out + afternoon in/out; "2": in + out
    policy_name: str
    is_default: bool

    @property
    def sessions(self) -> tuple[tuple[datetime.datetime, datetime.datetime], ...]:
        return ((self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end))

    @property
    def starts_at(self) -> datetime.datetime:
        return self.morning_start

    @property
    def ends_at(self) -> datetime.datetime:
        return self.afternoon_end

    @property
    def grace_late(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.grace_minutes_late)

    @property
    def grace_early(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.grace_minutes_early)

    def is_late(self, punch: datetime.datetime, session_start: datetime.datetime | None = None) -> bool:
        """A punch after the session's start plus the grace minutes is late."""
        return punch > (session_start or self.morning_start) + self.grace_late

    def is_early(self, punch: datetime.datetime, session_end: datetime.datetime | None = None) -> bool:
        """A punch before the session's end minus the grace minutes is leaving early."""
        return punch < (session_end or self.afternoon_end) - self.grace_early


def _at(day: datetime.date, moment: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, moment, tzinfo=SHANGHAI)


def schedule_for(unit, day: datetime.date) -> Schedule:
    policy = policy_for(unit, day)
    season = policy.season_on(day)
    morning_start, morning_end, afternoon_start, afternoon_end = policy.times(season)
    return Schedule(
        day=day,
        season=season,
        morning_start=_at(day, morning_start),
        morning_end=_at(day, morning_end),
        afternoon_start=_at(day, afternoon_start),
        afternoon_end=_at(day, afternoon_end),
        grace_minutes_late=policy.grace_minutes_late,
        grace_minutes_early=policy.grace_minutes_early,
        required_punches=policy.required_punches,
        policy_name=policy.name,
        is_default=policy.is_default,
    )
