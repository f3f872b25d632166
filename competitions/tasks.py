from celery import shared_task

from . import services


@shared_task(name="competitions.send_reminders")
def send_reminders() -> int:
    """Daily: units below their quota before the deadline, judges before a round ends."""
    return services.contest_quota_remind() + services.judge_scoring_remind()
