"""Quarterly reports: my section's reports, filing, detail with review, the unit's compilation and .docx."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approvals.selectors import approval_for_target, open_assignment, timeline
from core.access import business_required
from core.text import error_text
from reports import integration, selectors
from reports.access import (
    access_report,
    access_report_for_filing,
    can_file_report,
    can_read_all_reports,
)
from reports.docx_export import compile_docx, fact_rows
from reports.facts import note_texts
from reports.forms import NarrativeForm, PlanItemFormSet, ReportCreateForm, quarter_label
from reports.models import QuarterlyReport, next_quarter, quarter_of
from reports.services import (
    PlanItemData,
    report_create,
    report_refresh_facts,
    report_save,
    report_submit,
)

PAGE_SIZE = 20
CRUMB = _("Quarterly reports")


def _crumbs(*extra) -> list:
    return [(CRUMB, reverse("reports:list")), *extra]


def _period(request: HttpRequest, today: datetime.date) -> tuple[int, int]:
    raw = request.GET.get("period", "")
    try:
        year, quarter = (int(x) for x in raw.split("-"))
    except ValueError:
        return selectors.default_quarter(today)
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        return selectors.default_quarter(today)
    return year, quarter


@require_GET
@business_required
def report_list(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    qs = selectors.visible_reports(staff)
    status = request.GET.get("status", "")
    if status in QuarterlyReport.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-year", "-quarter", "section__order", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reports/list.html",
        {
            "page": page,
            "can_file": bool(selectors.filing_sections(staff)),
            "can_compile": can_read_all_reports(staff),
            "statuses": QuarterlyReport.Status.choices,
            "status": status,
            "query": f"status={status}",
            "breadcrumbs": [(CRUMB, None)],
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def report_new(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    sections = selectors.filing_sections(staff)
    if not sections:
        raise Http404
    today = timezone.localdate()
    year, quarter = selectors.default_quarter(today)
    form = ReportCreateForm(
        request.POST or None,
        sections=sections,
        quarters=selectors.quarter_choices(today),
        initial={"period": f"{year}-{quarter}"},
    )
    if request.method == "POST" and form.is_valid():
        year, quarter = form.cleaned_data["period"]
        try:
            report = report_create(actor=staff, section=form.cleaned_data["section"], year=year, quarter=quarter)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request, _("The report was started with the quarter's facts; write the narrative and plan.")
            )
            return redirect("reports:edit", report.pk)
    return render(
        request, "reports/new.html", {"form": form, "breadcrumbs": _crumbs((_("New quarterly report"), None))}
    )


def _plan_initial(report: QuarterlyReport) -> list[dict]:
    return [
        {
            "title": item.title,
            "lead_section": item.lead_section_id,
            "deadline": item.deadline,
            "responsible": item.responsible_id,
        }
        for item in selectors.plan_items(report)
    ]


def _plan_data(formset) -> list[PlanItemData]:
    items = []
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE") or not form.cleaned_data:
            continue
        data = form.cleaned_data
        items.append(PlanItemData(data["title"], data["lead_section"], data["deadline"], data.get("responsible")))
    return items


@require_http_methods(["GET", "POST"])
@business_required
def report_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    staff = request.user.staff
    report = access_report_for_filing(staff=staff, report_id=report_id)
    if not report.is_editable:
        return redirect("reports:detail", report.pk)
    narrative = NarrativeForm(request.POST or None, instance=report)
    plan_form_kwargs = {"unit": report.unit, "default_section": report.section_id}
    if request.method == "POST":
        formset = PlanItemFormSet(request.POST, prefix="plan", form_kwargs=plan_form_kwargs)
    else:
        formset = PlanItemFormSet(
            prefix="plan",
            form_kwargs=plan_form_kwargs,
            initial=_plan_initial(report),
        )
    error = ""
    if request.method == "POST" and narrative.is_valid() and formset.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            with transaction.atomic():
                report_save(
                    actor=staff,
                    report_id=report.pk,
                    done_text=narrative.cleaned_data["done_text"],
                    problems_text=narrative.cleaned_data["problems_text"],
                    next_steps_text=narrative.cleaned_data["next_steps_text"],
                    plan_items=_plan_data(formset),
                )
                if submit:
                    report_submit(actor=staff, report_id=report.pk)
        except ValidationError as exc:
            error = error_text(exc)
        else:
            if submit:
                _announce(request, report)
                return redirect("reports:detail", report.pk)
            messages.success(request, _("Saved. Submit it when it is ready for review."))
            return redirect("reports:edit", report.pk)
    return render(
        request,
        "reports/edit.html",
        {
            "report": report,
            "narrative": narrative,
            "formset": formset,
            "error": error,
            "facts": fact_rows(report.facts),
            "notes": note_texts(report.facts),
            "previous": _previous_context(report),
            "plan_quarter": quarter_label(*next_quarter(report.year, report.quarter)),
            "breadcrumbs": _crumbs((str(report), reverse("reports:detail", args=[report.pk])), (_("Edit"), None)),
        },
    )


def _announce(request: HttpRequest, report: QuarterlyReport) -> None:
    approval = approval_for_target(report)
    names = "、".join(
        a.assignee.name
        for s in approval.steps.all()
        if s.order == approval.current_order
        for a in s.assignments.all()
        if a.is_open
    )
    messages.success(request, _("Submitted; waiting for %(names)s to approve.") % {"names": names})


def _previous_context(report: QuarterlyReport) -> dict | None:
    previous = selectors.previous_report(report)
    if previous is None or previous.status != QuarterlyReport.Status.APPROVED:
        return None
    today = timezone.localdate()
    return {"report": previous, "rows": selectors.plan_with_outcomes(selectors.plan_items(previous), today)}


@require_GET
@business_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    staff = request.user.staff
    report = access_report(staff=staff, report_id=report_id)
    approval = approval_for_target(report)
    today = timezone.localdate()
    items = selectors.plan_items(report)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "approval": approval,
            "timeline": timeline(approval) if approval else [],
            "my_assignment": open_assignment(approval, staff),
            "can_edit": can_file_report(staff, report.section) and report.is_editable,
            "facts": fact_rows(report.facts),
            "notes": note_texts(report.facts),
            "plan": selectors.plan_with_outcomes(items, today)
            if report.status == QuarterlyReport.Status.APPROVED
            else [selectors.PlanOutcome(item, None) for item in items],
            "tasks_available": integration.tasks_available(),
            "previous": _previous_context(report),
            "agenda": selectors.agenda_items_for_origin(report),
            "plan_quarter": quarter_label(*next_quarter(report.year, report.quarter)),
            "breadcrumbs": _crumbs((str(report), None)),
        },
    )


@require_POST
@business_required
def report_refresh(request: HttpRequest, report_id: int) -> HttpResponse:
    staff = request.user.staff
    report = access_report_for_filing(staff=staff, report_id=report_id)
    try:
        report_refresh_facts(actor=staff, report_id=report.pk)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The facts were refreshed from the platform."))
    return redirect("reports:edit", report.pk)


@require_POST
@business_required
def report_submit_view(request: HttpRequest, report_id: int) -> HttpResponse:
    staff = request.user.staff
    report = access_report_for_filing(staff=staff, report_id=report_id)
    try:
        report_submit(actor=staff, report_id=report.pk)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("reports:edit", report.pk)
    _announce(request, report)
    return redirect("reports:detail", report.pk)


def _compile_context(request: HttpRequest) -> dict:
    staff = request.user.staff
    if not can_read_all_reports(staff):
        raise Http404
    today = timezone.localdate()
    year, quarter = _period(request, today)
    rows = selectors.compile_rows(staff.unit, year, quarter)
    return {"unit": staff.unit, "year": year, "quarter": quarter, "rows": rows, "today": today}


@require_GET
@business_required
def compile_view(request: HttpRequest) -> HttpResponse:
    context = _compile_context(request)
    rows = context["rows"]
    today = context["today"]
    context.update(
        {
            "periods": [(f"{y}-{q}", quarter_label(y, q)) for y, q in selectors.quarter_choices(today, 8)],
            "period": f"{context['year']}-{context['quarter']}",
            "label": quarter_label(context["year"], context["quarter"]),
            "missing": [row.section for row in rows if row.report is None],
            "approved": sum(1 for row in rows if row.report and row.report.status == QuarterlyReport.Status.APPROVED),
            "current": quarter_of(today),
            "breadcrumbs": _crumbs((_("Compile by quarter"), None)),
        }
    )
    return render(request, "reports/compile.html", context)


@require_GET
@business_required
def compile_docx_view(request: HttpRequest) -> HttpResponse:
    context = _compile_context(request)
    content = compile_docx(context["unit"], context["year"], context["quarter"], context["rows"])
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    filename = f"{context['year']}Q{context['quarter']}-reports.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
