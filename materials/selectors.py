"""Reads of the materials library: the list with search and category filter, and its snippets."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from core.sensitivity import Sensitivity
from materials import search
from materials.access import visible_materials
from materials.models import Category, Material
from org.models import Staff


def library(staff: Staff, *, query: str = "", category: str = "") -> tuple[QuerySet, search.Query]:
    """Ids of the materials this person may see, filtered and ranked: title hits first, then newest.

    Only ids are counted and paged (from the search index's own ordered index when there is a query);
    `materials_by_ids` fetches the page's rows."""
    category = category if category in Category.values else ""
    parsed = search.parse(query)
    materials = visible_materials(staff)
    if parsed.terms:
        visible_restricted = materials.filter(sensitivity=Sensitivity.RESTRICTED).values("id")
        ids = search.search_ids(
            unit_id=staff.unit_id, visible_restricted=visible_restricted, query=parsed, category=category
        )
        return ids, parsed
    if category:
        materials = materials.filter(category=category)
    if parsed.singles:
        return search.like_matching(materials, parsed).values_list("id", flat=True), parsed
    return materials.order_by("-issued_on", "-id").values_list("id", flat=True), parsed


def materials_by_ids(ids) -> list[Material]:
    """The materials of a page, in the page's order."""
    ids = list(ids)
    found = Material.objects.select_related("uploaded_by__user").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class CappedPaginator(Paginator):
    """Counts matches up to CAP only: past a thousand hits nobody pages on, they add words, and counting
    every hit of a common word would cost more than finding the first page."""

    cap = 1000
    capped = False

    @cached_property
    def count(self) -> int:
        found = self.object_list[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)


@dataclass
class Hit:
    material: Material
    title_html: SafeString
    snippet_html: SafeString


def hits(materials, parsed: search.Query) -> list[Hit]:
    """Each shown material with its highlighted title and a snippet around the first hit (escaped)."""
    found = []
    for material in materials:
        text = material.body or material.file_text
        found.append(
            Hit(
                material=material,
                title_html=mark_safe(search.highlight(material.title, parsed, whole=True)),  # noqa: S308 — escaped
                snippet_html=mark_safe(search.highlight(text, parsed)) if not parsed.is_empty else mark_safe(""),  # noqa: S308
            )
        )
    return found
