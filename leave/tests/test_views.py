"""The leave pages: happy paths, wrong role (404), wrong method (405), bad input, query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Duty
from approvals.models import ApprovalAssignment
from audit.models import AccessLog
from leave.models import LeaveBalanceEntry, LeaveCancellation, LeaveExtension, LeavePolicy, LeaveRequest, LeaveType
from leave.services import leave_cancellation_submit, leave_extension_submit
from leave.tests.helpers import approval_of, at, leave_type, submit, take
from org.models import Gender, Position
from org.services import staff_create
from org.tests.cast import grant_duty

pytestmark = pytest.mark.django_db

d = datetime.date


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(at(d(2026, 9, 1)), tick=False)


def form_data(cast, code="annual", start="2026-09-14", end="2026-09-15", **extra):
    data = {"leave_type": leave_type(cast.unit, code).pk, "starts_on": start, "ends_on": end, "reason": "回老家办事"}
    data.update(extra)
    return data


# --- requesting -------------------------------------------------------------


def test_new_request_page_shows_the_form_and_the_live_count(cast, login):
    response = login(cast.staff).get(reverse("leave:create"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'hx-get="/leave/count/"' in body
    assert ">产假<" not in body  # a man is not offered maternity leave


def test_live_count_says_how_many_working_days_and_what_was_excluded(cast, login):
    response = login(cast.staff).get(
        reverse("leave:count"),
        {"leave_type": leave_type(cast.unit, "annual").pk, "starts_on": "2026-09-28", "ends_on": "2026-10-09"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "共计 5 个工作日（已扣除国庆节假日 7 天）" in body
    assert "可用 5 天" in body


def test_live_count_for_a_year_without_calendar_shows_the_message(cast, login):
    response = login(cast.staff).get(
        reverse("leave:count"),
        {"leave_type": leave_type(cast.unit, "annual").pk, "starts_on": "2027-01-04", "ends_on": "2027-01-05"},
    )
    assert response.status_code == 200
    assert "2027" in response.content.decode() and "工作日历" in response.content.decode()


def test_form_for_a_year_without_calendar_shows_the_message_and_saves_nothing(cast, login):
    response = login(cast.staff).post(reverse("leave:create"), form_data(cast, start="2027-01-04", end="2027-01-05"))
    assert response.status_code == 200
    assert "2027" in str(response.context["form"].errors["starts_on"])
    assert not LeaveRequest.objects.exists()


def test_submit_redirects_to_the_request_and_says_who_approves(cast, login):
    client = login(cast.staff)
    response = client.post(reverse("leave:create"), form_data(cast), follow=True)
    leave = LeaveRequest.objects.get(staff=cast.staff)
    assert response.redirect_chain[-1][0] == reverse("leave:detail", args=[leave.pk])
    assert f"等待 {cast.head.name} 审批" in response.content.decode()


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(cast, login):
    client = login(cast.staff)
    response = client.post(reverse("leave:create"), form_data(cast, start="2026-09-15", end="2026-09-14"))
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in str(response.context["form"].errors["ends_on"])
    response = client.post(reverse("leave:create"), form_data(cast, start="2026-09-14", end="2026-09-25"))
    assert "年休假" in str(response.context["form"].errors["ends_on"])  # not enough left
    response = client.post(reverse("leave:create"), form_data(cast, reason=""))
    assert response.context["form"].errors["reason"]
    assert response.context["form"]["reason"].value() == ""
    assert not LeaveRequest.objects.exists()


def test_certificate_upload_is_checked_for_type(cast, login):
    client = login(cast.staff)
    bad = SimpleUploadedFile("诊断.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(
        reverse("leave:create"), {**form_data(cast, "sick", "2026-09-14", "2026-09-16"), "certificate": bad}
    )
    assert response.context["form"].errors["certificate"]
    good = SimpleUploadedFile("诊断.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png")
    response = client.post(
        reverse("leave:create"), {**form_data(cast, "sick", "2026-09-14", "2026-09-16"), "certificate": good}
    )
    assert response.status_code == 302
    assert LeaveRequest.objects.get().certificate


def test_certificate_download_is_logged_and_hidden_from_outsiders(cast, login):
    good = SimpleUploadedFile("诊断.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    leave = submit(cast.staff, "sick", d(2026, 9, 14), d(2026, 9, 16), certificate=good)
    url = reverse("leave:certificate", args=[leave.pk])
    assert login(cast.outsider).get(url).status_code == 404
    response = login(cast.head).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(object_id=str(leave.pk), kind="download").count() == 1


# --- the request's page -----------------------------------------------------


def test_detail_shows_timeline_and_decide_panel_to_the_approver(cast, login):
    leave = submit(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 15))
    response = login(cast.head).get(reverse("leave:detail", args=[leave.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="timeline"' in body
    assert reverse("approvals:decide", args=[approval_of(leave).pk]) in body
    assert 'data-testid="print-form"' in body and "请假审批单" in body


def test_detail_is_hidden_from_outsiders_other_units_and_administrators(cast, login):
    leave = submit(cast.staff, "annual", d(2026, 9, 14))
    url = reverse("leave:detail", args=[leave.pk])
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.other_unit_staff).get(url).status_code == 404
    assert login(cast.sysadmin).get(url).status_code == 404
    assert login(cast.principal).get(url).status_code == 200
    grant_duty(cast.cadre_head, Duty.ATTENDANCE)
    assert login(cast.cadre_head).get(url).status_code == 200


def test_approver_decides_from_the_detail_page(cast, login):
    leave = submit(cast.staff, "annual", d(2026, 9, 14))
    response = login(cast.head).post(
        reverse("approvals:decide", args=[approval_of(leave).pk]), {"decision": "approve", "opinion": "同意"}
    )
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.APPROVED


def test_withdraw_by_the_applicant_only(cast, login):
    leave = submit(cast.staff, "annual", d(2026, 9, 14))
    url = reverse("leave:withdraw", args=[leave.pk])
    assert login(cast.head).post(url).status_code == 404
    response = login(cast.staff).post(url, follow=True)
    assert "已撤回" in response.content.decode()
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.WITHDRAWN


def test_report_back_button_when_due_and_early_return_from_the_page(cast, login, time_machine):
    leave = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 18))
    client = login(cast.staff)
    assert 'id="report-back"' not in client.get(reverse("leave:detail", args=[leave.pk])).content.decode()
    time_machine.move_to(at(d(2026, 9, 16)), tick=False)
    client = login(cast.staff)  # a fresh session: the idle timeout has passed
    body = client.get(reverse("leave:detail", args=[leave.pk])).content.decode()
    assert 'id="report-back"' in body
    response = client.post(
        reverse("leave:report_back", args=[leave.pk]), {"actual_last_day": "2026-09-15"}, follow=True
    )
    assert "3 天" in response.content.decode()
    leave.refresh_from_db()
    assert (leave.status, leave.returned_days) == (LeaveRequest.Status.REPORTED_BACK, 3)


def test_report_back_wrong_person_wrong_method_bad_date(cast, login, time_machine):
    leave = take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 18))
    time_machine.move_to(at(d(2026, 9, 16)), tick=False)
    url = reverse("leave:report_back", args=[leave.pk])
    assert login(cast.head).post(url).status_code == 404
    client = login(cast.staff)
    assert client.get(url).status_code == 405
    response = client.post(url, {"actual_last_day": "2026-09-30"}, follow=True)
    assert "最后一天" in response.content.decode() or "之间" in response.content.decode()
    response = client.post(url, {"actual_last_day": "not a date"}, follow=True)
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.APPROVED
    assert not LeaveBalanceEntry.objects.filter(kind="return").exists()


def test_extension_page_submits_and_routes(cast, login, time_machine):
    leave = take(cast.staff, "annual", d(2026, 9, 14))
    client = login(cast.staff)
    assert client.get(reverse("leave:extend", args=[leave.pk])).status_code == 200
    response = client.post(reverse("leave:extend", args=[leave.pk]), {"new_ends_on": "2026-09-15", "reason": "延长"})
    extension = LeaveExtension.objects.get()
    assert response.status_code == 302 and response.url == reverse("leave:extension", args=[extension.pk])
    body = login(cast.head).get(response.url).content.decode()
    assert reverse("approvals:decide", args=[approval_of(extension).pk]) in body
    assert login(cast.outsider).get(response.url).status_code == 404


def test_extension_bad_input_and_wrong_role(cast, login):
    leave = take(cast.staff, "annual", d(2026, 9, 14))
    url = reverse("leave:extend", args=[leave.pk])
    assert login(cast.head).post(url, {"new_ends_on": "2026-09-15", "reason": "x"}).status_code == 404
    response = login(cast.staff).post(url, {"new_ends_on": "2026-09-10", "reason": "延长"})
    assert response.status_code == 200 and response.context["form"].errors["new_ends_on"]
    assert login(cast.staff).put(url).status_code == 405
    assert not LeaveExtension.objects.exists()


def test_cancellation_page_and_withdrawal(cast, login):
    leave = take(cast.staff, "annual", d(2026, 9, 14))
    client = login(cast.staff)
    response = client.post(reverse("leave:cancel", args=[leave.pk]), {"reason": "任务有变"})
    cancellation = LeaveCancellation.objects.get()
    assert response.url == reverse("leave:cancellation", args=[cancellation.pk])
    assert client.post(reverse("leave:cancel", args=[leave.pk]), {"reason": ""}).status_code == 200
    assert login(cast.colleague).post(reverse("leave:cancellation_withdraw", args=[cancellation.pk])).status_code == 404
    client = login(cast.staff)
    assert client.get(reverse("leave:cancellation_withdraw", args=[cancellation.pk])).status_code == 405
    client.post(reverse("leave:cancellation_withdraw", args=[cancellation.pk]))
    cancellation.refresh_from_db()
    assert cancellation.status == "withdrawn"


def test_returned_changes_can_be_revised_from_their_pages(cast, login):
    from approvals.services import approval_decide

    leave = take(cast.staff, "annual", d(2026, 9, 14))
    extension = leave_extension_submit(actor=cast.staff, request_id=leave.pk, new_ends_on=d(2026, 9, 16), reason="x")
    approval_decide(actor=cast.head, approval_id=approval_of(extension).pk, decision="return", opinion="一天即可")
    client = login(cast.staff)
    url = reverse("leave:extension_edit", args=[extension.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"new_ends_on": "2026-09-15", "reason": "一天"}).status_code == 302
    client.post(reverse("leave:extension_withdraw", args=[extension.pk]))
    leave2 = take(cast.colleague, "annual", d(2026, 9, 21))
    cancellation = leave_cancellation_submit(actor=cast.colleague, request_id=leave2.pk, reason="x")
    approval_decide(actor=cast.head, approval_id=approval_of(cancellation).pk, decision="return", opinion="写明")
    client = login(cast.colleague)
    url = reverse("leave:cancellation_edit", args=[cancellation.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "临时任务"}).status_code == 302
    assert login(cast.staff).get(url).status_code == 404


def test_returned_request_is_revised_from_the_edit_page(cast, login):
    from approvals.services import approval_decide

    leave = submit(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 15))
    approval_decide(actor=cast.head, approval_id=approval_of(leave).pk, decision="return", opinion="改一天")
    client = login(cast.staff)
    url = reverse("leave:edit", args=[leave.pk])
    assert client.get(url).status_code == 200
    assert login(cast.head).get(url).status_code == 404
    response = login(cast.staff).post(url, form_data(cast, end="2026-09-14"))
    assert response.status_code == 302
    leave.refresh_from_db()
    assert (leave.status, leave.days) == ("pending", 1)


# --- lists ------------------------------------------------------------------


def _people(cast, n):
    return [
        staff_create(
            actor=None,
            unit=cast.unit,
            section=cast.org_section,
            username=f"p{i}",
            full_name=f"人员{i}",
            gender=Gender.MALE,
            started_work_on=d(2010, 1, 1),
            position=Position.STAFF,
            audit=False,
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("rows", [2, 10])
def test_my_leave_query_count_is_flat(cast, login, django_assert_num_queries, rows):
    from worktime.calendar import working_days_list

    for day in working_days_list(d(2026, 9, 7), d(2026, 9, 30))[:rows]:
        submit(cast.head, "personal", day)
    client = login(cast.head)
    client.get(reverse("leave:mine"))
    with django_assert_num_queries(QUERIES_MINE):
        response = client.get(reverse("leave:mine"))
    assert len(response.context["page"].object_list) == rows


# session with account and staff, unit (header), leave types, ledger entries, pending requests, pending extensions,
# paginator count, unread count, todo badge, duties (sidebar), the page of requests with their types.
QUERIES_MINE = 11


@pytest.mark.parametrize("rows", [2, 10])
def test_who_is_away_query_count_is_flat(cast, login, django_assert_num_queries, rows, time_machine):
    for person in _people(cast, rows):
        take(person, "personal", d(2026, 9, 2))
    client = login(cast.principal)
    client.get(reverse("leave:away"))
    with django_assert_num_queries(QUERIES_AWAY):
        response = client.get(reverse("leave:away"))
    assert response.context["today_count"] == 0
    assert sum(len(r) for _s, r in response.context["groups"]) == rows


# session with account and staff, unit, the people, unread, todo badge, duties; then per day of the week one query
# per absence provider (leave, going-out): 7 × 2.
QUERIES_AWAY = 6 + 7 * 2


def test_who_is_away_shows_today_by_section_and_scope(cast, login, time_machine):
    take(cast.staff, "annual", d(2026, 9, 2), d(2026, 9, 3))
    take(cast.outsider, "personal", d(2026, 9, 2))
    time_machine.move_to(at(d(2026, 9, 2)), tick=False)
    body = login(cast.head).get(reverse("leave:away")).content.decode()
    assert cast.staff.name in body and cast.outsider.name not in body
    response = login(cast.principal).get(reverse("leave:away"))
    assert response.context["today_count"] == 2
    assert login(cast.deputy).get(reverse("leave:away")).context["today_count"] == 2  # supervises both sections
    assert login(cast.sysadmin).get(reverse("leave:away")).status_code == 404


def test_workbench_shows_people_on_leave_today(cast, login, time_machine):
    take(cast.staff, "annual", d(2026, 9, 2))
    time_machine.move_to(at(d(2026, 9, 2)), tick=False)
    body = login(cast.head).get(reverse("core:workbench")).content.decode()
    assert "请假（年休假）" in body


@pytest.mark.parametrize("rows", [2, 10])
def test_overdue_page_lists_flagged_report_backs_with_flat_queries(
    cast, login, django_assert_num_queries, rows, time_machine
):
    from leave.services import leave_report_back_flag_overdue

    grant_duty(cast.office_head, Duty.ATTENDANCE)
    for person in _people(cast, rows):
        take(person, "personal", d(2026, 9, 2))
    time_machine.move_to(at(d(2026, 9, 7)), tick=False)
    assert leave_report_back_flag_overdue() == rows
    client = login(cast.office_head)
    client.get(reverse("leave:overdue"))
    with django_assert_num_queries(QUERIES_OVERDUE):
        response = client.get(reverse("leave:overdue"))
    assert len(response.context["page"].object_list) == rows
    assert len(response.context["counts"]) == rows


# session with account and staff, duties, unit, sections, paginator count, the page (person, section, type joined),
# counts per person, unread, todo badge.
QUERIES_OVERDUE = 9


def test_overdue_page_needs_the_attendance_duty(cast, login):
    assert login(cast.office_head).get(reverse("leave:overdue")).status_code == 404
    assert login(cast.principal).get(reverse("leave:overdue")).status_code == 404


def test_ledger_page_shows_entries_and_running_total(cast, login):
    take(cast.staff, "annual", d(2026, 9, 14), d(2026, 9, 15))
    response = login(cast.staff).get(reverse("leave:ledger", args=[leave_type(cast.unit, "annual").pk]))
    assert response.status_code == 200
    assert [total for _e, total in response.context["lines"]] == [5, 3]
    # Someone else's ledger: only for the attendance keepers.
    url = reverse("leave:ledger", args=[leave_type(cast.unit, "annual").pk]) + f"?staff={cast.staff.pk}"
    assert login(cast.colleague).get(url).context["staff"] == cast.colleague
    grant_duty(cast.office_head, Duty.ATTENDANCE)
    assert login(cast.office_head).get(url).context["staff"] == cast.staff
    other_type = LeaveType.objects.filter(unit=cast.other_unit).first() or leave_type(cast.other_unit, "annual")
    assert login(cast.staff).get(reverse("leave:ledger", args=[other_type.pk])).status_code == 404


# --- office and settings ------------------------------------------------------


def test_balance_adjustment_by_the_office(cast, login):
    grant_duty(cast.office_head, Duty.ATTENDANCE)
    home = leave_type(cast.unit, "home_visit")
    client = login(cast.office_head)
    assert client.get(reverse("leave:adjust")).status_code == 200
    response = client.post(
        reverse("leave:adjust"),
        {"staff": cast.staff.pk, "leave_type": home.pk, "year": 2026, "days": "20", "note": "核定探亲假（父母）"},
    )
    assert response.status_code == 302
    assert LeaveBalanceEntry.objects.get(kind="adjustment").days == 20
    response = client.post(
        reverse("leave:adjust"),
        {"staff": cast.staff.pk, "leave_type": home.pk, "year": 2026, "days": "0.3", "note": "x"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert LeaveBalanceEntry.objects.filter(kind="adjustment").count() == 1
    assert login(cast.staff).post(reverse("leave:adjust"), {}).status_code == 404


def test_leave_types_settings_need_the_duty_and_save_through_the_service(cast, login):
    assert login(cast.office_head).get(reverse("leave:types")).status_code == 404
    grant_duty(cast.office_head, Duty.BUSINESS_SETTINGS)
    client = login(cast.office_head)
    assert client.get(reverse("leave:types")).status_code == 200
    marriage = leave_type(cast.unit, "marriage")
    url = reverse("leave:type_edit", args=[marriage.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": "婚假",
        "is_active": "on",
        "counting": "calendar_days",
        "allocation": "none",
        "max_days_per_request": "13",
        "backdating_max_days": "30",
        "carry_over_max_days": "0",
        "carry_over_expires_month": "3",
        "entitlement_tiers_text": "",
        "exclusion_sick_months_text": "",
    }
    assert client.post(url, data).status_code == 302
    marriage.refresh_from_db()
    assert marriage.max_days_per_request == 13
    bad = {**data, "max_days_per_request": "2.3"}
    response = client.post(url, bad)
    assert response.status_code == 200 and response.context["form"].errors["max_days_per_request"]
    annual = leave_type(cast.unit, "annual")
    response = client.post(
        reverse("leave:type_edit", args=[annual.pk]),
        {
            **data,
            "name": "年休假",
            "counting": "workdays",
            "has_balance": "on",
            "allocation": "years_worked",
            "entitlement_tiers_text": "1:5, 10:10, twenty",
        },
    )
    assert response.context["form"].errors["entitlement_tiers_text"]
    assert client.delete(url).status_code == 405
    assert login(cast.staff).post(url, data).status_code == 404


def test_report_back_policy_is_saved(cast, login):
    grant_duty(cast.office_head, Duty.BUSINESS_SETTINGS)
    client = login(cast.office_head)
    assert client.post(reverse("leave:policy"), {"report_back_within_workdays": "2"}).status_code == 302
    assert LeavePolicy.objects.get(unit=cast.unit).report_back_within_workdays == 2
    client.post(reverse("leave:policy"), {"report_back_within_workdays": "0"})
    assert LeavePolicy.objects.get(unit=cast.unit).report_back_within_workdays == 2
    assert client.get(reverse("leave:policy")).status_code == 405
    assert login(cast.staff).post(reverse("leave:policy"), {"report_back_within_workdays": "3"}).status_code == 404


def test_leave_kinds_appear_on_the_approval_routes_page(cast, login):
    grant_duty(cast.office_head, Duty.BUSINESS_SETTINGS)
    body = login(cast.office_head).get(reverse("approvals:rules")).content.decode()
    assert "请假" in body and "续假" in body


def test_inbox_links_to_the_leave_page(cast, login):
    leave = submit(cast.staff, "annual", d(2026, 9, 14))
    response = login(cast.head).get(reverse("approvals:open", args=[approval_of(leave).pk]))
    assert response.url == reverse("leave:detail", args=[leave.pk])
    assert ApprovalAssignment.objects.filter(assignee=cast.head, is_open=True).count() == 1


def test_sidebar_shows_leave_entries(cast, login):
    body = login(cast.staff).get(reverse("leave:mine")).content.decode()
    assert reverse("leave:create") in body and reverse("leave:away") in body
    assert reverse("leave:overdue") not in body


@pytest.mark.parametrize("rows", [2, 10])
def test_ledger_page_query_count_is_flat(cast, login, django_assert_num_queries, rows):
    from worktime.calendar import working_days_list

    for day in working_days_list(d(2026, 9, 7), d(2026, 9, 30))[:rows]:
        take(cast.head, "personal", day)
    personal = leave_type(cast.unit, "personal")
    client = login(cast.head)
    client.get(reverse("leave:ledger", args=[personal.pk]))
    with django_assert_num_queries(QUERIES_LEDGER):
        response = client.get(reverse("leave:ledger", args=[personal.pk]))
    assert len(response.context["lines"]) == rows


# session with account and staff, unit, leave types, balance: ledger entries, pending requests, pending extensions;
# the entries with their requests and recorders, unread, todo badge, duties.
QUERIES_LEDGER = 10


@pytest.mark.parametrize("rows", [2, 10])
def test_adjustments_page_query_count_is_flat(cast, login, django_assert_num_queries, rows):
    from decimal import Decimal

    from leave.services import leave_balance_adjust

    grant_duty(cast.office_head, Duty.ATTENDANCE)
    home = leave_type(cast.unit, "home_visit")
    for person in _people(cast, rows):
        leave_balance_adjust(
            actor=cast.office_head,
            staff_id=person.pk,
            leave_type_id=home.pk,
            year=2026,
            days=Decimal(20),
            note="核定探亲假",
        )
    client = login(cast.office_head)
    client.get(reverse("leave:adjust"))
    with django_assert_num_queries(QUERIES_ADJUST):
        response = client.get(reverse("leave:adjust"))
    assert len(response.context["recent"]) == rows


# session with account and staff, duties, unit, staff choices, balance types choices, recent adjustments (people,
# types, recorders joined), unread, todo badge.
QUERIES_ADJUST = 8
