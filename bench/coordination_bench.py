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

import argparse
import datetime
import json
import os
import platform
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PASSWORD = "Zugong@2026"
BENCH_FIELD_KEY = "a7e3c1f09b2d4e6f8a0b1c2d3e4f5061"  # the bench database's own key; generated people only
SIZES = {"full": (100, 50), "small": (10, 50)}
WARMUP, REQUESTS = 10, 200
TARGET_P95_MS = 200.0


def say(text: str) -> None:
    print(f"[coordination-bench] {text}", flush=True)


def configure(database_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "ALLOWED_HOSTS": "testserver",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": BENCH_FIELD_KEY,
            "DATABASE_URL": database_url,
            "HUEY_IMMEDIATE": "true",
        }
    )
    for name in ("SECRET_KEY_FILE", "FIELD_ENCRYPTION_KEY_FILE"):
        os.environ.pop(name, None)


def reset_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def ensure_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(units: int, per_unit: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from coordination.models import Borrowing, HelpRequest
    from org.demo import build_city_scale
    from org.models import Position, Section, Staff, Unit
    from tasks.models import Task, TaskStatus

    rng = random.Random(20261125)
    today = timezone.localdate()
    say(f"Seeding the org chart: {units} counties x {per_unit} staff")
    build_city_scale(units=units, staff_per_unit=per_unit, password=PASSWORD)
    counties = list(Unit.objects.filter(name__startswith="规模测试市", level=Unit.Level.COUNTY).order_by("order"))
    say("Seeding help requests, borrowings and tasks")
    for unit in counties:
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


def timed(client, url: str) -> dict:
    for _ in range(WARMUP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    return {
        "url": url,
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(p95, 1),
        "target_p95_ms": TARGET_P95_MS,
        "ok": p95 <= TARGET_P95_MS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    size = "small" if args.small else "full"
    units, per_unit = SIZES[size]
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / f'coordination-bench-{size}.sqlite3'}"
    configure(url)
    sys.path.insert(0, str(ROOT))
    if args.reseed:
        reset_database(url)
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.testing import force_login_verified
    from coordination.models import Borrowing, HelpRequest
    from org.models import Unit

    say(f"Migrating ({connection.vendor})")
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(name__startswith="规模测试市").exists():
        started = time.perf_counter()
        counts = seed(units, per_unit)
        say(f"Seeded in {time.perf_counter() - started:.0f} s: {counts}")
    else:
        say("Bench database already seeded (use --reseed to start again)")
        counts = {"help_requests": HelpRequest.objects.count(), "borrowings": Borrowing.objects.count()}

    unit = Unit.objects.filter(name__startswith="规模测试市", level=Unit.Level.COUNTY).order_by("order").first()
    principal = unit.principal_leader
    waiting = HelpRequest.objects.filter(unit=unit, status=HelpRequest.Status.WITH_SUPERVISOR).first()
    supervisor = waiting.assignee
    client_principal, client_supervisor = Client(), Client()
    force_login_verified(client_principal, principal.user)
    force_login_verified(client_supervisor, supervisor.user)
    busiest = Borrowing.objects.filter(unit=unit).values_list("to_section_id", flat=True).first()
    figures = {
        "database": connection.vendor,
        "size": size,
        **counts,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "unit_board": timed(client_principal, reverse("coordination:unit_board")),
        "section_board": timed(client_principal, reverse("coordination:section_board", args=[busiest])),
        "all_requests": timed(client_principal, reverse("coordination:all")),
        "pick_staff": timed(client_supervisor, reverse("coordination:pick", args=[waiting.pk])),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"coordination-{connection.vendor}-{size}.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    for key in ("unit_board", "section_board", "all_requests", "pick_staff"):
        f = figures[key]
        say(f"{key:14} p50 {f['p50_ms']:7.1f} ms   p95 {f['p95_ms']:7.1f} ms   (target ≤ {TARGET_P95_MS:.0f})")
    say(f"written to {path.relative_to(ROOT)}")
    return 0 if all(figures[k]["ok"] for k in ("unit_board", "section_board", "all_requests", "pick_staff")) else 1


if __name__ == "__main__":
    sys.exit(main())
