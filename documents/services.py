"""State changes of documents; each is one transaction with one audit event.

Route: drafter → section head (核稿) → countersigning sections (会签, all-of) → supervising leader →
office (art. 20 审核, with its checklist) → principal leader (签发) for important and upward documents.
A decision is made through the approval mechanism; `validate_decision` refuses an approval with
neither an edit of the text nor a substantive opinion. After sign-off a substantive change goes
back to the signer (复核); issue assigns the 发文字号 from a locked counter, so numbers are unique
and gap-free.
"""

from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Duty
from approvals.models import Approval, ApprovalStep, Node
from approvals.registry import set_status
from approvals.services import (
    ApprovalError,
    approval_decide,
    approval_lock_with_target,
    approval_open,
    approval_reopen,
)
from audit.services import audit_record
from core.access import has_duty
from documents.models import (
    UPWARD_TYPES,
    Attachment,
    Document,
    DocumentSettings,
    DocumentVersion,
    NumberCounter,
    OfficeCheck,
)
from notify.services import notify_after_commit
from org.models import Section, Staff

KIND = "document"
TEXT_FIELDS = ("title", "recipients", "body")
ELEMENT_FIELDS = (
    "doc_type",
    "is_upward",
    "is_important",
    "sensitivity",
    "urgency",
    "copy_number",
    "issuer_mark",
    "attachment_note",
    "signature",
    "doc_date",
    "note",
    "cc",
    "printer",
    "print_date",
)
EDITABLE_FIELDS = TEXT_FIELDS + ELEMENT_FIELDS
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".wps",
    ".et",
    ".ofd",
    ".txt",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
}


class DocumentError(Exception):
    """Refused; the message says why in the user's language."""


# ---------------------------------------------------------------------------------------------
# Settings and small helpers


def settings_for(unit) -> DocumentSettings:
    found = DocumentSettings.objects.filter(unit=unit).first()
    return found or DocumentSettings(unit=unit)


def number_prefixes(unit) -> list[str]:
    lines = [line.strip() for line in settings_for(unit).number_prefixes.splitlines() if line.strip()]
    return lines or [f"{unit.short_name[:1]}组发"]


def normalize(text: str) -> str:
    """Text with whitespace and punctuation removed: what is compared for "substance"."""
    return re.sub(r"[\W_]+", "", text or "")


def substantive_text(opinion: str, phrases: list[str]) -> str:
    """What is left of an opinion once the empty phrases of two characters or more are taken out."""
    rest = normalize(opinion)
    if rest in phrases:
        return ""
    for phrase in sorted((p for p in phrases if len(p) >= 2), key=len, reverse=True):
        rest = rest.replace(phrase, "")
    return rest


def opinion_is_substantive(opinion: str, unit) -> bool:
    config = settings_for(unit)
    phrases = [normalize(p) for p in config.empty_phrases.splitlines() if normalize(p)]
    return len(substantive_text(opinion, phrases)) >= config.min_opinion_length


def needs_principal(document: Document) -> bool:
    if settings_for(document.unit).principal_signs == DocumentSettings.Principal.ALL:
        return True
    return document.is_important or document.is_upward


def is_registrar(staff: Staff) -> bool:
    """Who numbers, issues and archives: the office, or anyone granted the document-register duty."""
    return bool(staff.section_id and staff.section.is_office) or has_duty(staff.user, Duty.DOCUMENT_REGISTER)


def _content_of(document: Document):
    from documents.selectors import document_content

    return document_content(document)


def format_findings(document: Document) -> list:
    """The format and writing check (documents.checks), empty while that module is not there."""
    try:
        from documents.checks import check_document
    except ImportError:  # pragma: no cover - written by another engineer
        return []
    return list(check_document(_content_of(document)))


def _blocking(findings: list) -> list:
    return [f for f in findings if f.severity == "error"]


def _snapshot(document: Document) -> dict:
    data = {}
    for name in ELEMENT_FIELDS:
        value = getattr(document, name)
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def _add_version(document: Document, *, author: Staff, reason: str, round_: int) -> DocumentVersion:
    document.version_count += 1
    document.body_length = len(normalize(document.body))
    return DocumentVersion.objects.create(
        document=document,
        number=document.version_count,
        round=round_,
        author=author,
        created_at=timezone.now(),
        reason=reason,
        title=document.title,
        recipients=document.recipients,
        body=document.body,
        elements=_snapshot(document),
        length=document.body_length,
    )


def _clean_fields(fields: dict) -> dict:
    data = {k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    for name in ("title", "recipients", "signature", "issuer_mark", "note", "cc", "printer", "copy_number"):
        if name in data:
            data[name] = (data[name] or "").strip()
    if "body" in data:
        # One paragraph per line; trailing spaces and blank runs removed, nothing else touched.
        lines = [line.rstrip() for line in (data["body"] or "").replace("\r\n", "\n").split("\n")]
        data["body"] = "\n".join(line for line in lines if line.strip())
    if "attachment_note" in data:
        data["attachment_note"] = "\n".join(
            line.strip() for line in (data["attachment_note"] or "").splitlines() if line.strip()
        )
    if "title" in data and not data["title"]:
        raise DocumentError(_("The document needs a title."))
    if data.get("doc_type") in UPWARD_TYPES:
        data["is_upward"] = True
    return data


def _set_lists(document: Document, *, countersign_sections, need_to_know) -> None:
    if countersign_sections is not None:
        sections = [s for s in countersign_sections if s.unit_id == document.unit_id and s.pk != document.section_id]
        document.countersign_sections.set(sections)
    if need_to_know is not None:
        document.need_to_know.set([p for p in need_to_know if p.unit_id == document.unit_id])


def _detail_url(document: Document) -> str:
    return reverse("documents:detail", args=[document.pk])


def _lock(document_id: int) -> tuple[Document, Approval | None]:
    """Lock the approval first (if any), then the document — the order every decider uses."""
    document, approval = approval_lock_with_target(Document.objects.select_related("unit"), document_id)
    if document is None:
        document = Document.objects.select_for_update().select_related("unit").filter(pk=document_id).first()
    if document is None:
        raise DocumentError(_("This document cannot be found."))
    return document, approval


def _open_assignment(approval: Approval | None, staff: Staff):
    if approval is None or approval.status != Approval.Status.PENDING:
        return None
    return (
        approval.steps.filter(order=approval.current_order)
        .first()
        .assignments.filter(assignee=staff, is_open=True)
        .select_related("step")
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Drafting


def document_create(*, actor: Staff, fields: dict, countersign_sections=None, need_to_know=None) -> Document:
    data = _clean_fields(fields)
    with transaction.atomic():
        document = Document(unit=actor.unit, drafter=actor, section=actor.section, **data)
        if not document.signature:
            document.signature = actor.unit.name
        document.save()
        _set_lists(document, countersign_sections=countersign_sections, need_to_know=need_to_know)
        _add_version(document, author=actor, reason="起草", round_=0)
        document.save(update_fields=["version_count", "body_length"])
        audit_record(
            actor=actor.user,
            action="documents.create",
            target=document,
            unit=document.unit,
            summary=f"起草公文：{document.title}",
            changes={"doc_type": document.doc_type, "sensitivity": document.sensitivity},
        )
    return document


def _substantive_change(document: Document, data: dict) -> bool:
    return any(normalize(data[name]) != normalize(getattr(document, name)) for name in TEXT_FIELDS if name in data)


def _signed_text(document: Document) -> DocumentVersion | None:
    if document.signed_version is None:
        return None
    return DocumentVersion.objects.filter(document=document, number=document.signed_version).first()


def document_update(
    *, actor: Staff, document_id: int, fields: dict, countersign_sections=None, need_to_know=None
) -> Document:
    """Save the text: the drafter on a draft, a reviewer in place on their open step, the drafter or the
    office after sign-off (a substantive change then goes back to the signer: 复核). Every save that
    changes anything is a new version."""
    data = _clean_fields(fields)
    with transaction.atomic():
        document, approval = _lock(document_id)
        S = Document.Status
        reason = "修改"
        round_ = approval.round if approval is not None else 0
        if document.status in (S.DRAFT, S.RETURNED):
            if actor.pk != document.drafter_id:
                raise DocumentError(_("Only the drafter can change a draft."))
            reason = "起草" if document.status == S.DRAFT else "退回后修改"
        elif document.status == S.REVIEW:
            if _open_assignment(approval, actor) is None:
                raise DocumentError(_("Only the reviewer whose turn it is can edit the text in review."))
            reason = "审核修改"
            countersign_sections = need_to_know = None  # the route is fixed once in review
        elif document.status in (S.SIGNED, S.RECHECK):
            if actor.pk != document.drafter_id and not is_registrar(actor):
                raise DocumentError(_("After sign-off only the drafter or the office can change the text."))
            reason = "签发后修改"
            countersign_sections = None
        else:
            raise DocumentError(_("An issued document can no longer be changed."))
        changed = [name for name in data if data[name] != getattr(document, name)]
        before_status = document.status
        if document.status in (S.SIGNED, S.RECHECK) and changed:
            signed = _signed_text(document)
            candidate = {name: data.get(name, getattr(document, name)) for name in TEXT_FIELDS}
            differs = signed is not None and any(
                normalize(candidate[name]) != normalize(getattr(signed, name)) for name in TEXT_FIELDS
            )
            document.status = S.RECHECK if differs else S.SIGNED
        for name in changed:
            setattr(document, name, data[name])
        _set_lists(document, countersign_sections=countersign_sections, need_to_know=need_to_know)
        if not changed and countersign_sections is None and need_to_know is None:
            return document
        update = list(changed) + ["status", "version_count", "body_length", "updated_at"]
        if changed:
            _add_version(document, author=actor, reason=reason, round_=round_)
        document.save(update_fields=update)
        audit_record(
            actor=actor.user,
            action="documents.edit",
            target=document,
            unit=document.unit,
            summary=f"修改公文：{document.title}（第{document.version_count}稿）",
            changes={"fields": changed, "version": document.version_count, "status": document.status},
        )
        if before_status == S.SIGNED and document.status == S.RECHECK and document.signed_by_id:
            notify_after_commit(
                recipients=[document.signed_by.user],
                text=_("%(title)s was changed after you signed it off; please re-confirm (复核).")
                % {"title": document.title},
                url=_detail_url(document),
            )
    return document


def document_submit(*, actor: Staff, document_id: int) -> Document:
    """Send a draft (or a returned document) into review."""
    with transaction.atomic():
        document, approval = _lock(document_id)
        if document.drafter_id != actor.pk:
            raise DocumentError(_("Only the drafter can submit the document."))
        S = Document.Status
        if document.status not in (S.DRAFT, S.RETURNED):
            raise DocumentError(_("Only a draft or a document returned for revision can be submitted."))
        if not document.body.strip():
            raise DocumentError(_("The body is empty; write the text before submitting."))
        if document.is_restricted and not document.need_to_know.exists():
            raise DocumentError(_("A restricted document needs a need-to-know list before it is submitted."))
        try:
            if approval is not None and approval.status == Approval.Status.RETURNED:
                approval_reopen(approval=approval, applicant=actor)
                action = "documents.resubmit"
            else:
                approval_open(applicant=actor, kind=KIND, target=document, title=f"公文：{document.title}")
                action = "documents.submit"
        except ApprovalError as exc:
            raise DocumentError(str(exc))
        document.status = S.REVIEW
        document.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor.user,
            action=action,
            target=document,
            unit=document.unit,
            summary=f"提交审核：{document.title}",
            changes={"version": document.version_count},
        )
    return document


def document_decide(
    *,
    actor: Staff,
    document_id: int,
    decision: str,
    opinion: str,
    checklist: dict | None = None,
) -> Approval:
    """A reviewer's decision from the document page; the office's checklist is stored with it."""
    with transaction.atomic():
        document, approval = _lock(document_id)
        if approval is None:
            raise DocumentError(_("This document is not in review."))
        assignment = _open_assignment(approval, actor)
        if assignment is None:
            raise DocumentError(_("This step has already been handled by someone else, or is not yours to decide."))
        if assignment.step.node == Node.OFFICE_HEAD and checklist is not None:
            OfficeCheck.objects.create(
                document=document,
                reviewer=actor,
                round=approval.round,
                created_at=timezone.now(),
                **{k: bool(checklist.get(k)) for k in ("basis", "policy", "consultation", "form")},
            )
        try:
            return approval_decide(actor=actor, approval_id=approval.pk, decision=decision, opinion=opinion)
        except ApprovalError as exc:
            raise DocumentError(str(exc))


# ---------------------------------------------------------------------------------------------
# Approval callbacks and hooks (called inside the deciding transaction)


def on_approved(document: Document, approval: Approval, actor: Staff) -> None:
    document.status = Document.Status.SIGNED
    document.signed_by = actor
    document.signed_at = timezone.now()
    document.signed_version = document.version_count
    document.save(update_fields=["status", "signed_by", "signed_at", "signed_version", "updated_at"])
    notify_after_commit(
        recipients=[document.drafter.user],
        text=_("%(title)s was signed off by %(who)s; the office can number and issue it.")
        % {"title": document.title, "who": actor.name},
        url=_detail_url(document),
    )


on_returned = set_status(Document.Status.RETURNED, also=("updated_at",))
on_rejected = set_status(Document.Status.REJECTED, also=("updated_at",))


def adjust_nodes(document: Document, nodes: list[str]) -> list[str]:
    """Principal sign-off only where it applies; otherwise the supervising leader signs after the office."""
    if needs_principal(document):
        return nodes
    nodes = [n for n in nodes if n != Node.PRINCIPAL]
    both = Node.SUPERVISOR in nodes and Node.OFFICE_HEAD in nodes
    if both and nodes.index(Node.SUPERVISOR) < nodes.index(Node.OFFICE_HEAD):
        nodes.remove(Node.SUPERVISOR)
        nodes.append(Node.SUPERVISOR)
    return nodes


def countersigners(document: Document, applicant: Staff, day: datetime.date) -> list[Staff]:
    sections = Section.objects.filter(pk__in=document.countersign_sections.values("pk")).select_related("head__user")
    return [s.head for s in sections.order_by("order", "id") if s.head is not None]


def _edited_in_step(document: Document, actor: Staff, step: ApprovalStep) -> bool:
    since = step.activated_at or document.created_at
    return DocumentVersion.objects.filter(document=document, author=actor, created_at__gte=since).exists()


def validate_decision(document: Document, approval: Approval, actor: Staff, decision: str, opinion: str) -> None:
    if decision != "approve":
        return
    step = approval.steps.get(order=approval.current_order)
    if not _edited_in_step(document, actor, step) and not opinion_is_substantive(opinion, document.unit):
        minimum = settings_for(document.unit).min_opinion_length
        raise ApprovalError(
            _(
                "Approving needs either your edits to the text or a substantive opinion. Write what you checked "
                "and what you think (e.g. the basis, what to keep or change), at least %(min)d characters; "
                "“同意”, “已阅” and the like on their own are not enough."
            )
            % {"min": minimum}
        )
    if step.node == Node.OFFICE_HEAD:
        check = OfficeCheck.objects.filter(document=document, reviewer=actor, round=approval.round).first()
        if check is None or not check.complete:
            raise ApprovalError(
                _(
                    "The office review needs every item of the art. 20 checklist confirmed; "
                    "decide from the document page."
                )
            )
    is_last = not approval.steps.filter(order__gt=step.order).exists()
    if is_last and _blocking(format_findings(document)):
        raise ApprovalError(_("The format check found errors; correct them before the document is signed off."))


# ---------------------------------------------------------------------------------------------
# After sign-off


def document_reconfirm(*, actor: Staff, document_id: int, opinion: str = "") -> Document:
    """复核: the signer confirms the text as changed after sign-off."""
    with transaction.atomic():
        document, _approval = _lock(document_id)
        if document.status != Document.Status.RECHECK:
            raise DocumentError(_("This document does not wait for re-confirmation."))
        if document.signed_by_id != actor.pk:
            raise DocumentError(_("Only the leader who signed it off can re-confirm the changed text."))
        document.status = Document.Status.SIGNED
        document.signed_at = timezone.now()
        document.signed_version = document.version_count
        document.save(update_fields=["status", "signed_at", "signed_version", "updated_at"])
        audit_record(
            actor=actor.user,
            action="documents.reconfirm",
            target=document,
            unit=document.unit,
            summary=f"复核确认：{document.title}（第{document.version_count}稿）"
            + (f"（{opinion}）" if opinion else ""),
            changes={"version": document.version_count},
        )
        notify_after_commit(
            recipients=[document.drafter.user],
            text=_("%(who)s re-confirmed %(title)s.") % {"who": actor.name, "title": document.title},
            url=_detail_url(document),
        )
    return document


def render_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}〔{year}〕{seq}号"


def document_issue(*, actor: Staff, document_id: int, prefix: str, day: datetime.date | None = None) -> Document:
    """Number (登记) and issue a signed-off document. The (unit, prefix, year) counter row is locked for the
    rest of the transaction, so concurrent issues queue on it: numbers are unique and without gaps."""
    day = day or timezone.localdate()
    with transaction.atomic():
        document, _approval = _lock(document_id)
        if not is_registrar(actor):
            raise DocumentError(_("Only the office numbers and issues documents."))
        if document.status == Document.Status.RECHECK:
            raise DocumentError(_("The text changed after sign-off; the signer must re-confirm it first (复核)."))
        if document.status != Document.Status.SIGNED:
            raise DocumentError(_("Only a signed-off document can be issued."))
        if prefix not in number_prefixes(document.unit):
            raise DocumentError(_("Choose one of the unit's number prefixes."))
        NumberCounter.objects.get_or_create(unit=document.unit, prefix=prefix, year=day.year)
        counter = NumberCounter.objects.select_for_update().get(unit=document.unit, prefix=prefix, year=day.year)
        NumberCounter.objects.filter(pk=counter.pk).update(last_seq=F("last_seq") + 1)
        counter.refresh_from_db(fields=["last_seq"])
        document.number_prefix, document.number_year, document.number_seq = prefix, day.year, counter.last_seq
        document.number = render_number(prefix, day.year, counter.last_seq)
        document.status = Document.Status.ISSUED
        document.issued_at = timezone.now()
        document.issued_by = actor
        fields = ["number_prefix", "number_year", "number_seq", "number", "status", "issued_at", "issued_by"]
        if document.doc_date is None:
            document.doc_date = day
            fields.append("doc_date")
        if document.print_date is None:
            document.print_date = day
            fields.append("print_date")
        document.save(update_fields=fields + ["updated_at"])
        audit_record(
            actor=actor.user,
            action="documents.issue",
            target=document,
            unit=document.unit,
            summary=f"编号印发：{document.number} {document.title}",
            changes={"number": document.number},
        )
        notify_after_commit(
            recipients=[document.drafter.user],
            text=_("%(title)s was issued as %(number)s.") % {"title": document.title, "number": document.number},
            url=_detail_url(document),
        )
    return document


def document_archive(*, actor: Staff, document_id: int) -> Document:
    with transaction.atomic():
        document, _approval = _lock(document_id)
        if not is_registrar(actor):
            raise DocumentError(_("Only the office archives documents."))
        if document.status != Document.Status.ISSUED:
            raise DocumentError(_("Only an issued document can be archived."))
        document.status = Document.Status.ARCHIVED
        document.archived_at = timezone.now()
        document.save(update_fields=["status", "archived_at", "updated_at"])
        audit_record(
            actor=actor.user,
            action="documents.archive",
            target=document,
            unit=document.unit,
            summary=f"归档：{document.number} {document.title}",
        )
    return document


# ---------------------------------------------------------------------------------------------
# Attachments


def attachment_add(*, actor: Staff, document_id: int, upload) -> Attachment:
    import os

    name = os.path.basename(upload.name or "")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in ATTACHMENT_TYPES:
        raise DocumentError(
            _("This file type cannot be attached. Allowed: %(types)s.") % {"types": " ".join(sorted(ATTACHMENT_TYPES))}
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise DocumentError(_("An attachment can be at most 20 MB."))
    with transaction.atomic():
        document, approval = _lock(document_id)
        allowed = (document.is_editable_draft and actor.pk == document.drafter_id) or (
            document.status == Document.Status.REVIEW and _open_assignment(approval, actor) is not None
        )
        if not allowed:
            raise DocumentError(_("Attachments can be added by the drafter while drafting."))
        attachment = Attachment(
            document=document,
            name=name,
            size=upload.size,
            content_type=getattr(upload, "content_type", "") or "",
            uploaded_by=actor.user,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        audit_record(
            actor=actor.user,
            action="documents.attach",
            target=document,
            unit=document.unit,
            summary=f"上传附件：{name}（{document.title}）",
            changes={"attachment": attachment.pk, "size": upload.size},
        )
    return attachment


def attachment_remove(*, actor: Staff, attachment_id: int) -> None:
    with transaction.atomic():
        attachment = Attachment.objects.filter(pk=attachment_id).first()
        if attachment is None:
            raise DocumentError(_("This attachment cannot be found."))
        document, _approval = _lock(attachment.document_id)
        if not (document.is_editable_draft and actor.pk == document.drafter_id):
            raise DocumentError(_("Attachments can be removed by the drafter while drafting."))
        name = attachment.name
        attachment.file.delete(save=False)
        attachment.delete()
        audit_record(
            actor=actor.user,
            action="documents.detach",
            target=document,
            unit=document.unit,
            summary=f"删除附件：{name}（{document.title}）",
        )


# ---------------------------------------------------------------------------------------------
# Settings


def document_settings_update(
    *, actor: Staff, principal_signs: str, empty_phrases: str, min_opinion_length: int, number_prefixes: str
) -> DocumentSettings:
    with transaction.atomic():
        config, _created = DocumentSettings.objects.select_for_update().get_or_create(unit=actor.unit)
        before = {
            "principal_signs": config.principal_signs,
            "min_opinion_length": config.min_opinion_length,
            "number_prefixes": config.number_prefixes,
        }
        config.principal_signs = principal_signs
        config.empty_phrases = "\n".join(p.strip() for p in empty_phrases.splitlines() if p.strip())
        config.min_opinion_length = min_opinion_length
        config.number_prefixes = "\n".join(p.strip() for p in number_prefixes.splitlines() if p.strip())
        config.save()
        audit_record(
            actor=actor.user,
            action="documents.settings",
            target=config,
            unit=actor.unit,
            summary="修改公文设置",
            changes={"before": before, "after": {"principal_signs": principal_signs, "min": min_opinion_length}},
        )
    return config
