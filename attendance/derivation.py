"""Each person-day's attendance status, derived from punches, hours, the calendar and absences.

Pure functions, no database: `derive_day(schedule, day_kind, punches, absence)` for
one day, and `derive` (the same on epoch seconds) for the batch in
attendance.monthly, which runs it for a whole city's month.

The rules, as Chinese offices apply them:
- A working day has two halves. With four required punches each half is a window
  (morning start–end, afternoon start–end) needing an arrival and a departure;
  with two, the day is one window: the arrival decides the morning, the departure
  the afternoon. Punches are split between the morning and afternoon windows at
  the middle of the lunch break.
- In a window the first punch is the arrival and the last the departure; a single
  punch is whichever end it is nearer to. Arriving after start + grace minutes is
  late (迟到), leaving before end − grace minutes is leaving early (早退). A window
  with no punch at all is absence without leave (旷工, half a day); a window with
  one of its two punches missing is a missing punch (缺卡) until a correction
  (补卡) adds it.
- A half covered by approved leave, a going-out report (外出) or a business trip
  (出差) needs no punches.
- Rest days and holidays need none; a make-up workday (调休上班) is a working day.
- Until a window has ended (the `now` argument), what has not happened yet is
  pending, never missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils.translation import get_language, pgettext

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Day and half-day statuses.
NORMAL = "normal"
LATE = "late"
EARLY = "early"
LATE_EARLY = "late_early"  # a half only: arrived late and left early in the same window
ABSENT = "absent"
MISSING = "missing"
LEAVE = "leave"
GOING_OUT = "going_out"
TRIP = "trip"
REST = "rest"
HOLIDAY = "holiday"
MAKEUP = "makeup_workday"
PENDING = "pending"

ABSENCE_KINDS = (LEAVE, TRIP, GOING_OUT)  # in order of precedence when two cover the same half
WORKED = frozenset({NORMAL, LATE, EARLY, LATE_EARLY})
STATUSES = (NORMAL, MAKEUP, LATE, EARLY, MISSING, ABSENT, LEAVE, GOING_OUT, TRIP, REST, HOLIDAY, PENDING)
AM, PM = "am", "pm"
BOTH = frozenset({AM, PM})

# worktime.calendar day kinds
WORKDAY_KINDS = frozenset({"workday", "makeup_workday"})


@dataclass(frozen=True, slots=True)
class Absence:
    """Approved time away covering one or both halves of a day."""

    kind: str  # LEAVE, GOING_OUT or TRIP
    halves: frozenset = BOTH
    code: str = ""  # the leave type's code (annual, sick, …)
    name: str = ""  # the leave type's name, or the destination


@dataclass(frozen=True, slots=True)
class Bounds:
    """A working day's hours in epoch seconds, and the grace in seconds."""

    morning_start: int
    morning_end: int
    afternoon_start: int
    afternoon_end: int
    grace_late: int
    grace_early: int
    two_punches: bool

    @classmethod
    def from_schedule(cls, schedule) -> Bounds:
        return cls(
            morning_start=int(schedule.morning_start.timestamp()),
            morning_end=int(schedule.morning_end.timestamp()),
            afternoon_start=int(schedule.afternoon_start.timestamp()),
            afternoon_end=int(schedule.afternoon_end.timestamp()),
            grace_late=schedule.grace_minutes_late * 60,
            grace_early=schedule.grace_minutes_early * 60,
            two_punches=str(schedule.required_punches) == "2",
        )


@dataclass(slots=True)
class DayStatus:
    day: datetime.date
    status: str
    am: str
    pm: str
    late: bool = False
    early: bool = False
    late_minutes: int = 0
    early_minutes: int = 0
    missing: int = 0
    am_absence: Absence | None = None
    pm_absence: Absence | None = None
    punches: tuple[int, ...] = field(default=())  # epoch seconds, in order
    note: str = ""  # the holiday's or make-up day's name
    makeup: bool = False

    @property
    def is_working_day(self) -> bool:
        return self.status not in (REST, HOLIDAY)

    def _halves(self, code: str) -> float:
        return 0.5 * ((self.am == code) + (self.pm == code))

    @property
    def absent_days(self) -> float:
        return self._halves(ABSENT)

    @property
    def leave_days(self) -> float:
        return self._halves(LEAVE)

    @property
    def going_out_days(self) -> float:
        return self._halves(GOING_OUT)

    @property
    def trip_days(self) -> float:
        return self._halves(TRIP)

    def leave_by_code(self) -> list[tuple[str, str, float]]:
        """(leave type code, name, days) for each half on leave."""
        result = []
        for half, absence in ((self.am, self.am_absence), (self.pm, self.pm_absence)):
            if half == LEAVE and absence is not None:
                result.append((absence.code, absence.name, 0.5))
        return result

    @property
    def punch_times(self) -> list[datetime.datetime]:
        return [datetime.datetime.fromtimestamp(ts, SHANGHAI) for ts in self.punches]

    @property
    def punch_text(self) -> str:
        return " ".join(moment.strftime("%H:%M") for moment in self.punch_times)

    @property
    def mark(self) -> str:
        return day_mark(self)


# ---------------------------------------------------------------------------
# Marks as Chinese offices print them: √ 迟 早 旷 缺 假(by type) 外 差 休 班


@lru_cache(maxsize=8)
def _marks(language: str | None) -> dict[str, str]:
    return {
        NORMAL: pgettext("attendance mark", "OK"),
        MAKEUP: pgettext("attendance mark", "MW"),
        LATE: pgettext("attendance mark", "L"),
        EARLY: pgettext("attendance mark", "E"),
        LATE_EARLY: pgettext("attendance mark", "LE"),
        ABSENT: pgettext("attendance mark", "A"),
        MISSING: pgettext("attendance mark", "M"),
        LEAVE: pgettext("attendance mark", "V"),
        GOING_OUT: pgettext("attendance mark", "O"),
        TRIP: pgettext("attendance mark", "T"),
        REST: pgettext("attendance mark", "R"),
        HOLIDAY: pgettext("attendance mark", "R"),
        PENDING: "",
    }


@lru_cache(maxsize=8)
def _leave_marks(language: str | None) -> dict[str, str]:
    return {
        "annual": pgettext("leave mark", "AN"),
        "sick": pgettext("leave mark", "SI"),
        "personal": pgettext("leave mark", "PE"),
        "marriage": pgettext("leave mark", "MA"),
        "bereavement": pgettext("leave mark", "BE"),
        "maternity": pgettext("leave mark", "MT"),
        "paternity": pgettext("leave mark", "PA"),
        "home_visit": pgettext("leave mark", "HV"),
        "comp_time": pgettext("leave mark", "CT"),
    }


def marks() -> dict[str, str]:
    return _marks(get_language())


def leave_marks() -> dict[str, str]:
    return _leave_marks(get_language())


def legend() -> list[tuple[str, str]]:
    """(mark, meaning) for the sheet's legend."""
    from django.utils.translation import gettext as _

    m = marks()
    rows = [
        (m[NORMAL], _("Normal")),
        (m[LATE], _("Late")),
        (m[EARLY], _("Left early")),
        (m[ABSENT], _("Absent without leave")),
        (m[MISSING], _("Missing punch")),
        (m[GOING_OUT], _("Going-out (registered)")),
        (m[TRIP], _("Business trip")),
        (m[REST], _("Rest day or holiday")),
        (m[MAKEUP], _("Make-up workday")),
    ]
    leave = _leave_marks(get_language())
    names = {
        "annual": _("Annual leave"),
        "sick": _("Sick leave"),
        "personal": _("Personal leave"),
        "marriage": _("Marriage leave"),
        "bereavement": _("Bereavement leave"),
        "maternity": _("Maternity leave"),
        "paternity": _("Paternity leave"),
        "home_visit": _("Home-visit leave"),
        "comp_time": _("Comp time"),
    }
    rows += [(leave[code], names[code]) for code in names]
    return rows


def _half_mark(code: str, absence: Absence | None, makeup: bool, m: dict[str, str], lm: dict[str, str]) -> str:
    if code == LEAVE:
        return lm.get(absence.code if absence else "") or m[LEAVE]
    if code == NORMAL and makeup:
        return m[MAKEUP]
    return m[code]


def day_mark(day: DayStatus, m: dict[str, str] | None = None, lm: dict[str, str] | None = None) -> str:
    """The sheet's cell: one mark, or morning/afternoon when the halves differ ("事/√").

    `m` and `lm` are `marks()` and `leave_marks()`, passed in when marking many days at once.
    """
    m = m or marks()
    if day.status in (REST, HOLIDAY):
        return m[REST]
    if day.status == PENDING:
        return ""
    lm = lm or leave_marks()
    am = _half_mark(day.am, day.am_absence, day.makeup, m, lm)
    pm = _half_mark(day.pm, day.pm_absence, day.makeup, m, lm)
    if am == pm or not pm:
        return am
    if not am:
        return pm
    if day.am in WORKED and day.pm in WORKED:
        # Late in the morning and on time in the afternoon is a late day, not "迟/√".
        if day.late and day.early:
            return m[LATE_EARLY]
        if day.late:
            return m[LATE]
        if day.early:
            return m[EARLY]
        return m[MAKEUP] if day.makeup else m[NORMAL]
    return f"{am}/{pm}"


# ---------------------------------------------------------------------------
# Derivation


def _minutes(seconds: int) -> int:
    return -(-seconds // 60)  # a late arrival of 10 min 1 s is 11 minutes late


def _window(start: int, end: int, punches: Sequence[int], bounds: Bounds, now: int | None) -> tuple[str, str, int, int]:
    """Judge one window: (arrival, departure, seconds late, seconds early).

    Arrival is ok / late / missing / open, departure ok / early / missing / open.
    """
    finished = now is None or now >= end
    if not punches:
        arrival = "missing" if now is None or now > start + bounds.grace_late else "open"
        return arrival, ("missing" if finished else "open"), 0, 0
    if len(punches) == 1:
        only = punches[0]
        # Before the window ends a lone punch is an arrival: the departure has not happened yet.
        if not finished or only - start <= end - only:
            first, last = only, None
        else:
            first, last = None, only
    else:
        first, last = punches[0], punches[-1]
    late_s = early_s = 0
    if first is None:
        arrival = "missing"
    elif first > start + bounds.grace_late:
        arrival, late_s = "late", first - start
    else:
        arrival = "ok"
    if not finished:
        departure = "open"
    elif last is None:
        departure = "missing"
    elif last < end - bounds.grace_early:
        departure, early_s = "early", end - last
    else:
        departure = "ok"
    return arrival, departure, late_s, early_s


def _half_from_window(arrival: str, departure: str) -> str:
    if arrival == "missing" and departure in ("missing", "open"):
        return ABSENT if departure == "missing" else MISSING
    if arrival == "missing" or departure == "missing":
        return MISSING
    if arrival == "open":
        return PENDING
    late, early = arrival == "late", departure == "early"
    if late and early:
        return LATE_EARLY
    return LATE if late else EARLY if early else NORMAL


def _pick(absences: Iterable[Absence]) -> tuple[Absence | None, Absence | None]:
    am = pm = None
    ranked = sorted(absences, key=lambda a: ABSENCE_KINDS.index(a.kind))
    for absence in ranked:
        if am is None and AM in absence.halves:
            am = absence
        if pm is None and PM in absence.halves:
            pm = absence
    return am, pm


def derive(
    day: datetime.date,
    kind: str,
    bounds: Bounds | None,
    punches: Sequence[int],
    am_absence: Absence | None = None,
    pm_absence: Absence | None = None,
    now: int | None = None,
    note: str = "",
) -> DayStatus:
    """The day's status on epoch seconds (`punches` sorted). `bounds` may be None on a rest day."""
    punches = tuple(punches)
    if kind not in WORKDAY_KINDS:
        code = HOLIDAY if kind == "holiday" else REST
        return DayStatus(day=day, status=code, am=code, pm=code, punches=punches, note=note)
    makeup = kind == MAKEUP
    result = DayStatus(
        day=day,
        status=NORMAL,
        am=am_absence.kind if am_absence else NORMAL,
        pm=pm_absence.kind if pm_absence else NORMAL,
        am_absence=am_absence,
        pm_absence=pm_absence,
        punches=punches,
        note=note,
        makeup=makeup,
    )
    b = bounds
    if am_absence is None and pm_absence is None:
        if b.two_punches:
            arrival, departure, late_s, early_s = _window(b.morning_start, b.afternoon_end, punches, b, now)
            if arrival == "missing" and departure == "missing":
                result.am = result.pm = ABSENT
            else:
                result.am = {"ok": NORMAL, "late": LATE, "missing": MISSING, "open": PENDING}[arrival]
                result.pm = {"ok": NORMAL, "early": EARLY, "missing": MISSING, "open": PENDING}[departure]
                result.missing = (arrival == "missing") + (departure == "missing")
            _flag(result, late_s, early_s)
        else:
            split = b.morning_end + (b.afternoon_start - b.morning_end) // 2
            morning = [p for p in punches if p < split]
            afternoon = [p for p in punches if p >= split]
            for half, start, end, own in (
                (AM, b.morning_start, b.morning_end, morning),
                (PM, b.afternoon_start, b.afternoon_end, afternoon),
            ):
                _judge_half(result, half, start, end, own, b, now)
    elif am_absence is None:
        _judge_half(result, AM, b.morning_start, b.morning_end, punches, b, now)
    elif pm_absence is None:
        _judge_half(result, PM, b.afternoon_start, b.afternoon_end, punches, b, now)
    result.status = _day_status(result)
    return result


def _flag(result: DayStatus, late_s: int, early_s: int) -> None:
    if late_s:
        result.late = True
        result.late_minutes += _minutes(late_s)
    if early_s:
        result.early = True
        result.early_minutes += _minutes(early_s)


def _judge_half(
    result: DayStatus, half: str, start: int, end: int, punches: Sequence[int], b: Bounds, now: int | None
) -> None:
    arrival, departure, late_s, early_s = _window(start, end, punches, b, now)
    code = _half_from_window(arrival, departure)
    if code == MISSING:
        result.missing += 1
    setattr(result, half, code)
    _flag(result, late_s, early_s)


def _day_status(result: DayStatus) -> str:
    halves = (result.am, result.pm)
    if ABSENT in halves:
        return ABSENT
    if MISSING in halves:
        return MISSING
    if result.late:
        return LATE
    if result.early:
        return EARLY
    for half in halves:
        if half in ABSENCE_KINDS:
            return half
    if halves == (PENDING, PENDING):
        return PENDING
    return MAKEUP if result.makeup else NORMAL


def derive_day(
    schedule,
    day_kind: str,
    punches: Iterable[datetime.datetime],
    absence: Absence | Iterable[Absence] | None = None,
    *,
    now: datetime.datetime | None = None,
    note: str = "",
) -> DayStatus:
    """One person's day: `schedule` from worktime.policies.schedule_for (may be None on a rest day),
    `day_kind` from worktime.calendar.day_kind, the day's punches (aware datetimes), the absences
    covering it, and `now` when the day may not be over yet."""
    if isinstance(absence, Absence):
        absence = [absence]
    am, pm = _pick(absence or [])
    bounds = Bounds.from_schedule(schedule) if schedule is not None and day_kind in WORKDAY_KINDS else None
    day = schedule.day if schedule is not None else None
    stamps = sorted(int(p.timestamp()) for p in punches)
    if day is None:
        day = datetime.datetime.fromtimestamp(stamps[0], SHANGHAI).date() if stamps else datetime.date.min
    return derive(
        day,
        day_kind,
        bounds,
        stamps,
        am,
        pm,
        now=int(now.timestamp()) if now is not None else None,
        note=note,
    )


def halves_of(absences: Iterable[Absence]) -> tuple[Absence | None, Absence | None]:
    """The absence covering the morning and the afternoon (leave before trips before going-out)."""
    return _pick(absences)


# ---------------------------------------------------------------------------
# Labels and colours for pages

_COLOURS = {
    NORMAL: "green",
    MAKEUP: "green",
    LATE: "orange",
    EARLY: "orange",
    LATE_EARLY: "orange",
    MISSING: "red",
    ABSENT: "red",
    LEAVE: "blue",
    GOING_OUT: "blue",
    TRIP: "blue",
    REST: "grey",
    HOLIDAY: "grey",
    PENDING: "grey",
}


def colour(code: str) -> str:
    return _COLOURS.get(code, "grey")


def status_label(code: str) -> str:
    from django.utils.translation import gettext as _

    return {
        NORMAL: _("Normal"),
        MAKEUP: _("Make-up workday"),
        LATE: _("Late"),
        EARLY: _("Left early"),
        LATE_EARLY: _("Late and left early"),
        MISSING: _("Missing punch"),
        ABSENT: _("Absent without leave"),
        LEAVE: _("On leave"),
        GOING_OUT: _("Going-out"),
        TRIP: _("Business trip"),
        REST: _("Rest day"),
        HOLIDAY: _("Holiday"),
        PENDING: _("Not yet"),
    }.get(code, code)


def half_label(code: str, absence: Absence | None) -> str:
    label = status_label(code)
    if code in ABSENCE_KINDS and absence is not None and absence.name:
        return f"{label}（{absence.name}）"
    return label
