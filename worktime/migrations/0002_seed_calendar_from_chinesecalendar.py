"""Seed the work calendar with every year the installed chinesecalendar knows (2004–2026 for 1.11.0).

2026 was checked against the State Council notice (see worktime/seeding.py); years the
package does not know (2027 on) are imported by the office or loaded with
`manage.py seed_calendar` after a package upgrade.
"""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from worktime.seeding import package_days, package_years

    CalendarYear = apps.get_model("worktime", "CalendarYear")
    CalendarDay = apps.get_model("worktime", "CalendarDay")
    now = timezone.now()
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    for year in package_years():
        if year in loaded:
            continue
        calendar_year = CalendarYear.objects.create(year=year, source="seeded", loaded_at=now)
        CalendarDay.objects.bulk_create(
            [CalendarDay(calendar_year=calendar_year, date=d.date, kind=d.kind, name=d.name) for d in package_days(year)]
        )


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("worktime", "CalendarYear")
    CalendarYear.objects.filter(source="seeded").delete()


class Migration(migrations.Migration):
    dependencies = [("worktime", "0001_calendar_and_work_hours")]

    operations = [migrations.RunPython(seed, unseed)]
