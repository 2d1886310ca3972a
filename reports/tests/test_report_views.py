import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from approvals.services import approval_decide
from audit.models import AuditEvent
from reports import integration
from reports.models import PlanItem, QuarterlyReport
from reports.services import report_create
from reports.tests.helpers import NOW, approval_of, draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _october(time_machine):
    time_machine.move_to(NOW, tick=False)


def plan_post(done="本季度完成组织生活会督导。", action="save", rows=()):
    data = {
        "done_text": done,
        "problems_text": "",
        "next_steps_text": "",
        "action": action,
        "plan-TOTAL_FORMS": str(len(rows)),
        "plan-INITIAL_FORMS": "0",
        "plan-MIN_NUM_FORMS": "0",
        "plan-MAX_NUM_FORMS": "30",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"plan-{n}-{key}"] = value
    return data


def test_head_starts_a_report_and_lands_on_the_edit_page(cast, login):
    client = login(cast.head)
    response = client.post(reverse("reports:create"), {"section": cast.org_section.pk, "period": "2026-3"})
    report = QuarterlyReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:edit", args=[report.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "本季度无打卡记录" in body or "No punch records" in body


def test_second_report_for_the_quarter_shows_a_clear_message(cast, login):
    draft(cast)
    client = login(cast.head)
    response = client.post(reverse("reports:create"), {"section": cast.org_section.pk, "period": "2026-3"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode() or "已存在" in response.content.decode()
    assert QuarterlyReport.objects.count() == 1


def test_save_and_submit_from_the_edit_page(cast, login):
    report = draft(cast, items=[])
    client = login(cast.head)
    rows = [
        {"title": "完成党员发展工作", "lead_section": cast.org_section.pk, "deadline": "2026-12-15", "responsible": ""}
    ]
    response = client.post(reverse("reports:edit", args=[report.pk]), plan_post(action="submit", rows=rows))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.PENDING
    assert [i.title for i in report.plan_items.all()] == ["完成党员发展工作"]


def test_bad_plan_row_keeps_what_was_typed_and_saves_nothing(cast, login):
    report = draft(cast, items=[])
    client = login(cast.head)
    rows = [{"title": "太早的计划", "lead_section": cast.org_section.pk, "deadline": "2026-09-01", "responsible": ""}]
    response = client.post(
        reverse("reports:edit", args=[report.pk]), plan_post(done="新的内容", action="submit", rows=rows)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "太早的计划" in body and "新的内容" in body
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.DRAFT
    assert report.done_text == "完成了第三季度各项工作。"
    assert not PlanItem.objects.filter(report=report).exists()


def test_staff_member_reads_but_cannot_edit(cast, login):
    report = draft(cast)
    client = login(cast.staff)
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:edit", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:submit", args=[report.pk])).status_code == 404


def test_other_section_cannot_read(cast, login):
    report = draft(cast)
    assert login(cast.outsider).get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert login(cast.other_unit_staff).get(reverse("reports:detail", args=[report.pk])).status_code == 404


def test_submit_is_post_only(cast, login):
    report = draft(cast)
    assert login(cast.head).get(reverse("reports:submit", args=[report.pk])).status_code == 405


def test_supervisor_sees_decide_panel_and_approval_shows_tasks(cast, login):
    report = submitted(cast)
    client = login(cast.deputy)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert reverse("approvals:decide", args=[approval_of(report).pk]) in page
    client.post(reverse("approvals:decide", args=[approval_of(report).pk]), {"decision": "approve", "opinion": ""})
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.APPROVED
    if integration.tasks_available():
        task = integration.task_for(report.plan_items.get())
        page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
        assert reverse("tasks:detail", args=[task.pk]) in page


def _approve(cast, report):
    approval_decide(actor=cast.deputy, approval_id=approval_of(report).pk, decision="approve")


def test_list_query_count_is_flat(cast, login, django_assert_max_num_queries):
    client = login(cast.principal)
    draft(cast)
    client.get(reverse("core:workbench"))  # the first request of a session also saves it
    # session with account and staff, duty grants, count, the page of reports, unit, nav badges (2)
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("reports:list"))
    report_create(actor=cast.cadre_head, section=cast.cadre_section, year=2026, quarter=3)
    report_create(actor=cast.office_head, section=cast.office, year=2026, quarter=3)
    report_create(actor=cast.head, section=cast.org_section, year=2026, quarter=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("reports:list"))
    assert response.content.decode().count(reverse("reports:detail", args=[1])[:-2]) >= 4


def test_compile_page_shows_missing_sections_with_flat_queries(cast, login, django_assert_max_num_queries):
    client = login(cast.principal)
    submitted(cast)
    client.get(reverse("core:workbench"))  # the first request of a session also saves it
    # session with account and staff, duty grants, unit, sections, reports, their plan items, nav badges (2)
    with django_assert_max_num_queries(9) as few:
        response = client.get(reverse("reports:compile") + "?period=2026-3")
    body = response.content.decode()
    assert "干部科" in body and "办公室" in body
    report = report_create(actor=cast.cadre_head, section=cast.cadre_section, year=2026, quarter=3)
    del report
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("reports:compile") + "?period=2026-3")


def test_docx_has_a_chapter_per_approved_report_with_chinese_fonts(cast, login):
    report = submitted(cast)
    _approve(cast, report)
    report_create(actor=cast.cadre_head, section=cast.cadre_section, year=2026, quarter=3)
    response = login(cast.principal).get(reverse("reports:compile_docx") + "?period=2026-3")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2026年第3季度各科室工作汇报" in text
    assert "一、组织科" in text
    assert "完成了第三季度各项工作。" in text
    assert "尚未审核通过：干部科" in text
    assert "未报送科室：办公室" in text
    plan_table = doc.tables[-1]
    assert plan_table.rows[1].cells[1].text.startswith("开展基层党组织换届督导")
    heading = next(p for p in doc.paragraphs if p.text == "一、组织科")
    east_asia = heading.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asia == "黑体"
    body = next(p for p in doc.paragraphs if p.text == "完成了第三季度各项工作。")
    assert (
        body.runs[0]._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋_GB2312"
    )


def test_compile_is_for_leaders_and_the_office(cast, login):
    assert login(cast.head).get(reverse("reports:compile")).status_code == 404
    assert login(cast.staff).get(reverse("reports:compile_docx")).status_code == 404


@pytest.mark.skipif(not integration.tasks_available(), reason="needs the tasks app")
def test_next_quarter_edit_page_shows_last_plan_against_outcome(cast, login, time_machine):
    report = submitted(cast)
    _approve(cast, report)
    time_machine.move_to(datetime.datetime(2027, 1, 6, 9, 0, tzinfo=NOW.tzinfo), tick=False)
    q4 = report_create(actor=cast.head, section=cast.org_section, year=2026, quarter=4)
    body = login(cast.head).get(reverse("reports:edit", args=[q4.pk])).content.decode()
    assert "开展基层党组织换届督导" in body
    task = integration.task_for(report.plan_items.get())
    assert reverse("tasks:detail", args=[task.pk]) in body


def test_refresh_facts_from_the_page(cast, login):
    report = draft(cast)
    before = report.facts_at
    response = login(cast.head).post(reverse("reports:refresh", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.facts_at >= before
    assert AuditEvent.objects.filter(action="reports.facts_refresh").count() == 1
