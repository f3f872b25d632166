"""Notifications: idempotent creation, read state, and emails sent exactly once."""

import datetime
import smtplib

import pytest
import time_machine
from celery.exceptions import Retry
from django.contrib.auth.models import AnonymousUser
from django.core.mail.backends.base import BaseEmailBackend

from common import services, tasks
from common.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FAILING_BACKEND = f"{__name__}.FailingEmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    """An SMTP server that drops the connection: the one outside system we stand in for."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def _create(recipient, key="bao-cao-thang-11", **kwargs) -> Notification:
    defaults = {"title": "Nộp báo cáo tháng 11", "url": "/org/units/", "send_email": True}
    return services.notification_create(recipient=recipient, key=key, **(defaults | kwargs))


def test_notification_create_stores_the_fields(officer):
    notification = services.notification_create(
        recipient=officer,
        key="k",
        title="Hạn nộp ý tưởng",
        body="Mỗi đơn vị ít nhất 05 ý tưởng.",
        url="/ventures/",
        level=Notification.Level.TODO,
        due_on=datetime.date(2026, 3, 30),
    )

    stored = Notification.objects.get(pk=notification.pk)
    assert (stored.title, stored.body, stored.url, stored.level, stored.due_on) == (
        "Hạn nộp ý tưởng",
        "Mỗi đơn vị ít nhất 05 ý tưởng.",
        "/ventures/",
        "todo",
        datetime.date(2026, 3, 30),
    )
    assert stored.is_read is False
    assert stored.send_email is False
    assert str(stored) == "Hạn nộp ý tưởng"


def test_notification_create_is_idempotent_on_recipient_and_key(officer):
    first = services.notification_create(recipient=officer, key="k", title="Lần đầu")

    second = services.notification_create(recipient=officer, key="k", title="Lần hai")

    assert second.pk == first.pk
    assert list(Notification.objects.values_list("title", flat=True)) == ["Lần đầu"]


def test_notification_create_same_key_for_another_recipient_is_another_row(officer, other_officer):
    services.notification_create(recipient=officer, key="k", title="A")
    services.notification_create(recipient=other_officer, key="k", title="A")

    assert Notification.objects.filter(key="k").count() == 2


def test_notification_create_truncates_long_titles(officer):
    notification = services.notification_create(recipient=officer, key="k", title="Ý" * 300)

    notification.refresh_from_db()
    assert notification.title == "Ý" * 255


def test_notification_mark_read_sets_read_at_once(officer):
    notification = services.notification_create(recipient=officer, key="k", title="A")

    services.notification_mark_read(notification=notification)
    first_read_at = notification.read_at
    services.notification_mark_read(notification=notification)

    notification.refresh_from_db()
    assert notification.read_at == first_read_at is not None


def test_notification_mark_all_read_returns_how_many_changed(officer, other_officer):
    for key in ("a", "b", "c"):
        services.notification_create(recipient=officer, key=key, title=key)
    services.notification_create(recipient=other_officer, key="a", title="a")
    services.notification_mark_read(notification=Notification.objects.get(recipient=officer, key="a"))

    count = services.notification_mark_all_read(recipient=officer)

    assert count == 2
    assert Notification.objects.filter(recipient=officer).unread().count() == 0
    assert Notification.objects.filter(recipient=other_officer).unread().count() == 1


def test_notification_visible_to_is_the_recipient_only(officer, other_officer):
    mine = services.notification_create(recipient=officer, key="k", title="A")
    services.notification_create(recipient=other_officer, key="k", title="B")

    assert list(Notification.objects.visible_to(officer)) == [mine]
    assert list(Notification.objects.visible_to(AnonymousUser())) == []


# Emails


def test_notification_email_sent_once_after_commit(officer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _create(officer)
        assert mailoutbox == []  # nothing leaves before the transaction commits

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["officer@example.vn"]
    assert message.subject == "[Tỉnh đoàn Sơn La] Nộp báo cáo tháng 11"  # the recipient's union
    assert message.body == "http://127.0.0.1:8000/org/units/"
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_notification_email_body_has_text_and_link(officer, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.vn/"

    with django_capture_on_commit_callbacks(execute=True):
        _create(officer, body="Hạn chót 05/12.")

    assert mailoutbox[0].body == "Hạn chót 05/12.\n\nhttps://portal.example.vn/org/units/"


def test_notification_email_without_body_or_url_repeats_the_title(
    officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _create(officer, url="")

    assert mailoutbox[0].body == "Nộp báo cáo tháng 11"


def test_notification_email_not_sent_twice_when_task_runs_again(
    officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _create(officer)

    again = [
        tasks.send_notification_email(notification_id=notification.pk),
        tasks.send_notification_email.delay(notification_id=notification.pk).get(),
        tasks.send_pending_notification_emails(),
    ]

    assert again == [False, False, 0]
    assert len(mailoutbox) == 1


def test_notification_create_twice_queues_one_email(officer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _create(officer)
        _create(officer)

    assert len(mailoutbox) == 1


def test_notification_without_send_email_sends_nothing(officer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _create(officer, send_email=False)

    assert mailoutbox == []
    assert services.notification_send_email(notification_id=notification.pk) is False
    assert tasks.send_pending_notification_emails() == 0


def test_notification_for_recipient_without_email_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    recipient = UserFactory(username="khong-email", email="")

    with django_capture_on_commit_callbacks(execute=True):
        notification = _create(recipient)

    assert notification.send_email is False
    assert mailoutbox == []


def test_send_pending_notification_emails_sweeps_unsent_ones(officer, other_officer, mailoutbox):
    # Created without running the on-commit hook: as if the broker was down at commit time.
    _create(officer)
    _create(other_officer)
    _create(officer, key="khong-gui", send_email=False)

    first = tasks.send_pending_notification_emails.delay().get()
    second = tasks.send_pending_notification_emails()

    assert (first, second) == (2, 0)
    assert sorted(m.to[0] for m in mailoutbox) == ["officer@example.vn", "other-officer@example.vn"]
    assert services.notification_ids_awaiting_email() == []


def test_notification_ids_awaiting_email(officer):
    pending = _create(officer)
    _create(officer, key="khong-gui", send_email=False)

    assert services.notification_ids_awaiting_email() == [pending.pk]


def test_notification_email_failure_releases_the_claim_for_a_later_sweep(officer, mailoutbox, settings):
    notification = _create(officer)
    settings.EMAIL_BACKEND = FAILING_BACKEND

    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.notification_send_email(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert services.notification_ids_awaiting_email() == [notification.pk]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent = tasks.send_pending_notification_emails()

    assert sent == 1
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_notification_email_task_retries_on_smtp_failure(
    officer, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND

    # The task asks Celery for a retry (SMTP errors are OSErrors) and leaves the row unclaimed.
    with pytest.raises(Retry), django_capture_on_commit_callbacks(execute=True):
        _create(officer)

    notification = Notification.objects.get(recipient=officer)
    assert notification.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_notification_email(notification_id=notification.pk) is True
    assert len(mailoutbox) == 1


def test_notification_email_sweep_failure_leaves_every_row_pending(officer, other_officer, settings):
    _create(officer)
    _create(other_officer)
    settings.EMAIL_BACKEND = FAILING_BACKEND

    with pytest.raises(smtplib.SMTPServerDisconnected):
        tasks.send_pending_notification_emails()

    assert len(services.notification_ids_awaiting_email()) == 2


# A worker that dies while sending -------------------------------------------------------
# A killed worker leaves the email claimed (`email_claimed_at`) and not marked sent.

SWEEP_DAY = datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC)


def _claimed_by_dead_worker(notification, *, seconds_ago: int) -> Notification:
    stamp = SWEEP_DAY - datetime.timedelta(seconds=seconds_ago)
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=stamp)
    notification.refresh_from_db()
    return notification


def test_sweep_sends_an_email_whose_worker_died_once(officer, mailoutbox, settings):
    settings.NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS = 300
    notification = _claimed_by_dead_worker(_create(officer), seconds_ago=301)

    with time_machine.travel(SWEEP_DAY, tick=False):
        sent = [tasks.send_pending_notification_emails(), tasks.send_pending_notification_emails()]
        redelivered = tasks.send_notification_email(notification_id=notification.pk)

    assert (sent, redelivered) == ([1, 0], False)
    assert [m.to for m in mailoutbox] == [["officer@example.vn"]]
    notification.refresh_from_db()
    assert notification.emailed_at == SWEEP_DAY
    assert notification.email_claimed_at == SWEEP_DAY


def test_email_being_sent_by_a_live_worker_is_not_sent_again(officer, mailoutbox, settings):
    settings.NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS = 300
    notification = _claimed_by_dead_worker(_create(officer), seconds_ago=299)

    with time_machine.travel(SWEEP_DAY, tick=False):
        assert services.notification_ids_awaiting_email() == []
        assert tasks.send_pending_notification_emails() == 0
        assert tasks.send_notification_email(notification_id=notification.pk) is False

    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


class WatchingEmailBackend(BaseEmailBackend):
    """Notes what each notification row says at the moment the SMTP server is asked to send."""

    seen: list[tuple[bool, object]] = []

    def send_messages(self, email_messages):
        for row in Notification.objects.filter(send_email=True):
            self.seen.append((row.email_claimed_at is not None, row.emailed_at))
        return len(email_messages)


def test_email_is_claimed_before_it_is_sent_and_marked_sent_after(officer, settings):
    notification = _create(officer)
    settings.EMAIL_BACKEND = f"{__name__}.WatchingEmailBackend"
    WatchingEmailBackend.seen = []

    assert services.notification_send_email(notification_id=notification.pk) is True

    assert WatchingEmailBackend.seen == [(True, None)]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
