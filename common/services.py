"""Notifications: the "Việc cần làm" panel and the emails behind it."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise

from .i18n import in_language_of
from .layout import forget_frame
from .models import Notification
from .registry import email_prefix_for

logger = logging.getLogger(__name__)


def notification_create(
    *,
    recipient,
    key: str,
    title: str | Promise,
    body: str | Promise = "",
    url: str = "",
    level: str = Notification.Level.INFO,
    due_on: datetime.date | None = None,
    send_email: bool = False,
) -> Notification:
    """Create a notification once per (recipient, key); calling again returns the first.

    `title` and `body` are read in the recipient's language (`common.i18n`): pass texts
    built with `common.i18n.translated` (or `gettext_lazy`) and each recipient reads their own.
    When `send_email` is set and the row is new, an email is queued after commit; a new
    row renews the recipient's navigation bar (its unread badge).
    """
    with in_language_of(recipient):
        title, body = str(title), str(body)
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        key=key,
        defaults={
            "title": title[:255],
            "body": body,
            "url": url,
            "level": level,
            "due_on": due_on,
            "send_email": send_email and bool(recipient.email),
        },
    )
    if created:
        forget_frame(recipient.pk)
    if created and notification.send_email:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.delay(notification_id=notification.pk))
    return notification


def notifications_create(*, notifications: list[Notification]) -> list[Notification]:
    """Create many notifications at once (the daily reminder run), each once per (recipient,
    key) like `notification_create`: those already there are left out.

    `notifications` are unsaved rows with their `recipient` set; their titles and bodies
    may be lazy texts (`common.i18n.translated`), read here in each recipient's language.
    One insert; one email task for the new rows that send email is queued on commit (a
    recipient without an address gets none); their recipients' navigation bars are renewed.
    Returns the created rows.
    """
    if not notifications:
        return []
    existing = set(
        Notification.objects.filter(
            recipient_id__in={n.recipient_id for n in notifications}, key__in={n.key for n in notifications}
        ).values_list("recipient_id", "key")
    )
    new = []
    for notification in notifications:
        pair = (notification.recipient_id, notification.key)
        if pair in existing:
            continue
        existing.add(pair)
        with in_language_of(notification.recipient):
            notification.title, notification.body = str(notification.title)[:255], str(notification.body)
        notification.send_email = notification.send_email and bool(notification.recipient.email)
        new.append(notification)
    created = Notification.objects.bulk_create(new)
    forget_frame(*sorted({n.recipient_id for n in created}))
    emails = [n.pk for n in created if n.send_email]
    if emails:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.delay(notification_ids=emails))
    return created


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read; renews the recipient's navigation bar (its unread badge)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
        forget_frame(notification.recipient_id)
    return notification


def notification_mark_all_read(*, recipient) -> int:
    """Mark every unread notification of `recipient` read (one UPDATE); renews their bar."""
    marked = Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())
    forget_frame(recipient.pk)
    return marked


def _email_stale_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """An email claimed before this moment and still not marked sent: its worker died."""
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS)


def _awaiting_email(now: datetime.datetime | None = None) -> Q:
    return Q(send_email=True, emailed_at__isnull=True) & (
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=_email_stale_before(now))
    )


def notification_send_email(*, notification_id: int) -> bool:
    """Send a notification's email once, even if called concurrently, retried or redelivered.

    The sender first claims the row with a conditional UPDATE of `email_claimed_at`
    (only one caller wins), sends, then marks it sent (`emailed_at`). A claim older than
    NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS with no `emailed_at` was left by a worker that
    died before or while sending: it is claimed again, so the email is never lost. If the
    worker dies after the SMTP server accepted the message but before it was marked sent,
    the email goes once more: at most one duplicate, never a loss. If sending fails the
    claim is released so a retry or the sweep can send. The email is written in the
    recipient's language (`common.i18n`), whoever's request or task sends it.
    """
    claimed_at = timezone.now()
    claimed = Notification.objects.filter(_awaiting_email(claimed_at), pk=notification_id).update(
        email_claimed_at=claimed_at
    )
    if claimed != 1:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    lines = [notification.body] if notification.body else []
    if notification.url:
        lines.append(f"{settings.PORTAL_BASE_URL.rstrip('/')}{notification.url}")
    mine = Notification.objects.filter(pk=notification_id, email_claimed_at=claimed_at, emailed_at__isnull=True)
    try:
        with in_language_of(notification.recipient):
            send_mail(
                subject=f"{email_prefix_for(notification.recipient)} {notification.title}",
                message="\n\n".join(lines) or notification.title,
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
    except Exception:
        mine.update(email_claimed_at=None)
        raise
    mine.update(emailed_at=timezone.now())
    return True


def notification_ids_awaiting_email(*, now: datetime.datetime | None = None) -> list[int]:
    """Emails never sent: not yet claimed, or claimed by a worker that died (stale claim)."""
    return list(Notification.objects.filter(_awaiting_email(now)).order_by("pk").values_list("pk", flat=True)[:500])
