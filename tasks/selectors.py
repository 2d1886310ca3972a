"""Reads of supervised tasks: lists, lights, the overdue board and the figures.

The light (督办灯) is never stored. Its rule, for a task that is being handled:
- red: the deadline has passed (for a completion request: it was submitted after the deadline);
- yellow: the deadline is within the unit's `yellow_workdays` working days, or a progress report is
  overdue (missed cycle), or the task has not been signed for within `sign_for_hours`;
- green: otherwise (and a completion request submitted on time).
Drafts, closed-off and cancelled tasks have no light: `task_light` returns "" for them.
`with_light` computes the same in SQL (`light` and `light_rank` annotations), so lists stay flat.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from org.models import Position, Section, Staff, Unit
from tasks import rules
from tasks.models import OPEN_STATUSES, Task, TaskMissedReport, TaskSettings, TaskStatus
from worktime.calendar import CalendarMissing, add_workdays

GREEN, YELLOW, RED = "green", "yellow", "red"
HANDLING = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)


def _settings(unit_id: int) -> TaskSettings:
    from tasks.services import settings_for

    return settings_for(unit_id)


def yellow_until(today: datetime.date, workdays: int) -> datetime.date:
    """The last deadline that shows yellow today: `workdays` working days ahead (calendar days when the
    year's work calendar is missing — the light is a warning, not a count that must be exact)."""
    try:
        return add_workdays(today, workdays)
    except CalendarMissing:
        return today + datetime.timedelta(days=workdays + 2 * (workdays // 5 + 1))


class LightRule:
    """The thresholds of one unit for one moment; shared by the Python and the SQL computation."""

    def __init__(self, unit_id: int, today: datetime.date, now: datetime.datetime | None = None) -> None:
        conf = _settings(unit_id)
        self.today = today
        self.yellow_until = yellow_until(today, conf.yellow_workdays)
        now = now or timezone.now()
        self.sign_for_by = now - datetime.timedelta(hours=conf.sign_for_hours)

    def light(self, task: Task) -> str:
        if task.status == TaskStatus.COMPLETION_REQUESTED:
            return RED if task.completed_on and task.completed_on > task.deadline else GREEN
        if task.status not in HANDLING:
            return ""
        if task.deadline < self.today:
            return RED
        if task.deadline <= self.yellow_until:
            return YELLOW
        if task.report_due_on is not None and task.report_due_on < self.today and task.status == TaskStatus.IN_PROGRESS:
            return YELLOW
        if task.status == TaskStatus.ASSIGNED and task.assigned_at and task.assigned_at < self.sign_for_by:
            return YELLOW
        return GREEN

    def _case(self, values: dict[str, object], output_field=None) -> Case:
        """The rule as one SQL CASE, each light mapped through `values`."""
        return Case(
            When(status=TaskStatus.COMPLETION_REQUESTED, completed_on__gt=F("deadline"), then=Value(values[RED])),
            When(status=TaskStatus.COMPLETION_REQUESTED, then=Value(values[GREEN])),
            When(~Q(status__in=HANDLING), then=Value(values[""])),
            When(deadline__lt=self.today, then=Value(values[RED])),
            When(deadline__lte=self.yellow_until, then=Value(values[YELLOW])),
            When(status=TaskStatus.IN_PROGRESS, report_due_on__lt=self.today, then=Value(values[YELLOW])),
            When(status=TaskStatus.ASSIGNED, assigned_at__lt=self.sign_for_by, then=Value(values[YELLOW])),
            default=Value(values[GREEN]),
            output_field=output_field,
        )

    def case(self) -> Case:
        return self._case({RED: RED, YELLOW: YELLOW, GREEN: GREEN, "": ""})

    def rank(self) -> Case:
        """0 red, 1 yellow, 2 green, 3 no light: the order of every list."""
        return self._case(RANKS, output_field=IntegerField())


RANKS = {RED: 0, YELLOW: 1, GREEN: 2, "": 3}
LIGHT_OF_RANK = {rank: light for light, rank in RANKS.items()}


def task_light(task: Task, today: datetime.date, *, now: datetime.datetime | None = None) -> str:
    """ "green" | "yellow" | "red" for a task being handled; "" for drafts, closed-off and cancelled tasks."""
    return LightRule(task.unit_id, today, now).light(task)


def with_light(qs: QuerySet[Task], unit_id: int, today: datetime.date, *, rule: LightRule | None = None) -> QuerySet:
    rule = rule or LightRule(unit_id, today)
    # Two independent CASEs: a rank defined through `light` would repeat the light's CASE in each branch.
    return qs.annotate(light=rule.case(), light_rank=rule.rank())


def days_overdue(task: Task, today: datetime.date) -> int:
    end = task.completed_on if task.status in (TaskStatus.COMPLETION_REQUESTED, TaskStatus.CLOSED) else today
    if end is None:
        end = today
    return max((end - task.deadline).days, 0)


# ---------------------------------------------------------------------------
# Who sees what


def visible_q(staff: Staff) -> Q:
    """Tasks of the viewer's unit they may open (see access.access_task for the rule in words)."""
    if rules.sees_whole_unit(staff):
        return Q(unit_id=staff.unit_id)
    mine = (
        Q(assigned_by=staff)
        | Q(pk__in=Task.responsible.through.objects.filter(staff_id=staff.pk).values("task_id"))
        | Q(lead_section__supervisor=staff)
        | Q(pk__in=Task.supporting_sections.through.objects.filter(section__supervisor=staff).values("task_id"))
    )
    if staff.section_id:
        mine |= Q(lead_section_id=staff.section_id) | Q(
            pk__in=Task.supporting_sections.through.objects.filter(section_id=staff.section_id).values("task_id")
        )
    # Drafts are seen only by whoever drafted them (and the whole-unit viewers above).
    return Q(unit_id=staff.unit_id) & mine & (~Q(status=TaskStatus.DRAFT) | Q(assigned_by=staff))


LIST_FIELDS = (
    "id",
    "unit_id",
    "title",
    "source",
    "priority",
    "status",
    "deadline",
    "completed_on",
    "report_due_on",
    "assigned_at",
    "lead_section",
    "assigned_by",
)


def _list_qs(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Only the columns a list shows. Sections and assigners are prefetched (two small queries by id)
    rather than joined: the database sorts and cuts the unit's tasks first, then reads 20 names."""
    return qs.only(*LIST_FIELDS).prefetch_related(
        Prefetch("lead_section", queryset=Section.objects.only("id", "name")),
        Prefetch("assigned_by", queryset=Staff.objects.select_related("user").only("id", "user", "user__full_name")),
    )


def mine_q(staff: Staff) -> Q:
    """My tasks: I am responsible, I assigned it, or I head / deputy-head its lead section."""
    query = Q(assigned_by=staff) | Q(
        pk__in=Task.responsible.through.objects.filter(staff_id=staff.pk).values("task_id")
    )
    if staff.section_id and staff.position >= Position.SECTION_DEPUTY:
        query |= Q(lead_section_id=staff.section_id)
    return query


def section_q(section_id: int) -> Q:
    return Q(lead_section_id=section_id) | Q(
        pk__in=Task.supporting_sections.through.objects.filter(section_id=section_id).values("task_id")
    )


def task_list(
    staff: Staff,
    scope: str,
    today: datetime.date,
    *,
    status: str = "",
    light: str = "",
    source: str = "",
    section_id: int | None = None,
    q: str = "",
) -> QuerySet[Task]:
    """The rows of one list view (scope: mine / section / all / overdue), with `light_rank` annotated
    (see `light_of`); only the columns a list shows are loaded."""
    qs = Task.objects.filter(visible_q(staff))
    if scope == "mine":
        qs = qs.filter(mine_q(staff))
    elif scope == "section":
        qs = qs.filter(section_q(staff.section_id)) if staff.section_id else qs.none()
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    if section_id:
        qs = qs.filter(lead_section_id=section_id)
    if q.strip():
        qs = qs.filter(title__icontains=q.strip())
    rule = LightRule(staff.unit_id, today)
    if scope == "overdue":
        # The board: red first (most days overdue first), then yellow (nearest deadline first).
        qs = qs.filter(status__in=HANDLING, deadline__lte=rule.yellow_until)
        return _list_qs(qs.annotate(light_rank=rule.rank())).order_by("light_rank", "deadline", "id")
    qs = qs.annotate(light_rank=rule.rank())
    if light:
        qs = qs.filter(light_rank=RANKS[light])
    return _list_qs(qs).order_by("light_rank", "deadline", "-id")


def light_of(task: Task) -> str:
    """The light of a row from `task_list` (which annotates only `light_rank`, the cheaper half)."""
    return LIGHT_OF_RANK[task.light_rank]


def overdue_board(staff: Staff, today: datetime.date) -> QuerySet[Task]:
    return task_list(staff, "overdue", today)


def my_open_tasks(staff: Staff, today: datetime.date) -> QuerySet[Task]:
    """For the workbench: open tasks I handle or assigned, red first, with `light` annotated."""
    qs = Task.objects.filter(unit_id=staff.unit_id, status__in=OPEN_STATUSES).filter(mine_q(staff))
    qs = qs.select_related("lead_section", "assigned_by__user")
    return with_light(qs, staff.unit_id, today).order_by("light_rank", "deadline", "id")


def tasks_by_origin(origins: list, today: datetime.date) -> dict[int, tuple[Task, str]]:
    """{origin pk: (first task made from it, its light)} for origins of one model: one query for the tasks
    and one light rule per unit (a report's plan items or a meeting's decisions are one unit's)."""
    if not origins:
        return {}
    label = origins[0]._meta.label_lower
    found: dict[int, Task] = {}
    for task in Task.objects.filter(origin_type=label, origin_id__in=[o.pk for o in origins]).order_by("id"):
        found.setdefault(task.origin_id, task)
    rules = {unit_id: LightRule(unit_id, today) for unit_id in {t.unit_id for t in found.values()}}
    return {origin_id: (task, rules[task.unit_id].light(task)) for origin_id, task in found.items()}


def tasks_for_origin(origin) -> QuerySet[Task]:
    """Tasks created from a plan item, meeting decision or document (any model instance)."""
    return Task.objects.filter(origin_type=origin._meta.label_lower, origin_id=origin.pk).order_by("id")


# ---------------------------------------------------------------------------
# Figures


def section_task_counts(unit: Unit, today: datetime.date) -> dict[int, dict]:
    """{section_id: {"open": n, "overdue": n}} for every section of the unit (lead-section tasks).
    Two queries: the sections, and the counts."""
    result = {pk: {"open": 0, "overdue": 0} for pk in Section.objects.filter(unit=unit).values_list("pk", flat=True)}
    rows = (
        Task.objects.filter(unit=unit, status__in=OPEN_STATUSES)
        .values("lead_section_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(status__in=HANDLING, deadline__lt=today)),
        )
    )
    for row in rows:
        result.setdefault(row["lead_section_id"], {"open": 0, "overdue": 0}).update(
            open=row["open"], overdue=row["overdue"]
        )
    return result


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return low, high


def _late_q(today: datetime.date) -> Q:
    """Late: completed after the deadline, or not completed and the deadline has passed."""
    return Q(completed_on__gt=F("deadline")) | Q(completed_on__isnull=True, deadline__lt=today)


def _figures(group_field: str, base: QuerySet, start, end, today, missed: dict[int, int]) -> dict[int, dict]:
    low, high = _bounds(start, end)
    counts = base.values(group_field).annotate(
        closed=Count("id", filter=Q(status=TaskStatus.CLOSED, closed_at__gte=low, closed_at__lt=high)),
        closed_on_time=Count(
            "id",
            filter=Q(
                status=TaskStatus.CLOSED,
                closed_at__gte=low,
                closed_at__lt=high,
                completed_on__lte=F("deadline"),
            ),
        ),
        overdue=Count(
            "id",
            filter=Q(deadline__gte=start, deadline__lte=end)
            & ~Q(status__in=(TaskStatus.DRAFT, TaskStatus.CANCELLED))
            & _late_q(min(today, end + datetime.timedelta(days=1))),
        ),
        open=Count(
            "id",
            filter=Q(assigned_at__lt=high)
            & ~Q(status__in=(TaskStatus.DRAFT, TaskStatus.CANCELLED))
            & (Q(closed_at__isnull=True) | Q(closed_at__gte=high)),
        ),
    )
    result: dict[int, dict] = {}
    for row in counts:
        key = row[group_field]
        if key is None:
            continue
        result[key] = {
            "closed": row["closed"],
            "closed_on_time": row["closed_on_time"],
            "overdue": row["overdue"],
            "open": row["open"],
            "on_time_rate": (row["closed_on_time"] / row["closed"]) if row["closed"] else None,
            "median_sign_for_hours": None,
            "missed_reports": missed.get(key, 0),
        }
    signs = defaultdict(list)
    for key, assigned, signed in base.filter(
        signed_at__gte=low, signed_at__lt=high, assigned_at__isnull=False
    ).values_list(group_field, "assigned_at", "signed_at"):
        signs[key].append((signed - assigned).total_seconds() / 3600)
    for key, hours in signs.items():
        if key in result:
            result[key]["median_sign_for_hours"] = round(statistics.median(hours), 1)
    for key, n in missed.items():
        if key not in result:
            result[key] = {
                "closed": 0,
                "closed_on_time": 0,
                "overdue": 0,
                "open": 0,
                "on_time_rate": None,
                "median_sign_for_hours": None,
                "missed_reports": n,
            }
    return result


def section_figures(
    unit: Unit, start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> dict[int, dict]:
    """Per lead section, over [start, end] (both included):
    closed / closed_on_time — closed off in the period (on time: completion requested by the deadline);
    overdue — tasks due in the period that were completed late or are still not completed after it;
    open — assigned by the end of the period and not closed off by then;
    on_time_rate — closed_on_time / closed (None when nothing closed);
    median_sign_for_hours — of the tasks signed for in the period;
    missed_reports — reporting cycles due in the period that passed without a progress report.
    Three queries, whatever the number of tasks."""
    today = today or timezone.localdate()
    missed = dict(
        TaskMissedReport.objects.filter(task__unit=unit, due_on__gte=start, due_on__lte=end)
        .values("lead_section_id")
        .annotate(n=Count("id"))
        .values_list("lead_section_id", "n")
    )
    return _figures("lead_section_id", Task.objects.filter(unit=unit), start, end, today, missed)


def person_figures(
    unit: Unit, start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> dict[int, dict]:
    """The same figures per responsible person ({staff_id: {...}}); a task with two responsible
    people counts for each. Sign-for time counts for the responsible people of the task."""
    today = today or timezone.localdate()
    through = Task.responsible.through
    missed = dict(
        through.objects.filter(
            task__unit=unit, task__missed_reports__due_on__gte=start, task__missed_reports__due_on__lte=end
        )
        .values("staff_id")
        .annotate(n=Count("task__missed_reports"))
        .values_list("staff_id", "n")
    )
    return _figures("responsible", Task.objects.filter(unit=unit), start, end, today, missed)


def figures_rows(unit: Unit, start: datetime.date, end: datetime.date, by: str = "section") -> list[dict]:
    """Rows for the figures page: sections (or people) with their figures, the most overdue first."""
    if by == "person":
        figures = person_figures(unit, start, end)
        people = Staff.objects.filter(pk__in=list(figures)).select_related("user", "section")
        rows = [{"who": person, "section": person.section, **figures[person.pk]} for person in people]
    else:
        figures = section_figures(unit, start, end)
        rows = [
            {"who": section, "section": section, **figures.get(section.pk, _empty())}
            for section in Section.objects.filter(unit=unit).order_by("order", "id")
        ]
    # "拖着不办" first: most overdue, then most missed reports.
    rows.sort(key=lambda r: (-r["overdue"], -r["missed_reports"]))
    return rows


def _empty() -> dict:
    return {
        "closed": 0,
        "closed_on_time": 0,
        "overdue": 0,
        "open": 0,
        "on_time_rate": None,
        "median_sign_for_hours": None,
        "missed_reports": 0,
    }


def task_counts_by_status(qs: QuerySet[Task]) -> dict[str, int]:
    return dict(qs.values("status").annotate(n=Coalesce(Count("id"), 0)).values_list("status", "n"))
