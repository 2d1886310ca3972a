import pytest
from django.urls import reverse

from notify.models import Notification
from notify.services import notify_after_commit

pytestmark = pytest.mark.django_db


def send(user, n=1):
    Notification.objects.bulk_create(
        [Notification(recipient=user, text=f"消息{i}", url="/workbench/") for i in range(n)]
    )


def test_notifications_are_sent_only_after_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_after_commit(recipients=[cast.staff.user, cast.staff.user, None], text="测试", url="")
    assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    assert Notification.objects.filter(recipient=cast.staff.user).count() == 1  # deduplicated


def test_unread_count_in_header(cast, login):
    send(cast.staff.user, 3)
    response = login(cast.staff).get(reverse("notify:inbox"))
    assert response.context["shell"]["unread_count"] == 3
    assert 'data-testid="unread-count">3<' in response.content.decode()


def test_open_marks_read_and_follows_link(cast, login):
    send(cast.staff.user)
    note = Notification.objects.get()
    response = login(cast.staff).post(reverse("notify:open", args=[note.pk]))
    assert response.status_code == 302 and response.url == "/workbench/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_cannot_open_someone_elses_notification(cast, login):
    send(cast.head.user)
    note = Notification.objects.get()
    login(cast.staff).post(reverse("notify:open", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is None


def test_external_links_are_not_followed(cast, login):
    Notification.objects.create(recipient=cast.staff.user, text="x", url="https://evil.example/")
    note = Notification.objects.get()
    response = login(cast.staff).post(reverse("notify:open", args=[note.pk]))
    assert response.url == reverse("notify:inbox")


def test_mark_all_read(cast, login):
    send(cast.staff.user, 4)
    send(cast.head.user, 1)
    login(cast.staff).post(reverse("notify:mark_all_read"))
    assert not Notification.objects.filter(recipient=cast.staff.user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=cast.head.user, read_at__isnull=True).count() == 1


def test_wrong_methods(cast, login):
    client = login(cast.staff)
    assert client.get(reverse("notify:mark_all_read")).status_code == 405
    assert client.get(reverse("notify:open", args=[1])).status_code == 405
    assert client.post(reverse("notify:inbox")).status_code == 405


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notify:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("rows", [2, 15])
def test_inbox_query_count_flat(cast, login, django_assert_num_queries, rows):
    send(cast.staff.user, rows)
    client = login(cast.staff)
    client.get(reverse("notify:inbox"))
    # session with account and staff, unit, unread count, duties (sidebar), todo badge, paginator count, page rows
    with django_assert_num_queries(7):
        client.get(reverse("notify:inbox"))
