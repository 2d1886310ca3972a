"""Quarterly reports and meetings at city scale: seed, then time the pages.

    .venv/bin/python bench/reports_bench.py            100 counties x 50 staff
    .venv/bin/python bench/reports_bench.py --small    10 counties x 50 staff, for a quick check
    .venv/bin/python bench/reports_bench.py --reseed   drop the bench database and seed it again
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_reportsbench .venv/bin/python bench/reports_bench.py

Seeding (once per database): `org.demo.build_city_scale`, then per county three years of quarterly reports
(every section, every quarter: 12 x 5 sections, facts JSON, a narrative, 3 plan items each) and 120 meetings
(affairs and all-staff; agenda items, attendees, decisions) — all with bulk_create. Its own database:
var/reports-bench-<size>.sqlite3 (the demo and the other bench databases are not touched).

Measured in this process through the Django test client (real settings, middleware, templates, sessions), for
the first county: p50/p95 of the reports list, a report's page, the compile page and its .docx, the meetings
list and a meeting's page (the principal leader), 100 requests each after 10 warm-ups; and the time to start a
report (`report_create`: the quarter's attendance derived for the section, task figures) — target p95 ≤ 300 ms
for pages, ≤ 1,000 ms for the .docx and for starting a report.
Figures are printed and written to bench/out/reports-<database>-<size>.json.
"""

from __future__ import annotations

import datetime
import random
import sys

import common

SIZES = {"full": (100, 50), "small": (10, 50)}
YEARS = (2024, 2025, 2026)
MEETINGS_PER_UNIT = 120
REQUESTS = 100
PAGE_TARGET_MS = 300.0
HEAVY_TARGET_MS = 1000.0

say = common.sayer("[reports-bench]")


def _seed_unit(unit, rng: random.Random, now: datetime.datetime) -> int:
    from org.models import Position, Section, Staff
    from reports.models import (
        AgendaItem,
        Attendee,
        Decision,
        Meeting,
        PlanItem,
        QuarterlyReport,
        next_quarter,
        quarter_bounds,
    )

    sections = list(Section.objects.filter(unit=unit).order_by("order"))
    people = list(Staff.objects.filter(unit=unit).order_by("-position", "id"))
    leaders = [p for p in people if p.position >= Position.DEPUTY]
    reports, items = [], []
    current = (now.year, (now.month - 1) // 3 + 1)
    for year in YEARS:
        for quarter in (1, 2, 3, 4):
            if (year, quarter) >= current:
                continue
            start, end = quarter_bounds(year, quarter)
            for section in sections:
                facts = {
                    "period": [start.isoformat(), end.isoformat()],
                    "as_of": end.isoformat(),
                    "tasks": {
                        "closed": rng.randint(5, 40),
                        "closed_on_time": rng.randint(3, 30),
                        "overdue": rng.randint(0, 5),
                        "open": rng.randint(2, 20),
                        "on_time_rate": round(rng.random(), 2),
                        "median_sign_for_hours": 3.5,
                        "missed_reports": rng.randint(0, 3),
                    },
                    "attendance": {
                        "people": 9,
                        "workdays": 540,
                        "late": rng.randint(0, 9),
                        "early": rng.randint(0, 4),
                        "absent": 0.0,
                        "missing": rng.randint(0, 6),
                        "going_out": 2.0,
                        "trip": 3.0,
                        "on_time_rate": 0.98,
                    },
                    "leave": {"total": 12.5, "by_type": {"年休假": 10.0, "病假": 2.5}},
                    "notes": [],
                }
                report = QuarterlyReport(
                    unit=unit,
                    section=section,
                    year=year,
                    quarter=quarter,
                    author=section.head,
                    status="approved",
                    done_text="一是……\n二是……\n三是……" * 20,
                    problems_text="存在问题……" * 10,
                    next_steps_text="下一步……" * 10,
                    facts=facts,
                    facts_at=now,
                    submitted_at=now,
                    decided_at=now,
                )
                reports.append(report)
    QuarterlyReport.objects.bulk_create(reports, batch_size=1000)
    for report in reports:
        plan_start, plan_end = quarter_bounds(*next_quarter(report.year, report.quarter))
        for n in range(3):
            items.append(
                PlanItem(
                    report=report,
                    title=f"工作计划事项{n + 1}",
                    lead_section_id=report.section_id,
                    deadline=plan_start + datetime.timedelta(days=rng.randint(0, (plan_end - plan_start).days)),
                    order=n + 1,
                )
            )
    PlanItem.objects.bulk_create(items, batch_size=5000)
    meetings = []
    for n in range(MEETINGS_PER_UNIT):
        kind = Meeting.Kind.ALL_STAFF if n % 4 == 0 else Meeting.Kind.AFFAIRS
        meetings.append(
            Meeting(
                unit=unit,
                kind=kind,
                title=f"第{n + 1}次{'全体干部大会' if n % 4 == 0 else '部务会'}",
                starts_at=now - datetime.timedelta(days=9 * (MEETINGS_PER_UNIT - n)),
                place="会议室",
                status="closed",
                minutes="纪要……" * 50,
                created_by=leaders[0],
            )
        )
    Meeting.objects.bulk_create(meetings)
    attendees, agenda, decisions = [], [], []
    for meeting in meetings:
        members = people if meeting.kind == Meeting.Kind.ALL_STAFF else leaders
        attendees += [Attendee(meeting=meeting, staff=p, presence="present") for p in members]
        for k in range(5):
            agenda.append(
                AgendaItem(
                    unit=unit,
                    meeting=meeting,
                    title=f"议题{k + 1}",
                    kind="general",
                    order=k + 1,
                    presenter=rng.choice(leaders),
                    added_by=leaders[0],
                )
            )
    Attendee.objects.bulk_create(attendees, batch_size=5000)
    AgendaItem.objects.bulk_create(agenda, batch_size=5000)
    for meeting in meetings:
        for _k in range(2):
            decisions.append(
                Decision(
                    meeting=meeting,
                    text="会议决定……",
                    lead_section=rng.choice(sections),
                    deadline=meeting.starts_at.date() + datetime.timedelta(days=30),
                    created_by=leaders[0],
                )
            )
    Decision.objects.bulk_create(decisions, batch_size=5000)
    return len(reports)


def seed(units: int, per_unit: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from org.demo import build_city_scale
    from org.models import Unit
    from reports.models import AgendaItem, Meeting, PlanItem, QuarterlyReport

    rng = random.Random(20261125)
    now = timezone.localtime()
    if not Unit.objects.filter(name__startswith=common.CITY_PREFIX).exists():
        say(f"Seeding the org chart: {units} counties x {per_unit} staff")
        build_city_scale(units=units, staff_per_unit=per_unit, password=common.PASSWORD)
    units_ = list(common.counties())
    say(f"Seeding reports and meetings for {len(units_)} counties")
    for n, unit in enumerate(units_, start=1):
        with transaction.atomic():
            _seed_unit(unit, rng, now)
        if n % 10 == 0:
            say(f"  {n}/{len(units_)} counties")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "reports": QuarterlyReport.objects.count(),
        "plan_items": PlanItem.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda_items": AgendaItem.objects.count(),
    }


def main() -> int:
    args = common.parser(__doc__).parse_args()
    size = common.start(args, stem="reports-bench", say=say).size
    units, per_unit = SIZES[size]
    from django.db import connection, transaction
    from django.urls import reverse
    from django.utils import timezone

    from reports.models import Meeting, QuarterlyReport
    from reports.selectors import default_quarter
    from reports.services import report_create

    common.migrate(say)
    counts = common.seed_once(
        say,
        seeded=QuarterlyReport.objects.exists(),
        seed=lambda: seed(units, per_unit),
        counts=lambda: {"reports": QuarterlyReport.objects.count(), "meetings": Meeting.objects.count()},
    )

    unit = common.counties().first()
    principal = unit.principal_leader
    client = common.logged_in(principal.user)
    report = QuarterlyReport.objects.filter(unit=unit).order_by("-year", "-quarter", "id").first()
    meeting = Meeting.objects.filter(unit=unit, kind=Meeting.Kind.ALL_STAFF).order_by("-starts_at").first()
    period = f"{report.year}-{report.quarter}"

    today = timezone.localdate()
    section = report.section
    year, quarter = default_quarter(today)

    def start_report():
        # Inside a transaction rolled back each time: the section's report for the quarter is made afresh.
        with transaction.atomic():
            QuarterlyReport.objects.filter(section=section, year=year, quarter=quarter).delete()
            report_create(actor=section.head, section=section, year=year, quarter=quarter)
            transaction.set_rollback(True)

    def view(url: str, target: float = PAGE_TARGET_MS) -> dict:
        return common.page(client, url, target=target, requests=REQUESTS)

    figures = {
        "database": connection.vendor,
        "size": size,
        **counts,
        "machine": common.machine(),
        "reports_list": view(reverse("reports:list")),
        "reports_list_page_10": view(reverse("reports:list") + "?page=10"),
        "report_detail": view(reverse("reports:detail", args=[report.pk])),
        "compile": view(reverse("reports:compile") + f"?period={period}"),
        "compile_docx": view(reverse("reports:compile_docx") + f"?period={period}", target=HEAVY_TARGET_MS),
        "meetings_list": view(reverse("reports:meetings")),
        "meeting_detail": view(reverse("reports:meeting_detail", args=[meeting.pk])),
        "report_create_with_facts": common.timed(start_report, target=HEAVY_TARGET_MS, requests=20),
    }
    path = common.write_figures(figures, f"reports-{connection.vendor}-{size}.json")
    say(f"{counts}")
    keys = common.say_p95_rows(say, figures, width=26)
    say(f"written to {path.relative_to(common.ROOT)}")
    return 0 if all(figures[k]["ok"] for k in keys) else 1


if __name__ == "__main__":
    sys.exit(main())
