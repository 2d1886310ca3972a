"""core.rows: the prebuilt single-row reads and inserts read and write exactly what the ORM would."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Session, User
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
        user = rows.fetch_one(User, "id", cast.staff.user_id, with_related=("staff",))
        staff = user.staff
        assert staff.user is user
    assert _fields(staff) == _fields(Staff.objects.get(pk=cast.staff.pk))


def test_a_missing_one_to_one_reads_as_missing_without_a_query(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        admin = rows.fetch_one(User, "id", cast.sysadmin.pk, with_related=("staff",))
        assert not hasattr(admin, "staff")
    assert admin.username == cast.sysadmin.username


def test_no_row_is_none_and_only_reverse_one_to_ones_are_joined(cast):
    assert rows.fetch_one(User, "id", 10**9) is None
    with pytest.raises(ValueError, match="not a foreign key or a reverse one-to-one"):
        rows.fetch_one(User, "id", cast.staff.user_id, with_related=("duty_grants",))


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


def test_foreign_keys_and_their_one_to_ones_are_read_in_the_same_statement(cast, django_assert_num_queries):
    later = timezone.now() + datetime.timedelta(hours=1)
    Session.objects.create(session_key="a" * 32, session_data="x", expire_date=later, user_id=cast.staff.user_id)
    Session.objects.create(session_key="b" * 32, session_data="y", expire_date=later)
    with django_assert_num_queries(2):
        signed_in = rows.fetch_one(Session, "session_key", "a" * 32, with_related=("user", "user__staff"))
        anonymous = rows.fetch_one(Session, "session_key", "b" * 32, with_related=("user", "user__staff"))
        assert signed_in.user.staff.pk == cast.staff.pk and signed_in.user.staff.user is signed_in.user
        assert anonymous.user is None
    assert _fields(signed_in.user) == _fields(User.objects.get(pk=cast.staff.user_id))


def test_a_related_path_names_its_parent_first(cast):
    with pytest.raises(ValueError, match="before it"):
        rows.fetch_one(Session, "session_key", "a" * 32, with_related=("user__staff",))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares; SQLite caches its own")
def test_on_postgresql_the_statements_built_once_run_prepared(cast):
    rows.fetch_one(User, "id", cast.staff.user_id, with_related=("staff",))
    rows.fetch_one(User, "id", cast.colleague.user_id, with_related=("staff",))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert sum('FROM "accounts_user" t0 LEFT OUTER JOIN "org_staff"' in text for text in prepared) == 1
    with CaptureQueriesContext(connection) as queries:
        rows.fetch_one(User, "id", cast.staff.user_id, with_related=("staff",))
    assert queries.captured_queries[0]["sql"].startswith('SELECT t0."id"')  # the query log still shows it
