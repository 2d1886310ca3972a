"""The materials library (资料库): speeches, policy documents and study material shared inside a unit.

Labelled like documents (core.sensitivity): a RESTRICTED item is seen only by its need-to-know list and
its uploader. Full-text search for Chinese runs on a bigram index kept by the service (MaterialTerm).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.sensitivity import Sensitivity


class Category(models.TextChoices):
    SPEECH = "speech", _("Speech")
    POLICY = "policy", _("Policy document")
    STUDY = "study", _("Study material")
    OTHER = "other", _("Other")


def material_path(instance: Material, filename: str) -> str:
    # The stored name is not the user's file name (kept in `file_name`): no path tricks, no clashes.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"materials/{instance.unit_id}/{uuid.uuid4().hex}.{suffix}"


class Material(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, default=Category.STUDY)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=material_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    file_text = models.TextField(_("text of the file"), blank=True)  # extracted for search
    source = models.CharField(_("source or author"), max_length=200, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    sensitivity = models.CharField(
        _("sensitivity"), max_length=12, choices=Sensitivity.choices, default=Sensitivity.INTERNAL
    )
    need_to_know = models.ManyToManyField(
        "org.Staff", blank=True, related_name="known_materials", verbose_name=_("need-to-know list")
    )
    uploaded_by = models.ForeignKey(
        "org.Staff", on_delete=models.PROTECT, related_name="uploaded_materials", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        indexes = [
            models.Index(fields=["unit", "archived_at", "-issued_on", "-id"], name="materials_unit_date"),
            # A search first lists the unit's few RESTRICTED items to see which of them the reader may see.
            models.Index(fields=["unit", "sensitivity"], name="materials_unit_sensitivity"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_restricted(self) -> bool:
        return self.sensitivity == Sensitivity.RESTRICTED


class MaterialTerm(models.Model):
    """One posting of the search index: a term of a material — an overlapping two- or three-character
    piece of a run of Chinese characters, or a lowercase ASCII word — with copies of what a search filters
    and sorts on (unit, label, category, title hit, date), so that a search reads this table's index only
    and never sorts material rows. Kept by materials.search.index_material; archived materials have none."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=32)
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)
    in_title = models.BooleanField(default=False)
    issued_on = models.DateField(null=True)
    restricted = models.BooleanField(default=False)
    category = models.CharField(max_length=12)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "material"], name="materials_term_unique")]
        indexes = [
            # term → the unit's postings in display order (title hits, newest first), covering the filters.
            models.Index(
                fields=["term", "unit", "in_title", "issued_on", "material", "restricted", "category"],
                name="materials_term_ranked",
            ),
        ]

    def __str__(self) -> str:
        return self.term
