from celery import shared_task

from . import services


@shared_task(name="awards.send_reminders")
def send_reminders() -> int:
    """Daily: officers of units with unsent nomination drafts, 7, 3 and 1 days before the deadline."""
    return services.nomination_drafts_remind()
