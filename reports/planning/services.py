"""Writes of the planning topic: plans, activities, targets, consolidated reports, exports."""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.scoping import require_runs
from common.history import records_actor
from common.i18n import in_language_of
from common.indicators import Period

from ..models import ConsolidatedReport, ExportJob, Plan, PlanActivity, Target
from ..models.outputs import OutputStatus
from .owners import default_owner, notify_report_ready

logger = logging.getLogger(__name__)


# Plans ---------------------------------------------------------------------------------


def _require_runs_plan(*, actor: User | None, plan: Plan) -> None:
    """A person changes only the plans their unit owns; a task or the demo (no actor, or an
    inactive service account) is not asked."""
    require_runs(actor=actor, owner=plan.owner)


@records_actor
def plan_save(*, plan: Plan, actor: User, owner: Unit | None = None) -> Plan:
    """Create or update a plan after validating it; `owner` (the unit that runs it) is set
    when given. The actor must run the plan's owner, and on an update its previous owner too."""
    if plan.pk is not None:
        _require_runs_plan(actor=actor, plan=Plan.objects.select_related("owner").get(pk=plan.pk))
    if owner is not None:
        plan.owner = owner
    if plan.owner_id is not None:
        _require_runs_plan(actor=actor, plan=plan)
    if plan.pk is None:
        plan.created_by = actor
    plan.full_clean()
    plan.save()
    return plan


@records_actor
def activity_save(*, activity: PlanActivity, units=None, actor: User) -> PlanActivity:
    """Validate and save a plan's activity with the units involved."""
    _require_runs_plan(actor=actor, plan=activity.plan)
    activity.full_clean()
    with transaction.atomic():
        activity.save()
        if units is not None:
            activity.units.set(units)
    return activity


@records_actor
def target_save(*, target: Target, actor: User) -> Target:
    """Validate and save a target. A target without a unit scope is refused."""
    _require_runs_plan(actor=actor, plan=target.plan)
    target.full_clean()
    target.save()
    return target


@records_actor
def target_delete(*, target: Target, actor: User) -> None:
    """Delete a target of a plan the actor runs (its history keeps who deleted it)."""
    _require_runs_plan(actor=actor, plan=target.plan)
    target.delete()


@records_actor
def activity_delete(*, activity: PlanActivity, actor: User) -> None:
    """Delete an activity of a plan the actor runs."""
    _require_runs_plan(actor=actor, plan=activity.plan)
    activity.delete()


# Files, written whole or not at all ---------------------------------------------------


def store_atomically(storage: Storage, name: str, content: bytes) -> str:
    """Save `content` through `storage` under a fresh name close to `name`; returns that name.

    The bytes are first written whole to a local temporary file (FILE_UPLOAD_TEMP_DIR), which
    the storage then takes as it takes a large upload: object storage (S3) uploads it, and
    the object appears only once complete; the file system storage moves it into place, a
    rename when the temporary folder is on MEDIA_ROOT's disk. The caller points its row at
    the name only after every file is saved, so a worker killed mid-way leaves at most a
    file that no row names, never a row that names a truncated file.
    """
    # TemporaryUploadedFile is Django's file with a local path: storages move it, not copy it.
    with TemporaryUploadedFile(PurePath(name).name, None, len(content), None) as temporary:
        temporary.write(content)
        temporary.flush()
        os.fsync(temporary.fileno())
        temporary.seek(0)
        return storage.save(name, temporary)


def _discard(storage: Storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - cleaning up after a failure must not hide it
            logger.exception("Could not remove %s", name)


# Claims: one live run per row, a dead worker's row taken up again ---------------------


def _claim_stale_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """A RUNNING row not refreshed since this moment belongs to a dead worker."""
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.OUTPUT_CLAIM_STALE_SECONDS)


def _stale(reclaim_before: datetime.datetime) -> Q:
    return Q(status=OutputStatus.RUNNING, updated_at__lt=reclaim_before)


def _claim(
    model: type[models.Model],
    *,
    pk: int,
    fresh: list[str],
    fresh_values: dict,
    reclaim_before: datetime.datetime,
    give_up_values: dict,
) -> datetime.datetime | None:
    """Claim row `pk` for this run and return the claim's stamp, or None if it is not ours.

    A row in one of the `fresh` states is claimed as a first attempt. A RUNNING row not
    refreshed since `reclaim_before` was left by a dead worker: it is claimed again with
    one more attempt, or, after OUTPUT_MAX_ATTEMPTS, marked failed with the reason so a
    row that kills its worker every time never loops. Each step is one conditional UPDATE,
    so of two workers racing for a row exactly one wins.
    """
    now = timezone.now()
    rows = model.objects.filter(pk=pk)
    if rows.filter(status__in=fresh).update(
        status=OutputStatus.RUNNING, claimed_at=now, attempts=1, error="", updated_at=now, **fresh_values
    ):
        return now
    max_attempts = settings.OUTPUT_MAX_ATTEMPTS
    if rows.filter(_stale(reclaim_before), attempts__lt=max_attempts).update(
        claimed_at=now, attempts=F("attempts") + 1, updated_at=now
    ):
        logger.warning("%s %s was left running by a dead worker: taken up again", model.__name__, pk)
        return now
    if rows.filter(_stale(reclaim_before), attempts__gte=max_attempts).update(
        status=OutputStatus.FAILED,
        error=_(
            "Dừng sau %(attempts)s lần chạy bị gián đoạn (tiến trình xử lý bị dừng giữa chừng, "
            "ví dụ hết bộ nhớ hoặc máy chủ khởi động lại)."
        )
        % {"attempts": max_attempts},
        updated_at=now,
        **give_up_values,
    ):
        logger.error("%s %s was interrupted %s times: marked failed", model.__name__, pk, max_attempts)
    return None


def _heartbeat(model: type[models.Model], pk: int, claimed_at: datetime.datetime, **values) -> bool:
    """Refresh a claimed row's stamp (with any progress); False once the claim is no longer ours."""
    return bool(
        model.objects.filter(pk=pk, status=OutputStatus.RUNNING, claimed_at=claimed_at).update(
            updated_at=timezone.now(), **values
        )
    )


class ClaimLost(Exception):
    """Another run took this row over (this one was thought dead): its result is dropped."""


# Consolidated reports -----------------------------------------------------------------


@records_actor
def consolidated_report_request(
    *,
    start: datetime.date,
    end: datetime.date,
    kind: str = ConsolidatedReport.Kind.CUSTOM,
    actor: User,
    owner: Unit | None = None,
) -> ConsolidatedReport:
    """A pending consolidated report of a period for `owner` (default: the first unit the
    actor runs, see `owners.default_owner`); staff then run it through an export job."""
    owner = owner or default_owner(actor)
    report = ConsolidatedReport(period_start=start, period_end=end, kind=kind, created_by=actor, owner=owner)
    if start and end and end < start:
        raise ValidationError({"period_end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    report.full_clean()
    report.save()
    return report


@records_actor
def consolidated_report_generate(
    *,
    report_id: int,
    actor: User,
    progress: Callable[[int], None] | None = None,
    build: Callable | None = None,
    reclaim_before: datetime.datetime | None = None,
) -> ConsolidatedReport:
    """Compute the report's figures (over its owner's subtree) and store its Excel and PDF,
    then mark it done and notify its owner's staff (in-app and by email) with the link.
    The files are written in the language of the person who asked for the report.

    The row is claimed with a time-stamped conditional UPDATE, so a task delivered twice
    runs once: a pending or failed report is claimed; a running one only when its worker
    is dead, i.e. the row was not refreshed since `reclaim_before` (default: the stale
    threshold, OUTPUT_CLAIM_STALE_SECONDS), and at most OUTPUT_MAX_ATTEMPTS times before
    it is marked failed. The run refreshes the row as it advances. Files are stored under
    their final names only when complete, and the row points at them in the same UPDATE
    that marks it done (only if the claim is still this run's); on any failure the files
    written so far are removed and the row is marked failed with the error.
    """
    claimed_at = _claim(
        ConsolidatedReport,
        pk=report_id,
        fresh=[ConsolidatedReport.Status.PENDING, ConsolidatedReport.Status.FAILED],
        fresh_values={},
        reclaim_before=reclaim_before or _claim_stale_before(),
        give_up_values={"excel_file": "", "pdf_file": ""},
    )
    report = ConsolidatedReport.objects.select_related("owner", "created_by").get(pk=report_id)
    if claimed_at is None:
        return report
    from .consolidated import consolidated_data
    from .exports import consolidated_workbook
    from .pdf import consolidated_pdf
    from .selectors import plans_judged_by

    def advance(percent: int | None = None) -> None:
        if not _heartbeat(ConsolidatedReport, report_id, claimed_at):
            raise ClaimLost(f"consolidated report {report_id}")
        if progress is not None and percent is not None:
            progress(percent)

    storage = report.excel_file.storage
    written: list[str] = []
    try:
        period = Period(report.period_start, report.period_end)
        # In the language of the person who asked for it (the monthly run's system account: Vietnamese).
        with in_language_of(report.created_by):
            plans = plans_judged_by(report)
            data = consolidated_data(period=period, progress=advance, plans=plans, owner=report.owner)
            excel = (build or consolidated_workbook)(data)
            advance()
            pdf = consolidated_pdf(data)
            advance()
        stem = f"reports/consolidated/bao-cao-tong-hop-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"
        written.append(store_atomically(storage, f"{stem}.xlsx", excel))
        written.append(store_atomically(storage, f"{stem}.pdf", pdf))
        with transaction.atomic():
            done = ConsolidatedReport.objects.filter(
                pk=report_id, status=ConsolidatedReport.Status.RUNNING, claimed_at=claimed_at
            ).update(
                status=ConsolidatedReport.Status.DONE,
                excel_file=written[0],
                pdf_file=written[1],
                generated_at=timezone.now(),
                updated_at=timezone.now(),
            )
            if not done:
                raise ClaimLost(f"consolidated report {report_id}")
            report.refresh_from_db()
            notify_report_ready(report)
    except ClaimLost:
        _discard(storage, written)
        # Still ours when the caller's own claim (an export job's) was lost: hand the report
        # back so that whoever holds the job now runs it.
        ConsolidatedReport.objects.filter(
            pk=report_id, status=ConsolidatedReport.Status.RUNNING, claimed_at=claimed_at
        ).update(status=ConsolidatedReport.Status.PENDING, updated_at=timezone.now())
        logger.warning("Consolidated report %s: this run lost its claim and dropped its files", report_id)
        report.refresh_from_db()
    except Exception as exc:
        _discard(storage, written)
        ConsolidatedReport.objects.filter(
            pk=report_id, status=ConsolidatedReport.Status.RUNNING, claimed_at=claimed_at
        ).update(
            status=ConsolidatedReport.Status.FAILED,
            excel_file="",
            pdf_file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        logger.exception("Consolidated report %s failed", report_id)
        report.refresh_from_db()
    return report


def previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_this = today.replace(day=1)
    end = first_this - datetime.timedelta(days=1)
    return end.replace(day=1), end


@records_actor
def monthly_report_ensure(
    *, actor: User, today: datetime.date | None = None, owner: Unit | None = None
) -> ConsolidatedReport:
    """The scheduled report of last month for `owner` (default: `owners.default_owner`),
    created once however often beat fires. Beat runs it as the system account for every
    unit of `owners.monthly_owners()`; that account is then the report's creator."""
    start, end = previous_month(today or timezone.localdate())
    report, _created = ConsolidatedReport.objects.get_or_create(
        owner=owner or default_owner(actor),
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


@records_actor
def export_job_run(*, job_id: int, actor: User) -> ExportJob:
    """Run a queued export once, reporting progress.

    The job is claimed with a time-stamped conditional UPDATE: a pending job, or a running
    one whose worker died (not refreshed for OUTPUT_CLAIM_STALE_SECONDS; at most
    OUTPUT_MAX_ATTEMPTS times, then failed with the reason). Progress refreshes the claim.
    A consolidated export runs its report (the same report when the job is taken up
    again); a targets × units export writes its workbook atomically, in the language of
    the person who asked for it. Either way the job
    is done with its link, or failed with the error and no file.
    """
    claimed_at = _claim(
        ExportJob,
        pk=job_id,
        fresh=[ExportJob.Status.PENDING],
        fresh_values={"progress": 1},
        reclaim_before=_claim_stale_before(),
        give_up_values={"file": "", "finished_at": timezone.now()},
    )
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if claimed_at is None:
        if job.status == ExportJob.Status.FAILED and job.report_id:
            # Given up after too many interruptions: its report, run by nobody else, too.
            ConsolidatedReport.objects.filter(_stale(_claim_stale_before()), pk=job.report_id).update(
                status=ConsolidatedReport.Status.FAILED, error=job.error, updated_at=timezone.now()
            )
        return job

    def advance(percent: int) -> None:
        if not _heartbeat(ExportJob, job_id, claimed_at, progress=max(0, min(99, int(percent)))):
            raise ClaimLost(f"export job {job_id}")

    def finish(**values) -> None:
        if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING, claimed_at=claimed_at).update(
            status=ExportJob.Status.DONE, progress=100, finished_at=timezone.now(), updated_at=timezone.now(), **values
        ):
            raise ClaimLost(f"export job {job_id}")

    written: list[str] = []
    storage = job.file.storage
    try:
        if job.kind == ExportJob.Kind.CONSOLIDATED:
            report_id = job.report_id or _export_report(job=job, actor=actor).pk
            # Only this job runs its report, and the job is ours: a report still marked
            # running from before this claim was left by the job's dead worker.
            report = consolidated_report_generate(
                report_id=report_id, actor=actor, progress=advance, reclaim_before=claimed_at
            )
            if report.status != ConsolidatedReport.Status.DONE:
                raise RuntimeError(report.error or report.get_status_display())
            finish()
        elif job.kind == ExportJob.Kind.TARGETS_UNITS:
            from .exports import targets_units_workbook
            from .progress import PlanProgress

            plan = Plan.objects.select_related("issuer").get(pk=job.params["plan"])
            progress = PlanProgress(plan=plan, user=job.requested_by)
            with in_language_of(job.requested_by):
                content = targets_units_workbook(
                    progress, on_target=lambda done, total: advance(10 + 80 * done // max(1, total))
                )
            written.append(
                store_atomically(storage, f"reports/exports/chi-tieu-don-vi-{plan.pk}-{job.pk}.xlsx", content)
            )
            finish(file=written[0])
        else:
            raise ValueError(f"Unknown export kind {job.kind!r}")
    except ClaimLost:
        _discard(storage, written)
        logger.warning("Export job %s was taken over by another run; this run's result dropped", job_id)
    except Exception as exc:
        _discard(storage, written)
        ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING, claimed_at=claimed_at).update(
            status=ExportJob.Status.FAILED,
            file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        logger.exception("Export job %s failed", job_id)
    job.refresh_from_db()
    return job


def _export_report(*, job: ExportJob, actor: User) -> ConsolidatedReport:
    """The consolidated export's report, created and linked to its job in one transaction."""
    with transaction.atomic():
        report = consolidated_report_request(
            start=datetime.date.fromisoformat(job.params["start"]),
            end=datetime.date.fromisoformat(job.params["end"]),
            kind=job.params.get("kind", ConsolidatedReport.Kind.CUSTOM),
            actor=actor,
            owner=Unit.objects.filter(pk=job.params.get("owner")).first(),
        )
        ExportJob.objects.filter(pk=job.pk).update(report=report)
    return report


# The sweep ----------------------------------------------------------------------------


@records_actor
def outputs_reclaim_stale(*, actor: User, now: datetime.datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Queue again the exports and reports that a dead worker left running, or whose
    message never reached a worker (still pending past the stale threshold).

    Run by beat (`reports.reclaim_stale_outputs`). Each queued task claims its row as
    usual, so a row a live worker still holds is left alone and a row queued twice runs
    once. A report that belongs to an export job is taken up through its job. Returns how
    many of each were queued.
    """
    from .tasks import generate_consolidated_report, run_export_job

    before = _claim_stale_before(now)
    lost = Q(status=OutputStatus.RUNNING) | Q(status=OutputStatus.PENDING)
    jobs = list(
        ExportJob.objects.filter(lost, updated_at__lt=before)
        .order_by("updated_at")
        .values_list("pk", "requested_by_id")[:limit]
    )
    reports = list(
        ConsolidatedReport.objects.filter(lost, updated_at__lt=before, jobs__isnull=True)
        .filter(Q(status=OutputStatus.RUNNING) | Q(scheduled=True))
        .order_by("updated_at")
        .values_list("pk", flat=True)[:limit]
    )
    for job_id, requested_by in jobs:
        transaction.on_commit(
            lambda job_id=job_id, requested_by=requested_by: run_export_job.delay(job_id=job_id, actor_id=requested_by)
        )
    for report_id in reports:
        transaction.on_commit(lambda report_id=report_id: generate_consolidated_report.delay(report_id=report_id))
    if jobs or reports:
        logger.warning("Queued again %s export job(s) and %s report(s) left by a dead worker", len(jobs), len(reports))
    return {"export_jobs": len(jobs), "reports": len(reports)}
