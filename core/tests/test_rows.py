"""core.rows: the prebuilt single-row reads and inserts read and write exactly what the ORM would."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from attendance.models import Punch
from core import rows
from org.models import Staff

pytestmark = pytest.mark.django_db


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_a_row_reads_as_through_the_orm(cast):
    user = rows.fetch_one(User, "id", cast.staff.user_id)
    assert _fields(user) == _fields(User.objects.get(pk=cast.staff.user_id))
    assert isinstance(user.date_joined, datetime.datetime) and user.date_joined.tzinfo is not None
    assert user._state.adding is False and user._state.db == "default"


def test_the_one_to_one_is_read_in_the_same_statement_and_cached_both_ways(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = rows.fetch_one(User, "id", cast.staff.user_id, with_one_to_one="staff")
        staff = user.staff
        assert staff.user is user
    assert _fields(staff) == _fields(Staff.objects.get(pk=cast.staff.pk))


def test_a_missing_one_to_one_reads_as_missing_without_a_query(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        admin = rows.fetch_one(User, "id", cast.sysadmin.pk, with_one_to_one="staff")
        assert not hasattr(admin, "staff")
    assert admin.username == cast.sysadmin.username


def test_no_row_is_none_and_only_reverse_one_to_ones_are_joined(cast):
    assert rows.fetch_one(User, "id", 10**9) is None
    with pytest.raises(ValueError, match="not a reverse one-to-one"):
        rows.fetch_one(User, "id", cast.staff.user_id, with_one_to_one="duty_grants")


def test_extra_conditions_filter_the_row(cast):
    now = timezone.now()
    Session.objects.create(session_key="k" * 32, session_data="x", expire_date=now - datetime.timedelta(seconds=1))
    expire = connection.ops.quote_name("expire_date")
    prepared = Session._meta.get_field("expire_date").get_db_prep_value(now, connection)
    assert (
        rows.fetch_one(Session, "session_key", "k" * 32, extra_where=f"t0.{expire} > %s", extra_params=[prepared])
        is None
    )
    assert rows.fetch_one(Session, "session_key", "k" * 32).session_data == "x"


def test_insert_sets_the_key_and_what_the_fields_fill_in(cast):
    at = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        punch = rows.insert(Punch(unit_id=cast.unit.pk, staff=cast.staff, at=at, ip="10.0.0.1", source="web"))
    assert len(queries) == 1
    assert punch.pk is not None and punch._state.adding is False
    stored = Punch.objects.get(pk=punch.pk)
    assert (stored.staff_id, stored.at, stored.ip, stored.source) == (cast.staff.pk, at, "10.0.0.1", "web")
    assert stored.created_at is not None and stored.created_at == punch.created_at  # auto_now_add
