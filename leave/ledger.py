"""Leave balances: the entitlement rules and the ledger.

Annual leave entitlement (《职工带薪年休假条例》 art. 3) is read from the person's total
years worked (`Staff.started_work_on`). Decision: for 机关 staff we use the *completed*
years as of the leave's first day — someone who started work on 2016-03-02 has 5 days
for a leave starting 2026-03-01 (9 years, 11 months) and 10 days for one starting
2026-03-02. The year's allocation is posted as of January 1; reaching a tier during the
year posts a top-up effective on that anniversary, and a balance asked "as of" a day only
counts allocations in effect by then (so an anniversary never lends days to an earlier leave).

Exclusions (art. 4) come from the ledger itself: personal leave taken this year reaching
the threshold (20 days), or sick leave reaching 2/3/4 months by years worked, make the
year's annual leave unavailable. Months of sick leave are converted to days as 30 calendar
days, or 21.75 working days (the official monthly working days, 劳社部发〔2008〕3号) when
the unit counts sick leave in working days.

Carry-over: at most `carry_over_max_days` unused days of a year move into the next one and
expire at the end of `carry_over_expires_month`; days taken by leave starting on or before
that date use the carried days first.

Balances are computed from posted ledger lines; what is due but not yet posted (the
January allocation before the nightly job ran, a carry-over) is shown as projected, so
reading a balance never writes. The services post before they write a use.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from leave.counting import fmt_days
from leave.models import LeaveBalanceEntry, LeaveChange, LeaveExtension, LeaveRequest, LeaveType
from org.models import Staff

ZERO = Decimal(0)
Kind = LeaveBalanceEntry.Kind
# Days in a month of sick leave, for the annual-leave exclusion.
MONTH_CALENDAR_DAYS = Decimal(30)
MONTH_WORKDAYS = Decimal("21.75")


def completed_years(started: datetime.date, on: datetime.date) -> int:
    """Whole years from `started` to `on` (a birthday-style count)."""
    years = on.year - started.year - ((on.month, on.day) < (started.month, started.day))
    return max(years, 0)


def _tier(tiers: Iterable, years: int) -> Decimal:
    value = ZERO
    for min_years, amount in sorted((int(t[0]), Decimal(str(t[1]))) for t in tiers or []):
        if years >= min_years:
            value = amount
    return value


def entitlement(leave_type: LeaveType, staff: Staff, on: datetime.date) -> Decimal:
    """The yearly allocation due to `staff` for this type, as of `on`."""
    if leave_type.allocation == LeaveType.Allocation.FIXED:
        return leave_type.allocation_days or ZERO
    if leave_type.allocation == LeaveType.Allocation.YEARS_WORKED:
        return _tier(leave_type.entitlement_tiers, completed_years(staff.started_work_on, on))
    return ZERO


def _anniversary(started: datetime.date, year: int) -> datetime.date:
    try:
        return started.replace(year=year)
    except ValueError:  # started on 29 February: the year completes on 1 March
        return datetime.date(year, 3, 1)


def carry_expiry_date(leave_type: LeaveType, year: int) -> datetime.date:
    month = min(max(leave_type.carry_over_expires_month or 12, 1), 12)
    return datetime.date(year, month, pycalendar.monthrange(year, month)[1])


@dataclass
class Balance:
    leave_type: LeaveType
    year: int
    as_of: datetime.date
    entitlement: Decimal = ZERO
    allocated: Decimal = ZERO  # posted allocations in effect by as_of
    carried: Decimal = ZERO
    carry_projected: bool = False
    used: Decimal = ZERO  # positive
    returned: Decimal = ZERO
    expired: Decimal = ZERO  # positive
    projected_expiry: Decimal = ZERO
    adjusted: Decimal = ZERO
    pending: Decimal = ZERO  # asked for, not yet decided
    excluded_reason: str = ""
    entries: list = field(default_factory=list)

    @property
    def allocation(self) -> Decimal:
        return max(self.allocated, self.entitlement)

    @property
    def unposted_allocation(self) -> Decimal:
        return max(self.entitlement - self.allocated, ZERO)

    @property
    def granted(self) -> Decimal:
        """The allocation with the office's adjustments (e.g. 探亲假 granted per person, comp time credited)."""
        return self.allocation + self.adjusted

    @property
    def expired_total(self) -> Decimal:
        return self.expired + self.projected_expiry

    @property
    def net_used(self) -> Decimal:
        return self.used - self.returned

    @property
    def available(self) -> Decimal:
        """Days that may still be taken (before pending requests)."""
        if self.excluded_reason:
            return ZERO
        return (
            self.allocation
            + self.carried
            + self.adjusted
            - self.used
            + self.returned
            - self.expired
            - self.projected_expiry
        )

    @property
    def free(self) -> Decimal:
        """Days that a new request may ask for: available less what is already waiting for approval."""
        return self.available - self.pending

    @property
    def limited(self) -> bool:
        return self.leave_type.has_balance


def _sum(entries: list[LeaveBalanceEntry], *kinds: str) -> Decimal:
    return sum((e.days for e in entries if e.kind in kinds), ZERO)


def _net_taken(entries: list[LeaveBalanceEntry]) -> Decimal:
    """Days taken (uses less returns), positive."""
    return -_sum(entries, Kind.USE, Kind.RETURN)


def exclusion_reason(
    annual: LeaveType, staff: Staff, on: datetime.date, taken_by_code: dict[str, Decimal], sick_type: LeaveType | None
) -> str:
    """Why the year's annual leave is not available (art. 4), or ''. `taken_by_code`: net days taken this year."""
    if annual.code != LeaveType.Code.ANNUAL:
        return ""
    personal = taken_by_code.get(LeaveType.Code.PERSONAL, ZERO)
    if annual.exclusion_personal_days and personal >= annual.exclusion_personal_days:
        return _("Personal leave this year has reached %(days)s days, so there is no annual leave this year.") % {
            "days": fmt_days(annual.exclusion_personal_days)
        }
    months = _tier(annual.exclusion_sick_months, completed_years(staff.started_work_on, on))
    sick = taken_by_code.get(LeaveType.Code.SICK, ZERO)
    if months and sick:
        per_month = MONTH_WORKDAYS if (sick_type is None or sick_type.is_workdays) else MONTH_CALENDAR_DAYS
        if sick >= months * per_month:
            return _(
                "Sick leave this year has reached %(months)s months (%(days)s days), so there is no annual leave "
                "this year."
            ) % {"months": fmt_days(months), "days": fmt_days(sick)}
    return ""


def _compute(
    leave_type: LeaveType,
    staff: Staff,
    year: int,
    as_of: datetime.date,
    entries: list[LeaveBalanceEntry],
    prev_entries: list[LeaveBalanceEntry] | None,
) -> Balance:
    balance = Balance(leave_type=leave_type, year=year, as_of=as_of, entries=entries)
    balance.entitlement = entitlement(leave_type, staff, as_of)
    balance.allocated = sum((e.days for e in entries if e.kind == Kind.ALLOCATION and e.effective_on <= as_of), ZERO)
    balance.used = -_sum(entries, Kind.USE)
    balance.returned = _sum(entries, Kind.RETURN)
    balance.adjusted = _sum(entries, Kind.ADJUSTMENT)
    balance.expired = -_sum(entries, Kind.EXPIRY)
    carry = [e for e in entries if e.kind == Kind.CARRY_OVER]
    if carry:
        balance.carried = _sum(carry, Kind.CARRY_OVER)
    elif prev_entries:
        balance.carried = projected_carry(leave_type, staff, year, prev_entries)
        balance.carry_projected = balance.carried > 0
    has_expiry = any(e.kind == Kind.EXPIRY for e in entries)
    if balance.carried and not has_expiry and as_of > carry_expiry_date(leave_type, year):
        balance.projected_expiry = expirable(leave_type, year, balance.carried, entries)
    return balance


def projected_carry(leave_type: LeaveType, staff: Staff, year: int, prev_entries: list[LeaveBalanceEntry]) -> Decimal:
    """What last year leaves for this year: its unused days, capped. Only for a year the ledger recorded."""
    if not leave_type.carry_over_max_days or not prev_entries:
        return ZERO
    prev = _compute(leave_type, staff, year - 1, datetime.date(year - 1, 12, 31), prev_entries, None)
    return min(max(prev.available, ZERO), leave_type.carry_over_max_days)


def expirable(leave_type: LeaveType, year: int, carried: Decimal, entries: list[LeaveBalanceEntry]) -> Decimal:
    """Carried days not used by leave starting on or before the expiry date (carried days are used first)."""
    cutoff = carry_expiry_date(leave_type, year)
    used_before = _net_taken([e for e in entries if e.effective_on <= cutoff])
    return max(carried - max(used_before, ZERO), ZERO)


def _entries(staff: Staff, years: Iterable[int]) -> list[LeaveBalanceEntry]:
    return list(LeaveBalanceEntry.objects.filter(staff=staff, year__in=list(years)).order_by("effective_on", "id"))


def _pending_days(staff: Staff, year: int, exclude_request_id: int | None = None) -> dict[int, Decimal]:
    """Days asked for and not yet decided, per leave type: pending or returned requests and extensions."""
    waiting = (LeaveRequest.Status.PENDING, LeaveRequest.Status.RETURNED)
    result: dict[int, Decimal] = defaultdict(lambda: ZERO)
    requests = (
        LeaveRequest.objects.filter(staff=staff, status__in=waiting, starts_on__year=year)
        .exclude(pk=exclude_request_id)
        .values("leave_type_id")
        .annotate(total=Sum("days"))
    )
    for row in requests:
        result[row["leave_type_id"]] += row["total"] or ZERO
    extensions = (
        LeaveExtension.objects.filter(
            request__staff=staff,
            status__in=(LeaveChange.Status.PENDING, LeaveChange.Status.RETURNED),
            request__starts_on__year=year,
        )
        .values("request__leave_type_id")
        .annotate(total=Sum("extra_days"))
    )
    for row in extensions:
        result[row["request__leave_type_id"]] += row["total"] or ZERO
    return result


def balances(
    staff: Staff,
    year: int,
    as_of: datetime.date,
    types: list[LeaveType],
    *,
    exclude_request_id: int | None = None,
) -> dict[int, Balance]:
    """Every type's balance for `staff` in `year` as of `as_of` (three queries whatever the number of types)."""
    all_entries = _entries(staff, (year - 1, year))
    this_year: dict[int, list] = defaultdict(list)
    last_year: dict[int, list] = defaultdict(list)
    for entry in all_entries:
        (this_year if entry.year == year else last_year)[entry.leave_type_id].append(entry)
    pending = _pending_days(staff, year, exclude_request_id)
    taken_by_code = {t.code: _net_taken(this_year[t.pk]) for t in types}
    sick_type = next((t for t in types if t.code == LeaveType.Code.SICK), None)
    result = {}
    for leave_type in types:
        balance = _compute(leave_type, staff, year, as_of, this_year[leave_type.pk], last_year[leave_type.pk])
        balance.pending = pending[leave_type.pk]
        balance.excluded_reason = exclusion_reason(leave_type, staff, as_of, taken_by_code, sick_type)
        result[leave_type.pk] = balance
    return result


def balance_of(staff: Staff, leave_type: LeaveType, as_of: datetime.date, types: list[LeaveType], **kw) -> Balance:
    return balances(staff, as_of.year, as_of, types, **kw)[leave_type.pk]


# ---------------------------------------------------------------------------
# Posting. Called only from services, inside their transaction; they write the audit event.


def _create(staff, leave_type, year, kind, days, effective_on, *, request=None, note="", user=None):
    return LeaveBalanceEntry.objects.create(
        staff=staff,
        leave_type=leave_type,
        year=year,
        kind=kind,
        days=days,
        effective_on=effective_on,
        request=request,
        note=note[:200],
        created_by=user,
    )


def post_allocation(staff: Staff, leave_type: LeaveType, year: int, as_of: datetime.date, user=None) -> list:
    """Post the year's allocation as of January 1, and a top-up if a tier was reached by `as_of`."""
    if leave_type.allocation == LeaveType.Allocation.NONE or as_of.year != year:
        return []
    posted = list(LeaveBalanceEntry.objects.filter(staff=staff, leave_type=leave_type, year=year, kind=Kind.ALLOCATION))
    total = sum((e.days for e in posted), ZERO)
    jan1 = datetime.date(year, 1, 1)
    created = []
    due_jan1 = entitlement(leave_type, staff, jan1)
    if due_jan1 > total:
        created.append(
            _create(
                staff, leave_type, year, Kind.ALLOCATION, due_jan1 - total, jan1, note=_("Yearly allocation"), user=user
            )
        )
        total = due_jan1
    due_now = entitlement(leave_type, staff, as_of)
    if due_now > total:
        effective = max(jan1, _anniversary(staff.started_work_on, year))
        if effective > as_of:
            effective = as_of
        created.append(
            _create(
                staff,
                leave_type,
                year,
                Kind.ALLOCATION,
                due_now - total,
                effective,
                note=_("%(years)s years worked: allocation raised to %(days)s days")
                % {"years": completed_years(staff.started_work_on, as_of), "days": fmt_days(due_now)},
                user=user,
            )
        )
    return created


def post_carry_over(staff: Staff, leave_type: LeaveType, year: int, user=None) -> LeaveBalanceEntry | None:
    if not leave_type.carry_over_max_days:
        return None
    if LeaveBalanceEntry.objects.filter(staff=staff, leave_type=leave_type, year=year, kind=Kind.CARRY_OVER).exists():
        return None
    prev_entries = list(LeaveBalanceEntry.objects.filter(staff=staff, leave_type=leave_type, year=year - 1))
    days = projected_carry(leave_type, staff, year, prev_entries)
    if days <= 0:
        return None
    expires = carry_expiry_date(leave_type, year)
    return _create(
        staff,
        leave_type,
        year,
        Kind.CARRY_OVER,
        days,
        datetime.date(year, 1, 1),
        note=_("Unused days of %(year)s, valid until %(date)s")
        % {"year": year - 1, "date": f"{expires.month}月{expires.day}日"},
        user=user,
    )


def post_expiry(staff: Staff, leave_type: LeaveType, year: int, today: datetime.date, user=None):
    expires = carry_expiry_date(leave_type, year)
    if today <= expires:
        return None
    entries = list(LeaveBalanceEntry.objects.filter(staff=staff, leave_type=leave_type, year=year))
    if any(e.kind == Kind.EXPIRY for e in entries):
        return None
    carried = _sum(entries, Kind.CARRY_OVER)
    if not carried:
        return None
    days = expirable(leave_type, year, carried, entries)
    if days <= 0:
        return None
    return _create(
        staff, leave_type, year, Kind.EXPIRY, -days, expires, note=_("Carried days not taken in time"), user=user
    )


def post_use(request: LeaveRequest, days: Decimal, note: str, user=None) -> LeaveBalanceEntry:
    return _create(
        request.staff,
        request.leave_type,
        request.year,
        Kind.USE,
        -days,
        request.starts_on,
        request=request,
        note=note,
        user=user,
    )


def post_return(request: LeaveRequest, days: Decimal, note: str, user=None) -> LeaveBalanceEntry:
    return _create(
        request.staff,
        request.leave_type,
        request.year,
        Kind.RETURN,
        days,
        request.starts_on,
        request=request,
        note=note,
        user=user,
    )


def post_adjustment(
    staff: Staff, leave_type: LeaveType, year: int, days: Decimal, effective_on: datetime.date, note: str, user=None
) -> LeaveBalanceEntry:
    return _create(staff, leave_type, year, Kind.ADJUSTMENT, days, effective_on, note=note, user=user)


def ensure_year(
    staff: Staff, leave_type: LeaveType, year: int, as_of: datetime.date, today: datetime.date, user=None
) -> list:
    """Post what is due for the year: the allocation in effect by `as_of` (a leave's first day, or today),
    the carry-over, and — only once `today` is past the date — the expiry of carried days. Expiry waits for
    the real date because leave starting before it, asked later, may still use the carried days."""
    created = list(post_allocation(staff, leave_type, year, as_of, user))
    carry = post_carry_over(staff, leave_type, year, user)
    if carry:
        created.append(carry)
    expiry = post_expiry(staff, leave_type, year, today, user)
    if expiry:
        created.append(expiry)
    return created


def comp_time_credit(*, staff: Staff, days: Decimal, day: datetime.date, note: str, user=None):
    """Credit comp time (调休) from approved overtime. For the attendance app, inside its own audited service."""
    from leave.selectors import leave_types_for

    leave_type = next((t for t in leave_types_for(staff.unit) if t.code == LeaveType.Code.COMP_TIME), None)
    if leave_type is None:
        return None
    return post_adjustment(staff, leave_type, day.year, days, day, note, user)
