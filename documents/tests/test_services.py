import pytest
import time_machine
from django.utils import timezone

from approvals.models import Approval, ApprovalStep, Node
from approvals.services import approval_decide
from audit.models import AuditEvent
from documents import services
from documents.models import Document, DocumentSettings, DocumentVersion, NumberCounter
from documents.services import (
    DocumentError,
    document_archive,
    document_issue,
    document_reconfirm,
    document_submit,
    document_update,
    opinion_is_substantive,
)
from documents.tests.helpers import OFFICE_OK, approval_of, approve, current_people, draft, through_review

pytestmark = pytest.mark.django_db


def _events(action):
    return AuditEvent.objects.filter(action=action).count()


def test_create_stores_version_one_and_one_audit_event(cast):
    document = draft(cast)
    assert document.status == Document.Status.DRAFT
    assert document.version_count == 1
    version = document.versions.get()
    assert version.author == cast.staff and version.body == document.body and version.round == 0
    assert _events("documents.create") == 1
    assert document.signature == cast.unit.name


def test_versions_are_immutable(cast):
    version = draft(cast).versions.get()
    version.body = "改"
    with pytest.raises(ValueError):
        version.save()


def test_route_normal_document_supervisor_signs_after_office(cast):
    document = draft(cast, countersign=[cast.cadre_section])
    document_submit(actor=cast.staff, document_id=document.pk)
    nodes = list(approval_of(document).steps.order_by("order").values_list("node", "mode"))
    assert nodes == [
        (Node.SECTION_HEAD, "one"),
        (Node.COUNTERSIGN, "all"),
        (Node.OFFICE_HEAD, "one"),
        (Node.SUPERVISOR, "one"),
    ]
    assert current_people(document) == [cast.head.pk]


def test_route_important_document_goes_to_principal(cast):
    document = draft(cast, is_important=True)
    document_submit(actor=cast.staff, document_id=document.pk)
    nodes = list(approval_of(document).steps.order_by("order").values_list("node", flat=True))
    assert nodes == [Node.SECTION_HEAD, Node.SUPERVISOR, Node.OFFICE_HEAD, Node.PRINCIPAL]


def test_request_is_upward_and_principal_signs(cast):
    document = draft(cast, doc_type="request", title="关于增加编制的请示", recipients="县委：")
    assert document.is_upward
    assert services.needs_principal(document)


def test_unit_setting_principal_signs_all(cast):
    DocumentSettings.objects.create(unit=cast.unit, principal_signs="all")
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    assert approval_of(document).steps.order_by("-order").first().node == Node.PRINCIPAL


def test_countersign_is_all_of(cast):
    extra = cast.unit.sections.create(name="宣传科", order=4, head=cast.colleague)
    # colleague is in 组织科 but heads 宣传科 for this test
    document = draft(cast, countersign=[cast.cadre_section, extra])
    document_submit(actor=cast.staff, document_id=document.pk)
    approve(cast.head, document)
    assert current_people(document) == sorted([cast.cadre_head.pk, cast.colleague.pk])
    approve(cast.cadre_head, document)
    assert current_people(document) == [cast.colleague.pk]
    approve(cast.colleague, document)
    assert current_people(document) == [cast.office_head.pk]


@pytest.mark.parametrize(
    "opinion", ["", "同意", "同意。", " 已阅 ", "拟同意！", "可以", "好", "同意，已阅。", "同意印发"]
)
def test_empty_opinion_is_refused(cast, opinion):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    with pytest.raises(DocumentError, match="不少于|at least"):
        approve(cast.head, document, opinion=opinion)
    approval = approval_of(document)
    assert approval.current_order == 1 and approval.status == Approval.Status.PENDING
    assert _events("approvals.approve") == 0


def test_empty_opinion_is_refused_in_the_shared_inbox_too(cast):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    with pytest.raises(Exception, match="不少于|at least"):
        approval_decide(actor=cast.head, approval_id=approval_of(document).pk, decision="approve", opinion="同意")


def test_edit_in_place_lets_a_short_opinion_through(cast):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    document_update(
        actor=cast.head,
        document_id=document.pk,
        fields={"title": document.title, "recipients": document.recipients, "body": document.body + "\n三、其他"},
    )
    document.refresh_from_db()
    assert document.version_count == 2
    latest = document.versions.order_by("-number").first()
    assert latest.author == cast.head and latest.round == 1
    approve(cast.head, document, opinion="同意")
    assert current_people(document) == [cast.office_head.pk]


def test_substantive_opinion_rules(cast):
    assert opinion_is_substantive("建议第二部分补充完成时限，其余同意。", cast.unit)
    assert not opinion_is_substantive("同意同意同意同意同意", cast.unit)
    DocumentSettings.objects.create(unit=cast.unit, min_opinion_length=4, empty_phrases="同意")
    assert opinion_is_substantive("补充时限", cast.unit)
    assert not opinion_is_substantive("同意", cast.unit)


def test_rejecting_and_returning_need_no_substance_but_a_reason(cast):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    document_decide_return = services.document_decide(
        actor=cast.head, document_id=document.pk, decision="return", opinion="请补充依据"
    )
    assert document_decide_return.status == Approval.Status.RETURNED
    document.refresh_from_db()
    assert document.status == Document.Status.RETURNED
    document_update(
        actor=cast.staff,
        document_id=document.pk,
        fields={"title": document.title, "body": "根据县委要求，现通知如下。\n" + document.body},
    )
    document_submit(actor=cast.staff, document_id=document.pk)
    assert current_people(document) == [cast.head.pk]
    assert approval_of(document).round == 2


def test_office_review_needs_the_checklist(cast):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    approve(cast.head, document)
    with pytest.raises(DocumentError, match="checklist|第二十条|清单"):
        approve(cast.office_head, document, checklist={"basis": True})
    approve(cast.office_head, document, checklist=OFFICE_OK)
    assert current_people(document) == [cast.deputy.pk]


def test_format_errors_block_sign_off(cast):
    document = draft(cast, body="一、目标\n（二）跳过了一\n三、要求")
    document_submit(actor=cast.staff, document_id=document.pk)
    approve(cast.head, document)
    approve(cast.office_head, document, checklist=OFFICE_OK)
    findings = services.format_findings(document)
    assert any(f.severity == "error" and f.rule == "headings" for f in findings)  # 一、 then 三、: a skipped number
    with pytest.raises(DocumentError):
        approve(cast.deputy, document)


def test_sign_off_then_issue_assigns_number(cast):
    document = through_review(draft(cast))
    assert document.status == Document.Status.SIGNED
    assert document.signed_by == cast.deputy and document.signed_version == document.version_count
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 11, 25, 10)), tick=False):
        issued = document_issue(actor=cast.office_head, document_id=document.pk, prefix="示组发")
    assert issued.number == "示组发〔2026〕1号"
    assert issued.status == Document.Status.ISSUED and issued.doc_date.isoformat() == "2026-11-25"
    assert _events("documents.issue") == 1
    second = through_review(draft(cast, title="关于做好年度考核工作的通知"))
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 11, 26, 10)), tick=False):
        assert (
            document_issue(actor=cast.office_head, document_id=second.pk, prefix="示组发").number == "示组发〔2026〕2号"
        )
    document_archive(actor=cast.office_head, document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.ARCHIVED


def test_only_office_issues_and_only_signed(cast):
    document = draft(cast)
    with pytest.raises(DocumentError):
        document_issue(actor=cast.office_head, document_id=document.pk, prefix="示组发")
    document = through_review(document)
    with pytest.raises(DocumentError):
        document_issue(actor=cast.staff, document_id=document.pk, prefix="示组发")
    with pytest.raises(DocumentError):
        document_issue(actor=cast.office_head, document_id=document.pk, prefix="乱发")
    assert not NumberCounter.objects.exists()


def test_substantive_change_after_sign_off_goes_back_to_signer(cast):
    document = through_review(draft(cast))
    # whitespace only: still signed
    document_update(actor=cast.staff, document_id=document.pk, fields={"body": document.body.replace("。", "。 ")})
    document.refresh_from_db()
    assert document.status == Document.Status.SIGNED
    document_update(actor=cast.staff, document_id=document.pk, fields={"body": document.body + "\n三、附则"})
    document.refresh_from_db()
    assert document.status == Document.Status.RECHECK
    with pytest.raises(DocumentError, match="复核"):
        document_issue(actor=cast.office_head, document_id=document.pk, prefix="示组发")
    with pytest.raises(DocumentError):
        document_reconfirm(actor=cast.office_head, document_id=document.pk)
    document_reconfirm(actor=cast.deputy, document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.SIGNED and document.signed_version == document.version_count
    assert document_issue(actor=cast.office_head, document_id=document.pk, prefix="示组发").number


def test_outsider_cannot_edit_draft_or_review(cast):
    document = draft(cast)
    with pytest.raises(DocumentError):
        document_update(actor=cast.colleague, document_id=document.pk, fields={"body": "x"})
    document_submit(actor=cast.staff, document_id=document.pk)
    with pytest.raises(DocumentError):
        document_update(actor=cast.office_head, document_id=document.pk, fields={"body": "x"})
    assert DocumentVersion.objects.filter(document=document).count() == 1


def test_restricted_needs_need_to_know_list(cast):
    document = draft(cast, sensitivity="restricted", title="干部调整方案", doc_type="plan", recipients="")
    with pytest.raises(DocumentError):
        document_submit(actor=cast.staff, document_id=document.pk)


def test_unchanged_save_writes_nothing(cast):
    document = draft(cast)
    before = AuditEvent.objects.count()
    document_update(actor=cast.staff, document_id=document.pk, fields={"body": document.body})
    assert AuditEvent.objects.count() == before
    assert ApprovalStep.objects.count() == 0


def test_rejected_document_cannot_be_resubmitted_and_keeps_its_history(cast):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    services.document_decide(actor=cast.head, document_id=document.pk, decision="reject", opinion="无发文必要")
    document.refresh_from_db()
    assert document.status == Document.Status.REJECTED
    with pytest.raises(DocumentError):
        document_submit(actor=cast.staff, document_id=document.pk)
    assert approval_of(document).records.count() == 2


def test_second_submit_refused(cast):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    with pytest.raises(DocumentError):
        document_submit(actor=cast.staff, document_id=document.pk)
    assert _events("documents.submit") == 1
