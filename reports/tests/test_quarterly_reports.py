import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from approvals.models import Approval
from approvals.selectors import todo
from approvals.services import ApprovalError, approval_decide
from attendance.models import Punch
from audit.models import AuditEvent
from reports import integration
from reports.models import PlanItem, QuarterlyReport
from reports.selectors import plan_with_outcomes, previous_report
from reports.services import PlanItemData, report_create, report_refresh_facts, report_save, report_submit
from reports.tests.helpers import NOW, approval_of, draft, submitted

pytestmark = pytest.mark.django_db

needs_tasks = pytest.mark.skipif(not integration.tasks_available(), reason="the tasks app is not there yet")


@pytest.fixture(autouse=True)
def _october(time_machine):
    time_machine.move_to(NOW, tick=False)


def reports_events():
    return AuditEvent.objects.filter(action__startswith="reports.")


def test_section_head_creates_report_with_the_quarters_facts(cast):
    Punch.objects.create(
        unit=cast.unit, staff=cast.staff, at=datetime.datetime(2026, 9, 1, 8, 0, tzinfo=NOW.tzinfo), source="web"
    )
    report = report_create(actor=cast.head, section=cast.org_section, year=2026, quarter=3)
    assert report.status == QuarterlyReport.Status.DRAFT
    assert report.facts["period"] == ["2026-07-01", "2026-09-30"]
    attendance = report.facts["attendance"]
    assert attendance["people"] == 3  # 周明, 张三丰, 刘思远
    assert attendance["workdays"] > 0
    assert attendance["absent"] > 0  # nobody else punched
    assert "by_type" in report.facts["leave"]
    assert reports_events().filter(action="reports.report_create").count() == 1


def test_a_section_that_never_punched_gets_no_attendance_figures(cast):
    report = report_create(actor=cast.head, section=cast.org_section, year=2026, quarter=3)
    assert report.facts["attendance"] is None
    assert report.facts["leave"] == {"total": 0.0, "by_type": {}}
    assert report.facts["notes"] == ["no_punches"]


def test_only_the_section_head_files(cast):
    for person in (cast.staff, cast.deputy, cast.cadre_head, cast.principal):
        with pytest.raises(ValidationError):
            report_create(actor=person, section=cast.org_section, year=2026, quarter=3)
    assert not QuarterlyReport.objects.exists()


def test_one_report_per_section_and_quarter(cast):
    report_create(actor=cast.head, section=cast.org_section, year=2026, quarter=3)
    with pytest.raises(ValidationError, match="已存在"):
        report_create(actor=cast.head, section=cast.org_section, year=2026, quarter=3)
    assert QuarterlyReport.objects.count() == 1


def test_no_report_for_a_future_quarter(cast):
    with pytest.raises(ValidationError):
        report_create(actor=cast.head, section=cast.org_section, year=2027, quarter=1)


def test_save_replaces_plan_items_with_one_audit_event(cast):
    report = draft(cast)
    before = reports_events().count()
    report_save(
        actor=cast.head,
        report_id=report.pk,
        done_text="修改后",
        problems_text="",
        next_steps_text="",
        plan_items=[
            PlanItemData("甲", cast.org_section, datetime.date(2026, 11, 30)),
            PlanItemData("乙", cast.cadre_section, datetime.date(2026, 12, 31), cast.outsider),
        ],
    )
    assert [i.title for i in PlanItem.objects.filter(report=report)] == ["甲", "乙"]
    assert reports_events().count() == before + 1


@pytest.mark.parametrize(
    "item, message",
    [
        (lambda c: PlanItemData("  ", c.org_section, datetime.date(2026, 12, 1)), "未填写事项"),
        (lambda c: PlanItemData("早", c.org_section, datetime.date(2026, 9, 30)), "汇报季度结束之后"),
        (lambda c: PlanItemData("外", c.org_section, datetime.date(2026, 12, 1), c.other_unit_staff), "本单位"),
    ],
)
def test_bad_plan_items_are_refused_and_nothing_changes(cast, item, message):
    report = draft(cast)
    with pytest.raises(ValidationError, match=message):
        report_save(
            actor=cast.head,
            report_id=report.pk,
            done_text="不应保存",
            problems_text="",
            next_steps_text="",
            plan_items=[item(cast)],
        )
    report.refresh_from_db()
    assert report.done_text == "完成了第三季度各项工作。"
    assert report.plan_items.count() == 1


def test_submit_goes_to_the_supervising_leader_and_freezes_facts(cast):
    report = submitted(cast)
    assert report.status == QuarterlyReport.Status.PENDING
    approval = approval_of(report)
    assert approval.applicant == cast.head
    assert [a.step.approval_id for a in todo(cast.deputy)] == [approval.pk]
    frozen = report.facts
    with pytest.raises(ValidationError):
        report_refresh_facts(actor=cast.head, report_id=report.pk)
    with pytest.raises(ValidationError):
        report_save(
            actor=cast.head, report_id=report.pk, done_text="x", problems_text="", next_steps_text="", plan_items=[]
        )
    report.refresh_from_db()
    assert report.facts == frozen


def test_submit_needs_the_work_done(cast):
    report = draft(cast, done="")
    with pytest.raises(ValidationError, match="工作开展情况"):
        report_submit(actor=cast.head, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.DRAFT
    assert not Approval.objects.exists()


def test_submit_writes_one_audit_event(cast):
    report = draft(cast)
    before = reports_events().count()
    report_submit(actor=cast.head, report_id=report.pk)
    assert reports_events().count() == before + 1


def test_staff_member_cannot_submit(cast):
    report = draft(cast)
    with pytest.raises(ValidationError):
        report_submit(actor=cast.staff, report_id=report.pk)


def test_returned_report_is_revised_and_goes_back_to_the_same_step(cast):
    report = submitted(cast)
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="return", opinion="请补充问题分析")
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.RETURNED
    report_save(
        actor=cast.head,
        report_id=report.pk,
        done_text="补充后",
        problems_text="问题分析",
        next_steps_text="",
        plan_items=[],
    )
    report_submit(actor=cast.head, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.PENDING
    assert approval_of(report).round == 2
    assert todo(cast.deputy).count() == 1


def test_approval_makes_the_report_approved(cast):
    report = submitted(cast, items=[])
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="approve")
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.APPROVED
    assert report.decided_at is not None


@needs_tasks
def test_approved_plan_items_become_tasks_in_the_same_transaction(cast):
    report = submitted(cast)
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="approve")
    item = report.plan_items.get()
    task = integration.task_for(item)
    assert task is not None
    assert task.title == "开展基层党组织换届督导"
    assert task.lead_section_id == cast.org_section.pk
    assert task.deadline == datetime.date(2026, 12, 20)


@needs_tasks
def test_next_quarter_shows_plan_against_outcome(cast, time_machine):
    report = submitted(cast)
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="approve")
    time_machine.move_to(datetime.datetime(2027, 1, 8, 10, 0, tzinfo=NOW.tzinfo), tick=False)
    q4 = report_create(actor=cast.head, section=cast.org_section, year=2026, quarter=4)
    previous = previous_report(q4)
    assert previous == report
    rows = plan_with_outcomes(list(previous.plan_items.all()), datetime.date(2027, 1, 8))
    assert rows[0].outcome is not None
    assert rows[0].outcome["title"] == "开展基层党组织换届督导"


def test_reject_ends_the_report(cast):
    report = submitted(cast)
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="reject", opinion="不符合要求")
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.REJECTED


def test_another_leader_cannot_decide(cast):
    report = submitted(cast)
    with pytest.raises(ApprovalError):
        approval_decide(actor=cast.principal, approval_id=approval_of(report).pk, decision="approve")
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_open_one_approval(cast):
    if connection.vendor == "sqlite":
        pytest.skip("row locks need PostgreSQL")
    report = draft(cast)
    errors = []

    def go():
        try:
            report_submit(actor=cast.head, report_id=report.pk)
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Approval.objects.filter(target_id=report.pk).count() == 1
    assert len(errors) == 1


def test_the_quarters_facts_count_documents_the_section_issued(cast, time_machine):
    from documents.services import document_issue
    from documents.tests.helpers import draft as draft_document
    from documents.tests.helpers import through_review
    from reports.docx_export import fact_rows

    time_machine.move_to(datetime.datetime(2026, 9, 10, 10, 0, tzinfo=NOW.tzinfo), tick=False)
    issued = through_review(draft_document(cast))
    document_issue(actor=cast.office_head, document_id=issued.pk, prefix="示组发")
    through_review(draft_document(cast, title="关于报送组织工作信息的通知"))  # signed off, never issued
    time_machine.move_to(NOW, tick=False)

    report = report_create(actor=cast.head, section=cast.org_section, year=2026, quarter=3)

    assert report.facts["documents"] == {"issued": 1}
    assert ("印发公文", "1 件") in fact_rows(report.facts)
    other = report_create(actor=cast.cadre_head, section=cast.outsider.section, year=2026, quarter=3)
    assert other.facts["documents"] == {"issued": 0}


@needs_tasks
def test_plan_against_outcome_reads_the_tasks_in_one_go(cast, django_assert_num_queries):
    items = [
        PlanItemData(f"第四季度工作{n}", cast.org_section, datetime.date(2026, 12, 20), cast.staff) for n in range(4)
    ]
    report = submitted(cast, items=items)
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="approve")
    plan = list(report.plan_items.all())
    assert len(plan) == 4
    plan_with_outcomes(plan[:1], datetime.date(2026, 10, 12))  # the unit's task settings are read once
    with django_assert_num_queries(2) as one:  # the tasks, the unit's task settings
        plan_with_outcomes(plan[:1], datetime.date(2026, 10, 12))
    with django_assert_num_queries(len(one.captured_queries)):
        rows = plan_with_outcomes(plan, datetime.date(2026, 10, 12))
    assert [row.outcome["title"] for row in rows] == [f"第四季度工作{n}" for n in range(4)]
    assert {row.outcome["light_label"] for row in rows} == {"绿灯"}
