from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Duty
from core.access import duty_required
from org.excel import IMPORT_COLUMNS, import_template
from org.forms import ImportForm
from org.importing import ImportFileError, read_import
from org.models import Staff
from org.services import OrgError, staff_import
from org.views.common import xlsx_response

RESULT_KEY = "org_import_result"


def _breadcrumbs(current: str) -> list:
    return [(_("Staff directory"), reverse("org:directory")), (current, None)]


@require_http_methods(["GET", "POST"])
@duty_required(Duty.STAFF_RECORDS)
def staff_import_view(request: HttpRequest) -> HttpResponse:
    """Upload → every row checked → all created in one transaction, or nothing and a list of every bad row."""
    unit = request.user.staff.unit
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    checked = 0
    if request.method == "POST" and form.is_valid():
        try:
            result = read_import(form.cleaned_data["file"], unit)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            checked = result.total
            row_errors = result.errors
            if not row_errors:
                try:
                    created = staff_import(actor=request.user, unit=unit, rows=result.rows)
                except OrgError as error:
                    form.add_error(None, error)
                else:
                    request.session[RESULT_KEY] = [person.pk for person in created]
                    messages.success(request, _("Imported %(count)s people.") % {"count": len(created)})
                    return redirect("org:staff_import_result")
    return render(
        request,
        "org/staff_import.html",
        {
            "unit": unit,
            "form": form,
            "row_errors": row_errors,
            "checked": checked,
            "columns": IMPORT_COLUMNS,
            "breadcrumbs": _breadcrumbs(_("Import staff")),
        },
    )


@require_GET
@duty_required(Duty.STAFF_RECORDS)
def staff_import_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(import_template(request.user.staff.unit), "人员导入模板.xlsx")


@require_GET
@duty_required(Duty.STAFF_RECORDS)
def staff_import_result(request: HttpRequest) -> HttpResponse:
    ids = request.session.get(RESULT_KEY) or []
    created = Staff.objects.filter(pk__in=ids, unit=request.user.staff.unit).select_related("user", "section")
    return render(
        request,
        "org/staff_import_result.html",
        {"created": created, "breadcrumbs": _breadcrumbs(_("Import result"))},
    )
