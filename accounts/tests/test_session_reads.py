"""The per-request reads of the session and the account (accounts.sessions, accounts.backends).

They skip the ORM's query compilation, so these tests pin down that nothing of what the ORM path
enforced is lost: expiry, a disabled account, a password changed elsewhere, a corrupt session.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from accounts.backends import ModelBackend
from accounts.models import User
from accounts.services import account_disable
from accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_session_store_reads_what_it_saved():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    assert SessionStore(store.session_key).load() == {"answer": 42}


def test_an_expired_session_reads_as_empty_and_forgets_its_key():
    store = SessionStore()
    store["answer"] = 42
    store.set_expiry(timezone.now() - datetime.timedelta(seconds=1))
    store.save()
    again = SessionStore(store.session_key)
    assert again.load() == {}
    assert again.session_key is None


def test_the_backend_reads_the_account_with_its_staff_profile(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(cast.staff.user_id)
        assert user.staff.pk == cast.staff.pk and user.staff.unit_id == cast.unit.pk


def test_the_backend_refuses_disabled_missing_and_malformed_accounts(cast):
    backend = ModelBackend()
    User.objects.filter(pk=cast.colleague.user_id).update(is_active=False)
    assert backend.get_user(cast.colleague.user_id) is None
    assert backend.get_user(10**9) is None
    assert backend.get_user("not a number") is None
    assert backend.get_user(cast.sysadmin.pk).username == cast.sysadmin.username


def test_a_signed_in_request_reads_session_and_account_in_two_statements(login, cast, django_assert_num_queries):
    client = login(cast.staff)
    client.get(reverse("core:workbench"))
    with django_assert_num_queries(2) as queries:
        # A GET of the punch (POST only) is refused after the login gates ran: they read the session and
        # the account, and nothing else.
        assert client.get(reverse("attendance:punch_submit")).status_code == 405
    assert "django_session" in queries.captured_queries[0]["sql"]
    assert "org_staff" in queries.captured_queries[1]["sql"]  # joined to the account


def test_disabling_an_account_ends_its_open_session_on_the_next_request(login, cast):
    client = login(cast.staff)
    assert client.get(reverse("core:workbench")).status_code == 200
    account_disable(actor=cast.sysadmin, user=cast.staff.user)
    response = client.get(reverse("core:workbench"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_password_changed_elsewhere_ends_the_open_session(login, cast):
    client = login(cast.staff)
    user = User.objects.get(pk=cast.staff.user_id)
    user.set_password("Another#Secret2026")
    User.objects.filter(pk=user.pk).update(password=user.password)
    response = client.get(reverse("core:workbench"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert SESSION_KEY not in client.session
