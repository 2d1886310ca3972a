"""The audit administrator's screens: lists, filters, detail, export, verification; nobody else gets in."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessLog, AuditEvent
from audit.services import access_log_record, audit_record
from audit.tests.tamper import behind_the_back

pytestmark = pytest.mark.django_db

GET_URLS = ["audit:events", "audit:access", "audit:verify"]
POST_URLS = ["audit:export", "audit:verify"]


def events(cast, count: int) -> list[AuditEvent]:
    return [
        audit_record(actor=cast.staff.user, action="goingout.submit", target=cast.staff, summary=f"第{n}次")
        for n in range(count)
    ]


# -- who gets in -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "staff", "principal", "head"])
def test_everyone_but_the_audit_administrator_gets_404_on_every_audit_url(cast, login, who):
    person = getattr(cast, who)
    event = audit_record(actor=cast.staff.user, action="test.x")
    client = login(person)

    for name in GET_URLS:
        assert client.get(reverse(name)).status_code == 404, name
    assert client.get(reverse("audit:event_detail", args=[event.pk])).status_code == 404
    for name in POST_URLS:
        assert client.post(reverse(name), {"unit": "system"}).status_code == 404, name
    assert AuditEvent.objects.filter(action__startswith="audit.").count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("audit:events"))

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_sidebar_shows_the_audit_group_only_to_the_audit_administrator(cast, login):
    page = login(cast.auditadmin).get(reverse("audit:events")).content.decode()
    assert reverse("audit:access") in page
    assert reverse("audit:verify") in page

    client = login(cast.secadmin)
    response = client.get("/", follow=True)
    assert reverse("audit:events") not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "method"),
    [("audit:export", "get"), ("audit:events", "post"), ("audit:access", "post"), ("audit:verify", "put")],
)
def test_wrong_method_is_405(cast, login, name, method):
    client = login(cast.auditadmin)

    assert getattr(client, method)(reverse(name)).status_code == 405


# -- the event list ----------------------------------------------------------------------------------------


def test_event_list_shows_time_people_unit_action_label_and_outcome(cast, login):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 14, 3, 5, tzinfo=datetime.UTC).astimezone(), tick=False):
        audit_record(actor=cast.deputy.user, action="approvals.approve", target=cast.staff, on_behalf_of=cast.principal)
    audit_record(actor=cast.staff.user, action="app.unknown_action", outcome=AuditEvent.Outcome.FAILURE)

    page = login(cast.auditadmin).get(reverse("audit:events")).content.decode()

    assert "2026年11月25日 22:03:05" in page  # Asia/Shanghai
    assert "赵红梅" in page and "代 李建国" in page
    assert "示例县委组织部" in page
    assert "同意" in page  # approvals.approve, readable
    assert "app.unknown_action" in page  # no label: the code
    assert 'tag tag-red">失败' in page
    assert "共 2 条" in page


def test_event_list_filters(cast, login):
    audit_record(actor=cast.staff.user, action="goingout.submit", target=cast.staff)
    audit_record(actor=cast.head.user, action="approvals.approve", target=cast.staff, on_behalf_of=cast.principal)
    audit_record(actor=cast.other_unit_staff.user, action="goingout.withdraw", target=cast.other_unit_staff)
    audit_record(actor=cast.auditadmin, action="audit.export")
    client = login(cast.auditadmin)

    def total(**params) -> int:
        response = client.get(reverse("audit:events"), params)
        assert response.status_code == 200
        return response.context["page"].paginator.count

    assert total() == 4
    assert total(person="张三") == 1
    assert total(person="李建国") == 1  # on behalf of
    assert total(action="goingout") == 2  # a code prefix
    assert total(action="外出报备") == 2  # words of the label
    assert total(action="approvals.approve") == 1
    assert total(object_type="org.staff") == 3
    assert total(object_type="org.staff", object_id=str(cast.other_unit_staff.pk)) == 1
    assert total(unit=str(cast.other_unit.pk)) == 1
    assert total(unit="system") == 1
    today = datetime.date.today()
    assert total(date_from=today.isoformat(), date_to=today.isoformat()) == 4
    assert total(date_to=(today - datetime.timedelta(days=1)).isoformat()) == 0


def test_dates_are_taken_as_days_in_china(cast, login):
    # 2026-11-25 23:30 in Beijing is still 11-25 there, though 15:30 UTC.
    with time_machine.travel(datetime.datetime(2026, 11, 25, 15, 30, tzinfo=datetime.UTC), tick=False):
        audit_record(actor=cast.staff.user, action="test.late")
    client = login(cast.auditadmin)

    on_the_day = client.get(reverse("audit:events"), {"date_from": "2026-11-25", "date_to": "2026-11-25"})
    next_day = client.get(reverse("audit:events"), {"date_from": "2026-11-26"})

    assert on_the_day.context["page"].paginator.count == 1
    assert next_day.context["page"].paginator.count == 0


def test_a_bad_filter_is_explained_next_to_its_field(cast, login):
    events(cast, 2)
    client = login(cast.auditadmin)

    response = client.get(reverse("audit:events"), {"date_from": "2026-11-25", "date_to": "2026-11-01"})

    assert response.status_code == 200
    assert "结束日期早于开始日期" in response.content.decode()
    assert response.context["page"].paginator.count == 0
    response = client.get(reverse("audit:events"), {"date_from": "昨天"})
    assert response.context["form"].errors["date_from"]


def test_event_list_paginates(cast, login):
    events(cast, 55)
    client = login(cast.auditadmin)

    first = client.get(reverse("audit:events"), {"action": "goingout"}).content.decode()
    second = client.get(reverse("audit:events"), {"action": "goingout", "page": 2})

    assert "共 55 条" in first
    assert "action=goingout&amp;page=2" in first
    assert len(second.context["rows"]) == 5


@pytest.mark.parametrize("count", [2, 10])
def test_event_list_query_count_stays_flat(cast, login, django_assert_num_queries, count):
    events(cast, count)
    client = login(cast.auditadmin)

    # session with account, OTP device, units (filter + unit names), count, unread notifications, page of rows,
    # and the session's last-activity save (savepoint, update, release)
    with django_assert_num_queries(9):
        response = client.get(reverse("audit:events"), {"person": "张"})
    assert len(response.context["rows"]) == count


# -- the detail page ---------------------------------------------------------------------------------------


def test_detail_shows_changed_fields_and_the_hashes(cast, login):
    first = audit_record(actor=cast.staff.user, action="test.first")
    event = audit_record(
        actor=cast.head.user,
        action="org.staff_update",
        target=cast.staff,
        changes={"title": ["科员", "副科长"], "phone": {"old": "1", "new": "2"}, "note": "补记"},
    )

    page = login(cast.auditadmin).get(reverse("audit:event_detail", args=[event.pk])).content.decode()

    assert "编辑人员" in page
    assert "科员" in page and "副科长" in page and "补记" in page
    assert event.hash in page and first.hash in page
    assert "本行哈希与内容相符" in page
    assert "与上一行衔接" in page


def test_detail_shows_an_altered_row(cast, login):
    audit_record(actor=cast.staff.user, action="test.first")
    event = audit_record(actor=cast.staff.user, action="test.second", summary="原文")
    with behind_the_back() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["改过", event.pk])

    page = login(cast.auditadmin).get(reverse("audit:event_detail", args=[event.pk])).content.decode()

    assert "已被篡改" in page


def test_detail_of_a_missing_event_is_404(cast, login):
    assert login(cast.auditadmin).get(reverse("audit:event_detail", args=[999999])).status_code == 404


# -- verifying from the screen -----------------------------------------------------------------------------


def test_verify_button_shows_an_intact_chain_and_is_audited(cast, login):
    events(cast, 3)
    client = login(cast.auditadmin)
    assert client.get(reverse("audit:verify"), {"unit": cast.unit.pk}).status_code == 200
    before = AuditEvent.objects.count()

    response = client.post(reverse("audit:verify"), {"unit": str(cast.unit.pk)}, follow=True)

    assert AuditEvent.objects.count() == before + 1

    page = response.content.decode()
    assert "完好" in page
    assert "校验完成" in page
    recorded = AuditEvent.objects.get(action="audit.verify")
    assert recorded.chain_key == "system"
    assert recorded.actor_id == cast.auditadmin.pk
    assert recorded.outcome == AuditEvent.Outcome.SUCCESS
    assert recorded.object_type == "org.unit" and recorded.object_id == str(cast.unit.pk)
    assert recorded.changes["checked"] == 3


def test_verify_button_names_the_first_bad_row(cast, login):
    rows = events(cast, 4)
    with behind_the_back() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [rows[1].pk])
    client = login(cast.auditadmin)

    response = client.post(reverse("audit:verify"), {"unit": str(cast.unit.pk)})

    page = response.content.decode()
    assert "已损坏" in page
    assert f"序号 3，ID {rows[2].pk}" in page
    recorded = AuditEvent.objects.get(action="audit.verify")
    assert recorded.outcome == AuditEvent.Outcome.FAILURE
    assert "seq 3" in recorded.summary or "序号 3" in recorded.summary


def test_verify_the_system_chain(cast, login):
    audit_record(actor=cast.secadmin, action="accounts.duty_grant")
    client = login(cast.auditadmin)

    response = client.post(reverse("audit:verify"), {"unit": "system"})

    assert [c.chain_key for c in response.context["result"].chains] == ["system", "access:system"]
    assert response.context["result"].checked == 1
    assert AuditEvent.objects.filter(action="audit.verify").count() == 1


def test_verify_with_a_bad_unit_says_so_and_records_nothing(cast, login):
    client = login(cast.auditadmin)

    response = client.post(reverse("audit:verify"), {"unit": "12345"})

    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert response.context["result"] is None
    assert not AuditEvent.objects.filter(action="audit.verify").exists()


# -- export ------------------------------------------------------------------------------------------------


def test_export_writes_the_filtered_events_to_excel_and_is_audited(cast, login):
    events(cast, 3)
    audit_record(actor=cast.other_unit_staff.user, action="goingout.withdraw", summary='=HYPERLINK("x")')
    client = login(cast.auditadmin)
    before = AuditEvent.objects.count()

    response = client.post(reverse("audit:export"), {"unit": str(cast.unit.pk)})

    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("时间", "操作人", "代", "单位", "操作")
    assert len(rows) == 1 + 3
    assert rows[1][4] == "提交外出报备"
    recorded = AuditEvent.objects.get(action="audit.export")
    assert recorded.changes["rows"] == 3
    assert "示例县委组织部" in recorded.summary


def test_export_never_turns_a_summary_into_a_formula(cast, login):
    audit_record(actor=cast.staff.user, action="test.x", summary='=HYPERLINK("http://evil","点我")')
    client = login(cast.auditadmin)

    response = client.post(reverse("audit:export"), {})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = next(row for row in sheet.iter_rows() if row[5].value == "test.x")[9]
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


def test_export_is_capped_with_a_message(cast, login, monkeypatch):
    monkeypatch.setattr("audit.export.EXPORT_MAX_ROWS", 2)
    events(cast, 5)
    client = login(cast.auditadmin)

    response = client.post(reverse("audit:export"), {})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "共 5 条" in rows[0][0]
    assert len(rows) == 2 + 2
    followed = client.get(reverse("audit:events")).content.decode()
    assert "仅导出了最新的 2 条" in followed
    assert AuditEvent.objects.get(action="audit.export").changes == {
        "filters": "无筛选",
        "rows": 2,
        "total": 5,
    }


def test_export_with_a_bad_filter_exports_nothing(cast, login):
    client = login(cast.auditadmin)

    response = client.post(reverse("audit:export"), {"date_from": "2026-11-25", "date_to": "2026-11-01"}, follow=True)

    assert "筛选条件有误" in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit.export").exists()


# -- the access log ----------------------------------------------------------------------------------------


def test_access_list_shows_and_filters_access(cast, login):
    access_log_record(user=cast.head.user, kind=AccessLog.Kind.VIEW, target=cast.staff)
    access_log_record(user=cast.head.user, kind=AccessLog.Kind.DOWNLOAD, target=cast.colleague)
    access_log_record(user=cast.other_unit_staff.user, kind=AccessLog.Kind.VIEW, target=cast.other_unit_staff)
    client = login(cast.auditadmin)

    page = client.get(reverse("audit:access")).content.decode()
    assert "周明" in page and "下载" in page and "共 3 条" in page

    def total(**params) -> int:
        return client.get(reverse("audit:access"), params).context["page"].paginator.count

    assert total(person="周") == 2
    assert total(kind="download") == 1
    assert total(unit=str(cast.other_unit.pk)) == 1
    assert total(object_type="org.staff", object_id=str(cast.staff.pk)) == 1


@pytest.mark.parametrize("count", [2, 10])
def test_access_list_query_count_stays_flat(cast, login, django_assert_num_queries, count):
    for _ in range(count):
        access_log_record(user=cast.head.user, kind=AccessLog.Kind.VIEW, target=cast.staff)
    client = login(cast.auditadmin)

    # session with account, OTP device, units (filter + unit names), count, unread notifications, page of rows,
    # and the session's last-activity save (savepoint, update, release)
    with django_assert_num_queries(9):
        response = client.get(reverse("audit:access"), {"kind": "view"})
    assert len(response.context["rows"]) == count
