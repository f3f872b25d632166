from celery import shared_task

from . import services


@shared_task(
    name="common.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_email(*, notification_id: int) -> bool:
    return services.notification_send_email(notification_id=notification_id)


@shared_task(name="common.send_pending_notification_emails")
def send_pending_notification_emails() -> int:
    """Sweep emails that were not sent (broker down at commit time, say). Safe to run twice."""
    return sum(
        services.notification_send_email(notification_id=pk) for pk in services.notification_ids_awaiting_email()
    )
