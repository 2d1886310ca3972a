"""State changes of the materials library; each is one transaction with one audit event, and keeps the
search index (materials.search) in step with the text."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.sensitivity import Sensitivity
from materials import search
from materials.access import can_change
from materials.files import extract_text, suffix_of, validate_upload
from materials.models import Category, Material
from org.models import Staff


def _clean(
    *, actor: Staff, title: str, category: str, sensitivity: str, need_to_know: Iterable[Staff]
) -> tuple[str, list[Staff]]:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Give the material a title."))
    if category not in Category.values:
        raise ValidationError(_("Choose a category."))
    if sensitivity not in Sensitivity.values:
        raise ValidationError(_("Choose a sensitivity label."))
    people = list(need_to_know)
    if any(person.unit_id != actor.unit_id for person in people):
        raise ValidationError(_("The need-to-know list may name people of your unit only."))
    return title, people


def _attach(material: Material, upload) -> None:
    validate_upload(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    material.file_text = extract_text(data, suffix_of(upload.name))
    material.file_name = upload.name[:200]
    material.file_size = upload.size
    material.file.save(upload.name, upload, save=False)


def material_create(
    *,
    actor: Staff,
    title: str,
    category: str,
    sensitivity: str = Sensitivity.INTERNAL,
    body: str = "",
    source: str = "",
    issued_on: datetime.date | None = None,
    need_to_know: Iterable[Staff] = (),
    file=None,
) -> Material:
    title, people = _clean(
        actor=actor, title=title, category=category, sensitivity=sensitivity, need_to_know=need_to_know
    )
    if not body.strip() and file is None:
        raise ValidationError(_("Enter the text or upload a file."))
    with transaction.atomic():
        material = Material(
            unit_id=actor.unit_id,
            title=title,
            category=category,
            sensitivity=sensitivity,
            body=body.strip(),
            source=source.strip(),
            issued_on=issued_on or timezone.localdate(),
            uploaded_by=actor,
        )
        if file is not None:
            _attach(material, file)
        material.save()
        material.need_to_know.set(people)
        search.index_material(material)
        audit_record(
            actor=actor.user,
            action="materials.create",
            target=material,
            unit=material.unit,
            summary=f"上传资料：{material.title}",
            changes={"category": category, "sensitivity": sensitivity, "file": material.file_name},
        )
    return material


def _lock(*, actor: Staff, material_id: int) -> Material:
    material = Material.objects.select_for_update().filter(pk=material_id).first()
    if material is None or not can_change(material, actor):
        raise ValidationError(_("This material cannot be found or you may not change it."))
    return material


def material_update(
    *,
    actor: Staff,
    material_id: int,
    title: str,
    category: str,
    sensitivity: str,
    body: str = "",
    source: str = "",
    issued_on: datetime.date | None = None,
    need_to_know: Iterable[Staff] = (),
    file=None,
    remove_file: bool = False,
) -> Material:
    title, people = _clean(
        actor=actor, title=title, category=category, sensitivity=sensitivity, need_to_know=need_to_know
    )
    with transaction.atomic():
        material = _lock(actor=actor, material_id=material_id)
        before = {
            "title": material.title,
            "category": material.category,
            "sensitivity": material.sensitivity,
            "file": material.file_name,
        }
        old_file = material.file.name if material.file else ""
        if remove_file and file is None:
            material.file = ""
            material.file_name = ""
            material.file_size = 0
            material.file_text = ""
        if file is not None:
            _attach(material, file)
        if not body.strip() and not material.file:
            raise ValidationError(_("Enter the text or upload a file."))
        material.title = title
        material.category = category
        material.sensitivity = sensitivity
        material.body = body.strip()
        material.source = source.strip()
        material.issued_on = issued_on or material.issued_on
        material.save(
            update_fields=[
                "title",
                "category",
                "sensitivity",
                "body",
                "source",
                "issued_on",
                "file",
                "file_name",
                "file_size",
                "file_text",
                "updated_at",
            ]
        )
        material.need_to_know.set(people)
        search.index_material(material)
        after = {"title": title, "category": category, "sensitivity": sensitivity, "file": material.file_name}
        audit_record(
            actor=actor.user,
            action="materials.update",
            target=material,
            unit=material.unit,
            summary=f"修改资料：{material.title}",
            changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
        )
        if old_file and old_file != (material.file.name if material.file else ""):
            storage = material.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return material


def material_archive(*, actor: Staff, material_id: int) -> Material:
    """Take a material out of the library. It is kept (with its audit trail) but no longer listed or found."""
    with transaction.atomic():
        material = _lock(actor=actor, material_id=material_id)
        material.archived_at = timezone.now()
        material.save(update_fields=["archived_at", "updated_at"])
        search.index_material(material)  # archived: out of the index
        audit_record(
            actor=actor.user,
            action="materials.archive",
            target=material,
            unit=material.unit,
            summary=f"归档资料：{material.title}",
        )
    return material
