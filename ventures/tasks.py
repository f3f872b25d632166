from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="ventures.remind_missing_updates")
def remind_missing_updates() -> int:
    return services.venture_updates_remind(today=timezone.localdate())
