"""Annual leave entitlement by years worked, the exclusions, carry-over and expiry — against the 2026 calendar."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from leave import ledger
from leave.counting import count_days
from leave.models import LeaveBalanceEntry
from leave.selectors import leave_types_for
from leave.services import LeaveError, leave_ledger_roll, leave_type_update
from leave.tests.helpers import D, at, leave_type, submit, take
from org.models import Gender, Position
from org.services import staff_create

pytestmark = pytest.mark.django_db

d = datetime.date


def person(cast, started: datetime.date, username="xinren"):
    return staff_create(
        actor=None,
        unit=cast.unit,
        section=cast.org_section,
        username=username,
        full_name="钱多多",
        gender=Gender.MALE,
        started_work_on=started,
        position=Position.STAFF,
        title="科员",
        audit=False,
    )


def balance(staff, code, as_of):
    types = leave_types_for(staff.unit)
    return ledger.balances(staff, as_of.year, as_of, types)[leave_type(staff.unit, code).pk]


@pytest.mark.parametrize(
    ("started", "on", "years"),
    [
        (d(2016, 3, 3), d(2026, 3, 2), 9),
        (d(2016, 3, 3), d(2026, 3, 3), 10),
        (d(2016, 2, 29), d(2026, 2, 28), 9),
        (d(2016, 2, 29), d(2026, 3, 1), 10),
        (d(2026, 7, 1), d(2026, 1, 1), 0),
    ],
)
def test_completed_years_count_whole_years(started, on, years):
    assert ledger.completed_years(started, on) == years


@pytest.mark.parametrize(("years", "days"), [(0, 0), (1, 5), (9, 5), (10, 10), (19, 10), (20, 15), (35, 15)])
def test_entitlement_tiers_follow_the_regulation(cast, years, days):
    staff = person(cast, d(2026 - years, 1, 1))
    assert ledger.entitlement(leave_type(cast.unit, "annual"), staff, d(2026, 6, 1)) == days


def test_nine_years_eleven_months_has_five_days_ten_years_has_ten(cast, time_machine):
    """Started work on 2016-03-03: on 2026-03-02 that is 9 years 11 months, on 2026-03-03 exactly 10 years."""
    time_machine.move_to(at(d(2026, 2, 20)), tick=False)
    staff = person(cast, d(2016, 3, 3))
    annual = leave_type(cast.unit, "annual")
    assert ledger.entitlement(annual, staff, d(2026, 3, 2)) == 5
    assert ledger.entitlement(annual, staff, d(2026, 3, 3)) == 10
    # Six working days starting the day before the anniversary: only 5 available then.
    assert count_days(annual, d(2026, 3, 2), d(2026, 3, 9)).days == 6
    with pytest.raises(LeaveError) as info:
        submit(staff, "annual", d(2026, 3, 2), d(2026, 3, 9))
    assert "5" in info.value.message_dict["ends_on"][0]
    # The same six days starting on the anniversary: 10 available.
    request = take(staff, "annual", d(2026, 3, 3), d(2026, 3, 10))
    assert request.days == 6
    allocations = list(
        LeaveBalanceEntry.objects.filter(staff=staff, kind="allocation").values_list("days", "effective_on")
    )
    assert allocations == [(D(5), d(2026, 1, 1)), (D(5), d(2026, 3, 3))]
    assert balance(staff, "annual", d(2026, 3, 3)).available == 4
    # An anniversary never lends days to an earlier leave.
    assert balance(staff, "annual", d(2026, 3, 2)).available == -1


def test_twenty_days_of_personal_leave_exclude_annual_leave(cast, time_machine):
    time_machine.move_to(at(d(2026, 2, 20)), tick=False)
    take(cast.staff, "personal", d(2026, 3, 2), d(2026, 3, 26))  # 19 working days
    assert balance(cast.staff, "annual", d(2026, 4, 1)).available == 5
    take(cast.staff, "personal", d(2026, 3, 27))  # the 20th
    found = balance(cast.staff, "annual", d(2026, 4, 1))
    assert found.available == 0 and "20" in found.excluded_reason
    with pytest.raises(LeaveError) as info:
        submit(cast.staff, "annual", d(2026, 4, 7))
    assert "事假" in info.value.message_dict["ends_on"][0]


def test_two_months_of_sick_leave_exclude_annual_leave_under_ten_years(cast, time_machine):
    time_machine.move_to(at(d(2026, 2, 20)), tick=False)
    certificate = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 certificate", content_type="application/pdf")
    # 2 months = 43.5 working days for someone with 9 years worked (art. 4: <10 years, 2 months).
    sick = take(cast.staff, "sick", d(2026, 3, 2), d(2026, 4, 30), certificate=certificate)
    assert sick.days == 43  # 清明 (4月6日) is not counted
    assert balance(cast.staff, "annual", d(2026, 5, 6)).excluded_reason == ""
    take(cast.staff, "sick", d(2026, 5, 6))
    assert balance(cast.staff, "annual", d(2026, 5, 7)).excluded_reason
    # 周明 has 12 years worked: 3 months apply, the same sick leave would not exclude him.
    head_sick = take(cast.head, "sick", d(2026, 3, 2), d(2026, 5, 6), certificate=certificate)
    assert head_sick.days == 44
    assert balance(cast.head, "annual", d(2026, 5, 7)).excluded_reason == ""


def test_carry_over_is_used_first_and_the_rest_expires(cast, time_machine):
    annual = leave_type(cast.unit, "annual")
    leave_type_update(
        actor=cast.office_head,
        leave_type_id=annual.pk,
        values={"carry_over_max_days": D(5), "carry_over_expires_month": 3},
    )
    time_machine.move_to(at(d(2025, 6, 2)), tick=False)
    take(cast.staff, "annual", d(2025, 6, 9), d(2025, 6, 10))  # 2 of 5 days in 2025
    time_machine.move_to(at(d(2026, 1, 5)), tick=False)
    projected = balance(cast.staff, "annual", d(2026, 1, 5))
    assert (projected.carried, projected.carry_projected, projected.available) == (3, True, 8)
    take(cast.staff, "annual", d(2026, 2, 2))  # before the carried days expire
    carried = LeaveBalanceEntry.objects.get(staff=cast.staff, kind="carry_over")
    assert (carried.year, carried.days) == (2026, 3)
    after = balance(cast.staff, "annual", d(2026, 5, 6))
    assert (after.projected_expiry, after.available) == (2, 5)
    time_machine.move_to(at(d(2026, 4, 1)), tick=False)
    before = AuditEvent.objects.filter(unit=cast.unit).count()
    assert leave_ledger_roll() >= 1
    assert AuditEvent.objects.filter(unit=cast.unit).count() == before + 1  # one event per unit
    expiry = LeaveBalanceEntry.objects.get(staff=cast.staff, kind="expiry")
    assert (expiry.days, expiry.effective_on) == (D(-2), d(2026, 3, 31))
    assert balance(cast.staff, "annual", d(2026, 5, 6)).available == 5
    with pytest.raises(LeaveError):
        submit(cast.staff, "annual", d(2026, 5, 6), d(2026, 5, 12))  # 6 working days (5月9日 is a make-up day)
    assert take(cast.staff, "annual", d(2026, 5, 6), d(2026, 5, 11)).days == 5


def test_ledger_roll_is_idempotent_and_silent_when_nothing_is_due(cast, time_machine):
    time_machine.move_to(at(d(2026, 1, 2)), tick=False)
    first = leave_ledger_roll()
    assert first == LeaveBalanceEntry.objects.filter(kind="allocation").count() > 0
    before = AuditEvent.objects.count()
    assert leave_ledger_roll() == 0
    assert AuditEvent.objects.count() == before


def test_balance_view_projects_the_allocation_before_it_is_posted(cast):
    found = balance(cast.head, "annual", d(2026, 6, 1))
    assert (found.allocated, found.entitlement, found.unposted_allocation, found.available) == (0, 10, 10, 10)
