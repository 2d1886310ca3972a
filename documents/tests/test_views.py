import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AccessLog, AuditEvent
from documents.models import Document, DocumentVersion
from documents.services import document_issue, document_submit
from documents.tests.helpers import BODY, GOOD_OPINION, approval_of, draft, through_review

pytestmark = pytest.mark.django_db


def _restricted(cast):
    return draft(
        cast,
        title="干部调整方案",
        doc_type="plan",
        recipients="",
        sensitivity="restricted",
        need_to_know=[cast.principal, cast.head],
    )


def _form_data(**extra):
    data = {
        "doc_type": "notice",
        "title": "关于开展主题党日活动的通知",
        "recipients": "各基层党组织：",
        "body": BODY,
        "sensitivity": "internal",
        "urgency": "",
        "signature": "中共示例县委组织部",
    }
    data.update(extra)
    return data


def test_create_and_submit_from_the_form(cast, login):
    client = login(cast.staff)
    response = client.post(
        reverse("documents:create"), _form_data(countersign_sections=[cast.cadre_section.pk], submit="1")
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.status == Document.Status.REVIEW
    assert list(document.countersign_sections.all()) == [cast.cadre_section]
    assert AuditEvent.objects.filter(action="documents.create").count() == 1
    assert AuditEvent.objects.filter(action="documents.submit").count() == 1


def test_create_bad_input_keeps_text_and_saves_nothing(cast, login):
    client = login(cast.staff)
    response = client.post(reverse("documents:create"), _form_data(title="", sensitivity="restricted"))
    assert response.status_code == 200
    assert "一、工作目标" in response.content.decode()
    assert not Document.objects.exists()


def test_create_page_has_editor_notice_and_watermark(cast, login):
    body = login(cast.staff).get(reverse("documents:create")).content.decode()
    assert "doc-editor" in body and "data-heading" in body and "documents/editor.js" in body
    assert "zg-watermark" in body and cast.staff.name in body
    assert "涉密" in body


def test_empty_opinion_refused_on_the_page(cast, login):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    client = login(cast.head)
    response = client.post(
        reverse("documents:decide", args=[document.pk]), {"decision": "approve", "opinion": "同意"}, follow=True
    )
    page = response.content.decode()
    assert "at least" in page or "不少于" in page
    assert approval_of(document).current_order == 1
    response = client.post(
        reverse("documents:decide", args=[document.pk]), {"decision": "approve", "opinion": GOOD_OPINION}
    )
    assert approval_of(document).current_order == 2


def test_reviewer_edits_in_place(cast, login):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    client = login(cast.head)
    assert client.get(reverse("documents:edit", args=[document.pk])).status_code == 200
    client.post(
        reverse("documents:edit", args=[document.pk]),
        {"title": document.title, "recipients": document.recipients, "body": BODY.replace("高度重视", "切实重视")},
    )
    latest = DocumentVersion.objects.filter(document=document).order_by("-number").first()
    assert latest.author == cast.head and "切实重视" in latest.body
    # not the reviewer's turn: 404
    assert login(cast.office_head).get(reverse("documents:edit", args=[document.pk])).status_code == 404


def test_versions_diff_reads_well_for_chinese(cast, login):
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    client = login(cast.head)
    client.post(
        reverse("documents:edit", args=[document.pk]),
        {"title": document.title, "recipients": document.recipients, "body": BODY.replace("高度重视", "切实重视<b>")},
    )
    page = client.get(reverse("documents:versions", args=[document.pk]) + "?a=1&b=2").content.decode()
    assert "<del>高度</del><ins>切实</ins>重视" in page or ("<del>" in page and "<ins>" in page)
    assert "&lt;b&gt;" in page and "<b>" not in page.split('data-testid="diff"')[1].split("</div>")[0]


def test_restricted_document_is_404_for_outsiders_and_logged_for_insiders(cast, login):
    document = _restricted(cast)
    for outsider in (cast.outsider, cast.colleague, cast.deputy):
        client = login(outsider)
        assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 404
        assert client.get(reverse("documents:versions", args=[document.pk])).status_code == 404
        assert client.get(reverse("documents:export", args=[document.pk, "docx"])).status_code == 404
        assert document.title not in client.get(reverse("documents:list")).content.decode()
    assert login(cast.other_unit_staff).get(reverse("documents:detail", args=[document.pk])).status_code == 404
    missing = login(cast.outsider).get(reverse("documents:detail", args=[999999]))
    assert missing.status_code == 404
    assert AccessLog.objects.count() == 0
    client = login(cast.principal)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "zg-watermark" in page and cast.principal.name in page and "涉密" in page
    assert AccessLog.objects.filter(kind="view", object_id=str(document.pk)).count() == 1
    assert document.title in client.get(reverse("documents:list")).content.decode()


def test_review_chain_can_read_a_restricted_document(cast, login):
    document = _restricted(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    # 组织科 head is on the need-to-know list; the office head is only in the chain (later step)
    assert login(cast.office_head).get(reverse("documents:detail", args=[document.pk])).status_code == 200
    assert login(cast.outsider).get(reverse("documents:detail", args=[document.pk])).status_code == 404


def test_export_is_watermarked_and_logged(cast, login):
    document = _restricted(cast)
    client = login(cast.principal)
    response = client.get(reverse("documents:export", args=[document.pk, "docx"]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    import zipfile

    xml = "".join(
        zipfile.ZipFile(io.BytesIO(data)).read(n).decode("utf-8", "ignore")
        for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
        if n.endswith(".xml")
    )
    assert cast.principal.name in xml
    assert AccessLog.objects.filter(kind="export").count() == 1
    pdf = client.get(reverse("documents:export", args=[document.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_attachment_upload_download_limits(cast, login):
    document = _restricted(cast)
    client = login(cast.staff)
    client.post(
        reverse("documents:attachment_upload", args=[document.pk]),
        {"file": SimpleUploadedFile("名单.xlsx", b"PK\x03\x04data", content_type="application/octet-stream")},
    )
    attachment = document.attachments.get()
    bad = client.post(
        reverse("documents:attachment_upload", args=[document.pk]),
        {"file": SimpleUploadedFile("run.exe", b"MZ")},
        follow=True,
    )
    assert document.attachments.count() == 1 and "run.exe" not in [a.name for a in document.attachments.all()]
    assert bad.status_code == 200
    response = login(cast.head).get(reverse("documents:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"PK\x03\x04data"
    assert AccessLog.objects.filter(kind="download").count() == 1
    assert login(cast.outsider).get(reverse("documents:attachment_download", args=[attachment.pk])).status_code == 404


def test_issue_and_register_export(cast, login):
    document = through_review(draft(cast))
    client = login(cast.office_head)
    client.post(reverse("documents:issue", args=[document.pk]), {"prefix": "示组发"})
    document.refresh_from_db()
    assert document.number.startswith("示组发〔") and document.number.endswith("〕1号")
    page = client.get(reverse("documents:register") + "?q=示组发").content.decode()
    assert document.number in page
    response = client.get(reverse("documents:register_export"))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert cast.office_head.name in sheet["A1"].value
    assert sheet["A3"].value == document.number


def test_reviewer_figures(cast, login):
    through_review(draft(cast))
    page = login(cast.principal).get(reverse("documents:figures")).content.decode()
    assert cast.head.name in page and "Rubber" in page or "橡皮图章" in page or "走过场" in page
    assert login(cast.staff).get(reverse("documents:figures")).status_code == 404


def test_wrong_method(cast, login):
    document = draft(cast)
    client = login(cast.staff)
    assert client.get(reverse("documents:submit", args=[document.pk])).status_code == 405
    assert client.post(reverse("documents:versions", args=[document.pk])).status_code == 405


@pytest.mark.parametrize("url_name", ["documents:list", "documents:mine", "documents:register"])
def test_list_queries_are_flat(cast, login, django_assert_num_queries, url_name):
    client = login(cast.staff)
    first = through_review(draft(cast))
    document_issue(actor=cast.office_head, document_id=first.pk, prefix="示组发")
    client.get(reverse(url_name))  # warm caches (nav, session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(url_name)).status_code == 200
    for i in range(6):
        d = through_review(draft(cast, title=f"关于第{i}项工作的通知"))
        document_issue(actor=cast.office_head, document_id=d.pk, prefix="示组发")
    _restricted(cast)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_settings_page_changes_the_minimum(cast, login):
    from accounts.models import Duty
    from org.tests.cast import grant_duty

    grant_duty(cast.office_head, Duty.BUSINESS_SETTINGS)
    client = login(cast.office_head)
    assert client.get(reverse("documents:settings")).status_code == 200
    response = client.post(
        reverse("documents:settings"),
        {
            "principal_signs": "all",
            "min_opinion_length": 4,
            "empty_phrases": "同意\n已阅",
            "number_prefixes": "示组发\n示组函",
        },
    )
    assert response.status_code == 302
    from documents.services import needs_principal, number_prefixes, opinion_is_substantive

    assert number_prefixes(cast.unit) == ["示组发", "示组函"]
    assert opinion_is_substantive("补充时限", cast.unit)
    assert needs_principal(draft(cast))
    assert AuditEvent.objects.filter(action="documents.settings").count() == 1
    assert login(cast.staff).get(reverse("documents:settings")).status_code == 404


def test_reconfirm_from_the_page(cast, login):
    from documents.services import document_update

    document = through_review(draft(cast))
    document_update(actor=cast.staff, document_id=document.pk, fields={"body": document.body + "\n三、附则"})
    page = login(cast.deputy).get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:reconfirm", args=[document.pk]) in page
    login(cast.deputy).post(reverse("documents:reconfirm", args=[document.pk]), {"opinion": "已核对新增附则"})
    document.refresh_from_db()
    assert document.status == Document.Status.SIGNED


def test_rubber_stamp_rate_and_flat_queries(cast, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from documents.models import DocumentSettings
    from documents.selectors import reviewer_figures

    # A unit that lowered the bar: "同意印发" alone passes, and shows up as a rubber stamp.
    DocumentSettings.objects.create(unit=cast.unit, min_opinion_length=2, empty_phrases="同意")
    document = draft(cast)
    document_submit(actor=cast.staff, document_id=document.pk)
    from documents.tests.helpers import approve

    approve(cast.head, document, opinion="同意印发")
    rows = {r["staff"].pk: r for r in reviewer_figures(cast.unit)}
    assert rows[cast.head.pk]["stamp_rate"] == 100 and rows[cast.head.pk]["edits"] == 0
    client = login(cast.principal)
    client.get(reverse("documents:figures"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("documents:figures"))
    for i in range(3):
        through_review(draft(cast, title=f"关于第{i}项工作的通知"))
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("documents:figures")).content.decode()
    assert cast.head.name in page
