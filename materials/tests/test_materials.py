"""The materials library: adding, editing, archiving, who sees what, the access log and watermarks."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Duty
from accounts.services import duty_grant
from audit.models import AccessLog, AuditEvent
from core.sensitivity import Sensitivity
from materials.models import Material
from materials.services import material_archive, material_create, material_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def add(staff, title="干部考核学习资料", body="干部考核工作要点。", **kw):
    kw.setdefault("category", "study")
    return material_create(actor=staff, title=title, body=body, **kw)


def restricted(cast, **kw):
    return add(cast.staff, title="科级干部调整初步考虑", sensitivity=Sensitivity.RESTRICTED, **kw)


def txt(name="要点.txt", text="学习要点：干部考核"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def docx_file(text="干部考核办法") -> SimpleUploadedFile:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile("办法.docx", out.getvalue())


def events(action):
    return AuditEvent.objects.filter(action=action).count()


# -- services ------------------------------------------------------------------------------------


def test_create_records_one_audit_event_and_indexes_the_file_text(cast):
    material = add(cast.staff, body="", file=docx_file("年轻干部培养办法"))
    assert events("materials.create") == 1
    assert material.file_name == "办法.docx"
    assert "年轻干部培养办法" in material.file_text
    assert material.terms.filter(term="培养").exists()


def test_create_refuses_bad_input_and_saves_nothing(cast):
    with pytest.raises(ValidationError):
        add(cast.staff, title="  ")
    with pytest.raises(ValidationError):
        add(cast.staff, body="", file=None)
    with pytest.raises(ValidationError):
        add(cast.staff, file=SimpleUploadedFile("x.exe", b"MZ\x90\x00"))
    with pytest.raises(ValidationError):
        add(cast.staff, file=SimpleUploadedFile("fake.pdf", b"not a pdf"))
    with pytest.raises(ValidationError):
        restricted(cast, need_to_know=[cast.other_unit_staff])
    assert not Material.objects.exists()
    assert events("materials.create") == 0


def test_upload_size_limit(cast, settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="MB"):
        add(cast.staff, file=txt(text="这段文字超过了十个字节"))


def test_update_and_archive_by_uploader_or_keeper_only(cast):
    material = add(cast.staff)
    fields = {"title": "新标题", "category": "policy", "sensitivity": Sensitivity.INTERNAL, "body": "正文"}
    with pytest.raises(ValidationError):
        material_update(actor=cast.head, material_id=material.pk, **fields)
    material_update(actor=cast.staff, material_id=material.pk, **fields)
    assert events("materials.update") == 1
    duty_grant(actor=cast.secadmin, user=cast.colleague.user, duty=Duty.DOCUMENT_REGISTER)
    material_archive(actor=cast.colleague, material_id=material.pk)
    material.refresh_from_db()
    assert material.title == "新标题" and material.archived_at is not None
    assert events("materials.archive") == 1
    with pytest.raises(ValidationError):  # archived: gone from the library
        material_archive(actor=cast.staff, material_id=material.pk)


def test_keeper_cannot_change_a_restricted_item_not_shown_to_them(cast):
    material = restricted(cast)
    duty_grant(actor=cast.secadmin, user=cast.colleague.user, duty=Duty.DOCUMENT_REGISTER)
    with pytest.raises(ValidationError):
        material_archive(actor=cast.colleague, material_id=material.pk)


# -- views ---------------------------------------------------------------------------------------


def test_list_search_and_detail(cast, login):
    add(cast.staff)
    add(cast.staff, title="党员教育", body="加强党员教育管理。")
    client = login(cast.head)
    response = client.get(reverse("materials:list"), {"q": "干部"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "<mark>干部</mark>考核学习资料" in text and "党员教育" not in text
    material = Material.objects.get(title="党员教育")
    response = client.get(reverse("materials:detail", args=[material.pk]))
    assert response.status_code == 200
    assert 'class="zg-watermark"' in response.content.decode()


def test_create_view_happy_path_and_secret_notice(cast, login):
    client = login(cast.staff)
    page = client.get(reverse("materials:create"))
    assert "state secrets" in page.content.decode() or "涉密" in page.content.decode()
    response = client.post(
        reverse("materials:create"),
        {"title": "学习资料", "category": "study", "sensitivity": "internal", "body": "", "file": txt()},
    )
    material = Material.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("materials:detail", args=[material.pk])
    assert material.uploaded_by == cast.staff and material.file_name == "要点.txt"


def test_create_view_bad_input_keeps_what_was_typed(cast, login):
    client = login(cast.staff)
    response = client.post(
        reverse("materials:create"), {"title": "只有标题", "category": "study", "sensitivity": "internal"}
    )
    assert response.status_code == 200
    assert "只有标题" in response.content.decode()
    assert response.context["form"].errors["body"]
    assert not Material.objects.exists()


def test_wrong_methods(cast, login):
    material = add(cast.staff)
    client = login(cast.staff)
    assert client.post(reverse("materials:list")).status_code == 405
    assert client.post(reverse("materials:detail", args=[material.pk])).status_code == 405
    assert client.get(reverse("materials:archive", args=[material.pk])).status_code == 405


def test_edit_and_archive_views(cast, login):
    material = add(cast.staff)
    assert login(cast.head).get(reverse("materials:edit", args=[material.pk])).status_code == 404
    client = login(cast.staff)
    response = client.post(
        reverse("materials:edit", args=[material.pk]),
        {"title": "改后标题", "category": "speech", "sensitivity": "public", "body": "新正文"},
    )
    assert response.status_code == 302
    material.refresh_from_db()
    assert (material.title, material.category, material.sensitivity) == ("改后标题", "speech", "public")
    response = client.post(reverse("materials:archive", args=[material.pk]))
    assert response.status_code == 302
    assert client.get(reverse("materials:detail", args=[material.pk])).status_code == 404


def test_restricted_item_is_404_for_others_and_logged_for_those_on_the_list(cast, login):
    material = restricted(cast, need_to_know=[cast.principal], file=txt())
    for outsider in (cast.head, cast.colleague, cast.other_unit_staff):
        client = login(outsider)
        assert client.get(reverse("materials:detail", args=[material.pk])).status_code == 404
        assert client.get(reverse("materials:download", args=[material.pk])).status_code == 404
    assert login(cast.head).get(reverse("materials:detail", args=[987654])).status_code == 404
    assert not AccessLog.objects.exists()

    client = login(cast.principal)
    assert client.get(reverse("materials:detail", args=[material.pk])).status_code == 200
    assert client.get(reverse("materials:download", args=[material.pk])).status_code == 200
    logs = list(AccessLog.objects.order_by("seq").values_list("kind", "object_id", "user_id"))
    who = cast.principal.user.pk
    assert logs == [("view", str(material.pk), who), ("download", str(material.pk), who)]


def test_internal_item_views_are_not_logged(cast, login):
    material = add(cast.staff)
    login(cast.head).get(reverse("materials:detail", args=[material.pk]))
    assert not AccessLog.objects.exists()


def test_download_of_a_text_file_carries_the_watermark(cast, login):
    material = add(cast.staff, file=txt(text="学习要点"))
    response = login(cast.head).get(reverse("materials:download", args=[material.pk]))
    content = b"".join(response).decode() if response.streaming else response.content.decode()
    first_line = content.splitlines()[0]
    assert cast.head.name in first_line and cast.head.user.username in first_line
    assert content.endswith("学习要点")
    assert "attachment;" in response["Content-Disposition"]


def test_download_of_a_docx_carries_the_watermark_in_the_header(cast, login):
    from docx import Document

    material = add(cast.staff, file=docx_file())
    response = login(cast.head).get(reverse("materials:download", args=[material.pk]))
    document = Document(io.BytesIO(response.content))
    assert cast.head.user.username in document.sections[0].header.paragraphs[0].text
    assert document.paragraphs[0].text == "干部考核办法"


def test_pdf_download_passes_through_and_is_logged_unless_public(cast, login):
    pdf = b"%PDF-1.4\n%test\n"
    material = add(cast.staff, file=SimpleUploadedFile("文件.pdf", pdf))
    public = add(cast.staff, sensitivity=Sensitivity.PUBLIC, file=SimpleUploadedFile("公开.pdf", pdf))
    client = login(cast.head)
    response = client.get(reverse("materials:download", args=[material.pk]))
    assert response.content == pdf
    assert response["Content-Type"] == "application/pdf"
    assert client.get(reverse("materials:download", args=[public.pk])).status_code == 200
    assert list(AccessLog.objects.values_list("kind", "object_id")) == [("download", str(material.pk))]


def test_demo_builds_ten_materials_one_restricted(cast):
    from materials.demo import build_demo

    build_demo({"staff": {"zuzhike": cast.head, "buzhang": cast.principal, "changwu": cast.exec_deputy}})
    assert Material.objects.count() == 10
    (secret,) = Material.objects.filter(sensitivity=Sensitivity.RESTRICTED)
    assert set(secret.need_to_know.all()) == {cast.principal, cast.exec_deputy}
    build_demo({"staff": {"zuzhike": cast.head}})  # runs once
    assert Material.objects.count() == 10


def test_list_query_count_is_flat(cast, login, django_assert_num_queries):
    client = login(cast.head)
    add(cast.staff)

    def count(params) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("materials:list"), params).status_code == 200
        return len(queries)

    count({})  # the first request of a session writes its own rows
    few_plain, few_search = count({}), count({"q": "干部考核"})
    for n in range(15):
        add(cast.staff, title=f"资料{n}", body="干部考核要点", file=txt() if n % 3 == 0 else None)
    restricted(cast, need_to_know=[cast.head])
    assert count({}) == few_plain
    assert count({"q": "干部考核"}) == few_search
    # session with account and staff; count, ids of the page, the page's materials; then the base template's own
    # (unit, unread notifications, open approvals, duties, ...). A search of several terms (干部考 + 部考核)
    # adds one capped frequency count per term, to start from the rarest.
    assert few_search == few_plain + 2
    with django_assert_num_queries(few_plain):
        client.get(reverse("materials:list"), {"category": "study"})


def test_download_of_an_xlsx_carries_the_watermark_in_the_sheet_header(cast, login):
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    book.active["A1"] = "干部名单"
    out = io.BytesIO()
    book.save(out)
    material = add(cast.staff, file=SimpleUploadedFile("名单.xlsx", out.getvalue()))
    assert "干部名单" in material.file_text
    response = login(cast.head).get(reverse("materials:download", args=[material.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert cast.head.user.username in sheet.oddHeader.center.text
    assert sheet["A1"].value == "干部名单"
