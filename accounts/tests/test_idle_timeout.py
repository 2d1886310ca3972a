import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse

from accounts.middleware import SecurityPolicyMiddleware
from accounts.models import User
from accounts.tests.helpers import LOGIN_URL, events, post_login

pytestmark = pytest.mark.django_db

WORKBENCH = reverse("core:workbench")


@pytest.fixture
def at_nine(time_machine):
    time_machine.move_to("2026-11-25 09:00 +0800", tick=False)
    return time_machine


def test_session_survives_activity_within_the_timeout(client, cast, at_nine):
    post_login(client, "zhangsf")
    for minute in (29, 58, 87):
        at_nine.move_to(f"2026-11-25 {9 + minute // 60:02d}:{minute % 60:02d} +0800", tick=False)
        assert client.get(WORKBENCH).status_code == 200


def test_idle_session_is_logged_out_with_a_message(client, cast, at_nine):
    post_login(client, "zhangsf")
    assert client.get(WORKBENCH).status_code == 200
    at_nine.move_to("2026-11-25 09:31 +0800", tick=False)

    response = client.get(WORKBENCH)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?timeout=1")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "长时间未操作，已自动退出，请重新登录" in page.content.decode()


def test_idle_logout_is_audited(client, cast, at_nine):
    post_login(client, "zhangsf")
    at_nine.move_to("2026-11-25 10:00 +0800", tick=False)
    client.get(WORKBENCH)
    event = events("accounts.logout").get()
    assert event.actor_id == cast.staff.user.pk
    assert "超时" in event.summary


def test_idle_logout_keeps_the_page_to_return_to(client, cast, at_nine):
    post_login(client, "zhangsf")
    at_nine.move_to("2026-11-25 10:00 +0800", tick=False)
    response = client.get("/approvals/?tab=todo")
    assert "next=%2Fapprovals%2F%3Ftab%3Dtodo" in response["Location"]


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=5)
def test_timeout_follows_the_setting(client, cast, at_nine):
    post_login(client, "zhangsf")
    at_nine.move_to("2026-11-25 09:06 +0800", tick=False)
    assert client.get(WORKBENCH).status_code == 302


def test_htmx_request_is_sent_to_login_by_header(client, cast, at_nine):
    post_login(client, "zhangsf")
    at_nine.move_to("2026-11-25 10:00 +0800", tick=False)
    response = client.get(WORKBENCH, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(LOGIN_URL)


def test_middleware_adds_no_query_to_an_ordinary_request(login, cast, rf, django_assert_num_queries):
    """What needs the database (the unit's two-factor rule) is worked out once per session."""
    client = login(cast.staff)
    client.get(WORKBENCH)
    request = rf.get(WORKBENCH)
    request.session = client.session
    request.session.items()  # load the session before counting
    request.user = User.objects.get(pk=cast.staff.user.pk)

    with django_assert_num_queries(0):
        response = SecurityPolicyMiddleware(lambda r: HttpResponse("ok"))(request)

    assert response.status_code == 200
