"""Celery tasks of periodic reporting: the daily reminder run."""

from celery import shared_task

__all__ = ["send_deadline_reminders"]


@shared_task(
    name="reports.send_deadline_reminders", acks_late=True, autoretry_for=(Exception,), max_retries=3, retry_backoff=60
)
def send_deadline_reminders() -> int:
    """Daily: periods of every schedule, then every app's deadline reminders due today."""
    from common.history import system_actor

    from .reminders import reminders_send

    return reminders_send(actor=system_actor()).sent
