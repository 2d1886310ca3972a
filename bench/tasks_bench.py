"""Task supervision (督查督办) at city scale: seed 200,000 tasks with their reports, then time the pages.

    .venv/bin/python bench/tasks_bench.py            100 counties x 50 staff, 2,000 tasks per county
    .venv/bin/python bench/tasks_bench.py --small    10 counties x 50 staff, for a quick check (20,000 tasks)
    .venv/bin/python bench/tasks_bench.py --reseed   drop the bench database and seed it again
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_taskbench .venv/bin/python bench/tasks_bench.py

Seeding (once per database): `org.demo.build_city_scale`, then per county 2,000 tasks assigned over the past
year (most closed off, some late; ~15 % still open, a share of them overdue), each with its time points as
`TaskEvent`s (assigned, signed for, 0–4 progress reports, completion request, close-off), 1–2 responsible
people, and missed-report records — all with bulk_create. Its own database: var/tasks-bench-<size>.sqlite3
(the demo and the other bench databases are not touched).

Measured in this process through the Django test client (real settings, middleware, templates, sessions),
for the first county: p50/p95 of "all tasks" (the principal leader), "my tasks" and "my section's tasks"
(the head of 组织科), the overdue board, and the figures page; and of `tasks.selectors.section_figures`
for one quarter called directly. 200 requests each after 10 warm-ups.
Targets: task list and overdue board p95 ≤ 150 ms; per-section statistics for a unit ≤ 200 ms.
Figures are printed and written to bench/out/tasks-<database>-<size>.json.
"""

from __future__ import annotations

import datetime
import random
import sys

import common

SIZES = {"full": (100, 50), "small": (10, 50)}
TASKS_PER_UNIT = 2_000
LIST_TARGET_MS = 150.0
STATS_TARGET_MS = 200.0

say = common.sayer("[tasks-bench]")


def _seed_unit(unit, rng: random.Random, now: datetime.datetime) -> tuple[int, int]:
    from org.models import Position, Section, Staff
    from tasks.models import CYCLE_DAYS, Task, TaskEvent, TaskMissedReport, TaskStatus

    today = now.date()
    sections = list(Section.objects.filter(unit=unit).order_by("order"))
    members = {s.pk: list(Staff.objects.filter(section=s).order_by("-position", "id")) for s in sections}
    leaders = list(Staff.objects.filter(unit=unit, position__gte=Position.DEPUTY))
    cycles = ["none"] * 4 + ["weekly"] * 3 + ["fortnightly"] * 2 + ["monthly"]
    sources = ["leader_instruction", "meeting_decision", "from_above", "plan_item", "document"]
    day = datetime.timedelta(days=1)
    hour = datetime.timedelta(hours=1)
    tasks, plans = [], []
    for i in range(TASKS_PER_UNIT):
        section = rng.choice(sections)
        assigned = now - datetime.timedelta(days=rng.uniform(0, 365))
        deadline = assigned.date() + datetime.timedelta(days=rng.randint(5, 40))
        age = (today - deadline).days
        roll = rng.random()
        if roll < 0.01:
            status = TaskStatus.DRAFT
        elif age > 20:
            status = (
                TaskStatus.CLOSED if roll < 0.93 else (TaskStatus.CANCELLED if roll < 0.95 else TaskStatus.IN_PROGRESS)
            )
        else:
            status = rng.choice(
                [TaskStatus.ASSIGNED]
                + [TaskStatus.IN_PROGRESS] * 6
                + [TaskStatus.COMPLETION_REQUESTED, TaskStatus.CLOSED]
            )
        cycle = rng.choice(cycles)
        task = Task(
            unit=unit,
            title=f"督办任务{i:04d}：{section.name}专项工作",
            source=rng.choice(sources),
            lead_section=section,
            assigned_by=rng.choice(leaders),
            deadline=deadline,
            original_deadline=deadline,
            priority="key" if rng.random() < 0.2 else "normal",
            report_cycle=cycle,
            status=status,
            assigned_at=None if status == TaskStatus.DRAFT else assigned,
        )
        task.created_at = assigned
        events: list[tuple[str, datetime.datetime, str]] = []
        if status not in (TaskStatus.DRAFT,):
            events.append(("assigned", assigned, ""))
        if status not in (TaskStatus.DRAFT, TaskStatus.ASSIGNED):
            signed = min(assigned + hour * rng.uniform(0.3, 72), now)
            task.signed_at = signed
            task.signed_by = section.head
            end = now
            if status in (TaskStatus.COMPLETION_REQUESTED, TaskStatus.CLOSED):
                completed = min(
                    datetime.datetime.combine(deadline, datetime.time(10), tzinfo=now.tzinfo)
                    + day * rng.choice([-9, -6, -4, -2, -1, 0, 0, 1, 3, 6]),
                    now,
                )
                completed = max(completed, signed + hour)
                end = completed
                task.completed_on = completed.date()
                task.completion_requested_at = completed
                task.progress = 100
            reports = rng.randint(0, 4)
            report_times = sorted(signed + (end - signed) * rng.random() for _ in range(reports))
            for n, at in enumerate(report_times, start=1):
                events.append(("report", at, f"第{n}次进展反馈：已按计划推进"))
            if report_times:
                task.started_at = report_times[0]
                task.last_report_at = report_times[-1]
                if status != TaskStatus.CLOSED:
                    task.progress = min(90, 20 * len(report_times))
            if status == TaskStatus.IN_PROGRESS and CYCLE_DAYS.get(cycle):
                base = (task.last_report_at or signed).date()
                task.report_due_on = base + datetime.timedelta(days=CYCLE_DAYS[cycle])
            events.insert(1, ("signed", signed, ""))
            if task.completion_requested_at:
                events.append(("completion_requested", task.completion_requested_at, "已完成，申请办结"))
            if status == TaskStatus.CLOSED:
                closed = min(task.completion_requested_at + hour * rng.uniform(2, 96), now)
                task.closed_at = closed
                task.closed_by = task.assigned_by
                task.rating = rng.choice(["excellent", "good", "good", "fair"])
                events.append(("closed", closed, "良好"))
        if status == TaskStatus.CANCELLED:
            events.append(("cancelled", assigned + day, "不再需要"))
        people = members[section.pk]
        responsible = [people[0]] + ([rng.choice(people[1:])] if len(people) > 1 and rng.random() < 0.6 else [])
        tasks.append(task)
        plans.append((events, responsible))
    Task.objects.bulk_create(tasks, batch_size=1000)
    # bulk_create sets auto_now_add fields to now: put the creation times back.
    event_rows, through_rows, missed_rows = [], [], []
    through = Task.responsible.through
    for task, (events, responsible) in zip(tasks, plans, strict=True):
        for kind, at, text in events:
            actor = task.assigned_by if kind in ("assigned", "closed", "cancelled") else responsible[0]
            event_rows.append(TaskEvent(task_id=task.pk, kind=kind, actor=actor, text=text, created_at=at))
        for person in {p.pk for p in responsible}:
            through_rows.append(through(task_id=task.pk, staff_id=person))
        if task.report_due_on and task.report_due_on < today:
            due, step = task.report_due_on, datetime.timedelta(days=CYCLE_DAYS[task.report_cycle])
            while due < today:
                missed_rows.append(TaskMissedReport(task_id=task.pk, lead_section_id=task.lead_section_id, due_on=due))
                due += step
    TaskEvent.objects.bulk_create(event_rows, batch_size=5000)
    through.objects.bulk_create(through_rows, batch_size=5000)
    TaskMissedReport.objects.bulk_create(missed_rows, batch_size=5000)
    return len(event_rows), len(missed_rows)


def seed(units: int, per_unit: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from org.demo import build_city_scale
    from tasks.models import Task

    rng = random.Random(20261125)
    now = timezone.localtime()
    say(f"Seeding the org chart: {units} counties x {per_unit} staff")
    build_city_scale(units=units, staff_per_unit=per_unit, password=common.PASSWORD)
    units_ = list(common.counties())
    say(f"Seeding {TASKS_PER_UNIT * len(units_):,} tasks with their time points")
    events = missed = 0
    for n, unit in enumerate(units_, start=1):
        with transaction.atomic():
            e, m = _seed_unit(unit, rng, now)
        events += e
        missed += m
        if n % 10 == 0:
            say(f"  {n}/{len(units_)} counties")
    # created_at is auto_now_add (set to the seeding time by bulk_create); move it back to assignment time.
    with transaction.atomic():
        Task.objects.filter(assigned_at__isnull=False).update(created_at=models_f("assigned_at"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"tasks": Task.objects.count(), "events": events, "missed_reports": missed}


def models_f(name: str):
    from django.db.models import F

    return F(name)


def main() -> int:
    args = common.parser(__doc__).parse_args()
    size = common.start(args, stem="tasks-bench", say=say).size
    units, per_unit = SIZES[size]
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from org.models import Section
    from tasks.models import Task, TaskEvent, TaskMissedReport
    from tasks.selectors import section_figures, section_task_counts

    common.migrate(say)
    counts = common.seed_once(
        say,
        seeded=Task.objects.filter(unit__name__startswith=common.CITY_PREFIX).exists(),
        seed=lambda: seed(units, per_unit),
        counts=lambda: {
            "tasks": Task.objects.count(),
            "events": TaskEvent.objects.count(),
            "missed_reports": TaskMissedReport.objects.count(),
        },
    )

    unit = common.counties().first()
    principal = unit.principal_leader
    head = Section.objects.get(unit=unit, name="组织科").head
    leader_client, head_client = common.logged_in(principal.user), common.logged_in(head.user)
    today = timezone.localdate()
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    figures = {
        "database": connection.vendor,
        "size": size,
        **counts,
        "tasks_in_unit": Task.objects.filter(unit=unit).count(),
        "machine": common.machine(),
        "all_tasks": common.page(leader_client, reverse("tasks:all"), target=LIST_TARGET_MS),
        "all_tasks_page_50": common.page(leader_client, reverse("tasks:all") + "?page=50", target=LIST_TARGET_MS),
        "my_tasks": common.page(head_client, reverse("tasks:mine"), target=LIST_TARGET_MS),
        "section_tasks": common.page(head_client, reverse("tasks:section"), target=LIST_TARGET_MS),
        "overdue_board": common.page(leader_client, reverse("tasks:overdue"), target=LIST_TARGET_MS),
        "overdue_board_head": common.page(head_client, reverse("tasks:overdue"), target=LIST_TARGET_MS),
        "section_figures_quarter": common.timed(
            lambda: section_figures(unit, quarter_start, today), target=STATS_TARGET_MS
        ),
        "section_figures_year": common.timed(
            lambda: section_figures(unit, today - datetime.timedelta(days=365), today), target=STATS_TARGET_MS
        ),
        "section_task_counts": common.timed(lambda: section_task_counts(unit, today), target=STATS_TARGET_MS),
        "figures_page": common.page(leader_client, reverse("tasks:figures"), target=STATS_TARGET_MS),
    }
    path = common.write_figures(figures, f"tasks-{connection.vendor}-{size}.json")
    say(f"{counts} — {figures['tasks_in_unit']:,} tasks in the measured county")
    keys = common.say_p95_rows(say, figures, width=24)
    say(f"written to {path.relative_to(common.ROOT)}")
    return 0 if all(figures[k]["ok"] for k in keys) else 1


if __name__ == "__main__":
    sys.exit(main())
