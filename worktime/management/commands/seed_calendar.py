"""Load work-calendar years from the installed chinesecalendar package.

The data migration loads every year the package knew when it ran. After a
package upgrade brings a new year (e.g. 2027), run this to load it:

    manage.py seed_calendar            # every year the package knows and the database lacks
    manage.py seed_calendar --year 2027 [--replace]

Years already loaded are kept (the office may have corrected them) unless --replace is given.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from worktime.models import CalendarYear
from worktime.seeding import package_years
from worktime.services import WorktimeError, calendar_year_seed


class Command(BaseCommand):
    help = "Load work-calendar years from the chinesecalendar package."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, help="Only this year.")
        parser.add_argument("--replace", action="store_true", help="Replace a year that is already loaded.")

    def handle(self, *args, year: int | None = None, replace: bool = False, **options) -> None:
        if year is not None:
            years = [year]
        else:
            loaded = set(CalendarYear.objects.values_list("year", flat=True))
            years = [y for y in package_years() if replace or y not in loaded]
        for each in years:
            try:
                calendar_year_seed(actor=None, year=each, replace=replace)
            except WorktimeError as error:
                raise CommandError(" ".join(error.messages))
            self.stdout.write(f"{each}: loaded")
        if not years:
            self.stdout.write("Every year the package knows is already loaded.")
