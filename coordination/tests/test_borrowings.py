"""Borrowings are active from their dates alone; the daily job tells both heads on the last day, once."""

import datetime

import pytest
from django.utils import timezone

from coordination.models import Borrowing, HelpRequest
from coordination.selectors import borrowed_in, borrowings_on, lent_out
from coordination.services import CoordinationError, borrowing_end_early, borrowings_notify_ending, help_request_fill
from coordination.tests.helpers import ask, audit_count
from notify.models import Notification

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 11, 25)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def lent(cast, time_machine):
    time_machine.move_to(at(START), tick=False)
    request = ask(cast.head, start=START, days=7)  # 25 Nov – 1 Dec
    [borrowing] = help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk])
    return borrowing


def test_active_only_within_its_dates(cast, lent):
    for day, active in [
        (START - datetime.timedelta(days=1), False),
        (START, True),
        (datetime.date(2026, 12, 1), True),
        (datetime.date(2026, 12, 2), False),
    ]:
        assert list(borrowings_on(cast.unit, day)) == ([lent] if active else []), day
        assert list(lent_out(cast.cadre_section, day)) == ([lent] if active else [])
        assert list(borrowed_in(cast.org_section, day)) == ([lent] if active else [])
        assert not borrowed_in(cast.cadre_section, day).exists()


def test_a_request_decided_after_its_start_lends_from_today(cast, time_machine):
    time_machine.move_to(at(START), tick=False)
    request = ask(cast.head, start=START, days=10)
    time_machine.move_to(at(START + datetime.timedelta(days=3)), tick=False)
    [borrowing] = help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk])
    assert borrowing.starts_on == START + datetime.timedelta(days=3)

    time_machine.move_to(at(START), tick=False)
    stale = ask(cast.head, start=START, days=2)
    time_machine.move_to(at(START + datetime.timedelta(days=2)), tick=False)
    with pytest.raises(CoordinationError, match="已结束"):
        help_request_fill(actor=cast.deputy, request_id=stale.pk, staff_ids=[cast.colleague.pk])


def test_early_end_by_the_deciding_leader(cast, lent, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(at(START + datetime.timedelta(days=2)), tick=False)
    for person in (cast.head, cast.cadre_head, cast.outsider):
        with pytest.raises(CoordinationError):
            borrowing_end_early(actor=person, borrowing_id=lent.pk)
    with django_capture_on_commit_callbacks(execute=True):
        borrowing_end_early(actor=cast.deputy, borrowing_id=lent.pk, reason="检查提前完成")
    lent.refresh_from_db()
    today = START + datetime.timedelta(days=2)
    assert lent.ended_on == today and lent.last_day == today - datetime.timedelta(days=1)
    assert lent in borrowings_on(cast.unit, today - datetime.timedelta(days=1))
    assert not borrowings_on(cast.unit, today).exists()
    assert lent.help_request.status == HelpRequest.Status.CLOSED
    assert audit_count("coordination.end_early") == 1
    for person in (cast.head, cast.cadre_head, cast.outsider):
        assert Notification.objects.filter(recipient=person.user, text__contains="提前结束").exists()
    with pytest.raises(CoordinationError, match="已结束"):
        borrowing_end_early(actor=cast.deputy, borrowing_id=lent.pk)
    # Free again for the rest of the period.
    again = ask(cast.head, start=today, days=2)
    help_request_fill(actor=cast.deputy, request_id=again.pk, staff_ids=[cast.outsider.pk])


def test_job_tells_both_heads_on_the_last_day_once(cast, lent, time_machine, django_capture_on_commit_callbacks):
    last_day = datetime.date(2026, 12, 1)
    assert borrowings_notify_ending(today=last_day - datetime.timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert borrowings_notify_ending(today=last_day) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert borrowings_notify_ending(today=last_day) == 0
    for person in (cast.head, cast.cadre_head, cast.outsider):
        assert Notification.objects.filter(recipient=person.user, text__contains="借调").count() >= 1
    ending = Notification.objects.filter(text__contains="12月1日")
    assert ending.count() == 3  # the person and the two heads, once each
    assert audit_count("coordination.borrowing_ends") == 1
    # It still ends by itself: the job changed no date.
    lent.refresh_from_db()
    assert lent.ends_on == last_day and lent.ended_on is None
    # The day after, the decided request closes (once).
    borrowings_notify_ending(today=last_day + datetime.timedelta(days=1))
    borrowings_notify_ending(today=last_day + datetime.timedelta(days=1))
    assert HelpRequest.objects.get(pk=lent.help_request_id).status == HelpRequest.Status.CLOSED
    assert audit_count("coordination.close") == 1


def test_borrowing_ending_early_is_not_announced_again_by_the_job(cast, lent, time_machine):
    time_machine.move_to(at(START + datetime.timedelta(days=1)), tick=False)
    borrowing_end_early(actor=cast.deputy, borrowing_id=lent.pk)
    assert borrowings_notify_ending(today=datetime.date(2026, 12, 1)) == 0
    assert Borrowing.objects.get().end_notified_on is not None


def test_the_daily_job_is_a_periodic_task(cast, lent, time_machine):
    from coordination.tasks import notify_borrowings_ending

    time_machine.move_to(at(datetime.date(2026, 12, 1)), tick=False)
    assert notify_borrowings_ending.call_local() == 1
    assert notify_borrowings_ending.call_local() == 0
