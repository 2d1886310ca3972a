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

from accounts import sessions
from accounts.backends import ModelBackend
from accounts.models import Session, User
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


def test_a_signed_in_request_reads_session_account_and_staff_in_one_statement(login, cast, django_assert_num_queries):
    client = login(cast.staff)
    client.get(reverse("core:workbench"))
    with django_assert_num_queries(1) as queries:
        # A GET of the punch (POST only) is refused after the login gates ran: they read the session with
        # the account and the staff profile, and nothing else.
        assert client.get(reverse("attendance:punch_submit")).status_code == 405
    sql = queries.captured_queries[0]["sql"]
    assert "accounts_session" in sql and "accounts_user" in sql and "org_staff" in sql


def test_the_session_row_names_its_account_once_signed_in(login, cast):
    client = login(cast.staff)
    client.get(reverse("core:workbench"))
    assert Session.objects.get(session_key=client.session.session_key).user_id == cast.staff.user_id
    anonymous = SessionStore()
    anonymous["answer"] = 42
    anonymous.save()
    assert Session.objects.get(session_key=anonymous.session_key).user_id is None


def test_an_account_read_with_the_session_is_offered_only_for_its_own_id(login, cast):
    client = login(cast.staff)
    store = SessionStore(client.session.session_key)
    store.load()
    read, account = store.account(cast.staff.user_id)
    assert read and account.pk == cast.staff.user_id and account.staff.pk == cast.staff.pk
    assert store.account(str(cast.staff.user_id)) == (True, account)  # as the session holds it: a string
    assert store.account(cast.colleague.user_id) == (False, None)  # the backend then reads it itself


def test_a_session_whose_account_was_disabled_is_refused_though_read_with_it(login, cast):
    client = login(cast.staff)
    assert client.get(reverse("core:workbench")).status_code == 200
    User.objects.filter(pk=cast.staff.user_id).update(is_active=False)  # behind the services' back
    response = client.get(reverse("core:workbench"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_forged_or_tampered_session_text_decodes_as_empty_even_after_the_real_one(cast):
    store = SessionStore()
    store["answer"] = 42
    store.save()
    text = Session.objects.get(session_key=store.session_key).session_data
    assert SessionStore().decode(text) == {"answer": 42}
    assert text in sessions._decoded  # remembered: the same text reads the same data without a check
    assert SessionStore().decode(text) == {"answer": 42}
    tampered = text.replace(text[-3], "A" if text[-3] != "A" else "B")
    assert SessionStore().decode(tampered) == {}
    assert SessionStore().decode("not a session") == {}


def test_decoded_sessions_are_not_shared_between_readers(cast):
    store = SessionStore()
    store["items"] = [1, 2]
    store.save()
    first = SessionStore(store.session_key)
    first["items"].append(3)  # a careless caller mutating what it read
    assert SessionStore(store.session_key).load() == {"items": [1, 2]}


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
