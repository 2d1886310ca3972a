"""Loading years from chinesecalendar after a package upgrade (`manage.py seed_calendar`)."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from worktime.calendar import CalendarMissing, is_workday
from worktime.models import CalendarYear
from worktime.seeding import package_years
from worktime.services import WorktimeError, calendar_year_seed
from worktime.testing import load_calendar

from .helpers import d

pytestmark = pytest.mark.django_db


def test_the_package_knows_2004_to_2026():
    assert package_years() == list(range(2004, 2027))


def test_the_command_loads_only_missing_years_with_one_audit_event_each():
    CalendarYear.objects.filter(year=2025).delete()
    with pytest.raises(CalendarMissing):
        is_workday(d("2025-10-01"))
    before = AuditEvent.objects.count()
    call_command("seed_calendar", stdout=io.StringIO())
    assert not is_workday(d("2025-10-01"))
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").action == "worktime.calendar_year_seed"


def test_a_loaded_year_is_kept_and_an_unknown_year_refused():
    with pytest.raises(WorktimeError):
        calendar_year_seed(actor=None, year=2026)
    with pytest.raises(CommandError):
        call_command("seed_calendar", year=2030)


def test_the_test_helper_reloads_after_a_flush():
    CalendarYear.objects.all().delete()
    load_calendar([2026])
    assert not is_workday(d("2026-10-01"))


@pytest.mark.django_db(transaction=True)
def test_the_built_in_years_come_back_after_a_flush():
    # Transactional and browser tests flush every table after each test; the suite puts the seeded years back.
    call_command("flush", interactive=False, verbosity=0)
    assert CalendarYear.objects.filter(year=2026).exists()
    assert not is_workday(d("2026-10-01"))
