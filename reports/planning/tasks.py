"""Celery tasks of the planning topic: thin, keyword-only ids, one service call each."""

from __future__ import annotations

from celery import shared_task

__all__ = ["generate_monthly_consolidated_report", "run_export_job"]


@shared_task(name="reports.run_export_job")
def run_export_job(*, job_id: int) -> str:
    from .services import export_job_run

    return export_job_run(job_id=job_id).status


@shared_task(name="reports.generate_monthly_consolidated_report")
def generate_monthly_consolidated_report() -> str:
    """Monthly (beat): last month's consolidated report, made once, mailed to staff."""
    from .services import consolidated_report_generate, monthly_report_ensure

    report = monthly_report_ensure()
    return consolidated_report_generate(report_id=report.pk).status
