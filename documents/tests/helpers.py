"""Shared helpers for the documents tests."""

from __future__ import annotations

from approvals.models import Approval
from documents.models import Document
from documents.services import document_create, document_decide, document_submit

BODY = (
    "为深入贯彻落实党的组织路线，进一步加强基层党组织建设，现就有关事项通知如下。\n"
    "一、工作目标\n"
    "通过集中整顿，推动软弱涣散基层党组织整体提升。\n"
    "（一）摸底排查\n"
    "各乡镇党委于12月10日前完成摸底排查。\n"
    "二、工作要求\n"
    "各单位要高度重视，确保取得实效。"
)

GOOD_OPINION = "已核对工作目标与时间节点，建议保留第二部分的具体要求，同意按此印发。"


def draft(cast, *, author=None, title="关于开展软弱涣散基层党组织整顿工作的通知", countersign=(), **extra):
    author = author or cast.staff
    fields = {
        "doc_type": "notice",
        "title": title,
        "recipients": "各乡镇党委：",
        "body": BODY,
        "sensitivity": "internal",
        **extra,
    }
    need = fields.pop("need_to_know", None)
    return document_create(actor=author, fields=fields, countersign_sections=list(countersign), need_to_know=need)


def approval_of(document: Document) -> Approval:
    return Approval.objects.get(target_type="documents.document", target_id=document.pk)


def current_people(document: Document) -> list[int]:
    approval = approval_of(document)
    step = approval.steps.get(order=approval.current_order)
    return sorted(a.assignee_id for a in step.assignments.filter(is_open=True))


OFFICE_OK = {"basis": True, "policy": True, "consultation": True, "form": True}


def approve(person, document, opinion=GOOD_OPINION, checklist=None):
    return document_decide(
        actor=person, document_id=document.pk, decision="approve", opinion=opinion, checklist=checklist
    )


def through_review(document):
    """Submit and approve every step with a substantive opinion; returns the document, signed off."""
    document_submit(actor=document.drafter, document_id=document.pk)
    approval = approval_of(document)
    while approval.status == Approval.Status.PENDING:
        step = approval.steps.get(order=approval.current_order)
        for assignment in list(step.assignments.filter(is_open=True).select_related("assignee")):
            approve(assignment.assignee, document, checklist=OFFICE_OK)
        approval.refresh_from_db()
    document.refresh_from_db()
    return document
