"""Work-hour policies: versions per unit that never rewrite the past; schedules by season."""

import datetime

import pytest

from audit.models import AuditEvent
from worktime.models import WorkHourPolicy
from worktime.policies import SHANGHAI, default_policy_values, policy_for, schedule_for
from worktime.services import WorktimeError, policy_create, policy_delete, policy_update

from .helpers import d, office, on

pytestmark = pytest.mark.django_db

POLICIES = "/worktime/policies/"
T = datetime.time


def values(**overrides):
    base = default_policy_values()
    base["name"] = "本部作息"
    base.update(overrides)
    return base


def form_data(effective_from: str, **overrides) -> dict:
    data = {"effective_from": effective_from, **values(**overrides)}
    return {
        key: (value.strftime("%H:%M") if isinstance(value, datetime.time) else value) for key, value in data.items()
    }


def create(cast, effective_from: str, **overrides) -> WorkHourPolicy:
    return policy_create(
        actor=cast.office_head.user, unit=cast.unit, effective_from=d(effective_from), **values(**overrides)
    )


# ---------------------------------------------------------------------------
# The API


def test_a_unit_without_a_policy_gets_the_labelled_default(cast):
    policy = policy_for(cast.unit, d("2026-11-25"))
    assert policy.is_default and policy.name == "默认作息"
    schedule = schedule_for(cast.unit, d("2026-11-25"))
    assert schedule.is_default and schedule.season == "winter"
    assert schedule.morning_start == datetime.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)
    assert schedule.afternoon_end == datetime.datetime(2026, 11, 25, 17, 30, tzinfo=SHANGHAI)
    assert schedule.grace_minutes_late == 5 and schedule.grace_minutes_early == 5


def test_schedule_for_summer_and_winter(cast):
    with on("2026-01-05"):
        create(cast, "2026-01-05", summer_from="05-01", winter_from="10-01")
    summer = schedule_for(cast.unit, d("2026-07-15"))
    assert summer.season == "summer"
    assert [(s.time(), e.time()) for s, e in summer.sessions] == [(T(8, 30), T(12, 0)), (T(14, 30), T(18, 0))]
    winter = schedule_for(cast.unit, d("2026-12-15"))
    assert winter.season == "winter"
    assert [(s.time(), e.time()) for s, e in winter.sessions] == [(T(9, 0), T(12, 0)), (T(14, 0), T(17, 30))]


def test_the_season_switches_on_the_switch_dates(cast):
    with on("2026-01-05"):
        create(cast, "2026-01-05", summer_from="05-01", winter_from="10-01")
    assert schedule_for(cast.unit, d("2026-04-30")).season == "winter"
    assert schedule_for(cast.unit, d("2026-05-01")).season == "summer"
    assert schedule_for(cast.unit, d("2026-09-30")).season == "summer"
    assert schedule_for(cast.unit, d("2026-10-01")).season == "winter"


def test_schedule_datetimes_are_aware_in_shanghai(cast):
    schedule = schedule_for(cast.unit.pk, d("2026-07-01"))
    assert schedule.morning_start.utcoffset() == datetime.timedelta(hours=8)
    assert schedule.is_late(datetime.datetime(2026, 7, 1, 8, 36, tzinfo=SHANGHAI))
    assert not schedule.is_late(datetime.datetime(2026, 7, 1, 8, 35, tzinfo=SHANGHAI))
    assert schedule.is_early(datetime.datetime(2026, 7, 1, 17, 54, tzinfo=SHANGHAI))
    assert not schedule.is_early(datetime.datetime(2026, 7, 1, 17, 55, tzinfo=SHANGHAI))


def test_a_new_version_never_rewrites_past_days(cast):
    with on("2026-03-01"):
        create(cast, "2026-03-01", name="春季作息")
    with on("2026-11-25"):
        create(cast, "2026-12-01", name="新作息", winter_morning_start=T(8, 45), grace_minutes_late=10)
        assert policy_for(cast.unit, d("2026-11-25")).name == "春季作息"
        assert schedule_for(cast.unit, d("2026-11-30")).morning_start.time() == T(9, 0)
        assert schedule_for(cast.unit, d("2026-12-01")).morning_start.time() == T(8, 45)
        assert schedule_for(cast.unit, d("2026-12-01")).grace_minutes_late == 10
        assert policy_for(cast.unit, d("2026-02-28")).is_default  # before any version of the unit


def test_a_version_cannot_start_in_the_past(cast):
    with on("2026-11-25"), pytest.raises(WorktimeError) as caught:
        create(cast, "2026-11-24")
    assert "新版本的生效日期不能早于今天" in " ".join(caught.value.messages)
    assert not WorkHourPolicy.objects.exists()


def test_a_version_in_force_cannot_be_edited_or_deleted(cast):
    with on("2026-11-20"):
        policy = create(cast, "2026-11-20")
    with on("2026-11-25"):
        with pytest.raises(WorktimeError, match="新建一个版本"):
            policy_update(
                actor=cast.office_head.user,
                unit=cast.unit,
                policy_id=policy.pk,
                effective_from=d("2026-12-01"),
                **values(name="改过"),
            )
        with pytest.raises(WorktimeError):
            policy_delete(actor=cast.office_head.user, unit=cast.unit, policy_id=policy.pk)
    policy.refresh_from_db()
    assert policy.name == "本部作息" and policy.effective_from == d("2026-11-20")


def test_a_version_not_yet_in_force_can_be_edited_and_deleted(cast):
    with on("2026-11-25"):
        policy = create(cast, "2026-12-01")
        before = AuditEvent.objects.count()
        policy_update(
            actor=cast.office_head.user,
            unit=cast.unit,
            policy_id=policy.pk,
            effective_from=d("2026-12-02"),
            **values(name="改过"),
        )
        assert AuditEvent.objects.count() == before + 1
        assert policy_for(cast.unit, d("2026-12-02")).name == "改过"
        policy_delete(actor=cast.office_head.user, unit=cast.unit, policy_id=policy.pk)
        assert AuditEvent.objects.count() == before + 2
        assert policy_for(cast.unit, d("2026-12-02")).is_default


def test_every_policy_service_writes_one_audit_event(cast):
    with on("2026-11-25"):
        before = AuditEvent.objects.count()
        create(cast, "2026-12-01")
        assert AuditEvent.objects.count() == before + 1
        event = AuditEvent.objects.latest("id")
        assert event.action == "worktime.policy_create" and event.unit_id == cast.unit.pk


def test_two_versions_cannot_start_on_the_same_day(cast):
    with on("2026-11-25"):
        create(cast, "2026-12-01")
        with pytest.raises(WorktimeError):
            create(cast, "2026-12-01", name="又一个")
    assert WorkHourPolicy.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"summer_morning_end": T(8, 0)}, "summer_morning_end"),
        ({"winter_afternoon_start": T(11, 0)}, "winter_afternoon_start"),
        ({"summer_afternoon_end": T(14, 0)}, "summer_afternoon_end"),
        ({"summer_from": "10-01", "winter_from": "05-01"}, "winter_from"),
        ({"summer_from": "02-30"}, "summer_from"),
    ],
)
def test_times_out_of_order_are_refused(cast, overrides, field):
    with on("2026-11-25"), pytest.raises(WorktimeError) as caught:
        create(cast, "2026-12-01", **overrides)
    assert field in caught.value.message_dict
    assert not WorkHourPolicy.objects.exists()


def test_the_per_request_cache_sees_a_version_made_in_the_same_process(cast):
    with on("2026-11-25"):
        assert policy_for(cast.unit, d("2026-12-05")).is_default  # cached for this thread
        create(cast, "2026-12-01")
        assert policy_for(cast.unit, d("2026-12-05")).name == "本部作息"


def test_many_questions_cost_one_query_per_unit(cast, django_assert_num_queries):
    with on("2026-11-25"):
        create(cast, "2026-12-01")
    from worktime import policies

    policies.clear_cache()
    with django_assert_num_queries(1):
        for n in range(60):
            schedule_for(cast.unit, d("2026-11-01") + datetime.timedelta(days=n))


# ---------------------------------------------------------------------------
# Screens


def test_the_office_sees_the_default_labelled(cast, login):
    with on("2026-11-25"):
        page = login(office(cast)).get(POLICIES).content.decode()
    assert 'data-testid="default-policy"' in page and "默认作息" in page
    assert "今日执行冬季作息" in page


def test_the_office_creates_a_new_version(cast, login):
    client = login(office(cast))
    with on("2026-11-25"):
        before = AuditEvent.objects.count()
        response = client.post(POLICIES + "new/", form_data("2026-12-01", name="2027年作息"), follow=True)
        assert "新作息时间“2027年作息”将于 2026年12月1日 起执行" in response.content.decode()
    policy = WorkHourPolicy.objects.get()
    assert policy.unit == cast.unit and policy.created_by == cast.office_head.user
    assert AuditEvent.objects.count() == before + 1


def test_the_form_starts_from_the_hours_in_force(cast, login):
    with on("2026-11-25"):
        page = login(office(cast)).get(POLICIES + "new/").content.decode()
    assert 'value="2026-11-26"' in page  # tomorrow
    assert 'value="08:30"' in page and 'value="17:30"' in page
    assert "已按默认作息预填" in page


def test_the_form_refuses_a_past_date_and_keeps_what_was_typed(cast, login):
    with on("2026-11-25"):
        response = login(office(cast)).post(POLICIES + "new/", form_data("2026-11-01", name="保留我"))
    page = response.content.decode()
    assert "新版本的生效日期不能早于今天" in page
    assert 'value="保留我"' in page
    assert not WorkHourPolicy.objects.exists()


def test_the_form_refuses_times_out_of_order(cast, login):
    with on("2026-11-25"):
        response = login(office(cast)).post(POLICIES + "new/", form_data("2026-12-01", winter_morning_end=T(8, 0)))
    assert "上午下班时间须晚于上班时间。" in response.content.decode()
    assert not WorkHourPolicy.objects.exists()


def test_staff_without_the_duty_cannot_see_or_create_versions(cast, login):
    client = login(cast.staff)
    assert client.get(POLICIES).status_code == 404
    with on("2026-11-25"):
        assert client.post(POLICIES + "new/", form_data("2026-12-01")).status_code == 404
    assert not WorkHourPolicy.objects.exists()


def test_creating_needs_get_or_post(cast, login):
    assert login(office(cast)).put(POLICIES + "new/").status_code == 405


def test_the_office_edits_a_version_not_yet_in_force(cast, login):
    client = login(office(cast))
    with on("2026-11-25"):
        policy = create(cast, "2026-12-01")
        response = client.post(f"{POLICIES}{policy.pk}/edit/", form_data("2026-12-01", name="改名"), follow=True)
        assert "已保存版本“改名”。" in response.content.decode()
    policy.refresh_from_db()
    assert policy.name == "改名"


def test_editing_a_version_in_force_sends_the_office_to_create_a_new_one(cast, login):
    with on("2026-11-20"):
        policy = create(cast, "2026-11-20")
    with on("2026-11-25"):
        response = login(office(cast)).post(
            f"{POLICIES}{policy.pk}/edit/", form_data("2026-12-01", name="改名"), follow=True
        )
    assert "该版本已经生效" in response.content.decode()
    policy.refresh_from_db()
    assert policy.name == "本部作息"


def test_another_units_version_is_not_found(cast, login):
    with on("2026-11-25"):
        other = policy_create(
            actor=None, unit=cast.other_unit, effective_from=d("2026-12-01"), **values(name="邻县作息")
        )
        client = login(office(cast))
        assert client.get(f"{POLICIES}{other.pk}/edit/").status_code == 404
        assert client.post(f"{POLICIES}{other.pk}/delete/").status_code == 404
    assert WorkHourPolicy.objects.filter(pk=other.pk).exists()


def test_the_office_deletes_a_version_not_yet_in_force(cast, login):
    with on("2026-11-25"):
        policy = create(cast, "2026-12-01")
        before = AuditEvent.objects.count()
        response = login(office(cast)).post(f"{POLICIES}{policy.pk}/delete/", follow=True)
    assert "已删除版本“本部作息”。" in response.content.decode()
    assert not WorkHourPolicy.objects.exists()
    assert AuditEvent.objects.count() == before + 1


def test_deleting_needs_post_and_the_duty(cast, login):
    with on("2026-11-25"):
        policy = create(cast, "2026-12-01")
        assert login(office(cast)).get(f"{POLICIES}{policy.pk}/delete/").status_code == 405
        assert login(cast.staff).post(f"{POLICIES}{policy.pk}/delete/").status_code == 404
    assert WorkHourPolicy.objects.filter(pk=policy.pk).exists()


@pytest.mark.parametrize("rows", [2, 10])
def test_policy_list_queries_stay_flat(cast, login, django_assert_num_queries, rows):
    with on("2026-01-01"):
        for n in range(rows):
            create(cast, (d("2026-01-01") + datetime.timedelta(days=n)).isoformat(), name=f"版本{n}")
    client = login(office(cast))
    with on("2026-11-25"):
        client.get(POLICIES)
        # session with account and staff, duties, the unit, the versions with their creators, notifications,
        # approvals badge.
        with django_assert_num_queries(6):
            response = client.get(POLICIES)
    assert response.content.decode().count("tag-grey") == rows - 1  # superseded versions
