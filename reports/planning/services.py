"""Writes of the planning topic: plans, activities, targets, consolidated reports, exports."""

from __future__ import annotations

import datetime
import logging
import os
import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from common.history import records_actor
from common.indicators import Period
from common.services import notification_create

from ..models import ConsolidatedReport, ExportJob, Plan, PlanActivity, Target

logger = logging.getLogger(__name__)


# Plans ---------------------------------------------------------------------------------


@records_actor
def plan_save(*, plan: Plan, actor: User) -> Plan:
    """Create or update a plan after validating it."""
    if plan.pk is None:
        plan.created_by = actor
    plan.full_clean()
    plan.save()
    return plan


@records_actor
def activity_save(*, activity: PlanActivity, units=None, actor: User) -> PlanActivity:
    """Validate and save a plan's activity with the units involved."""
    activity.full_clean()
    with transaction.atomic():
        activity.save()
        if units is not None:
            activity.units.set(units)
    return activity


@records_actor
def target_save(*, target: Target, actor: User) -> Target:
    """Validate and save a target. A target without a unit scope is refused."""
    target.full_clean()
    target.save()
    return target


# Files, written whole or not at all ---------------------------------------------------


def store_atomically(storage: Storage, name: str, content: bytes) -> str:
    """Save `content` under a fresh name close to `name`, visible only when complete.

    On a file system the bytes go to a temporary name in the same folder, then are
    renamed into place (atomic on POSIX); a crash leaves at most a hidden temporary
    file, never a truncated one under the final name.
    """
    final = storage.get_available_name(name)
    try:
        final_path = storage.path(final)
    except NotImplementedError:  # object storage writes an object whole
        return storage.save(final, ContentFile(content))
    folder = os.path.dirname(final_path)
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{uuid.uuid4().hex}.part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final_path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    return final


def _discard(storage: Storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - cleaning up after a failure must not hide it
            logger.exception("Could not remove %s", name)


# Consolidated reports -----------------------------------------------------------------


@records_actor
def consolidated_report_request(
    *, start: datetime.date, end: datetime.date, kind: str = ConsolidatedReport.Kind.CUSTOM, actor: User
) -> ConsolidatedReport:
    """A pending consolidated report of a period; staff then run it through an export job."""
    report = ConsolidatedReport(period_start=start, period_end=end, kind=kind, created_by=actor)
    if start and end and end < start:
        raise ValidationError({"period_end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    report.full_clean()
    report.save()
    return report


@records_actor
def consolidated_report_generate(
    *, report_id: int, actor: User, progress: Callable[[int], None] | None = None, build: Callable | None = None
) -> ConsolidatedReport:
    """Compute the report's figures and store its Excel and PDF, then mark it done and
    notify provincial staff (in-app and by email) with the download link.

    The row is claimed with a conditional UPDATE, so a task delivered twice runs once.
    Files are stored under their final names only when complete, and the row points
    at them in the same UPDATE that marks it done; on any failure the files written
    so far are removed and the row is marked failed with the error.
    """
    claimed = ConsolidatedReport.objects.filter(
        pk=report_id, status__in=[ConsolidatedReport.Status.PENDING, ConsolidatedReport.Status.FAILED]
    ).update(status=ConsolidatedReport.Status.RUNNING, error="", updated_at=timezone.now())
    report = ConsolidatedReport.objects.get(pk=report_id)
    if claimed != 1:
        return report
    from .consolidated import consolidated_data
    from .exports import consolidated_pdf, consolidated_workbook

    storage = report.excel_file.storage
    written: list[str] = []
    try:
        data = consolidated_data(period=Period(report.period_start, report.period_end), progress=progress)
        excel = (build or consolidated_workbook)(data)
        pdf = consolidated_pdf(data)
        stem = f"reports/consolidated/bao-cao-tong-hop-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"
        written.append(store_atomically(storage, f"{stem}.xlsx", excel))
        written.append(store_atomically(storage, f"{stem}.pdf", pdf))
        with transaction.atomic():
            ConsolidatedReport.objects.filter(pk=report_id).update(
                status=ConsolidatedReport.Status.DONE,
                excel_file=written[0],
                pdf_file=written[1],
                generated_at=timezone.now(),
                updated_at=timezone.now(),
            )
            report.refresh_from_db()
            _notify_staff(report)
    except Exception as exc:
        _discard(storage, written)
        ConsolidatedReport.objects.filter(pk=report_id).update(
            status=ConsolidatedReport.Status.FAILED,
            excel_file="",
            pdf_file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        logger.exception("Consolidated report %s failed", report_id)
        report.refresh_from_db()
    return report


def _notify_staff(report: ConsolidatedReport) -> None:
    url = reverse("reports:consolidated-list")
    recipients = {m.user for m in Membership.objects.filter(role=Membership.Role.STAFF).select_related("user")}
    title = _("Đã có báo cáo tổng hợp %(period)s") % {"period": str(report)}
    for user in recipients:
        if not user.is_active:
            continue
        notification_create(
            recipient=user,
            key=f"reports.consolidated.{report.pk}",
            title=title,
            body=_("Báo cáo tổng hợp (Excel và PDF) đã sẵn sàng để tải về."),
            url=url,
            send_email=True,
        )


def previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_this = today.replace(day=1)
    end = first_this - datetime.timedelta(days=1)
    return end.replace(day=1), end


@records_actor
def monthly_report_ensure(*, actor: User, today: datetime.date | None = None) -> ConsolidatedReport:
    """The scheduled report of last month, created once however often beat fires.

    Beat runs it as the system account (`common.history.system_actor()`), which is then
    the report's creator.
    """
    start, end = previous_month(today or timezone.localdate())
    report, _created = ConsolidatedReport.objects.get_or_create(
        kind=ConsolidatedReport.Kind.MONTH,
        period_start=start,
        period_end=end,
        scheduled=True,
        defaults={"created_by": actor},
    )
    return report


# Export jobs --------------------------------------------------------------------------


@records_actor
def export_job_create(*, kind: str, params: dict, actor: User) -> ExportJob:
    """Queue an export; the task runs after the transaction commits."""
    job = ExportJob(kind=kind, params=params, requested_by=actor)
    job.full_clean()
    job.save()
    from .tasks import run_export_job

    transaction.on_commit(lambda: run_export_job.delay(job_id=job.pk, actor_id=actor.pk))
    return job


def _set_progress(job_id: int, percent: int) -> None:
    ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(
        progress=max(0, min(99, int(percent))), updated_at=timezone.now()
    )


@records_actor
def export_job_run(*, job_id: int, actor: User) -> ExportJob:
    """Run a queued export once (claimed with a conditional UPDATE), reporting progress.

    A consolidated export runs its report; a targets × units export writes its workbook
    atomically. Either way the job is done with its link, or failed with the error and
    no file.
    """
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING, progress=1, updated_at=timezone.now()
    )
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if claimed != 1:
        return job
    written: list[str] = []
    storage = job.file.storage
    try:
        if job.kind == ExportJob.Kind.CONSOLIDATED:
            report = consolidated_report_request(
                start=datetime.date.fromisoformat(job.params["start"]),
                end=datetime.date.fromisoformat(job.params["end"]),
                kind=job.params.get("kind", ConsolidatedReport.Kind.CUSTOM),
                actor=actor,
            )
            ExportJob.objects.filter(pk=job_id).update(report=report)
            report = consolidated_report_generate(
                report_id=report.pk, actor=actor, progress=lambda p: _set_progress(job_id, p)
            )
            if report.status != ConsolidatedReport.Status.DONE:
                raise RuntimeError(report.error)
            ExportJob.objects.filter(pk=job_id).update(
                status=ExportJob.Status.DONE, progress=100, finished_at=timezone.now(), updated_at=timezone.now()
            )
        elif job.kind == ExportJob.Kind.TARGETS_UNITS:
            from .exports import targets_units_workbook
            from .progress import PlanProgress

            plan = Plan.objects.select_related("issuer").get(pk=job.params["plan"])
            progress = PlanProgress(plan=plan, user=job.requested_by)
            content = targets_units_workbook(
                progress, on_target=lambda done, total: _set_progress(job_id, 10 + 80 * done // max(1, total))
            )
            written.append(
                store_atomically(storage, f"reports/exports/chi-tieu-don-vi-{plan.pk}-{job.pk}.xlsx", content)
            )
            ExportJob.objects.filter(pk=job_id).update(
                status=ExportJob.Status.DONE,
                progress=100,
                file=written[0],
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
        else:
            raise ValueError(f"Unknown export kind {job.kind!r}")
    except Exception as exc:
        _discard(storage, written)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED,
            file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        logger.exception("Export job %s failed", job_id)
    job.refresh_from_db()
    return job
