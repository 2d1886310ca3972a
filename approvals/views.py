from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Duty
from approvals import registry, selectors
from approvals.access import access_approval
from approvals.forms import CommentForm, DecisionForm, RuleFormSet
from approvals.models import ApprovalRule
from approvals.services import ApprovalError, approval_comment, approval_decide, approval_rules_replace
from core.access import business_required, duty_required

PAGE_SIZE = 20


def _inbox(request: HttpRequest, tab: str) -> HttpResponse:
    staff = request.user.staff
    if tab == "todo":
        qs = selectors.todo(staff)
    elif tab == "done":
        qs = selectors.done(staff)
    else:
        qs = selectors.mine(staff)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = {k.code: k for k in registry.all_kinds()}
    return render(
        request,
        "approvals/inbox.html",
        {
            "tab": tab,
            "page": page,
            "kinds": kinds,
            "counts": selectors.counts(staff),
            "breadcrumbs": [(_("Approvals"), None)],
        },
    )


@require_GET
@business_required
def inbox(request: HttpRequest) -> HttpResponse:
    return _inbox(request, "todo")


@require_GET
@business_required
def done(request: HttpRequest) -> HttpResponse:
    return _inbox(request, "done")


@require_GET
@business_required
def mine(request: HttpRequest) -> HttpResponse:
    return _inbox(request, "mine")


@require_GET
@business_required
def open_approval(request: HttpRequest, approval_id: int) -> HttpResponse:
    """Inbox rows link here; it sends the user to the request's own page."""
    approval = access_approval(staff=request.user.staff, approval_id=approval_id)
    kind = registry.get(approval.kind)
    target = kind.model.objects.get(pk=approval.target_id)
    return redirect(kind.detail_url(target))


@require_POST
@business_required
def decide(request: HttpRequest, approval_id: int) -> HttpResponse:
    approval = access_approval(staff=request.user.staff, approval_id=approval_id)
    kind = registry.get(approval.kind)
    target = kind.model.objects.get(pk=approval.target_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(kind.detail_url(target))
    try:
        approval = approval_decide(
            actor=request.user.staff,
            approval_id=approval.pk,
            decision=form.cleaned_data["decision"],
            opinion=form.cleaned_data["opinion"],
        )
    except ApprovalError as exc:
        messages.error(request, str(exc))
        return redirect(kind.detail_url(target))
    decision = form.cleaned_data["decision"]
    if decision == "approve" and approval.status == approval.Status.PENDING:
        nxt = selectors.approval_for_target(target)
        names = "、".join(
            a.assignee.name
            for s in nxt.steps.all()
            if s.order == nxt.current_order
            for a in s.assignments.all()
            if a.is_open
        )
        messages.success(request, _("Approved; it now waits for %(names)s.") % {"names": names})
    elif decision == "approve":
        messages.success(request, _("Approved. The request is complete and the applicant has been notified."))
    elif decision == "reject":
        messages.success(request, _("Rejected. The request has ended and the applicant has been notified."))
    else:
        messages.success(request, _("Returned to the applicant for revision."))
    return redirect("approvals:inbox")


@require_POST
@business_required
def comment(request: HttpRequest, approval_id: int) -> HttpResponse:
    approval = access_approval(staff=request.user.staff, approval_id=approval_id)
    kind = registry.get(approval.kind)
    target = kind.model.objects.get(pk=approval.target_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            approval_comment(actor=request.user.staff, approval_id=approval.pk, text=form.cleaned_data["text"])
            messages.success(request, _("Comment added."))
        except ApprovalError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("The comment is empty."))
    return redirect(kind.detail_url(target))


@require_GET
@duty_required(Duty.BUSINESS_SETTINGS)
def rules(request: HttpRequest) -> HttpResponse:
    unit = request.user.staff.unit
    custom = {}
    for rule in ApprovalRule.objects.filter(unit=unit).order_by("kind", "days_above", "id"):
        custom.setdefault(rule.kind, []).append(rule)
    kinds = [
        {"kind": k, "custom": k.code in custom, "rules": custom.get(k.code) or k.default_rules}
        for k in registry.all_kinds()
    ]
    return render(
        request,
        "approvals/rules.html",
        {"kinds": kinds, "breadcrumbs": [(_("Business settings"), None), (_("Approval routes"), None)]},
    )


def _initial(rules_: list) -> list[dict]:
    rows = []
    for rule in rules_:
        data = (
            rule
            if isinstance(rule, dict)
            else {"positions": rule.positions, "days_above": rule.days_above, "nodes": rule.nodes}
        )
        nodes = list(data["nodes"]) + [""] * 6
        rows.append(
            {
                "positions": data.get("positions") or [],
                "days_above": data.get("days_above", 0),
                **{f"node{i + 1}": nodes[i] for i in range(6)},
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@duty_required(Duty.BUSINESS_SETTINGS)
def rule_edit(request: HttpRequest, kind: str) -> HttpResponse:
    try:
        request_kind = registry.get(kind)
    except KeyError:
        raise Http404
    staff = request.user.staff
    current = list(ApprovalRule.objects.filter(unit=staff.unit, kind=kind)) or request_kind.default_rules
    if request.method == "POST":
        if request.POST.get("reset"):
            approval_rules_replace(actor=staff, kind=kind, rules=list(request_kind.default_rules))
            messages.success(request, _("The approval route was reset to the defaults."))
            return redirect("approvals:rules")
        formset = RuleFormSet(request.POST)
        if formset.is_valid():
            rows = [
                {
                    "positions": f.cleaned_data["positions"],
                    "days_above": str(f.cleaned_data["days_above"]),
                    "nodes": f.cleaned_data["nodes"],
                }
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("nodes")
            ]
            try:
                approval_rules_replace(actor=staff, kind=kind, rules=rows)
            except ApprovalError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("The approval route was saved; it applies to requests submitted from now on.")
                )
                return redirect("approvals:rules")
    else:
        formset = RuleFormSet(initial=_initial(current))
    return render(
        request,
        "approvals/rule_edit.html",
        {
            "kind": request_kind,
            "formset": formset,
            "breadcrumbs": [(_("Approval routes"), "/approvals/rules/"), (str(request_kind.label), None)],
        },
    )
