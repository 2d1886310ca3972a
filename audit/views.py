"""The audit administrator's screens: the audit log, the access log, chain verification, export.

Only the audit administrator opens them; everyone else, the other two
administrators included, gets 404 (三员分立).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import AdminRole
from audit import selectors
from audit.forms import AccessFilterForm, EventFilterForm, LogFilterForm, VerifyForm
from audit.labels import ACTION_LABELS
from audit.models import AuditEvent
from audit.services import GENESIS, audit_chain_verify, audit_log_export, event_hash
from core.access import admin_required
from org.models import Unit

PAGE_SIZE = 50

audit_admin_required = admin_required(AdminRole.AUDIT)


def _list_context(request: HttpRequest, form: LogFilterForm, queryset) -> dict:
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "rows": page.object_list,
        "unit_names": form.unit_names,
        "query": query.urlencode(),
        "export_params": [(key, value) for key, values in query.lists() for value in values],
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
    }


@require_GET
@audit_admin_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    queryset = selectors.event_list(form.filters()) if form.is_valid() else selectors.event_list({})
    if form.is_bound and not form.is_valid():
        queryset = queryset.none()
    context = _list_context(request, form, queryset)
    context.update(
        {
            "breadcrumbs": [(_("Audit log"), None)],
            "action_labels": sorted(ACTION_LABELS.items()),
        }
    )
    return render(request, "audit/event_list.html", context)


@require_GET
@audit_admin_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(AuditEvent, pk=pk)
    neighbours = selectors.event_neighbours(event)
    unit = Unit.objects.filter(pk=event.unit_id).first() if event.unit_id else None
    if event.seq == 1:
        link_ok = event.prev_hash == GENESIS
    else:
        link_ok = neighbours["previous_hash"] is not None and neighbours["previous_hash"] == event.prev_hash
    return render(
        request,
        "audit/event_detail.html",
        {
            "event": event,
            "unit": unit,
            "changes": _change_rows(event.changes),
            "hash_ok": event_hash(event.prev_hash, event) == event.hash,
            "link_ok": link_ok,
            "previous_id": neighbours["previous_id"],
            "breadcrumbs": [(_("Audit log"), reverse("audit:events")), (_("Event details"), None)],
        },
    )


def _change_rows(changes) -> list[tuple[str, object, object, bool]]:
    """(field, before, after, has_before) rows: a [before, after] pair or {"old","new"} shows both sides."""
    if not isinstance(changes, dict):
        return [("", None, changes, False)]
    rows = []
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append((key, value[0], value[1], True))
        elif isinstance(value, dict) and set(value) == {"old", "new"}:
            rows.append((key, value["old"], value["new"], True))
        else:
            rows.append((key, None, value, False))
    return rows


@require_POST
@audit_admin_required
def event_export(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The filter is not valid; correct it and export again."))
        return redirect("audit:events")
    export = audit_log_export(
        actor=request.user,
        events=selectors.event_list(form.filters()),
        description=form.describe(),
        unit_names=form.unit_names,
    )
    if export.truncated:
        messages.warning(
            request,
            _("Exported the newest %(rows)s of %(total)s events. Narrow the dates to export the rest.")
            % {"rows": export.rows, "total": export.total},
        )
    else:
        messages.success(request, _("Exported %(rows)s events to Excel.") % {"rows": export.rows})
    return FileResponse(export.file, as_attachment=True, filename=export.filename)


@require_http_methods(["GET", "POST"])
@audit_admin_required
def chain_verify(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST)
        if form.is_valid():
            result = audit_chain_verify(actor=request.user, unit_id=form.unit_id())
            if result.ok:
                messages.success(
                    request, _("Verification done: the chains are intact (%(n)s rows).") % {"n": result.checked}
                )
            else:
                messages.error(request, _("Verification done: a chain is broken. See the first bad row below."))
    else:
        form = VerifyForm(initial={"unit": request.GET.get("unit", "")})
    return render(
        request,
        "audit/verify.html",
        {"form": form, "result": result, "breadcrumbs": [(_("Verify audit chains"), None)]},
    )


@require_GET
@audit_admin_required
def access_list(request: HttpRequest) -> HttpResponse:
    form = AccessFilterForm(request.GET or None)
    queryset = selectors.access_list(form.filters()) if form.is_valid() else selectors.access_list({})
    if form.is_bound and not form.is_valid():
        queryset = queryset.none()
    context = _list_context(request, form, queryset)
    context["breadcrumbs"] = [(_("Access log"), None)]
    return render(request, "audit/access_list.html", context)
