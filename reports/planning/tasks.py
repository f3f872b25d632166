"""Celery tasks of the planning topic: thin, keyword-only ids, one service call each.

Every task acts as someone, so the history it writes names a person: an export as
the user who asked for it, the scheduled monthly report as the system account.

The tasks that write are acknowledged late and handed back to the broker when their
worker dies (CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST); the services
claim their rows, so a redelivered copy runs only what a dead worker left.
"""

from __future__ import annotations

from celery import shared_task

__all__ = [
    "generate_consolidated_report",
    "generate_monthly_consolidated_report",
    "reclaim_stale_outputs",
    "run_export_job",
]


@shared_task(name="reports.run_export_job")
def run_export_job(*, job_id: int, actor_id: int | None = None) -> str:
    """Run an export as the user who asked (`actor_id`); an old message without it runs as the system."""
    from accounts.models import User
    from common.history import system_actor

    from .services import export_job_run

    actor = User.objects.get(pk=actor_id) if actor_id is not None else system_actor()
    return export_job_run(job_id=job_id, actor=actor).status


@shared_task(name="reports.generate_monthly_consolidated_report")
def generate_monthly_consolidated_report() -> str:
    """Monthly (beat): last month's consolidated report of each top unit, national unit and
    province (`owners.monthly_owners`), made once, mailed to that unit's staff."""
    from common.history import system_actor

    from .owners import monthly_owners
    from .services import consolidated_report_generate, monthly_report_ensure

    actor = system_actor()
    statuses = []
    for owner in monthly_owners():
        report = monthly_report_ensure(actor=actor, owner=owner)
        statuses.append(consolidated_report_generate(report_id=report.pk, actor=actor).status)
    return ",".join(statuses)


@shared_task(name="reports.generate_consolidated_report")
def generate_consolidated_report(*, report_id: int) -> str:
    """Run (or take up again) one consolidated report as the system account."""
    from common.history import system_actor

    from .services import consolidated_report_generate

    return consolidated_report_generate(report_id=report_id, actor=system_actor()).status


@shared_task(name="reports.reclaim_stale_outputs")
def reclaim_stale_outputs() -> dict[str, int]:
    """Periodic (beat): queue again the reports and exports a dead worker left running."""
    from common.history import system_actor
    from common.monitoring import heartbeat

    from .services import outputs_reclaim_stale

    heartbeat("reports.reclaim_stale_outputs")
    return outputs_reclaim_stale(actor=system_actor())
