"""State changes of the work calendar and the work-hour policies.

Each is one transaction with exactly one audit event. Calendar changes give the
year a new version token and clear this process's calendar cache (at once and
again on commit); other workers notice the new token on their next request
(see worktime.calendar).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.text import cn_date as _cn
from org.models import Unit
from worktime import calendar, policies
from worktime.models import CalendarDay, CalendarYear, WorkHourPolicy, new_version
from worktime.seeding import SeedDay, package_days, package_years

FIRST_YEAR = 2000
LAST_YEAR = 2100
KIND_LABELS = {CalendarDay.Kind.HOLIDAY: "节假日", CalendarDay.Kind.MAKEUP_WORKDAY: "调休上班"}


class WorktimeError(ValidationError):
    """A change that is not allowed; the message says why in the user's language."""


# ---------------------------------------------------------------------------
# Calendar


def _calendar_changed() -> None:
    calendar.clear_cache()
    # A thread of this process may re-read the old rows before the commit; clear again after it.
    transaction.on_commit(calendar.clear_cache)


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise WorktimeError(
            _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def day_problem(*, day: datetime.date, kind: str, name: str) -> str:
    """Why this calendar day cannot be stored, or '' when it can. Shared by the form, the import and the services."""
    if kind not in CalendarDay.Kind.values:
        return _("Choose holiday or make-up workday.")
    if not name.strip():
        return _("Enter the name, e.g. 国庆节 or 国庆节调休上班.")
    if len(name.strip()) > 30:
        return _("The name can have at most 30 characters.")
    if kind == CalendarDay.Kind.MAKEUP_WORKDAY and day.weekday() < 5:
        return _(
            "A make-up workday falls on a Saturday or Sunday; %(date)s is a weekday, which is a workday anyway."
        ) % {"date": _cn(day)}
    return ""


def _check_day(*, day: datetime.date, kind: str, name: str) -> None:
    problem = day_problem(day=day, kind=kind, name=name)
    if problem:
        raise WorktimeError(problem)


def _lock_year(year: int) -> CalendarYear:
    calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
    if calendar_year is None:
        raise WorktimeError(
            _("The work calendar for %(year)s has not been loaded; import the year first.") % {"year": year}
        )
    return calendar_year


def _lock_day(day_id: int) -> tuple[CalendarYear, CalendarDay]:
    """Lock the day's year, then the day: the order every calendar service locks in, so none deadlock."""
    year = CalendarDay.objects.filter(pk=day_id).values_list("date__year", flat=True).first()
    if year is None:
        raise WorktimeError(_("This day is no longer in the calendar."))
    calendar_year = _lock_year(year)
    entry = CalendarDay.objects.select_for_update().filter(pk=day_id, calendar_year=calendar_year).first()
    if entry is None:
        raise WorktimeError(_("This day is no longer in the calendar."))
    return calendar_year, entry


def _touch(calendar_year: CalendarYear) -> None:
    calendar_year.version = new_version()
    calendar_year.save(update_fields=["version", "updated_at"])
    _calendar_changed()


def calendar_day_add(*, actor, day: datetime.date, kind: str, name: str) -> CalendarDay:
    """Mark one day of a loaded year as a holiday or a make-up workday."""
    _check_day(day=day, kind=kind, name=name)
    with transaction.atomic():
        calendar_year = _lock_year(day.year)
        if CalendarDay.objects.filter(date=day).exists():
            raise WorktimeError(_("%(date)s is already in the calendar; edit it instead.") % {"date": _cn(day)})
        entry = CalendarDay.objects.create(calendar_year=calendar_year, date=day, kind=kind, name=name.strip())
        _touch(calendar_year)
        audit_record(
            actor=actor,
            action="worktime.calendar_day_add",
            target=calendar_year,
            summary=f"工作日历：新增 {_cn(day)} {KIND_LABELS[kind]}（{entry.name}）",
            changes={"date": day, "kind": kind, "name": entry.name},
        )
    return entry


def calendar_day_update(*, actor, day_id: int, kind: str, name: str) -> CalendarDay:
    """Change a stored day's kind or name (its date stays; to move a day, delete it and add another)."""
    with transaction.atomic():
        calendar_year, entry = _lock_day(day_id)
        _check_day(day=entry.date, kind=kind, name=name)
        before = {"kind": entry.kind, "name": entry.name}
        entry.kind, entry.name = kind, name.strip()
        entry.save(update_fields=["kind", "name"])
        _touch(calendar_year)
        audit_record(
            actor=actor,
            action="worktime.calendar_day_update",
            target=calendar_year,
            summary=f"工作日历：修改 {_cn(entry.date)} 为{KIND_LABELS[kind]}（{entry.name}）",
            changes={"date": entry.date, "before": before, "after": {"kind": kind, "name": entry.name}},
        )
    return entry


def calendar_day_delete(*, actor, day_id: int) -> datetime.date:
    """Return a day to the normal week (a weekday works, a weekend rests). Returns its date."""
    with transaction.atomic():
        calendar_year, entry = _lock_day(day_id)
        day, kind, name = entry.date, entry.kind, entry.name
        entry.delete()
        _touch(calendar_year)
        audit_record(
            actor=actor,
            action="worktime.calendar_day_delete",
            target=calendar_year,
            summary=f"工作日历：删除 {_cn(day)} {KIND_LABELS.get(kind, kind)}（{name}），恢复为正常作息",
            changes={"date": day, "kind": kind, "name": name},
        )
    return day


def calendar_year_start(*, actor, year: int) -> CalendarYear:
    """Start a year by hand, with no exceptions yet: every weekday works until days are added.

    For a year no file is available for; the office then adds each holiday and make-up day.
    """
    check_year(year)
    with transaction.atomic():
        if CalendarYear.objects.select_for_update().filter(year=year).exists():
            raise WorktimeError(_("The work calendar for %(year)s is already loaded.") % {"year": year})
        calendar_year = CalendarYear.objects.create(
            year=year, source=CalendarYear.Source.MANUAL, loaded_at=timezone.now(), loaded_by=actor
        )
        _calendar_changed()
        audit_record(
            actor=actor,
            action="worktime.calendar_year_start",
            target=calendar_year,
            summary=f"工作日历：手工建立 {year} 年日历（尚无节假日）",
            changes={"year": year},
        )
    return calendar_year


def _replace_year(*, actor, year: int, days: Sequence[SeedDay], source: str) -> tuple[CalendarYear, int]:
    """Put exactly `days` in the year (created when missing); returns the year and how many days it had before."""
    calendar_year, created = CalendarYear.objects.select_for_update().get_or_create(
        year=year, defaults={"source": source, "loaded_at": timezone.now(), "loaded_by": actor}
    )
    replaced = 0 if created else calendar_year.days.count()
    calendar_year.days.all().delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(calendar_year=calendar_year, date=d.date, kind=d.kind, name=d.name.strip()) for d in days]
    )
    calendar_year.source = source
    calendar_year.loaded_at = timezone.now()
    calendar_year.loaded_by = actor
    calendar_year.version = new_version()
    calendar_year.save(update_fields=["source", "loaded_at", "loaded_by", "version", "updated_at"])
    _calendar_changed()
    return calendar_year, replaced


def _check_days(year: int, days: Sequence[SeedDay]) -> None:
    seen: set[datetime.date] = set()
    for d in days:
        if d.date.year != year:
            raise WorktimeError(_("%(date)s is not in %(year)s.") % {"date": _cn(d.date), "year": year})
        if d.date in seen:
            raise WorktimeError(_("%(date)s appears twice.") % {"date": _cn(d.date)})
        seen.add(d.date)
        _check_day(day=d.date, kind=d.kind, name=d.name)


def calendar_year_import(*, actor, year: int, days: Sequence[SeedDay]) -> CalendarYear:
    """Replace the whole year with the checked rows of an import file, in one transaction.

    Rows come checked from worktime.importing (every problem reported with its row
    number); they are checked again here so no caller can store a bad day.
    """
    check_year(year)
    if not days:
        raise WorktimeError(_("The file contains no days."))
    _check_days(year, days)
    with transaction.atomic():
        calendar_year, replaced = _replace_year(actor=actor, year=year, days=days, source=CalendarYear.Source.IMPORTED)
        holidays = sum(1 for d in days if d.kind == CalendarDay.Kind.HOLIDAY)
        audit_record(
            actor=actor,
            action="worktime.calendar_year_import",
            target=calendar_year,
            summary=f"工作日历：导入 {year} 年，节假日 {holidays} 天、调休上班 {len(days) - holidays} 天"
            + (f"（替换原有 {replaced} 天）" if replaced else ""),
            changes={"year": year, "holidays": holidays, "makeup_workdays": len(days) - holidays, "replaced": replaced},
        )
    return calendar_year


def calendar_year_seed(*, actor, year: int, replace: bool = False) -> CalendarYear:
    """Load a year from the installed chinesecalendar package (for years added by a package upgrade).

    A year already loaded is kept — the office may have corrected it — unless `replace` is set.
    """
    if year not in package_years():
        raise WorktimeError(_("The chinesecalendar package has no arrangement for %(year)s.") % {"year": year})
    days = list(package_days(year))
    with transaction.atomic():
        if not replace and CalendarYear.objects.select_for_update().filter(year=year).exists():
            raise WorktimeError(_("The work calendar for %(year)s is already loaded.") % {"year": year})
        calendar_year, replaced = _replace_year(actor=actor, year=year, days=days, source=CalendarYear.Source.SEEDED)
        audit_record(
            actor=actor,
            action="worktime.calendar_year_seed",
            target=calendar_year,
            summary=f"工作日历：从 chinesecalendar 载入 {year} 年（{len(days)} 天）"
            + (f"，替换原有 {replaced} 天" if replaced else ""),
            changes={"year": year, "days": len(days), "replaced": replaced},
        )
    return calendar_year


# ---------------------------------------------------------------------------
# Work-hour policies

TIME_FIELDS = ("morning_start", "morning_end", "afternoon_start", "afternoon_end")
POLICY_FIELDS = (
    "name",
    "summer_from",
    "winter_from",
    *(f"{season}_{name}" for season in ("summer", "winter") for name in TIME_FIELDS),
    "grace_minutes_late",
    "grace_minutes_early",
    "required_punches",
)


def _valid_month_day(value: str) -> bool:
    try:
        datetime.date(2000, int(value[:2]), int(value[3:]))  # a leap year: 02-29 is allowed
    except (ValueError, TypeError):
        return False
    return len(value) == 5 and value[2] == "-"


def policy_problems(values: dict[str, Any], *, effective_from: datetime.date | None) -> dict[str, str]:
    """Field name → why the value cannot be used. Shared by the form and the services."""
    problems: dict[str, str] = {}
    if effective_from is not None and effective_from < timezone.localdate():
        problems["effective_from"] = _(
            "A new version cannot start in the past: past days keep the hours they were worked under."
        )
    for key in ("summer_from", "winter_from"):
        if not _valid_month_day(str(values.get(key) or "")):
            problems[key] = _("Write the date as MM-DD, e.g. 05-01.")
    seasons_valid = "summer_from" not in problems and "winter_from" not in problems
    if seasons_valid and not values["summer_from"] < values["winter_from"]:
        problems["winter_from"] = _("Winter hours must start later in the year than summer hours.")
    for season in ("summer", "winter"):
        times = [values.get(f"{season}_{name}") for name in TIME_FIELDS]
        if any(t is None for t in times):
            continue
        morning_start, morning_end, afternoon_start, afternoon_end = times
        if not morning_start < morning_end:
            problems[f"{season}_morning_end"] = _("The morning must end after it starts.")
        elif not morning_end <= afternoon_start:
            problems[f"{season}_afternoon_start"] = _("The afternoon must start after the morning ends.")
        elif not afternoon_start < afternoon_end:
            problems[f"{season}_afternoon_end"] = _("The afternoon must end after it starts.")
    for key in ("grace_minutes_late", "grace_minutes_early"):
        value = values.get(key)
        if value is not None and not 0 <= value <= 120:
            problems[key] = _("Between 0 and 120 minutes.")
    if values.get("required_punches") not in WorkHourPolicy.Punches.values:
        problems["required_punches"] = _("Choose how many punches are required.")
    if not str(values.get("name") or "").strip():
        problems["name"] = _("Enter a name, e.g. 2027年作息时间.")
    return problems


def _check_policy(values: dict[str, Any], effective_from: datetime.date) -> None:
    problems = policy_problems(values, effective_from=effective_from)
    if problems:
        raise WorktimeError(problems)


def _policy_changes(policy: WorkHourPolicy) -> dict[str, Any]:
    return {"effective_from": policy.effective_from, **{key: getattr(policy, key) for key in POLICY_FIELDS}}


def _policy_changed() -> None:
    policies.clear_cache()
    transaction.on_commit(policies.clear_cache)


def policy_create(*, actor, unit: Unit, effective_from: datetime.date, **values: Any) -> WorkHourPolicy:
    """A new version of the unit's hours, in force from `effective_from` (today or later) until the next version's."""
    values = {key: values[key] for key in POLICY_FIELDS}
    _check_policy(values, effective_from)
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one version per start date, serialized
        if WorkHourPolicy.objects.filter(unit=unit, effective_from=effective_from).exists():
            raise WorktimeError(
                {"effective_from": _("A version already starts on this date; edit that one or choose another date.")}
            )
        values["name"] = values["name"].strip()
        policy = WorkHourPolicy.objects.create(unit=unit, effective_from=effective_from, created_by=actor, **values)
        _policy_changed()
        audit_record(
            actor=actor,
            action="worktime.policy_create",
            target=policy,
            unit=unit,
            summary=f"作息时间：新增版本“{policy.name}”，自 {_cn(effective_from)} 起执行",
            changes=_policy_changes(policy),
        )
    return policy


def _lock_future_policy(*, unit: Unit, policy_id: int) -> WorkHourPolicy:
    policy = WorkHourPolicy.objects.select_for_update().filter(pk=policy_id, unit=unit).first()
    if policy is None:
        raise WorktimeError(_("This version no longer exists."))
    if policy.effective_from <= timezone.localdate():
        raise WorktimeError(
            _("This version is already in force and past days were worked under it; create a new version instead.")
        )
    return policy


def policy_update(*, actor, unit: Unit, policy_id: int, effective_from: datetime.date, **values: Any) -> WorkHourPolicy:
    """Change a version that has not come into force yet. A version in force is never edited."""
    values = {key: values[key] for key in POLICY_FIELDS}
    _check_policy(values, effective_from)
    with transaction.atomic():
        policy = _lock_future_policy(unit=unit, policy_id=policy_id)
        clash = WorkHourPolicy.objects.filter(unit=unit, effective_from=effective_from).exclude(pk=policy.pk)
        if clash.exists():
            raise WorktimeError(
                {"effective_from": _("A version already starts on this date; edit that one or choose another date.")}
            )
        before = _policy_changes(policy)
        values["name"] = values["name"].strip()
        policy.effective_from = effective_from
        for key, value in values.items():
            setattr(policy, key, value)
        policy.save(update_fields=["effective_from", *values])
        _policy_changed()
        after = _policy_changes(policy)
        audit_record(
            actor=actor,
            action="worktime.policy_update",
            target=policy,
            unit=unit,
            summary=f"作息时间：修改尚未执行的版本“{policy.name}”（自 {_cn(effective_from)} 起）",
            changes={key: [str(before[key]), str(after[key])] for key in after if before[key] != after[key]},
        )
    return policy


def policy_delete(*, actor, unit: Unit, policy_id: int) -> None:
    """Withdraw a version that has not come into force yet."""
    with transaction.atomic():
        policy = _lock_future_policy(unit=unit, policy_id=policy_id)
        changes = _policy_changes(policy)
        summary = f"作息时间：删除尚未执行的版本“{policy.name}”（原定自 {_cn(policy.effective_from)} 起）"
        audit_record(
            actor=actor, action="worktime.policy_delete", target=policy, unit=unit, summary=summary, changes=changes
        )
        policy.delete()
        _policy_changed()
