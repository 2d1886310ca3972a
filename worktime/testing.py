"""Helpers for tests.

The data migration seeds the calendar once per test database. Transactional and
browser tests empty every table afterwards (flush); the root conftest connects
`reseed_after_flush` so the built-in years come back, as they would on a new
database. A test that deletes years itself can load them again:

    from worktime.testing import load_calendar
    load_calendar()            # every year chinesecalendar knows (2004–2026)
    load_calendar([2026])
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from worktime import calendar
from worktime.models import CalendarDay, CalendarYear
from worktime.seeding import package_days, package_years


def load_calendar(years: Iterable[int] | None = None) -> None:
    """Seed the given years (default: all the package knows) where missing, without audit events."""
    wanted = list(years) if years is not None else package_years()
    loaded = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    for year in wanted:
        if year in loaded:
            continue
        entry = CalendarYear.objects.create(year=year, source=CalendarYear.Source.SEEDED, loaded_at=timezone.now())
        CalendarDay.objects.bulk_create(
            [CalendarDay(calendar_year=entry, date=d.date, kind=d.kind, name=d.name) for d in package_days(year)]
        )
    calendar.clear_cache()


def reseed_after_flush(sender, using: str = "default", **kwargs) -> None:
    """post_migrate receiver (Django sends it after every flush): put the built-in years back when the calendar is
    empty. Test-only: in production the data migration seeds once and nothing ever empties the table."""
    if not CalendarYear.objects.using(using).exists():
        load_calendar()
