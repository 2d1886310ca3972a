"""Seed the benchmark database with a city-scale organization department.

One city unit above 100 county units of 50 staff each, 100,000 going-out
reports with their approvals (steps, assignments, timeline records and
notifications), and 1,000,000 audit events spread over the unit chains,
hash-chained exactly as `audit.services.audit_record` chains them, so
`audit_verify` passes. `--small` seeds a tenth (10 units, 10,000 approvals,
100,000 events).

Rows are built in Python and written with `bulk_create` in chunks, with primary
keys chosen here so that related rows can point at each other without reading
anything back. An already seeded database of the requested size is left alone;
`--reseed` drops the database and builds it again (the audit tables refuse
DELETE, so dropping is the only way to empty them).

Run through bench/run.sh, which sets DATABASE_URL and the keys.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from common import drop_database, ensure_database

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHUNK = 5000
STAFF_PER_UNIT = 50
# Everyone in the bench database logs in with this password (hashed once with the real SM3 hasher).
BENCH_PASSWORD = "Bench#2026zg"
# The head of 组织科 of the first county: the busy approver whose pages are measured.
BUSY_HEAD = "c001_10"
SEED = 20261125

SECTION_NAMES = [
    "办公室",
    "组织科",
    "干部科",
    "干部监督科",
    "人才工作科",
    "党员教育科",
    "基层组织建设科",
    "研究室",
    "信息中心",
]
LEADERS = 5  # principal, executive deputy, three deputies
SECTION_SIZE = 5  # head, deputy head, three staff
COUNTY_PREFIXES = "东西南北安平宁和永兴"
COUNTY_SUFFIXES = "山河阳城川丰源林江泉"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍红建文辉力永健志义兴良海山波宁福生龙元国胜学祥才新利清飞彬"
DESTINATIONS = [
    "市委组织部",
    "省委党校",
    "北京",
    "上海",
    "广州",
    "杭州",
    "成都",
    "西安",
    "南京",
    "武汉",
    "长沙",
    "郑州",
]
REASONS = [
    "参加业务培训",
    "汇报工作",
    "学习考察",
    "参加会议",
    "探亲",
    "就医陪护",
    "处理家庭事务",
    "调研走访",
]


@dataclass(frozen=True)
class Size:
    label: str
    units: int
    approvals: int
    events: int

    @property
    def staff(self) -> int:
        return self.units * STAFF_PER_UNIT + CITY_STAFF


CITY_STAFF = 5
SIZES = {
    "full": Size("full", units=100, approvals=100_000, events=1_000_000),
    "small": Size("small", units=10, approvals=10_000, events=100_000),
}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


# --- what is there ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    units: int
    staff: int
    approvals: int
    events: int

    @classmethod
    def now(cls) -> Counts:
        from approvals.models import Approval
        from audit.models import AuditEvent
        from org.models import Staff, Unit

        return cls(
            units=Unit.objects.filter(level=Unit.Level.COUNTY).count(),
            staff=Staff.objects.count(),
            approvals=Approval.objects.count(),
            events=AuditEvent.objects.count(),
        )

    def matches(self, size: Size) -> bool:
        # The bench appends events (logins, the append-rate run) to a seeded database: more is fine.
        return (
            self.units == size.units
            and self.staff == size.staff
            and self.approvals == size.approvals
            and self.events >= size.events
        )

    @property
    def empty(self) -> bool:
        return not (self.units or self.staff or self.approvals or self.events)


# --- building the rows -----------------------------------------------------------------------------


class Ids:
    """Primary keys handed out here, after whatever the table already holds."""

    def __init__(self, model) -> None:
        from django.db.models import Max

        self._next = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def take(self) -> int:
        value = self._next
        self._next += 1
        return value


@dataclass
class Person:
    staff_id: int
    user_id: int
    unit_index: int
    section: SectionPlan | None
    position: int
    name: str


@dataclass
class SectionPlan:
    section_id: int
    head: Person | None = None
    supervisor: Person | None = None
    members: list[Person] = field(default_factory=list)


@dataclass
class UnitPlan:
    index: int
    unit_id: int
    principal: Person | None = None
    people: list[Person] = field(default_factory=list)
    sections: list[SectionPlan] = field(default_factory=list)
    # (report id, object_repr) of the unit's going-out reports, for the audit events that name them.
    reports: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Rows:
    """Everything to insert, by model, in insertion order."""

    by_model: dict[Any, list[Any]] = field(default_factory=dict)

    def add(self, obj: Any) -> None:
        self.by_model.setdefault(type(obj), []).append(obj)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextlib.contextmanager
def given_times(*fields_: Any) -> Iterator[None]:
    """Let bulk_create keep the creation times we generate instead of stamping "now" (auto_now_add)."""
    saved = [f.auto_now_add for f in fields_]
    for f in fields_:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields_, saved, strict=True):
            f.auto_now_add = value


class Seeder:
    def __init__(self, size: Size, *, verbose: bool = True) -> None:
        from django.utils import timezone

        self.size = size
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.verbose = verbose
        self.units: list[UnitPlan] = []
        self.city_principal: Person | None = None

    def say(self, text: str) -> None:
        if self.verbose:
            print(text, flush=True)

    # -- names --

    def person_name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    # -- the organization --

    def build_org(self) -> Rows:
        from django.contrib.auth.hashers import make_password

        from accounts.models import User
        from org.models import Gender, Grade, Position, Section, Staff, Unit
        from org.services import name_fields, sensitive_fields

        rows = Rows()
        unit_ids, section_ids, user_ids, staff_ids = Ids(Unit), Ids(Section), Ids(User), Ids(Staff)
        # One PBKDF2-HMAC-SM3 hash for everyone: hashing 5,000 passwords would take minutes and prove nothing.
        encoded = make_password(BENCH_PASSWORD)

        made_in_unit: dict[int, int] = {}

        def person(unit: Unit, unit_index: int, position: int, title: str, section, username: str = "") -> Person:
            number = made_in_unit[unit_index] = made_in_unit.get(unit_index, -1) + 1
            username = username or f"c{unit_index + 1:03d}_{number:02d}"
            name = self.person_name()
            user_id, staff_id = user_ids.take(), staff_ids.take()
            rows.add(
                User(
                    id=user_id,
                    username=username,
                    full_name=name,
                    password=encoded,
                    must_change_password=False,
                    password_changed_at=self.now,
                    date_joined=self.now - datetime.timedelta(days=400),
                )
            )
            started = self.today - datetime.timedelta(days=self.rng.randint(365, 30 * 365))
            rows.add(
                Staff(
                    id=staff_id,
                    user_id=user_id,
                    unit_id=unit.pk,
                    section_id=section.section_id if section else None,
                    position=position,
                    title=title,
                    grade=self.rng.choice([g for g in Grade.values if g]),
                    gender=self.rng.choice(Gender.values),
                    started_work_on=started,
                    order=len(rows.by_model.get(Staff, [])),
                    is_affairs_member=position >= Position.DEPUTY,
                    **name_fields(name),
                    **sensitive_fields(phone=f"13{self.rng.randint(0, 999_999_999):09d}"),
                )
            )
            return Person(staff_id, user_id, unit_index, section, position, name)

        city = Unit(id=unit_ids.take(), name="市委组织部", short_name="市委组织部", level=Unit.Level.CITY, order=0)
        rows.add(city)
        city_office = SectionPlan(section_id=section_ids.take())
        rows.add(Section(id=city_office.section_id, unit_id=city.pk, name="办公室", order=0, is_office=True))
        self.city_principal = person(city, -1, Position.PRINCIPAL, "部长", None, username="city_00")
        for n in range(1, CITY_STAFF):
            position = Position.SECTION_HEAD if n == 1 else Position.STAFF
            member = person(city, -1, position, "", city_office, username=f"city_{n:02d}")
            city_office.members.append(member)
        city_office.head, city_office.supervisor = city_office.members[0], self.city_principal
        city.principal_leader_id = self.city_principal.staff_id
        rows.by_model[Section][0].head_id = city_office.head.staff_id
        rows.by_model[Section][0].supervisor_id = self.city_principal.staff_id

        for index in range(self.size.units):
            prefix = COUNTY_PREFIXES[index // len(COUNTY_SUFFIXES) % len(COUNTY_PREFIXES)]
            county = prefix + COUNTY_SUFFIXES[index % len(COUNTY_SUFFIXES)]
            if index >= len(COUNTY_PREFIXES) * len(COUNTY_SUFFIXES):
                county += str(index)
            unit = Unit(id=unit_ids.take(), name=f"{county}县委组织部", short_name=f"{county}县")
            unit.parent_id, unit.order = city.pk, index + 1
            rows.add(unit)
            plan = UnitPlan(index=index, unit_id=unit.pk)
            self.units.append(plan)
            leaders = [
                person(unit, index, Position.PRINCIPAL, "部长", None),
                person(unit, index, Position.EXECUTIVE_DEPUTY, "常务副部长", None),
                *(person(unit, index, Position.DEPUTY, "副部长", None) for _ in range(LEADERS - 2)),
            ]
            plan.principal = leaders[0]
            plan.people.extend(leaders)
            unit.principal_leader_id = leaders[0].staff_id
            unit.executive_deputy_id = leaders[1].staff_id
            for order, section_name in enumerate(SECTION_NAMES):
                section = SectionPlan(section_id=section_ids.take(), supervisor=leaders[1 + order % (LEADERS - 1)])
                plan.sections.append(section)
                head_title = "主任" if section_name in ("办公室", "研究室", "信息中心") else "科长"
                section.head = person(unit, index, Position.SECTION_HEAD, head_title, section)
                section.members = [
                    section.head,
                    person(unit, index, Position.SECTION_DEPUTY, "副" + head_title, section),
                    *(person(unit, index, Position.STAFF, "", section) for _ in range(SECTION_SIZE - 2)),
                ]
                plan.people.extend(section.members)
                rows.add(
                    Section(
                        id=section.section_id,
                        unit_id=unit.pk,
                        name=section_name,
                        order=order,
                        is_office=order == 0,
                        head_id=section.head.staff_id,
                        supervisor_id=section.supervisor.staff_id,
                    )
                )
        return rows

    # -- approvals --

    def route(self, applicant: Person, days: int) -> list[tuple[str, Person]]:
        """The steps the default going-out rules give (goingout/apps.py), resolved from the org chart."""
        from approvals.models import Node
        from org.models import Position

        plan = self.units[applicant.unit_index]
        section = applicant.section
        assert plan.principal is not None and self.city_principal is not None
        if applicant.position == Position.PRINCIPAL:
            return [(Node.HIGHER_PRINCIPAL, self.city_principal)]
        if applicant.position >= Position.DEPUTY:
            return [(Node.PRINCIPAL, plan.principal)]
        assert section is not None and section.head is not None and section.supervisor is not None
        steps: list[tuple[str, Person]] = []
        if applicant.position < Position.SECTION_HEAD:
            steps.append((Node.SECTION_HEAD, section.head))
        steps.append((Node.SUPERVISOR, section.supervisor))
        if days > 3:
            steps.append((Node.PRINCIPAL, plan.principal))
        return steps

    def applicants(self) -> Iterator[Person]:
        """Who files each report: evenly over everyone, but the busy head's section files a lot and waits."""
        per_unit, extra = divmod(self.size.approvals, self.size.units)
        for plan in self.units:
            count = per_unit + (1 if plan.index < extra else 0)
            busy = plan.sections[1].members[1:] if plan.index == 0 else []
            for n in range(count):
                if busy and n < count // 4:
                    yield busy[n % len(busy)]
                else:
                    yield self.rng.choice(plan.people)

    def outcome(self, applicant: Person, steps: int) -> tuple[str, int]:
        """(status, the step it stopped at) drawn for one request."""
        from org.models import Position

        plan = self.units[applicant.unit_index]
        busy_section = plan.index == 0 and applicant.section is plan.sections[1]
        if busy_section and applicant.position < Position.SECTION_HEAD and self.rng.random() < 0.6:
            return "pending", 1
        draw = self.rng.random()
        if draw < 0.84:
            return "approved", steps
        if draw < 0.88:
            return "rejected", self.rng.randint(1, steps)
        if draw < 0.91:
            return "withdrawn", 1
        if draw < 0.93:
            return "returned", self.rng.randint(1, steps)
        return "pending", self.rng.randint(1, steps)

    def build_approvals(self) -> Rows:
        from approvals.models import Approval, ApprovalAssignment, ApprovalRecord, ApprovalStep
        from goingout.models import GoingOutReport
        from notify.models import Notification

        rows = Rows()
        report_ids, approval_ids, step_ids = Ids(GoingOutReport), Ids(Approval), Ids(ApprovalStep)
        label = GoingOutReport._meta.label_lower
        rng = self.rng
        for applicant in self.applicants():
            days = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 7))
            steps = self.route(applicant, days)
            status, stop = self.outcome(applicant, len(steps))
            if status == "pending":
                submitted = self.now - datetime.timedelta(hours=rng.uniform(1, 96))
            else:
                submitted = self.now - datetime.timedelta(days=rng.uniform(6, 365))
            starts_on = self.tz_date(submitted) + datetime.timedelta(days=rng.randint(1, 10))
            ends_on = starts_on + datetime.timedelta(days=days - 1)
            destination = rng.choice(DESTINATIONS)
            report_id, approval_id = report_ids.take(), approval_ids.take()
            title = f"外出报备：{destination}（{starts_on:%m月%d日}—{ends_on:%m月%d日}）"
            self.units[applicant.unit_index].reports.append((report_id, f"{applicant.name} 外出报备（{destination}）"))
            rows.add(
                GoingOutReport(
                    id=report_id,
                    unit_id=self.units[applicant.unit_index].unit_id,
                    staff_id=applicant.staff_id,
                    purpose=rng.choice(GoingOutReport.Purpose.values),
                    destination=destination,
                    reason=rng.choice(REASONS),
                    starts_on=starts_on,
                    ends_on=ends_on,
                    status=status,
                    created_at=submitted,
                )
            )
            approval = Approval(
                id=approval_id,
                unit_id=self.units[applicant.unit_index].unit_id,
                kind="goingout",
                title=title,
                applicant_id=applicant.staff_id,
                target_type=label,
                target_id=report_id,
                days=Decimal(days),
                status=status,
                submitted_at=submitted,
            )
            rows.add(approval)
            rows.add(
                ApprovalRecord(
                    approval_id=approval_id, actor_id=applicant.staff_id, action="submit", created_at=submitted
                )
            )
            moment = submitted
            for order, (node, approver) in enumerate(steps, start=1):
                step = ApprovalStep(id=step_ids.take(), approval_id=approval_id, order=order, node=node)
                assignment = ApprovalAssignment(step_id=step.pk, assignee_id=approver.staff_id)
                rows.add(step)
                rows.add(assignment)
                reached = order < stop or (order == stop and status != "withdrawn")
                if not reached:
                    step.status = "cancelled" if status == "withdrawn" and order == 1 else "waiting"
                    continue
                step.activated_at = moment
                if status == "pending" and order == stop:
                    step.status = "pending"
                    assignment.is_open = True
                    approval.current_order = order
                    rows.add(
                        Notification(
                            recipient_id=approver.user_id,
                            text=f"{applicant.name}的{title}等待您审批",
                            url="/approvals/",
                            created_at=moment,
                        )
                    )
                    continue
                moment = min(moment + datetime.timedelta(minutes=rng.uniform(5, 600)), self.now)
                decided = "approved" if order < stop or status == "approved" else status
                action = {"approved": "approve", "rejected": "reject", "returned": "return"}[decided]
                step.status, step.decided_at = decided, moment
                assignment.decision, assignment.decided_at = decided, moment
                assignment.opinion = "" if decided == "approved" else "请补充外出事由"
                rows.add(
                    ApprovalRecord(
                        approval_id=approval_id,
                        step_id=step.pk,
                        actor_id=approver.staff_id,
                        action=action,
                        opinion=assignment.opinion,
                        created_at=moment,
                    )
                )
            if status == "withdrawn":
                moment = moment + datetime.timedelta(minutes=rng.uniform(5, 120))
                rows.add(
                    ApprovalRecord(
                        approval_id=approval_id, actor_id=applicant.staff_id, action="withdraw", created_at=moment
                    )
                )
            if status == "returned":
                approval.returned_order = stop
            if status != "pending":
                approval.decided_at = moment
                rows.add(
                    Notification(
                        recipient_id=applicant.user_id,
                        text=f"您的{title}已处理",
                        url=f"/going-out/{report_id}/",
                        created_at=moment,
                        read_at=moment + datetime.timedelta(hours=2),
                    )
                )
        return rows

    def tz_date(self, moment: datetime.datetime) -> datetime.date:
        from django.utils import timezone

        return timezone.localdate(moment)

    # -- audit events --

    def build_chain(self, plan: UnitPlan, count: int) -> Iterator[list[Any]]:
        """The unit's chain, `count` events over the past year, in chunks; hashed as audit_record hashes."""
        from audit.models import AuditEvent
        from audit.services import GENESIS, chain_key_for, event_hash

        rng = self.rng
        key = chain_key_for(plan.unit_id)
        unit_id = plan.unit_id
        people = plan.people
        start = self.now - datetime.timedelta(days=365)
        step_us = int(365 * 86_400_000_000 / (count + 1))
        prev = GENESIS
        report_label = "goingout.goingoutreport"
        chunk: list[Any] = []
        for seq in range(1, count + 1):
            actor = rng.choice(people)
            draw = rng.random()
            changes: dict[str, Any] = {}
            if draw < 0.55:
                action = "accounts.login" if draw < 0.4 else "accounts.logout"
                object_type, object_id, object_repr = "accounts.user", str(actor.user_id), actor.name
                summary = "登录成功" if draw < 0.4 else "退出登录"
            else:
                report_id, object_repr = rng.choice(plan.reports)
                object_type, object_id = report_label, str(report_id)
                if draw < 0.7:
                    action, summary = "goingout.submit", "提交外出报备"
                    changes = {"purpose": "work", "days": rng.randint(1, 7)}
                elif draw < 0.95:
                    action, summary = "approvals.approve", "同意外出报备"
                    changes = {"step": "科室负责人", "decision": "approve", "approval": report_id}
                else:
                    action, summary = "approvals.comment", "评论外出报备"
                    changes = {"approval": report_id}
            event = AuditEvent(
                chain_key=key,
                seq=seq,
                created_at=start + datetime.timedelta(microseconds=seq * step_us + rng.randrange(step_us // 2)),
                unit_id=unit_id,
                actor_id=actor.user_id,
                actor_name=actor.name,
                on_behalf_of_name="",
                action=action,
                outcome="success",
                object_type=object_type,
                object_id=object_id,
                object_repr=object_repr,
                summary=summary,
                changes=changes,
                ip=f"10.{unit_id % 250}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                prev_hash=prev,
            )
            event.hash = prev = event_hash(prev, event)
            chunk.append(event)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # -- writing --

    def insert(self, rows: Rows) -> None:
        from goingout.models import GoingOutReport
        from notify.models import Notification

        with given_times(GoingOutReport._meta.get_field("created_at"), Notification._meta.get_field("created_at")):
            for model, objs in rows.by_model.items():
                started = time.perf_counter()
                for part in chunks(objs):
                    model.objects.bulk_create(part, batch_size=CHUNK)
                self.say(f"  {model._meta.label:<28} {len(objs):>9,} rows  {time.perf_counter() - started:6.1f} s")

    def seed(self) -> None:
        from django.db import connection, transaction

        from audit.models import AuditChain, AuditEvent
        from audit.services import chain_key_for

        total = time.perf_counter()
        if connection.vendor == "sqlite":
            # A bench database rebuilt from scratch on any failure: no need to wait for the disk.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=OFF")
        self.say(f"Seeding the {self.size.label} bench city ({connection.vendor})")
        with transaction.atomic():
            self.say("- organization")
            self.insert(self.build_org())
        with transaction.atomic():
            self.say("- going-out reports and approvals")
            self.insert(self.build_approvals())
        self.say(f"- audit events ({self.size.events:,} over {len(self.units)} unit chains)")
        started = time.perf_counter()
        per_unit, extra = divmod(self.size.events, len(self.units))
        written = 0
        for plan in self.units:
            count = per_unit + (1 if plan.index < extra else 0)
            last = None
            with transaction.atomic():
                for part in self.build_chain(plan, count):
                    AuditEvent.objects.bulk_create(part, batch_size=CHUNK)
                    last = part[-1]
                assert last is not None
                AuditChain.objects.create(chain_key=chain_key_for(plan.unit_id), last_seq=last.seq, last_hash=last.hash)
            written += count
            if plan.index % 10 == 9 or plan.index == len(self.units) - 1:
                rate = written / (time.perf_counter() - started)
                self.say(f"  {written:>9,} events  {time.perf_counter() - started:6.1f} s  ({rate:,.0f}/s)")
        reset_sequences()
        analyze()
        self.say(f"Seeded in {time.perf_counter() - total:.0f} s")


def seeded_models() -> list[Any]:
    from accounts.models import User
    from approvals.models import Approval, ApprovalAssignment, ApprovalRecord, ApprovalStep
    from audit.models import AuditChain, AuditEvent
    from goingout.models import GoingOutReport
    from notify.models import Notification
    from org.models import Section, Staff, Unit

    return [
        User,
        Unit,
        Section,
        Staff,
        GoingOutReport,
        Approval,
        ApprovalStep,
        ApprovalAssignment,
        ApprovalRecord,
        Notification,
        AuditEvent,
        AuditChain,
    ]


def reset_sequences() -> None:
    """Move PostgreSQL's id sequences past the keys chosen here (SQLite keeps track by itself). Idempotent."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), seeded_models()):
            cursor.execute(sql)


def analyze() -> None:
    """Fresh planner statistics, as a database that grew over years would have."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="10 units, 10,000 approvals, 100,000 events")
    parser.add_argument("--reseed", action="store_true", help="drop the bench database and seed it again")
    args = parser.parse_args(argv)
    size = SIZES["small" if args.small else "full"]
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("DATABASE_URL is not set (bench/run.sh sets it)")

    if args.reseed:
        drop_database(url)
    ensure_database(url)
    setup_django()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    counts = Counts.now()
    if counts.matches(size):
        print(f"Bench database already seeded ({size.label}: {counts}); skipping. Use --reseed to rebuild it.")
        reset_sequences()  # cheap, and repairs a run stopped between the last insert and the end
        return 0
    if not counts.empty:
        print(f"Bench database holds other data ({counts}); rebuilding it for the {size.label} size.")
        connections.close_all()
        drop_database(url)
        ensure_database(url)
        call_command("migrate", verbosity=0)
    Seeder(size).seed()
    print(f"Now: {Counts.now()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
