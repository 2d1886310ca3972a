"""Who may see and change a material. Missing and forbidden look the same (404)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import Duty
from core.access import has_duty
from core.sensitivity import Sensitivity
from materials.models import Material
from org.models import Staff

# The office keeps the library with the document register.
KEEPER_DUTY = Duty.DOCUMENT_REGISTER


def visible_materials(staff: Staff) -> QuerySet[Material]:
    """The unit's live materials this person may see: everything but RESTRICTED items, which only their
    need-to-know list and their uploader see."""
    on_list = Material.need_to_know.through.objects.filter(material_id=OuterRef("pk"), staff_id=staff.pk)
    return Material.objects.filter(unit_id=staff.unit_id, archived_at__isnull=True).filter(
        ~Q(sensitivity=Sensitivity.RESTRICTED) | Q(uploaded_by_id=staff.pk) | Q(Exists(on_list))
    )


def can_see(material: Material, staff: Staff) -> bool:
    if material.unit_id != staff.unit_id or material.archived_at is not None:
        return False
    if material.sensitivity != Sensitivity.RESTRICTED:
        return True
    return material.uploaded_by_id == staff.pk or material.need_to_know.filter(pk=staff.pk).exists()


def can_change(material: Material, staff: Staff) -> bool:
    """The uploader, or the library keeper (document register duty) — among those who may see it."""
    return can_see(material, staff) and (material.uploaded_by_id == staff.pk or has_duty(staff.user, KEEPER_DUTY))


def access_material(*, staff: Staff, material_id: int) -> Material:
    material = Material.objects.select_related("uploaded_by__user", "unit").filter(pk=material_id).first()
    if material is None:
        raise Http404
    if not can_see(material, staff):
        raise Http404
    return material


def access_material_for_change(*, staff: Staff, material_id: int) -> Material:
    material = access_material(staff=staff, material_id=material_id)
    if not can_change(material, staff):
        raise Http404
    return material
