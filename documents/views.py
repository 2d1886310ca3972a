from __future__ import annotations

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Duty
from approvals.models import Node
from approvals.selectors import open_assignment, timeline
from audit.services import access_log_record
from core.access import business_required, duty_required
from core.sensitivity import Sensitivity, watermark_text
from documents import selectors, services
from documents.access import access_attachment, access_document
from documents.forms import DecideForm, DocumentForm, IssueForm, RegisterFilterForm, ReviewEditForm, SettingsForm
from documents.models import DocType, Document, DocumentVersion
from documents.services import DocumentError
from org.models import Position

PAGE_SIZE = 20
CRUMB = gettext_lazy("Documents")
LIST_URL = "/documents/"


def _log(request: HttpRequest, document: Document, kind: str) -> None:
    if document.is_restricted:
        access_log_record(user=request.user, kind=kind, target=document, unit=document.unit)


def _error(exc: Exception) -> str:
    return str(exc)


# ---------------------------------------------------------------------------------------------
# Lists


def _list_page(request: HttpRequest, qs, *, template_title: str, mine: bool) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    doc_type = request.GET.get("type", "")
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(number__contains=q))
    if status in Document.Status.values:
        qs = qs.filter(status=status)
    if doc_type in DocType.values:
        qs = qs.filter(doc_type=doc_type)
    page = Paginator(selectors.list_rows(qs).order_by("-updated_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "documents/list.html",
        {
            "page": page,
            "page_title": template_title,
            "mine": mine,
            "q": q,
            "status": status,
            "doc_type": doc_type,
            "statuses": Document.Status.choices,
            "types": DocType.choices,
            "query": f"q={q}&status={status}&type={doc_type}",
            "breadcrumbs": [(CRUMB, None), (template_title, None)],
        },
    )


@require_GET
@business_required
def document_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request, selectors.visible_documents(request.user.staff), template_title=_("All documents"), mine=False
    )


@require_GET
@business_required
def mine(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    return _list_page(request, Document.objects.filter(drafter=staff), template_title=_("My drafts"), mine=True)


# ---------------------------------------------------------------------------------------------
# Drafting


@require_http_methods(["GET", "POST"])
@business_required
def create(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    form = DocumentForm(
        request.POST or None,
        unit=staff.unit,
        initial={"doc_type": DocType.NOTICE, "sensitivity": Sensitivity.INTERNAL, "signature": staff.unit.name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                actor=staff,
                fields=form.document_fields(),
                countersign_sections=list(form.cleaned_data["countersign_sections"]),
                need_to_know=list(form.cleaned_data["need_to_know"]),
            )
        except DocumentError as exc:
            form.add_error(None, _error(exc))
        else:
            if request.POST.get("submit"):
                return _submit_and_redirect(request, document)
            messages.success(request, _("Draft saved (version 1)."))
            return redirect("documents:detail", document.pk)
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "watermark": watermark_text(request.user),
            "breadcrumbs": [(CRUMB, LIST_URL), (_("New document"), None)],
        },
    )


def _submit_and_redirect(request: HttpRequest, document: Document) -> HttpResponse:
    try:
        services.document_submit(actor=request.user.staff, document_id=document.pk)
    except DocumentError as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, _("Submitted for review."))
    return redirect("documents:detail", document.pk)


@require_http_methods(["GET", "POST"])
@business_required
def edit(request: HttpRequest, document_id: int) -> HttpResponse:
    staff = request.user.staff
    document, approval = access_document(staff=staff, document_id=document_id)
    S = Document.Status
    drafting = document.status in (S.DRAFT, S.RETURNED) and document.drafter_id == staff.pk
    reviewing = document.status == S.REVIEW and open_assignment(approval, staff) is not None
    after_sign = document.status in (S.SIGNED, S.RECHECK) and (
        document.drafter_id == staff.pk or services.is_registrar(staff)
    )
    if not (drafting or reviewing or after_sign):
        raise Http404
    _log(request, document, "view")
    if drafting:
        form = DocumentForm(request.POST or None, instance=document, unit=staff.unit)
    else:
        form = ReviewEditForm(
            request.POST or None,
            initial={
                "title": document.title,
                "recipients": document.recipients,
                "body": document.body,
                "attachment_note": document.attachment_note,
            },
        )
    if request.method == "POST" and form.is_valid():
        if drafting:
            # A ModelForm's is_valid() already copied the data onto the instance: compare against the row.
            document.refresh_from_db()
            kwargs = {
                "fields": form.document_fields(),
                "countersign_sections": list(form.cleaned_data["countersign_sections"]),
                "need_to_know": list(form.cleaned_data["need_to_know"]),
            }
        else:
            kwargs = {"fields": dict(form.cleaned_data)}
        try:
            saved = services.document_update(actor=staff, document_id=document.pk, **kwargs)
        except DocumentError as exc:
            form.add_error(None, _error(exc))
        else:
            if drafting and request.POST.get("submit"):
                return _submit_and_redirect(request, saved)
            if saved.status == S.RECHECK:
                messages.warning(request, _("The text changed after sign-off: it goes back to the signer (复核)."))
            else:
                messages.success(request, _("Saved as version %(n)d.") % {"n": saved.version_count})
            return redirect("documents:detail", document.pk)
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "document": document,
            "drafting": drafting,
            "reviewing": reviewing,
            "watermark": watermark_text(request.user),
            "breadcrumbs": [(CRUMB, LIST_URL), (document.title, f"/documents/{document.pk}/"), (_("Edit"), None)],
        },
    )


@require_POST
@business_required
def submit(request: HttpRequest, document_id: int) -> HttpResponse:
    document, _approval = access_document(staff=request.user.staff, document_id=document_id)
    return _submit_and_redirect(request, document)


# ---------------------------------------------------------------------------------------------
# The document page


@require_GET
@business_required
def detail(request: HttpRequest, document_id: int) -> HttpResponse:
    staff = request.user.staff
    document, approval = access_document(staff=staff, document_id=document_id)
    _log(request, document, "view")
    assignment = open_assignment(approval, staff)
    S = Document.Status
    is_registrar = services.is_registrar(staff)
    can_edit = (
        (document.status in (S.DRAFT, S.RETURNED) and document.drafter_id == staff.pk)
        or (document.status == S.REVIEW and assignment is not None)
        or (document.status in (S.SIGNED, S.RECHECK) and (document.drafter_id == staff.pk or is_registrar))
    )
    findings = services.format_findings(document)
    office_step = assignment is not None and assignment.step.node == Node.OFFICE_HEAD
    versions = list(
        DocumentVersion.objects.filter(document=document)
        .select_related("author__user")
        .only("id", "number", "round", "reason", "created_at", "length", "author__user__full_name")
        .order_by("-number")[:10]
    )
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "approval": approval,
            "timeline": timeline(approval) if approval else [],
            "my_assignment": assignment,
            "office_step": office_step,
            "findings": findings,
            "has_errors": any(f.severity == "error" for f in findings),
            "paragraphs": _paragraphs(document.body),
            "attachments": list(document.attachments.all()),
            "countersign_sections": list(document.countersign_sections.all()),
            "need_to_know": list(document.need_to_know.select_related("user")) if document.is_restricted else [],
            "versions": versions,
            "can_edit": can_edit,
            "can_submit": document.status in (S.DRAFT, S.RETURNED) and document.drafter_id == staff.pk,
            "can_issue": document.status == S.SIGNED and is_registrar,
            "can_archive": document.status == S.ISSUED and is_registrar,
            "can_reconfirm": document.status == S.RECHECK and document.signed_by_id == staff.pk,
            "can_attach": (document.status in (S.DRAFT, S.RETURNED) and document.drafter_id == staff.pk),
            "issue_form": IssueForm(prefixes=services.number_prefixes(document.unit)),
            "min_opinion": services.settings_for(document.unit).min_opinion_length,
            "kept_opinion": request.session.pop("documents_opinion", ""),
            "watermark": watermark_text(request.user),
            "breadcrumbs": [(CRUMB, LIST_URL), (document.title, None)],
        },
    )


def _paragraphs(body: str) -> list[dict]:
    """Paragraphs with their heading level (1–4, 0 for body text) for the on-screen view."""
    try:
        from documents.checks import heading_level
    except ImportError:  # pragma: no cover
        heading_level = None
    rows = []
    for line in body.splitlines():
        text = line.strip()
        if not text:
            continue
        level = heading_level(text) if heading_level else None
        rows.append({"text": text, "level": level[0] + 1 if level else 0})
    return rows


@require_POST
@business_required
def decide(request: HttpRequest, document_id: int) -> HttpResponse:
    staff = request.user.staff
    document, _approval = access_document(staff=staff, document_id=document_id)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("documents:detail", document.pk)
    data = form.cleaned_data
    checklist = {k: data[k] for k in ("basis", "policy", "consultation", "form")}
    try:
        approval = services.document_decide(
            actor=staff,
            document_id=document.pk,
            decision=data["decision"],
            opinion=data["opinion"],
            checklist=checklist if request.POST.get("office_check") else None,
        )
    except DocumentError as exc:
        messages.error(request, _error(exc))
        request.session["documents_opinion"] = data["opinion"]
        return redirect("documents:detail", document.pk)
    if data["decision"] == "approve" and approval.status == approval.Status.APPROVED:
        messages.success(request, _("Signed off. The office can now number and issue it."))
    elif data["decision"] == "approve":
        messages.success(request, _("Approved; it moves to the next step."))
    elif data["decision"] == "return":
        messages.success(request, _("Returned to the drafter for revision."))
    else:
        messages.success(request, _("Rejected."))
    return redirect("documents:detail", document.pk)


@require_POST
@business_required
def reconfirm(request: HttpRequest, document_id: int) -> HttpResponse:
    document, _approval = access_document(staff=request.user.staff, document_id=document_id)
    try:
        services.document_reconfirm(
            actor=request.user.staff, document_id=document.pk, opinion=request.POST.get("opinion", "")[:500]
        )
    except DocumentError as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, _("Re-confirmed; the office can issue it."))
    return redirect("documents:detail", document.pk)


@require_POST
@business_required
def issue(request: HttpRequest, document_id: int) -> HttpResponse:
    staff = request.user.staff
    document, _approval = access_document(staff=staff, document_id=document_id)
    form = IssueForm(request.POST, prefixes=services.number_prefixes(document.unit))
    if not form.is_valid():
        messages.error(request, _("Choose one of the unit's number prefixes."))
        return redirect("documents:detail", document.pk)
    try:
        issued = services.document_issue(actor=staff, document_id=document.pk, prefix=form.cleaned_data["prefix"])
    except DocumentError as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, _("Issued as %(number)s.") % {"number": issued.number})
    return redirect("documents:detail", document.pk)


@require_POST
@business_required
def archive(request: HttpRequest, document_id: int) -> HttpResponse:
    document, _approval = access_document(staff=request.user.staff, document_id=document_id)
    try:
        services.document_archive(actor=request.user.staff, document_id=document.pk)
    except DocumentError as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, _("Archived."))
    return redirect("documents:detail", document.pk)


# ---------------------------------------------------------------------------------------------
# Versions and diff


@require_GET
@business_required
def versions(request: HttpRequest, document_id: int) -> HttpResponse:
    document, _approval = access_document(staff=request.user.staff, document_id=document_id)
    _log(request, document, "view")
    rows = list(DocumentVersion.objects.filter(document=document).select_related("author__user").order_by("number"))
    by_number = {v.number: v for v in rows}

    def pick(name: str, default: int) -> DocumentVersion | None:
        try:
            return by_number.get(int(request.GET.get(name, default)))
        except ValueError:
            return None

    latest = rows[-1].number if rows else 0
    new = pick("b", latest)
    old = pick("a", max(latest - 1, 1))
    diff = selectors.diff_html(old, new) if old and new else ""
    stats = selectors.diff_stats(old, new) if old and new else None
    return render(
        request,
        "documents/versions.html",
        {
            "document": document,
            "versions": rows,
            "old": old,
            "new": new,
            "diff": diff,
            "stats": stats,
            "watermark": watermark_text(request.user),
            "breadcrumbs": [
                (CRUMB, LIST_URL),
                (document.title, f"/documents/{document.pk}/"),
                (_("Versions"), None),
            ],
        },
    )


# ---------------------------------------------------------------------------------------------
# Export and attachments


@require_GET
@business_required
def export(request: HttpRequest, document_id: int, fmt: str) -> HttpResponse:
    document, _approval = access_document(staff=request.user.staff, document_id=document_id)
    if fmt not in ("docx", "pdf"):
        raise Http404
    try:
        from documents import export as exporter
    except ImportError:  # pragma: no cover - written by another engineer
        raise Http404
    content = selectors.document_content(document)
    mark = watermark_text(request.user)
    if fmt == "docx":
        data = exporter.export_docx(content, watermark=mark)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = exporter.export_pdf(content, watermark=mark)
        mime = "application/pdf"
    _log(request, document, "export")
    name = f"{document.number or document.title}.{fmt}".replace("/", "_")
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=mime)


@require_POST
@business_required
def attachment_upload(request: HttpRequest, document_id: int) -> HttpResponse:
    document, _approval = access_document(staff=request.user.staff, document_id=document_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect("documents:detail", document.pk)
    try:
        services.attachment_add(actor=request.user.staff, document_id=document.pk, upload=upload)
    except DocumentError as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, _("Attachment uploaded."))
    return redirect("documents:detail", document.pk)


@require_GET
@business_required
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment, document = access_attachment(staff=request.user.staff, attachment_id=attachment_id)
    _log(request, document, "download")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@require_POST
@business_required
def attachment_delete(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment, document = access_attachment(staff=request.user.staff, attachment_id=attachment_id)
    try:
        services.attachment_remove(actor=request.user.staff, attachment_id=attachment.pk)
    except DocumentError as exc:
        messages.error(request, _error(exc))
    else:
        messages.success(request, _("Attachment removed."))
    return redirect("documents:detail", document.pk)


# ---------------------------------------------------------------------------------------------
# Register (发文登记)


def _register_qs(request: HttpRequest):
    staff = request.user.staff
    form = RegisterFilterForm(request.GET or None, unit=staff.unit)
    qs = selectors.visible_documents(staff).filter(number_seq__isnull=False)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(Q(title__contains=data["q"]) | Q(number__contains=data["q"]))
        if data["section"]:
            qs = qs.filter(section=data["section"])
        if data["start"]:
            qs = qs.filter(issued_at__date__gte=data["start"])
        if data["end"]:
            qs = qs.filter(issued_at__date__lte=data["end"])
    qs = (
        qs.select_related("section", "drafter__user", "signed_by__user")
        .only(
            "id",
            "title",
            "doc_type",
            "status",
            "sensitivity",
            "number",
            "issued_at",
            "doc_date",
            "section__id",
            "section__name",
            "drafter__id",
            "drafter__user__id",
            "drafter__user__full_name",
            "signed_by__id",
            "signed_by__user__id",
            "signed_by__user__full_name",
        )
        .order_by("-issued_at", "-id")
    )
    return form, qs


@require_GET
@business_required
def register(request: HttpRequest) -> HttpResponse:
    form, qs = _register_qs(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "documents/register.html",
        {
            "form": form,
            "page": page,
            "query": params.urlencode(),
            "breadcrumbs": [(CRUMB, LIST_URL), (_("Outgoing register"), None)],
        },
    )


@require_GET
@business_required
def register_export(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    _form, qs = _register_qs(request)
    mark = watermark_text(request.user)
    book = Workbook()
    sheet = book.active
    sheet.title = "发文登记"
    sheet.append([f"{request.user.staff.unit.name} 发文登记　导出：{mark}"])
    sheet.append(["发文字号", "标题", "文种", "密级", "起草科室", "起草人", "签发人", "印发日期", "成文日期"])
    for d in qs[:5000]:
        sheet.append(
            [
                d.number,
                d.title,
                d.get_doc_type_display(),
                d.get_sensitivity_display(),
                d.section.name if d.section_id else "",
                d.drafter.name,
                d.signed_by.name if d.signed_by_id else "",
                timezone.localtime(d.issued_at).date() if d.issued_at else None,
                d.doc_date,
            ]
        )
    sheet.oddHeader.center.text = mark
    sheet.oddFooter.center.text = mark
    for column, width in zip("ABCDEFGHI", (22, 48, 10, 10, 12, 10, 10, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E5%8F%91%E6%96%87%E7%99%BB%E8%AE%B0.xlsx"
    return response


# ---------------------------------------------------------------------------------------------
# Reviewer figures and settings


@require_GET
@business_required
def figures(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    if staff.position < Position.DEPUTY and not services.is_registrar(staff):
        raise Http404
    return render(
        request,
        "documents/figures.html",
        {
            "rows": selectors.reviewer_figures(staff.unit),
            "stamp_chars": selectors.RUBBER_STAMP_CHARS,
            "breadcrumbs": [(CRUMB, LIST_URL), (_("Reviewer figures"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def settings_edit(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    config = services.settings_for(staff.unit)
    form = SettingsForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        services.document_settings_update(actor=staff, **form.cleaned_data)
        messages.success(request, _("Document settings saved."))
        return redirect("documents:settings")
    return render(
        request,
        "documents/settings.html",
        {"form": form, "breadcrumbs": [(CRUMB, LIST_URL), (_("Document settings"), None)]},
    )
