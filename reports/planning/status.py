"""What `manage.py portal_status` says of consolidated reports and exports (registered in
`planning.ready()` with `common.monitoring.register_status_source`).

Two lines: the reports and exports that failed in the last 24 hours (past
STATUS_FAILED_OUTPUTS_MAX, 0 by default, they ask for attention), and those still marked
running but not refreshed for OUTPUT_CLAIM_STALE_SECONDS (their worker died; the sweep
queues them again, so they should not stay). A report made through an export job is counted
through its job. Each count reads the (status, updated_at) index.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from common.formatting import format_moment
from common.monitoring import ATTENTION, FAILED_WINDOW, OK, StatusLine, status_setting

from ..models import ConsolidatedReport, ExportJob
from ..models.outputs import OutputStatus

SHOWN = 5


def _first_line(text: str) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line[:160]


def outputs_status(*, now: datetime.datetime) -> list[StatusLine]:
    since = now - FAILED_WINDOW
    failed_jobs = ExportJob.objects.filter(status=OutputStatus.FAILED, updated_at__gte=since)
    failed_reports = ConsolidatedReport.objects.filter(
        status=OutputStatus.FAILED, updated_at__gte=since, jobs__isnull=True
    )
    failed = failed_jobs.count() + failed_reports.count()
    details = [
        _("Tệp xuất #%(pk)d (%(kind)s) lúc %(at)s: %(error)s")
        % {
            "pk": job.pk,
            "kind": job.get_kind_display(),
            "at": format_moment(job.updated_at),
            "error": _first_line(job.error),
        }
        for job in failed_jobs.order_by("-updated_at")[:SHOWN]
    ] + [
        _("Báo cáo tổng hợp #%(pk)d (%(report)s) lúc %(at)s: %(error)s")
        % {
            "pk": report.pk,
            "report": report,
            "at": format_moment(report.updated_at),
            "error": _first_line(report.error),
        }
        for report in failed_reports.order_by("-updated_at")[:SHOWN]
    ]
    limit = status_setting("STATUS_FAILED_OUTPUTS_MAX", 0)

    stale_before = now - datetime.timedelta(seconds=settings.OUTPUT_CLAIM_STALE_SECONDS)
    stuck_jobs = ExportJob.objects.filter(status=OutputStatus.RUNNING, updated_at__lt=stale_before)
    stuck_reports = ConsolidatedReport.objects.filter(
        status=OutputStatus.RUNNING, updated_at__lt=stale_before, jobs__isnull=True
    )
    stuck = stuck_jobs.count() + stuck_reports.count()
    stuck_details = [
        _("Tệp xuất #%(pk)d, cập nhật lần cuối lúc %(at)s") % {"pk": pk, "at": format_moment(at)}
        for pk, at in stuck_jobs.order_by("updated_at").values_list("pk", "updated_at")[:SHOWN]
    ] + [
        _("Báo cáo tổng hợp #%(pk)d, cập nhật lần cuối lúc %(at)s") % {"pk": pk, "at": format_moment(at)}
        for pk, at in stuck_reports.order_by("updated_at").values_list("pk", "updated_at")[:SHOWN]
    ]
    return [
        StatusLine(
            "outputs_failed",
            ATTENTION if failed > limit else OK,
            _("Báo cáo, tệp xuất bị lỗi trong 24 giờ qua: %(n)d (ngưỡng %(limit)d)") % {"n": failed, "limit": limit},
            value={"count": failed, "limit": limit},
            details=details,
        ),
        StatusLine(
            "outputs_stuck",
            ATTENTION if stuck else OK,
            _("Báo cáo, tệp xuất đang tạo nhưng không tiến triển quá %(seconds)d giây: %(n)d")
            % {"seconds": settings.OUTPUT_CLAIM_STALE_SECONDS, "n": stuck},
            value={"count": stuck, "stale_seconds": settings.OUTPUT_CLAIM_STALE_SECONDS},
            details=stuck_details,
        ),
    ]
