"""Notifications: the "Việc cần làm" panel and the emails behind it."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .layout import forget_navbar
from .models import Notification

logger = logging.getLogger(__name__)


def notification_create(
    *,
    recipient,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
    due_on: datetime.date | None = None,
    send_email: bool = False,
) -> Notification:
    """Create a notification once per (recipient, key); calling again returns the first.

    When `send_email` is set and the row is new, an email is queued after commit.
    """
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
    if created and notification.send_email:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.delay(notification_id=notification.pk))
    return notification


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def notification_mark_all_read(*, recipient) -> int:
    marked = Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())
    forget_navbar(recipient.pk)
    return marked


def notification_send_email(*, notification_id: int) -> bool:
    """Send a notification's email at most once, even if called concurrently or retried.

    The row is claimed with a conditional UPDATE; only the caller that flips
    `emailed_at` from NULL sends. If sending fails the claim is released so a
    retry can send.
    """
    claimed_at = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, send_email=True, emailed_at__isnull=True).update(
        emailed_at=claimed_at
    )
    if claimed != 1:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    lines = [notification.body] if notification.body else []
    if notification.url:
        lines.append(f"{settings.PORTAL_BASE_URL.rstrip('/')}{notification.url}")
    try:
        send_mail(
            subject=f"[{settings.PORTAL_NAME}] {notification.title}",
            message="\n\n".join(lines) or notification.title,
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception:
        Notification.objects.filter(pk=notification_id, emailed_at=claimed_at).update(emailed_at=None)
        raise
    return True


def notification_ids_awaiting_email() -> list[int]:
    return list(
        Notification.objects.filter(send_email=True, emailed_at__isnull=True).values_list("pk", flat=True)[:500]
    )
