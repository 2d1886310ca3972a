"""Coordination (统筹使用力量) at city scale: seed, then time the boards and the help-request pages.

    .venv/bin/python bench/coordination_bench.py            100 counties x 50 staff
    .venv/bin/python bench/coordination_bench.py --small    10 counties x 50 staff, for a quick check
    .venv/bin/python bench/coordination_bench.py --reseed   drop the bench database and seed it again
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_coordination_bench \
        .venv/bin/python bench/coordination_bench.py

Seeding (once per database): `org.demo.build_city_scale`, then per county a year of help requests (60, most
filled and closed, some declined, withdrawn or waiting), their borrowings (≈ 70, 6 running today), and 120
supervised tasks (40 open, a third of them overdue), all with bulk_create. Its own database:
var/coordination-bench-<size>.sqlite3 (the demo and other bench databases are not touched).

Measured in this process through the Django test client (real settings, middleware, templates, sessions):
p50/p95 of the unit board, a section board, the "all help requests" list and the pick-staff page of the
first county's leaders, 200 requests each after 10 warm-ups. Target: p95 ≤ 200 ms for each page.
Figures are printed and written to bench/out/coordination-<database>-<size>.json.
"""

from __future__ import annotations

import datetime
import random
import sys

import common

SIZES = {"full": (100, 50), "small": (10, 50)}
TARGET_P95_MS = 200.0

say = common.sayer("[coordination-bench]")


def seed(units: int, per_unit: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from coordination.models import Borrowing, HelpRequest
    from org.demo import build_city_scale
    from org.models import Position, Section, Staff
    from tasks.models import Task, TaskStatus

    rng = random.Random(20261125)
    today = timezone.localdate()
    say(f"Seeding the org chart: {units} counties x {per_unit} staff")
    build_city_scale(units=units, staff_per_unit=per_unit, password=common.PASSWORD)
    say("Seeding help requests, borrowings and tasks")
    for unit in common.counties():
        sections = list(Section.objects.filter(unit=unit).order_by("order"))
        members = {s.pk: list(Staff.objects.filter(section=s, position__lt=Position.DEPUTY)) for s in sections}
        leaders = list(Staff.objects.filter(unit=unit, position__gte=Position.DEPUTY))
        requests, borrowings, tasks = [], [], []
        running = 0
        with transaction.atomic():
            for i in range(60):
                section = rng.choice(sections)
                start = today - datetime.timedelta(days=rng.randint(-10, 360))
                end = start + datetime.timedelta(days=rng.randint(3, 30))
                status = (
                    HelpRequest.Status.WITH_SUPERVISOR
                    if i < 3
                    else rng.choice([HelpRequest.Status.CLOSED] * 6 + [HelpRequest.Status.DECLINED])
                )
                if start <= today <= end and status == HelpRequest.Status.CLOSED:
                    status = HelpRequest.Status.FILLED
                requests.append(
                    HelpRequest(
                        unit=unit,
                        section=section,
                        requested_by=section.head or members[section.pk][0],
                        headcount=rng.randint(1, 2),
                        work=f"专项工作{i}",
                        starts_on=start,
                        ends_on=end,
                        reason="科内人员不足",
                        status=status,
                        assignee=section.supervisor if status == HelpRequest.Status.WITH_SUPERVISOR else None,
                        decided_by=None if status == HelpRequest.Status.WITH_SUPERVISOR else rng.choice(leaders),
                    )
                )
            HelpRequest.objects.bulk_create(requests)
            requests = list(HelpRequest.objects.filter(unit=unit))
            for request in requests:
                if request.status not in (HelpRequest.Status.CLOSED, HelpRequest.Status.FILLED):
                    continue
                active = request.starts_on <= today <= request.ends_on
                if active and running >= 6:
                    continue
                others = [s for s in sections if s.pk != request.section_id]
                lender = rng.choice(others)
                people = rng.sample(members[lender.pk], min(request.headcount, len(members[lender.pk])))
                for person in people:
                    borrowings.append(
                        Borrowing(
                            unit=unit,
                            help_request=request,
                            staff=person,
                            from_section=lender,
                            to_section_id=request.section_id,
                            starts_on=request.starts_on,
                            ends_on=request.ends_on,
                            decided_by=request.decided_by,
                        )
                    )
                    running += active
            Borrowing.objects.bulk_create(borrowings)
            principal = unit.principal_leader
            for i in range(120):
                open_ = i < 40
                deadline = today + datetime.timedelta(days=rng.randint(-20, 40) if open_ else -rng.randint(1, 300))
                tasks.append(
                    Task(
                        unit=unit,
                        title=f"督办任务{i}",
                        source="leader_instruction",
                        lead_section=rng.choice(sections),
                        assigned_by=principal,
                        deadline=deadline,
                        status=rng.choice([TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS])
                        if open_
                        else TaskStatus.CLOSED,
                    )
                )
            Task.objects.bulk_create(tasks)
    return {
        "help_requests": HelpRequest.objects.count(),
        "borrowings": Borrowing.objects.count(),
        "tasks": Task.objects.count(),
    }


def main() -> int:
    args = common.parser(__doc__).parse_args()
    size = common.start(args, stem="coordination-bench", say=say).size
    units, per_unit = SIZES[size]
    from django.db import connection
    from django.urls import reverse

    from coordination.models import Borrowing, HelpRequest
    from org.models import Unit

    common.migrate(say)
    counts = common.seed_once(
        say,
        seeded=Unit.objects.filter(name__startswith=common.CITY_PREFIX).exists(),
        seed=lambda: seed(units, per_unit),
        counts=lambda: {"help_requests": HelpRequest.objects.count(), "borrowings": Borrowing.objects.count()},
    )

    unit = common.counties().first()
    principal = unit.principal_leader
    waiting = HelpRequest.objects.filter(unit=unit, status=HelpRequest.Status.WITH_SUPERVISOR).first()
    supervisor = waiting.assignee
    client_principal, client_supervisor = common.logged_in(principal.user), common.logged_in(supervisor.user)
    busiest = Borrowing.objects.filter(unit=unit).values_list("to_section_id", flat=True).first()
    figures = {
        "database": connection.vendor,
        "size": size,
        **counts,
        "machine": common.machine(),
        "unit_board": common.page(client_principal, reverse("coordination:unit_board"), target=TARGET_P95_MS),
        "section_board": common.page(
            client_principal, reverse("coordination:section_board", args=[busiest]), target=TARGET_P95_MS
        ),
        "all_requests": common.page(client_principal, reverse("coordination:all"), target=TARGET_P95_MS),
        "pick_staff": common.page(
            client_supervisor, reverse("coordination:pick", args=[waiting.pk]), target=TARGET_P95_MS
        ),
    }
    path = common.write_figures(figures, f"coordination-{connection.vendor}-{size}.json")
    keys = common.say_p95_rows(say, figures, width=14)
    say(f"written to {path.relative_to(common.ROOT)}")
    return 0 if all(figures[k]["ok"] for k in keys) else 1


if __name__ == "__main__":
    sys.exit(main())
