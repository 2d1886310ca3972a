"""Who may open a document. "Missing" and "forbidden" look the same (404): 不该问的不问.

PUBLIC and INTERNAL documents: every member of the unit. RESTRICTED: only the named need-to-know
list, the drafter and everyone in the review chain. Every opening of a restricted document is
written to the access log by the view that shows or sends it.
"""

from __future__ import annotations

from django.http import Http404

from approvals.models import Approval
from approvals.selectors import approval_for_target, participant_ids
from documents.models import Attachment, Document
from org.models import Staff


def can_read(document: Document, staff: Staff, approval: Approval | None) -> bool:
    if document.unit_id != staff.unit_id:
        return False
    if not document.is_restricted:
        return True
    if staff.pk == document.drafter_id:
        return True
    if document.need_to_know.filter(pk=staff.pk).exists():
        return True
    return approval is not None and staff.pk in participant_ids(approval)


def access_document(*, staff: Staff, document_id: int) -> tuple[Document, Approval | None]:
    document = (
        Document.objects.select_related("drafter__user", "section", "unit", "signed_by__user", "issued_by__user")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise Http404
    approval = approval_for_target(document)
    if not can_read(document, staff, approval):
        raise Http404
    return document, approval


def access_attachment(*, staff: Staff, attachment_id: int) -> tuple[Attachment, Document]:
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    document, _approval = access_document(staff=staff, document_id=attachment.document_id)
    return attachment, document
