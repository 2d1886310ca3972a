"""Full-text search for Chinese that runs the same on SQLite and PostgreSQL.

Chinese has no spaces between words, so the index (MaterialTerm) holds, for every run of Chinese
characters, each overlapping two-character piece ("干部考核" → 干部, 部考, 考核) and each three-character
piece (干部考, 部考核), plus the lowercase ASCII words and numbers. A query is split the same way: a
two-character word is looked up as itself, so it matches wherever it occurs, also inside longer words;
a longer run is looked up by its three-character pieces, which keeps "干部…部考…考核" scattered over a text
from matching "干部考核". A material matches when it has every term of the query (an intersection,
starting from the term with the fewest postings). A single Chinese character has no piece to look up:
it falls back to LIKE.

Each posting carries the unit, the label, the category, whether the term is in the title and the date,
and one index orders them, so a search counts and pages inside that index and never sorts material rows.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from core.sensitivity import Sensitivity
from materials.models import Material, MaterialTerm

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
TERM_MAX = 32
SNIPPET_AROUND = 40


def tokens(text: str) -> tuple[list[str], list[str]]:
    """(CJK runs, lowercase ASCII words) of a text, in order."""
    return CJK_RUN.findall(text), [w.lower()[:TERM_MAX] for w in ASCII_WORD.findall(text)]


def terms_of(text: str) -> set[str]:
    """Index terms of a text: two- and three-character pieces of its Chinese runs, and its ASCII words."""
    runs, words = tokens(text)
    found = set(words)
    for run in runs:
        found.update(run[i : i + 2] for i in range(len(run) - 1))
        found.update(run[i : i + 3] for i in range(len(run) - 2))
    return found


def postings_for(material: Material) -> list[dict]:
    """The index rows of a material (as keyword arguments of MaterialTerm)."""
    title_terms = terms_of(material.title)
    terms = title_terms | terms_of(material.body) | terms_of(material.file_text)
    restricted = material.sensitivity == Sensitivity.RESTRICTED
    return [
        {
            "material_id": material.pk,
            "term": term,
            "unit_id": material.unit_id,
            "in_title": term in title_terms,
            "issued_on": material.issued_on,
            "restricted": restricted,
            "category": material.category,
        }
        for term in sorted(terms)
    ]


def index_material(material: Material) -> None:
    """Replace the material's postings (none once it is archived). Called by the services inside their
    transaction."""
    MaterialTerm.objects.filter(material=material).delete()
    if material.archived_at is None:
        MaterialTerm.objects.bulk_create([MaterialTerm(**row) for row in postings_for(material)], batch_size=2000)


@dataclass(frozen=True)
class Query:
    text: str
    terms: list[str]  # index terms, all required
    singles: list[str]  # single Chinese characters: LIKE

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.singles


def parse(text: str) -> Query:
    text = " ".join(text.split())[:100]
    runs, words = tokens(text)
    terms: list[str] = list(dict.fromkeys(words))
    singles: list[str] = []
    for run in runs:
        if len(run) == 1:
            singles.append(run)
            continue
        size = 2 if len(run) == 2 else 3
        pieces = [run[i : i + size] for i in range(len(run) - size + 1)]
        terms.extend(piece for piece in pieces if piece not in terms)
    return Query(text=text, terms=terms, singles=singles)


def search_ids(*, unit_id: int, visible_restricted: QuerySet, query: Query, category: str = "") -> QuerySet:
    """Material ids matching the query, title hits first, then newest (a queryset of ints, to count and
    slice). `visible_restricted`: ids of the unit's RESTRICTED materials this reader may see."""
    if not query.terms:
        raise ValueError("search_ids needs at least one index term; use like_matching")
    counts = {term: _frequency(term, unit_id) for term in query.terms} if len(query.terms) > 1 else {}
    if any(n == 0 for n in counts.values()):
        return MaterialTerm.objects.none().values_list("material_id", flat=True)
    rarest, *others = sorted(query.terms, key=lambda t: counts.get(t, 0))
    postings = MaterialTerm.objects.filter(term=rarest, unit_id=unit_id).filter(
        Q(restricted=False) | Q(material_id__in=visible_restricted)
    )
    if category:
        postings = postings.filter(category=category)
    for term in others:
        postings = postings.filter(Exists(MaterialTerm.objects.filter(term=term, material_id=OuterRef("material_id"))))
    for char in query.singles:
        postings = postings.filter(
            Q(material__title__contains=char) | Q(material__body__contains=char) | Q(material__file_text__contains=char)
        )
    return postings.order_by("-in_title", "-issued_on", "-material_id").values_list("material_id", flat=True)


FREQUENCY_CAP = 2000


def _frequency(term: str, unit_id: int) -> int:
    """How many of the unit's materials hold the term, counted up to FREQUENCY_CAP: enough to start the
    intersection from a rare term, and cheap for common ones."""
    return MaterialTerm.objects.filter(term=term, unit_id=unit_id)[:FREQUENCY_CAP].count()


def like_matching(materials: QuerySet[Material], query: Query) -> QuerySet[Material]:
    """A query of single characters only: LIKE on the text, title hits first, then newest."""
    for char in query.singles:
        materials = materials.filter(Q(title__contains=char) | Q(body__contains=char) | Q(file_text__contains=char))
    title_hit = Q()
    for char in query.singles:
        title_hit &= Q(title__contains=char)
    return materials.annotate(
        title_hit=Case(When(title_hit, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-title_hit", "-issued_on", "-id")


def highlight(text: str, query: Query, *, around: int = SNIPPET_AROUND, whole: bool = False) -> str:
    """HTML: the text (or a window around the first hit) escaped, with each hit in <mark>."""
    needles = sorted(_needles(query), key=len, reverse=True)
    if not text:
        return ""
    if not whole:
        first = min((i for i in (text.lower().find(n) for n in needles) if i >= 0), default=-1)
        if first < 0:
            snippet = text[: around * 2]
            return html.escape(snippet) + ("…" if len(text) > len(snippet) else "")
        start = max(first - around, 0)
        end = min(first + around * 2, len(text))
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    if not needles:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _needles(query: Query) -> list[str]:
    runs, words = tokens(query.text)
    return [n for n in runs + words if n]
