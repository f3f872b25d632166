from celery import shared_task

from . import services
from .monitoring import heartbeat


@shared_task(
    name="common.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_email(*, notification_id: int) -> bool:
    return services.notification_send_email(notification_id=notification_id)


@shared_task(
    name="common.send_notification_emails",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_emails(*, notification_ids: list[int]) -> int:
    """The emails of a batch of notifications (the reminder run's); a retry skips those sent."""
    return sum(services.notification_send_email(notification_id=pk) for pk in notification_ids)


@shared_task(name="common.send_pending_notification_emails")
def send_pending_notification_emails() -> int:
    """Sweep emails that were not sent: the broker was down at commit time, or the worker
    that was sending died (its claim has gone stale). Beat runs it every 5 minutes; safe
    to run twice and beside the email task (each email is claimed before it is sent)."""
    heartbeat("common.send_pending_notification_emails")
    return sum(
        services.notification_send_email(notification_id=pk) for pk in services.notification_ids_awaiting_email()
    )
