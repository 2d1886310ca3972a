"""Reads for documents: visible lists, content for check and export, version diffs, reviewer figures."""

from __future__ import annotations

import datetime
import html
import statistics
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from approvals.models import Approval, ApprovalAssignment
from core.sensitivity import Sensitivity
from documents.layout import DocumentContent
from documents.models import Document, DocumentVersion, doc_type_label
from org.models import Staff

TARGET_TYPE = "documents.document"


def readable_restricted_ids(staff: Staff) -> list[int]:
    """Ids of the restricted documents of the person's unit they may read: on the need-to-know list, the
    drafter, or anyone in the review chain. A few small indexed queries, so the list query itself carries a
    plain id list instead of a join over every approval the person ever decided."""
    restricted = list(
        Document.objects.filter(unit_id=staff.unit_id, sensitivity=Sensitivity.RESTRICTED)
        .order_by()
        .values_list("id", "drafter_id")
    )
    ids = {pk for pk, drafter_id in restricted if drafter_id == staff.pk}
    ids |= set(Document.need_to_know.through.objects.filter(staff_id=staff.pk).values_list("document_id", flat=True))
    candidates = [pk for pk, _drafter in restricted if pk not in ids]
    for start in range(0, len(candidates), 500):
        ids |= set(
            Approval.objects.filter(
                target_type=TARGET_TYPE,
                target_id__in=candidates[start : start + 500],
                steps__assignments__assignee=staff,
            )
            .order_by()
            .values_list("target_id", flat=True)
        )
    restricted_ids = {pk for pk, _drafter in restricted}
    return sorted(ids & restricted_ids)


def visible_documents(staff: Staff) -> QuerySet[Document]:
    """Documents of the person's unit they may see: restricted ones only on the need-to-know list, as the
    drafter, or in the review chain (documents.access.can_read says the same for one document)."""
    return Document.objects.filter(unit_id=staff.unit_id).filter(
        ~Q(sensitivity=Sensitivity.RESTRICTED) | Q(pk__in=readable_restricted_ids(staff))
    )


def list_rows(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.select_related("drafter__user", "section").only(
        "id",
        "title",
        "doc_type",
        "status",
        "sensitivity",
        "urgency",
        "number",
        "updated_at",
        "version_count",
        "drafter__id",
        "drafter__user__id",
        "drafter__user__full_name",
        "section__id",
        "section__name",
    )


def _elements(document: Document, version: DocumentVersion | None) -> dict:
    if version is None:
        return {
            name: getattr(document, name)
            for name in (
                "doc_type",
                "is_upward",
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
        }
    data = dict(version.elements)
    for name in ("doc_date", "print_date"):
        if data.get(name):
            data[name] = datetime.date.fromisoformat(data[name])
    return data


def document_content(document: Document, version: DocumentVersion | None = None) -> DocumentContent:
    """The document (or one stored version of it) as the check and the export read it."""
    source = version or document
    data = _elements(document, version)
    code = data.get("doc_type") or document.doc_type
    sensitivity = data.get("sensitivity") or document.sensitivity
    return DocumentContent(
        doc_type=code,
        doc_type_label=doc_type_label(code),
        title=source.title,
        issuer_mark=data.get("issuer_mark") or "",
        number=document.number,
        copy_number=data.get("copy_number") or "",
        sensitivity_label="" if sensitivity == Sensitivity.PUBLIC else str(Sensitivity(sensitivity).label),
        urgency=data.get("urgency") or "",
        signer=document.signed_by.name if document.signed_by_id else "",
        is_upward=bool(data.get("is_upward")),
        recipients=source.recipients,
        body=source.body,
        attachments=[line for line in (data.get("attachment_note") or "").splitlines() if line.strip()],
        signature=data.get("signature") or "",
        date=data.get("doc_date"),
        note=data.get("note") or "",
        cc=data.get("cc") or "",
        printer=data.get("printer") or "",
        print_date=data.get("print_date"),
    )


# ---------------------------------------------------------------------------------------------
# Diff


def _version_text(version: DocumentVersion) -> str:
    return f"标题：{version.title}\n主送：{version.recipients}\n\n{version.body}"


def diff_html(old: DocumentVersion, new: DocumentVersion) -> SafeString:
    """Character-level diff, cleaned up to whole words and phrases, as escaped <del>/<ins> HTML."""
    import diff_match_patch

    engine = diff_match_patch.diff_match_patch()
    engine.Diff_Timeout = 2.0
    diffs = engine.diff_main(_version_text(old), _version_text(new))
    engine.diff_cleanupSemantic(diffs)
    parts = []
    for op, text in diffs:
        escaped = html.escape(text).replace("\n", "¶<br>" if op else "<br>")
        if op == engine.DIFF_INSERT:
            parts.append(f"<ins>{escaped}</ins>")
        elif op == engine.DIFF_DELETE:
            parts.append(f"<del>{escaped}</del>")
        else:
            parts.append(escaped)
    return mark_safe("".join(parts))


def diff_stats(old: DocumentVersion, new: DocumentVersion) -> dict:
    import diff_match_patch

    engine = diff_match_patch.diff_match_patch()
    diffs = engine.diff_main(_version_text(old), _version_text(new))
    engine.diff_cleanupSemantic(diffs)
    return {
        "inserted": sum(len(t) for op, t in diffs if op == engine.DIFF_INSERT),
        "deleted": sum(len(t) for op, t in diffs if op == engine.DIFF_DELETE),
    }


# ---------------------------------------------------------------------------------------------
# Reviewer figures: "简单地履行签批程序" made visible

RUBBER_STAMP_CHARS = 20


def reviewer_figures(unit, *, since: datetime.datetime | None = None) -> list[dict]:
    """Per reviewer, over decided document review steps in the unit.

    A rubber stamp is an approval with no edit of the text by the reviewer during the step and an
    opinion of fewer than RUBBER_STAMP_CHARS characters (punctuation and spaces not counted).
    """
    from documents.services import normalize

    assignments = (
        ApprovalAssignment.objects.filter(
            step__approval__unit=unit,
            step__approval__kind="document",
            decided_at__isnull=False,
        )
        .select_related("assignee__user", "step__approval")
        .order_by("assignee_id", "decided_at")
    )
    if since is not None:
        assignments = assignments.filter(decided_at__gte=since)
    assignments = list(assignments)
    doc_ids = {a.step.approval.target_id for a in assignments}
    lengths = dict(Document.objects.filter(pk__in=doc_ids).values_list("pk", "body_length"))
    edits: dict[tuple[int, int], list[datetime.datetime]] = defaultdict(list)
    for document_id, author_id, created_at in DocumentVersion.objects.filter(document_id__in=doc_ids).values_list(
        "document_id", "author_id", "created_at"
    ):
        edits[(document_id, author_id)].append(created_at)
    people: dict[int, dict] = {}
    for a in assignments:
        row = people.setdefault(
            a.assignee_id,
            {"staff": a.assignee, "decisions": 0, "approvals": 0, "stamps": 0, "edits": 0, "minutes_per_k": []},
        )
        document_id = a.step.approval.target_id
        row["decisions"] += 1
        row.setdefault("documents", set()).add(document_id)
        since_step = a.step.activated_at or a.step.approval.submitted_at
        edited = any(since_step <= t <= a.decided_at for t in edits.get((document_id, a.assignee_id), []))
        row["edits"] += int(edited)
        if a.decision == ApprovalAssignment.Decision.APPROVED:
            row["approvals"] += 1
            if not edited and len(normalize(a.opinion)) < RUBBER_STAMP_CHARS:
                row["stamps"] += 1
        minutes = max((a.decided_at - since_step).total_seconds() / 60, 0)
        length = max(lengths.get(document_id, 0), 1)
        row["minutes_per_k"].append(minutes * 1000 / length)
    result = []
    for row in people.values():
        documents = len(row.pop("documents"))
        per_k = row.pop("minutes_per_k")
        row["documents"] = documents
        row["rounds"] = round(row["decisions"] / documents, 2) if documents else 0
        row["stamp_rate"] = round(100 * row["stamps"] / row["approvals"]) if row["approvals"] else 0
        row["minutes_per_k"] = round(statistics.median(per_k), 1) if per_k else None
        result.append(row)
    result.sort(key=lambda r: (-r["stamp_rate"], -r["decisions"]))
    return result
