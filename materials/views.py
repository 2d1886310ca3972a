from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import access_log_record
from core.access import business_required
from core.sensitivity import Sensitivity, watermark_text
from materials import selectors
from materials.access import access_material, access_material_for_change, can_change
from materials.files import CONTENT_TYPES, suffix_of, watermarked
from materials.forms import MaterialForm
from materials.models import Category, Material
from materials.services import material_archive, material_create, material_update

PAGE_SIZE = 20


def _crumbs(*more) -> list:
    return [(_("Materials library"), reverse("materials:list")), *more]


def _log_restricted(request: HttpRequest, material: Material, kind: str) -> None:
    if material.is_restricted:
        access_log_record(user=request.user, kind=kind, target=material, unit=material.unit)


@require_GET
@business_required
def library(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    query = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")
    ids, parsed = selectors.library(staff, query=query, category=category)
    page = selectors.CappedPaginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "materials/list.html",
        {
            "page": page,
            "hits": selectors.hits(selectors.materials_by_ids(page.object_list), parsed),
            "q": query,
            "category": category,
            "categories": Category.choices,
            "searching": not parsed.is_empty,
            "query": urlencode({"q": query, "category": category}),
            "breadcrumbs": [(_("Materials library"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def create(request: HttpRequest) -> HttpResponse:
    staff = request.user.staff
    form = MaterialForm(request.POST or None, request.FILES or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            material = material_create(
                actor=staff,
                title=data["title"],
                category=data["category"],
                sensitivity=data["sensitivity"],
                body=data["body"],
                source=data["source"],
                issued_on=data["issued_on"],
                need_to_know=data["need_to_know"],
                file=data["file"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The material was added to the library."))
            return redirect("materials:detail", material.pk)
    return render(
        request,
        "materials/form.html",
        {"form": form, "breadcrumbs": _crumbs((_("Add material"), None))},
    )


@require_GET
@business_required
def detail(request: HttpRequest, material_id: int) -> HttpResponse:
    staff = request.user.staff
    material = access_material(staff=staff, material_id=material_id)
    _log_restricted(request, material, "view")
    return render(
        request,
        "materials/detail.html",
        {
            "material": material,
            "need_to_know": material.need_to_know.select_related("user") if material.is_restricted else [],
            "may_change": can_change(material, staff),
            "watermark": watermark_text(request.user),
            "breadcrumbs": _crumbs((material.title, None)),
        },
    )


@require_http_methods(["GET", "POST"])
@business_required
def edit(request: HttpRequest, material_id: int) -> HttpResponse:
    staff = request.user.staff
    material = access_material_for_change(staff=staff, material_id=material_id)
    initial = {
        "title": material.title,
        "category": material.category,
        "sensitivity": material.sensitivity,
        "need_to_know": list(material.need_to_know.all()),
        "source": material.source,
        "issued_on": material.issued_on,
        "body": material.body,
    }
    form = MaterialForm(
        request.POST or None, request.FILES or None, staff=staff, has_file=bool(material.file), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            material_update(
                actor=staff,
                material_id=material.pk,
                title=data["title"],
                category=data["category"],
                sensitivity=data["sensitivity"],
                body=data["body"],
                source=data["source"],
                issued_on=data["issued_on"],
                need_to_know=data["need_to_know"],
                file=data["file"],
                remove_file=data.get("remove_file", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The material was saved."))
            return redirect("materials:detail", material.pk)
    return render(
        request,
        "materials/form.html",
        {
            "form": form,
            "material": material,
            "breadcrumbs": _crumbs(
                (material.title, reverse("materials:detail", args=[material.pk])), (_("Edit"), None)
            ),
        },
    )


@require_POST
@business_required
def archive(request: HttpRequest, material_id: int) -> HttpResponse:
    staff = request.user.staff
    material = access_material_for_change(staff=staff, material_id=material_id)
    try:
        material_archive(actor=staff, material_id=material.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("materials:detail", material.pk)
    messages.success(request, _("The material was taken out of the library."))
    return redirect("materials:list")


@require_GET
@business_required
def download(request: HttpRequest, material_id: int) -> HttpResponse:
    staff = request.user.staff
    material = access_material(staff=staff, material_id=material_id)
    if not material.file:
        raise Http404
    suffix = suffix_of(material.file_name or material.file.name)
    with material.file.open("rb") as handle:
        stored = handle.read()
    data = watermarked(stored, suffix, watermark_text(request.user))
    # A copy without a watermark (PDF, or a file that could not be marked) is traceable only through the log.
    if material.is_restricted or (data is stored and material.sensitivity != Sensitivity.PUBLIC):
        access_log_record(user=request.user, kind="download", target=material, unit=material.unit)
    response = HttpResponse(data, content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"))
    name = material.file_name or f"material{suffix}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    response["Cache-Control"] = "no-store"
    return response
