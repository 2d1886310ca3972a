"""Documents at city scale (issue 5 §8): 50,000 documents with versions; the document list p95 ≤ 150 ms.

    .venv/bin/python bench/documents_bench.py            10 units x 50 staff, 50,000 documents (SQLite)
    .venv/bin/python bench/documents_bench.py --small    5,000 documents, for a quick check
    .venv/bin/python bench/documents_bench.py --reseed   drop the bench database and seed it again
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zugong_docbench .venv/bin/python bench/documents_bench.py

Seeding (once per database): `org.demo.build_city_scale(units=10, staff_per_unit=50)`, then 5,000
documents per county (all 19 types, every status; 10 % restricted with a need-to-know list of three),
each with 1–4 versions of a 1,500–3,000 character body, and — for every document past the draft —
its approval (three steps: section head, office, supervising leader, with assignments and timeline
records), all with bulk_create. Its own database: var/documents-bench-<size>.sqlite3.

Measured in this process through the whole Django stack (middleware, session, the view, the template)
with the real settings (DEBUG off): p95 of 200 requests each of the document list (page 1, a deep page,
a title search, a status filter) as a staff member and as a section head, "my drafts", and the outgoing
register. Figures are printed and written to bench/out/documents-<database>-<size>.json.
"""

from __future__ import annotations

import datetime
import random
import statistics
import sys
import time
from typing import Any

from common import (
    ARROW,
    PASSWORD,
    counties,
    getter,
    logged_in,
    machine,
    migrate,
    p95_low,
    parser,
    samples_ms,
    sayer,
    start,
    write_figures,
)

SIZES = {"full": (10, 5_000), "small": (10, 500)}
LIST_P95_TARGET_MS = 150.0

say = sayer(ARROW)


# --- seeding ---------------------------------------------------------------------------------------

SENTENCES = [
    "各级党组织要切实履行管党治党政治责任，把基层党建工作摆在突出位置。",
    "坚持问题导向，聚焦软弱涣散基层党组织整顿，推动整体提升。",
    "严格落实“三会一课”、主题党日、组织生活会等制度。",
    "加强村（社区）党组织书记队伍建设，选优配强带头人。",
    "健全完善考核评价机制，考核结果作为评先评优的重要依据。",
    "各乡镇党委要于12月20日前将工作开展情况报县委组织部。",
]


def _body(rng: random.Random, target: int) -> str:
    lines, size, heading = [], 0, 0
    while size < target:
        if rng.random() < 0.15:
            heading += 1
            line = "一二三四五六七八九十"[min(heading, 10) - 1] + "、工作要求"
        else:
            line = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5)))
        lines.append(line)
        size += len(line)
    return "\n".join(lines)


def seeded(per_unit: int) -> bool:
    from documents.models import Document

    return Document.objects.count() >= per_unit


def seed(units: int, per_unit: int) -> dict[str, int]:
    from django.db import connection, transaction
    from django.utils import timezone

    from approvals.models import Approval, ApprovalAssignment, ApprovalRecord, ApprovalStep
    from documents.models import DocType, Document, DocumentVersion
    from org.demo import build_city_scale
    from org.models import Position, Section, Staff

    rng = random.Random(20261125)
    # Keep the spread-out creation and update times (auto_now would stamp every row with "now").
    Document._meta.get_field("created_at").auto_now_add = False
    Document._meta.get_field("updated_at").auto_now = False
    started = time.perf_counter()
    city = build_city_scale(units=units, staff_per_unit=50, password=PASSWORD)
    say(f"  {city['staff_count']} staff in {len(city['units'])} units ({time.perf_counter() - started:.1f} s)")
    now = timezone.now()
    statuses = (
        [Document.Status.ISSUED] * 55
        + [Document.Status.ARCHIVED] * 20
        + [Document.Status.REVIEW] * 10
        + [Document.Status.DRAFT] * 8
        + [Document.Status.RETURNED] * 3
        + [Document.Status.SIGNED] * 3
        + [Document.Status.REJECTED] * 1
    )
    types = list(DocType.values)
    doc_id = (Document.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    ids = {"approval": 1, "step": 1, "assignment": 1, "record": 1, "version": 1}
    counts = {"documents": 0, "versions": 0, "approvals": 0}
    need_rows = []
    through = Document.need_to_know.through
    for unit in city["units"]:
        people = list(Staff.objects.filter(unit=unit).select_related("section"))
        sections = list(Section.objects.filter(unit=unit))
        office = next(s for s in sections if s.is_office)
        supervisor = next(p for p in people if p.position == Position.DEPUTY)
        drafters = [p for p in people if p.position == Position.STAFF and p.section_id]
        seq = 0
        docs, versions, approvals, steps, assignments, records = [], [], [], [], [], []
        for n in range(per_unit):
            drafter = rng.choice(drafters)
            status = rng.choice(statuses)
            created = now - datetime.timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
            body = _body(rng, rng.randint(1500, 3000))
            restricted = rng.random() < 0.10
            doc = Document(
                id=doc_id,
                unit=unit,
                doc_type=rng.choice(types),
                title=f"关于做好第{n + 1}项组织工作的通知",
                recipients="各乡镇党委：",
                body=body,
                sensitivity="restricted" if restricted else rng.choice(["internal", "internal", "public"]),
                drafter=drafter,
                section=drafter.section,
                status=status,
                version_count=rng.randint(1, 4),
                body_length=len(body),
                signature=unit.name,
                created_at=created,
                updated_at=created + datetime.timedelta(hours=rng.randint(1, 200)),
            )
            if status in (Document.Status.ISSUED, Document.Status.ARCHIVED):
                seq += 1
                doc.number_prefix, doc.number_year, doc.number_seq = "测组发", 2026, seq
                doc.number = f"测组发〔2026〕{seq}号"
                doc.issued_at = doc.updated_at
                doc.issued_by = office.head
                doc.signed_by = supervisor
                doc.signed_at = doc.updated_at
            docs.append(doc)
            if restricted:
                for person in rng.sample(people, 3):
                    need_rows.append(through(document_id=doc_id, staff_id=person.pk))
            for number in range(1, doc.version_count + 1):
                versions.append(
                    DocumentVersion(
                        id=ids["version"],
                        document_id=doc_id,
                        number=number,
                        round=max(number - 1, 0),
                        author=drafter if number == 1 else (drafter.section.head or drafter),
                        created_at=created + datetime.timedelta(hours=number),
                        reason="起草" if number == 1 else "审核修改",
                        title=doc.title,
                        recipients=doc.recipients,
                        body=body,
                        length=len(body),
                    )
                )
                ids["version"] += 1
            if status not in (Document.Status.DRAFT,):
                approval = Approval(
                    id=ids["approval"],
                    unit=unit,
                    kind="document",
                    title=f"公文：{doc.title}",
                    applicant=drafter,
                    target_type="documents.document",
                    target_id=doc_id,
                    status="pending" if status == Document.Status.REVIEW else "approved",
                    submitted_at=created,
                    current_order=2 if status == Document.Status.REVIEW else None,
                )
                approvals.append(approval)
                route = [drafter.section.head or supervisor, office.head, supervisor]
                for order, person in enumerate(route, start=1):
                    pending = status == Document.Status.REVIEW and order >= 2
                    steps.append(
                        ApprovalStep(
                            id=ids["step"],
                            approval_id=approval.id,
                            order=order,
                            node=["section_head", "office_head", "supervisor"][order - 1],
                            status="pending" if pending and order == 2 else ("waiting" if pending else "approved"),
                            activated_at=created,
                            decided_at=None if pending else created + datetime.timedelta(hours=order),
                        )
                    )
                    assignments.append(
                        ApprovalAssignment(
                            id=ids["assignment"],
                            step_id=ids["step"],
                            assignee=person,
                            is_open=pending and order == 2,
                            decision="" if pending else "approved",
                            opinion="" if pending else "已核对依据和时间安排，建议按此办理，同意。",
                            decided_at=None if pending else created + datetime.timedelta(hours=order),
                        )
                    )
                    if not pending:
                        records.append(
                            ApprovalRecord(
                                id=ids["record"],
                                approval_id=approval.id,
                                step_id=ids["step"],
                                actor=person,
                                action="approve",
                                opinion="已核对依据和时间安排，建议按此办理，同意。",
                                created_at=created + datetime.timedelta(hours=order),
                            )
                        )
                        ids["record"] += 1
                    ids["step"] += 1
                    ids["assignment"] += 1
                ids["approval"] += 1
            doc_id += 1
        with transaction.atomic():
            Document.objects.bulk_create(docs, batch_size=2000)
            DocumentVersion.objects.bulk_create(versions, batch_size=2000)
            Approval.objects.bulk_create(approvals, batch_size=2000)
            ApprovalStep.objects.bulk_create(steps, batch_size=2000)
            ApprovalAssignment.objects.bulk_create(assignments, batch_size=2000)
            ApprovalRecord.objects.bulk_create(records, batch_size=2000)
        counts["documents"] += len(docs)
        counts["versions"] += len(versions)
        counts["approvals"] += len(approvals)
        say(f"  {unit.name}: {len(docs)} documents, {len(versions)} versions ({time.perf_counter() - started:.0f} s)")
    through.objects.bulk_create(need_rows, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "documents_document",
                "documents_documentversion",
                "approvals_approval",
                "approvals_approvalstep",
                "approvals_approvalassignment",
                "approvals_approvalrecord",
            ):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


# --- measuring -------------------------------------------------------------------------------------


def measure(client: Any, url: str) -> dict[str, Any]:
    times = samples_ms(getter(client, url))
    return {
        "url": url,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95_low(times), 1),
        "max_ms": round(times[-1], 1),
    }


def main() -> int:
    args = parser(__doc__, small_help="5,000 documents").parse_args()
    size = start(args, stem="documents-bench", say=say, allowed_hosts="testserver,127.0.0.1", huey_immediate=False).size
    units, per_unit = SIZES[size]
    from django.db import connection

    from documents.models import Document, DocumentVersion
    from org.models import Position, Staff

    migrate(say)
    if not seeded(per_unit):
        say(f"Seeding {units} units x {per_unit} documents with versions and approvals")
        seed(units, per_unit)
    else:
        say("Bench database already seeded (use --reseed to start again)")
    unit = counties().first()
    staff = Staff.objects.filter(unit=unit, position=Position.STAFF, section__isnull=False).order_by("id").first()
    head = Staff.objects.filter(unit=unit, position=Position.SECTION_HEAD).order_by("id").first()
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "size": size,
        "documents": Document.objects.count(),
        "versions": DocumentVersion.objects.count(),
        "documents_in_unit": Document.objects.filter(unit=unit).count(),
        "machine": machine(),
        "method": "in-process Django test client, real settings, DEBUG off",
        "pages": [],
    }
    for person, label in ((staff, "staff"), (head, "section head")):
        client = logged_in(person.user)
        urls = [
            "/documents/",
            "/documents/?page=100",
            "/documents/?q=%E7%AC%AC12",
            "/documents/?status=review",
            "/documents/mine/",
            "/documents/register/",
        ]
        for url in urls:
            row = measure(client, url)
            row["as"] = label
            row["ok"] = row["p95_ms"] <= LIST_P95_TARGET_MS
            figures["pages"].append(row)
            p50, p95, top = row["p50_ms"], row["p95_ms"], row["max_ms"]
            say(f"  {label:13} {url:32} p50 {p50:7.1f}  p95 {p95:7.1f}  max {top:7.1f} ms")
    worst = max(row["p95_ms"] for row in figures["pages"])
    figures["worst_p95_ms"] = worst
    figures["target_ms"] = LIST_P95_TARGET_MS
    figures["ok"] = worst <= LIST_P95_TARGET_MS
    path = write_figures(figures, f"documents-{connection.vendor}-{size}.json")
    say(
        f"{figures['documents']} documents, {figures['versions']} versions: worst list p95 {worst} ms "
        f"(target ≤ {LIST_P95_TARGET_MS:.0f} ms) → {'OK' if figures['ok'] else 'OVER'}; {path}"
    )
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
