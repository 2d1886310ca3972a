"""Attendance at city scale: seed, then measure the three figures of issue 3 §7.

    .venv/bin/python bench/attendance_bench.py            5,000 staff, a year of punches (SQLite by default)
    .venv/bin/python bench/attendance_bench.py --small    500 staff, for a quick check
    .venv/bin/python bench/attendance_bench.py --reseed   drop the bench database and seed it again
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_attendance_bench .venv/bin/python bench/attendance_bench.py

Seeding (once per database): `org.demo.build_city_scale(units=100, staff_per_unit=50)`, then a year of
punches (four a working day, with some late arrivals, early departures, missing punches and absences),
approved leave and going-out reports, all with bulk_create. Its own database: var/attendance-bench.sqlite3
(the demo and the other bench databases are not touched), its own secret key per run.

Measured, against the targets:
1. the monthly sheet of a 50-person unit, p95 over HTTP to a real gunicorn (2 workers x 4 threads),
   for an open month (derived on the fly) and a locked one (read from stored day records) — ≤ 200 ms;
2. the whole city's month derived in this process (attendance.monthly.derive_month) — ≤ 10 s;
3. punch requests per second (POST /attendance/punch/ by logged-in staff: session, CSRF, the service with
   its audit event) against a bare view doing one INSERT into the same table, served by the same gunicorn in
   the same run — ≥ 50 %. The bare view is served only by this file's WSGI wrapper (`application` below,
   under /bench/bare-insert/), through the same middleware; it is never part of the product's URLs.

Figures are printed and written to bench/out/attendance-<database>-<size>.json.
"""

from __future__ import annotations

import contextlib
import datetime
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common import (
    ARROW,
    OUT,
    PASSWORD,
    ROOT,
    counties,
    machine,
    migrate,
    parser,
    percentile,
    sayer,
    start,
    write_figures,
)
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

HOST = "127.0.0.1"  # the only address this script sends traffic to
BARE_PATH = "/bench/bare-insert/"
SHEET_MONTH = (2026, 10)
WARMUP = 10
SHEET_REQUESTS = 200
PUNCH_CLIENTS = 8
PUNCH_SECONDS = 8.0
ROUNDS = 2
TIMEOUT = 30
SIZES = {"full": (100, 50), "small": (10, 50)}

SHEET_P95_TARGET_MS = 200.0
CITY_TARGET_S = 10.0
PUNCH_RATIO_TARGET = 0.5


# --- the WSGI wrapper gunicorn serves: the real project plus the bare view ---------------------------


@csrf_exempt
def bare_insert(request):
    """One INSERT into the punch table and a tiny reply: the baseline a punch is compared with."""
    from django.http import HttpResponse
    from django.utils import timezone

    from attendance.models import Punch

    staff_id, unit_id = (int(part) for part in os.environ["ATTENDANCE_BENCH_BARE_STAFF"].split(":"))
    Punch.objects.create(unit_id=unit_id, staff_id=staff_id, at=timezone.now(), source=Punch.Source.WEB)
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare_insert)]
_handler = None
_handler_lock = threading.Lock()


def application(environ, start_response):
    """config.wsgi's application, except that BARE_PATH resolves against this module's urlpatterns."""
    global _handler
    if _handler is None:
        with _handler_lock:
            if _handler is None:
                import django
                from django.core.handlers.wsgi import WSGIHandler

                django.setup(set_prefix=False)

                class BenchHandler(WSGIHandler):
                    def get_response(self, request):
                        if request.path_info == BARE_PATH:
                            request.urlconf = __name__
                        return super().get_response(request)

                _handler = BenchHandler()
    return _handler(environ, start_response)


# --- seeding ---------------------------------------------------------------------------------------

say = sayer(ARROW)


def seeded() -> bool:
    from attendance.models import Punch
    from org.models import Unit

    return Unit.objects.filter(name__startswith="规模测试市").exists() and Punch.objects.exists()


def _workdays(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    from worktime.calendar import working_days_list

    return working_days_list(first, last)


def seed(units: int, staff_per_unit: int, *, first: datetime.date, last: datetime.date) -> dict[str, int]:
    from django.db import transaction

    from attendance.models import Punch
    from goingout.models import GoingOutReport
    from leave.models import LeaveRequest, LeaveType
    from leave.services import install_default_leave_types
    from org.demo import build_city_scale
    from org.models import Staff
    from worktime.policies import schedule_for

    rng = random.Random(20261125)
    started = time.perf_counter()
    city = build_city_scale(units=units, staff_per_unit=staff_per_unit, password=PASSWORD)
    say(f"  {city['staff_count']} staff in {len(city['units'])} units ({time.perf_counter() - started:.1f} s)")
    workdays = _workdays(first, last)
    minute = datetime.timedelta(minutes=1)
    counts = {"punches": 0, "leave": 0, "going_out": 0}
    for number, unit in enumerate(city["units"], start=1):
        types = {t.code: t for t in install_default_leave_types(unit)}
        people = list(Staff.objects.filter(unit=unit).values_list("id", flat=True))
        schedules = {day: schedule_for(unit.pk, day) for day in workdays}
        leave_rows, report_rows, away = [], [], set()
        for staff_id in people:
            for _ in range(4):  # a few short leaves a year
                start = rng.randrange(len(workdays) - 3)
                span = workdays[start : start + rng.choice((1, 1, 2, 3))]
                code = rng.choice((LeaveType.Code.PERSONAL, LeaveType.Code.ANNUAL, LeaveType.Code.SICK))
                leave_rows.append(
                    LeaveRequest(
                        unit=unit,
                        staff_id=staff_id,
                        leave_type=types[code],
                        starts_on=span[0],
                        ends_on=span[-1],
                        days=len(span),
                        reason="基准测试",
                        status=LeaveRequest.Status.APPROVED,
                    )
                )
                away.update((staff_id, day) for day in span)
            start = rng.randrange(len(workdays) - 2)
            span = workdays[start : start + 2]
            report_rows.append(
                GoingOutReport(
                    unit=unit,
                    staff_id=staff_id,
                    purpose=rng.choice(("work", "private")),
                    destination="省城",
                    reason="基准测试",
                    starts_on=span[0],
                    ends_on=span[-1],
                    status=GoingOutReport.Status.APPROVED,
                )
            )
            away.update((staff_id, day) for day in span)
        punches = []
        for day, schedule in schedules.items():
            for staff_id in people:
                if (staff_id, day) in away:
                    continue
                roll = rng.random()
                if roll < 0.01:
                    continue  # absent without leave
                times = [
                    schedule.morning_start - rng.randint(3, 25) * minute,
                    schedule.morning_end + rng.randint(0, 10) * minute,
                    schedule.afternoon_start - rng.randint(0, 10) * minute,
                    schedule.afternoon_end + rng.randint(0, 40) * minute,
                ]
                if roll < 0.05:
                    times[0] = schedule.morning_start + rng.randint(6, 40) * minute
                elif roll < 0.07:
                    times[3] = schedule.afternoon_end - rng.randint(6, 60) * minute
                elif roll < 0.08:
                    del times[rng.randrange(4)]
                punches.extend(
                    Punch(
                        unit_id=unit.pk,
                        staff_id=staff_id,
                        at=moment + rng.randint(0, 59) * datetime.timedelta(seconds=1),
                        source=Punch.Source.WEB,
                    )
                    for moment in times
                )
        with transaction.atomic():
            LeaveRequest.objects.bulk_create(leave_rows, batch_size=2000)
            GoingOutReport.objects.bulk_create(report_rows, batch_size=2000)
            Punch.objects.bulk_create(punches, batch_size=5000)
        counts["punches"] += len(punches)
        counts["leave"] += len(leave_rows)
        counts["going_out"] += len(report_rows)
        if number % 10 == 0 or number == len(city["units"]):
            say(
                f"  {number}/{len(city['units'])} units, {counts['punches']:,} punches "
                f"({time.perf_counter() - started:.0f} s)"
            )
    return counts


def forget_bench_punches(units) -> int:
    """Delete the punches earlier runs made today (seeding stops yesterday): each run adds thousands per
    puncher, and the punch page, which lists one's punches of the day, would grow with every run."""
    from django.utils import timezone

    from attendance.models import Punch

    start_of_today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    deleted, _by_model = Punch.objects.filter(unit__in=units, at__gte=start_of_today).delete()
    return deleted


def lock_month(unit, year: int, month: int) -> bool:
    """Confirm every section and lock the month through the services, as the office would."""
    from accounts.models import Duty, DutyGrant
    from attendance.models import MonthSheet
    from attendance.services import month_sheet_confirm, month_sheet_lock
    from org.models import Section

    if MonthSheet.objects.filter(unit=unit, section=None, year=year, month=month, status="locked").exists():
        return False
    for section in Section.objects.filter(unit=unit).select_related("head__user"):
        if not MonthSheet.objects.filter(section=section, year=year, month=month, status="confirmed").exists():
            month_sheet_confirm(actor=section.head, section_id=section.pk, year=year, month=month)
    keeper = Section.objects.get(unit=unit, is_office=True).head
    DutyGrant.objects.get_or_create(user=keeper.user, duty=Duty.ATTENDANCE)
    month_sheet_lock(actor=keeper, year=year, month=month)
    return True


# --- HTTP ------------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """One user's cookie jar against the local server; no proxies, redirects not followed."""

    def __init__(self, base: str, *, drop_messages: bool = False) -> None:
        self.base = base
        self.drop_messages = drop_messages
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path_: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        url = self.base + path_
        assert url.startswith(f"http://{HOST}:")
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=TIMEOUT) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        finally:
            if self.drop_messages:
                self._drop_messages()

    def _drop_messages(self) -> None:
        """A person reads "打卡成功" on the page the punch redirects to; a client that never follows the
        redirect would pile the messages up in its cookie (and then in its session), so forget them."""
        for cookie in [c for c in self.jar if c.name == "messages"]:
            self.jar.clear(cookie.domain, cookie.path, cookie.name)

    def csrf(self, path_: str) -> str:
        status, body = self.request(path_)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or match is None:
            raise RuntimeError(f"{path_} answered {status} without a CSRF token")
        return match.group(1)

    def login(self, username: str) -> None:
        token = self.csrf("/accounts/login/")
        status, _body = self.request(
            "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        )
        if status != 302:
            raise RuntimeError(f"login of {username} answered {status}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log_path: Path) -> Iterator[str]:
    port = free_port()
    base = f"http://{HOST}:{port}"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "attendance_bench:application",
        f"--pythonpath={ROOT / 'bench'},{ROOT}",
        f"--bind={HOST}:{port}",
        "--workers=2",
        "--threads=4",
        "--worker-class=gthread",
        "--log-level=warning",
        "--timeout=120",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log_path}")
                try:
                    Browser(base).request("/accounts/login/")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"gunicorn did not answer on {base} within 60 s") from None
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def sheet_latency(base: str, username: str, url: str) -> dict[str, float]:
    browser = Browser(base)
    browser.login(username)
    for _ in range(WARMUP):
        status, body = browser.request(url)
        if status != 200 or 'data-testid="sheet"' not in body:
            raise RuntimeError(f"{url} answered {status} without the sheet")
    times = []
    for _ in range(SHEET_REQUESTS):
        start = time.perf_counter()
        status, _body = browser.request(url)
        times.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
    return {
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "requests": len(times),
    }


def hammer(clients: list[tuple[Browser, str, dict[str, str] | None]], seconds: float, expect: int) -> dict:
    """Every client posts in a loop for `seconds`; returns requests per second and latency."""
    stop = time.monotonic() + seconds
    results: list[list[float]] = [[] for _ in clients]
    errors: list[str] = []

    def run(index: int) -> None:
        browser, path_, data = clients[index]
        while time.monotonic() < stop:
            start = time.perf_counter()
            status, body = browser.request(path_, data or {})
            if status != expect:
                errors.append(f"{path_}: {status} {body[:120]}")
                return
            results[index].append(time.perf_counter() - start)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(errors[0])
    latencies = [s * 1000 for r in results for s in r]
    return {
        "requests": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
    }


# --- the run ---------------------------------------------------------------------------------------


def main() -> int:
    args = parser(__doc__, small_help="10 units of 50 (500 staff)").parse_args()
    # The real settings, served over plain HTTP on the loopback address only.
    run = start(args, stem="attendance-bench", say=say, allowed_hosts=HOST, huey_immediate=False)
    size, env = run.size, run.env
    units, per_unit = SIZES[size]
    from django.db import connection
    from django.utils import timezone

    from attendance.models import Punch
    from attendance.monthly import derive_month
    from org.models import Position, Staff

    migrate(say)
    today = timezone.localdate()
    first, last = today - datetime.timedelta(days=365), today - datetime.timedelta(days=1)
    if not seeded():
        say(f"Seeding {units} units x {per_unit} staff and punches from {first} to {last}")
        counts = seed(units, per_unit, first=first, last=last)
    else:
        say("Bench database already seeded (use --reseed to start again)")
        counts = {"punches": Punch.objects.count()}
    city_units = list(counties())
    year, month = SHEET_MONTH
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "size": size,
        "staff": Staff.objects.filter(unit__in=city_units).count(),
        "units": len(city_units),
        "punches": counts["punches"],
        "month": f"{year}-{month:02d}",
        "machine": machine(),
    }

    say(f"Deriving the whole city's month {year}-{month:02d} in this process")
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        result = derive_month(city_units, year, month)
        runs.append(time.perf_counter() - started)
    person_days = sum(len(days) for days in result.values())
    figures["city_month"] = {
        "people": len(result),
        "person_days": person_days,
        "first_s": round(runs[0], 2),
        "best_s": round(min(runs), 2),
        "target_s": CITY_TARGET_S,
        "ok": max(runs) <= CITY_TARGET_S,
    }

    open_unit, locked_unit = city_units[0], city_units[1]
    if lock_month(locked_unit, year, month):
        say(f"Locked {year}-{month:02d} of {locked_unit.name} (its sheet is read from stored day records)")
    bare_staff = Staff.objects.filter(unit=open_unit, position=Position.STAFF).order_by("id").first()
    env["ATTENDANCE_BENCH_BARE_STAFF"] = f"{bare_staff.pk}:{open_unit.pk}"
    os.environ.update(env)
    OUT.mkdir(parents=True, exist_ok=True)
    say("Starting gunicorn (2 workers x 4 threads) with the real settings")
    with gunicorn(env, OUT / "attendance-gunicorn.log") as base:
        url = f"/attendance/sheets/unit/?month={year}-{month:02d}"
        figures["sheet_open"] = sheet_latency(base, open_unit.principal_leader.user.username, url)
        figures["sheet_locked"] = sheet_latency(base, locked_unit.principal_leader.user.username, url)
        for key in ("sheet_open", "sheet_locked"):
            figures[key].update({"people": 50, "target_p95_ms": SHEET_P95_TARGET_MS})
            figures[key]["ok"] = figures[key]["p95_ms"] <= SHEET_P95_TARGET_MS

        if forgotten := forget_bench_punches(city_units):
            say(f"Deleted {forgotten:,} punches earlier runs made today")
        say(f"Punching: {PUNCH_CLIENTS} clients, {ROUNDS} rounds of {PUNCH_SECONDS:.0f} s against the bare INSERT")
        punchers = []
        people = (
            Staff.objects.filter(unit__in=city_units[:PUNCH_CLIENTS], position=Position.STAFF)
            .select_related("user")
            .order_by("unit_id", "id")
        )
        picked: dict[int, Staff] = {}
        for person in people:
            picked.setdefault(person.unit_id, person)
        for person in list(picked.values())[:PUNCH_CLIENTS]:
            browser = Browser(base, drop_messages=True)
            browser.login(person.user.username)
            token = browser.csrf("/attendance/")
            punchers.append((browser, "/attendance/punch/", {"csrfmiddlewaretoken": token}))
        bare = [(Browser(base), BARE_PATH, {}) for _ in range(PUNCH_CLIENTS)]
        # The same bare view requested by the punchers' logged-in browsers: the framework's per-request
        # cost of a signed-in user (session, account) on both sides, so the ratio is the punch's own cost.
        bare_signed_in = [(browser, BARE_PATH, {}) for browser, _path, _data in punchers]
        hammer(bare, 1.0, 200)
        hammer(punchers, 1.0, 302)
        runs: dict[str, list[dict]] = {"bare": [], "bare_signed_in": [], "punch": []}
        for _ in range(ROUNDS):
            runs["bare"].append(hammer(bare, PUNCH_SECONDS, 200))
            runs["punch"].append(hammer(punchers, PUNCH_SECONDS, 302))
            runs["bare_signed_in"].append(hammer(bare_signed_in, PUNCH_SECONDS, 200))
        rate = {key: statistics.median(r["per_second"] for r in value) for key, value in runs.items()}
        figures["punch"] = {
            "clients": PUNCH_CLIENTS,
            "bare_per_second": rate["bare"],
            "bare_signed_in_per_second": rate["bare_signed_in"],
            "punch_per_second": rate["punch"],
            "ratio": round(rate["punch"] / rate["bare"], 3) if rate["bare"] else None,
            "ratio_signed_in": round(rate["punch"] / rate["bare_signed_in"], 3) if rate["bare_signed_in"] else None,
            "runs": runs,
            "target_ratio": PUNCH_RATIO_TARGET,
        }
        figures["punch"]["ok"] = (figures["punch"]["ratio"] or 0) >= PUNCH_RATIO_TARGET

    city = figures["city_month"]
    print()
    print(f"Attendance bench — {figures['staff']:,} staff, {figures['punches']:,} punches, {connection.vendor}")
    print(
        f"  Whole city month derived      first {city['first_s']:.2f} s, best {city['best_s']:.2f} s "
        f"({city['person_days']:,} person-days)   target ≤ {CITY_TARGET_S:.0f} s   {'OK' if city['ok'] else 'MISSED'}"
    )
    for key, label in (("sheet_open", "open month"), ("sheet_locked", "locked month")):
        f = figures[key]
        print(
            f"  Unit sheet p95 ({label:12s}) {f['p95_ms']:7.1f} ms (p50 {f['p50_ms']:.1f})   "
            f"target ≤ {SHEET_P95_TARGET_MS:.0f} ms   {'OK' if f['ok'] else 'MISSED'}"
        )
    p = figures["punch"]
    print(
        f"  Punch rate                    {p['punch_per_second']:.1f}/s vs bare INSERT {p['bare_per_second']:.1f}/s "
        f"= {p['ratio']:.0%}   target ≥ {PUNCH_RATIO_TARGET:.0%}   {'OK' if p['ok'] else 'MISSED'}"
    )
    print(
        f"    (bare INSERT by the same signed-in browsers {p['bare_signed_in_per_second']:.1f}/s: punch = "
        f"{p['ratio_signed_in']:.0%} of it)"
    )
    out = write_figures(figures, f"attendance-{connection.vendor}-{size}.json")
    print(f"  written to {out.relative_to(ROOT)}")
    return 0 if all(figures[k]["ok"] for k in ("city_month", "sheet_open", "sheet_locked", "punch")) else 1


if __name__ == "__main__":
    sys.exit(main())
