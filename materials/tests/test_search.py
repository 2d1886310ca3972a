"""Full-text search for Chinese: the bigram index, matching, ranking, restricted items, snippets."""

from __future__ import annotations

import datetime

import pytest

from core.sensitivity import Sensitivity
from materials import search
from materials.models import MaterialTerm
from materials.selectors import hits, library, materials_by_ids
from materials.services import material_create, material_update


def add(staff, title, body, **kw):
    kw.setdefault("category", "study")
    return material_create(actor=staff, title=title, body=body, **kw)


def found(staff, query, **kw) -> list[str]:
    ids, _parsed = library(staff, query=query, **kw)
    return [m.title for m in materials_by_ids(ids)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("干部考核", {"干部", "部考", "考核", "干部考", "部考核"}),
        ("干部 2026年 PPT", {"干部", "2026", "ppt"}),
        ("学", set()),  # one character: no piece
        ("“两个确立”", {"两个", "个确", "确立", "两个确", "个确立"}),  # punctuation splits runs
    ],
)
def test_terms_are_two_and_three_character_pieces_and_lowercase_words(text, expected):
    assert search.terms_of(text) == expected


def test_query_parts():
    query = search.parse("  干部考核  Word 党建 学")
    assert query.terms == ["word", "干部考", "部考核", "党建"]
    assert query.singles == ["学"]
    assert search.parse("学").singles == ["学"] and search.parse("学").terms == []
    assert search.parse("   ").is_empty


@pytest.mark.django_db
def test_two_character_word_matches_inside_a_longer_one(cast):
    add(cast.staff, "年度工作要点", "认真做好干部考核工作。")
    add(cast.staff, "党员教育", "加强党员教育管理。")
    assert found(cast.staff, "干部") == ["年度工作要点"]
    assert found(cast.staff, "考核") == ["年度工作要点"]
    assert found(cast.staff, "干部考核") == ["年度工作要点"]
    assert found(cast.staff, "党员 管理") == ["党员教育"]


@pytest.mark.django_db
def test_scattered_pieces_do_not_match_a_longer_word(cast):
    # 干部, 部考 and 考核 all occur, but never as 干部考核.
    add(cast.staff, "散落", "干部队伍。全部考试。考核办法。")
    assert found(cast.staff, "干部考核") == []
    assert found(cast.staff, "部考") == ["散落"]


@pytest.mark.django_db
def test_single_character_falls_back_to_like(cast):
    add(cast.staff, "学习笔记", "读书。")
    add(cast.staff, "通知", "开会。")
    assert found(cast.staff, "学") == ["学习笔记"]
    assert found(cast.staff, "会") == ["通知"]


@pytest.mark.django_db
def test_ascii_words_are_case_insensitive(cast):
    add(cast.staff, "培训课件", "本课件为 PowerPoint 格式，共 30 页。")
    assert found(cast.staff, "powerpoint") == ["培训课件"]
    assert found(cast.staff, "POWERPOINT 课件") == ["培训课件"]
    assert found(cast.staff, "excel") == []


@pytest.mark.django_db
def test_title_hits_rank_first_then_newest(cast):
    add(cast.staff, "旧的正文命中", "关于干部考核", issued_on=datetime.date(2026, 1, 1))
    add(cast.staff, "新的正文命中", "关于干部考核", issued_on=datetime.date(2026, 10, 1))
    add(cast.staff, "干部考核办法", "全文", issued_on=datetime.date(2025, 1, 1))
    assert found(cast.staff, "干部考核") == ["干部考核办法", "新的正文命中", "旧的正文命中"]


@pytest.mark.django_db
def test_category_filter(cast):
    add(cast.staff, "讲话一", "干部队伍建设", category="speech")
    add(cast.staff, "资料一", "干部队伍建设", category="study")
    assert found(cast.staff, "干部", category="speech") == ["讲话一"]
    assert found(cast.staff, "", category="study") == ["资料一"]


@pytest.mark.django_db
def test_restricted_items_are_found_only_by_those_who_may_see_them(cast):
    add(
        cast.staff,
        "调整初步考虑",
        "拟调整干部岗位",
        sensitivity=Sensitivity.RESTRICTED,
        need_to_know=[cast.principal],
    )
    add(cast.staff, "公开资料", "干部岗位说明")
    assert set(found(cast.staff, "干部岗位")) == {"调整初步考虑", "公开资料"}  # the uploader
    assert set(found(cast.principal, "干部岗位")) == {"调整初步考虑", "公开资料"}
    assert found(cast.head, "干部岗位") == ["公开资料"]
    assert found(cast.other_unit_staff, "干部岗位") == []


@pytest.mark.django_db
def test_index_follows_edits(cast):
    material = add(cast.staff, "笔记", "基层党建")
    assert found(cast.staff, "党建") == ["笔记"]
    material_update(
        actor=cast.staff,
        material_id=material.pk,
        title="笔记",
        category="study",
        sensitivity=Sensitivity.INTERNAL,
        body="人才工作",
    )
    assert found(cast.staff, "党建") == []
    assert found(cast.staff, "人才") == ["笔记"]
    assert MaterialTerm.objects.filter(material=material, term="笔记", in_title=True).exists()
    assert not MaterialTerm.objects.filter(material=material, term="党建").exists()


@pytest.mark.django_db
def test_snippet_highlights_the_hit_and_escapes_the_text(cast):
    add(cast.staff, "<b>标题</b>干部", "前文" * 40 + "<script>干部考核</script>" + "后文" * 40)
    ids, parsed = library(cast.staff, query="干部")
    (hit,) = hits(materials_by_ids(ids), parsed)
    assert "<mark>干部</mark>" in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html and "<script>" not in hit.snippet_html
    assert hit.snippet_html.startswith("…")
    assert hit.title_html == "&lt;b&gt;标题&lt;/b&gt;<mark>干部</mark>"


@pytest.mark.django_db
def test_single_character_with_a_word_and_category(cast):
    add(cast.staff, "学习笔记", "干部培训", category="study")
    add(cast.staff, "讲话", "干部培训", category="speech")
    assert found(cast.staff, "干部 学") == ["学习笔记"]
    assert found(cast.staff, "培训", category="speech") == ["讲话"]


@pytest.mark.django_db
def test_archived_materials_leave_the_index(cast):
    from materials.services import material_archive

    material = add(cast.staff, "旧资料", "干部培训")
    material_archive(actor=cast.staff, material_id=material.pk)
    assert found(cast.staff, "培训") == []
    assert not MaterialTerm.objects.filter(material=material).exists()


@pytest.mark.django_db
def test_counting_stops_at_the_cap(cast, login, monkeypatch):
    from materials.selectors import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for n in range(5):
        add(cast.staff, f"资料{n}", "干部培训")
    response = login(cast.staff).get("/materials/", {"q": "培训"})
    assert response.context["page"].paginator.count == 3
    assert response.context["page"].paginator.capped
    assert "3" in response.content.decode()
    response = login(cast.staff).get("/materials/", {"q": "资料4"})
    assert not response.context["page"].paginator.capped
