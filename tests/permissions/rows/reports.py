"""Reports: plans and their dashboards (planning), units' periodic reports and deadlines (periodic).

Provincial staff keep the plans, the reporting schedules, the consolidated reports and
the review; unit officers read the dashboards of their own subtree (another unit's
drill-down is a 404) and fill their own unit's reports. Judges, the council and the
bank's liaison have no reports pages (403). `prepare` attaches the plan's signed
document, a finished consolidated report and a finished export asked for by Tô Hiệu's
officer (an export is seen by whoever asked for it, and by staff).
"""

from ..matrix import LAI_CHAU_READ, LAI_CHAU_RUN, OFFICERS, OK, STAFF, UNIT, Row, expect, post_only

PLAN_NUMBER = "12-KH/TĐTN-PT"
YEARLY = "Báo cáo năm kết quả phát triển kinh tế tập thể trong thanh niên"


def _plan(w):
    return {"pk": w.pk("reports.Plan", number=PLAN_NUMBER)}


def _plan_child(w):
    return {"plan_pk": _plan(w)["pk"]}


def _open_period(w):
    """This year's yearly report: under way since 1 January, and Tô Hiệu has not sent it."""
    return w.made["reports_open_period"]


def _accepted(w):
    return {"pk": w.pk("reports.UnitReport", unit__code="to-hieu", status="accepted")}


ROWS = {
    # Planning: the dashboard and a plan's pages are the officer's subtree, read-only.
    "reports:dashboard": Row(OFFICERS),
    "reports:plan-detail": Row(OFFICERS, kwargs=_plan),
    "reports:plan-document": Row(OFFICERS, kwargs=_plan),
    "reports:plan-export": Row(post_only(OFFICERS), kwargs=_plan),
    "reports:plan-unit": Row(UNIT, kwargs=lambda w: {**_plan(w), "unit_pk": w.pk("accounts.Unit", code="to-hieu")}),
    "reports:plan-create": Row(STAFF),
    "reports:plan-update": Row(STAFF, kwargs=_plan),
    "reports:activity-create": Row(STAFF, kwargs=_plan_child),
    "reports:activity-update": Row(STAFF, kwargs=lambda w: {"pk": w.pk("reports.PlanActivity")}),
    "reports:activity-delete": Row(post_only(STAFF), kwargs=lambda w: {"pk": w.pk("reports.PlanActivity")}),
    "reports:target-create": Row(STAFF, kwargs=_plan_child),
    "reports:target-update": Row(STAFF, kwargs=lambda w: {"pk": w.pk("reports.Target")}),
    "reports:target-delete": Row(post_only(STAFF), kwargs=lambda w: {"pk": w.pk("reports.Target")}),
    "reports:consolidated-list": Row(STAFF),
    "reports:consolidated-download": Row(
        expect(STAFF, national=OK),
        kwargs=lambda w: {"pk": w.made["reports_consolidated"], "fmt": "xlsx"},
    ),
    # An export asked for by Tô Hiệu's officer: theirs and staff's, nobody else's.
    "reports:export-detail": Row(UNIT, kwargs=lambda w: {"pk": w.made["reports_export"]}),
    "reports:export-download": Row(UNIT, kwargs=lambda w: {"pk": w.made["reports_export"]}),
    # Periodic: every officer lists what their units owe; a unit's form and reports are its own.
    "reports:periodic-list": Row(OFFICERS),
    "reports:periodic-fill": Row(
        UNIT,
        kwargs=lambda w: {"period_pk": _open_period(w), "unit_pk": w.pk("accounts.Unit", code="to-hieu")},
    ),
    "reports:periodic-report": Row(UNIT, kwargs=_accepted),
    "reports:periodic-report-void": Row(STAFF, kwargs=_accepted),
    "reports:periodic-review": Row(STAFF),
    # One period's units: every officer under the schedule's owner opens it (their own units).
    "reports:periodic-period": Row(OFFICERS, kwargs=lambda w: {"pk": _open_period(w)}),
    "reports:periodic-period-export": Row(STAFF, kwargs=lambda w: {"pk": _open_period(w)}),
    "reports:periodic-deadlines": Row(STAFF),
    "reports:periodic-late": Row(STAFF),
}


# Lai Châu's own plan: Sơn La's staff and officers neither read nor change it.
LAI_CHAU_ROWS = {
    "reports:plan-detail": Row(LAI_CHAU_READ, kwargs=lambda w: {"pk": w.lai_chau("reports.Plan")}),
    "reports:plan-update": Row(LAI_CHAU_RUN, kwargs=lambda w: {"pk": w.lai_chau("reports.Plan")}),
    "reports:activity-create": Row(LAI_CHAU_RUN, kwargs=lambda w: {"plan_pk": w.lai_chau("reports.Plan")}),
}


def prepare(world) -> None:
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import User
    from reports.models import ConsolidatedReport, ExportJob, Plan, ReportingPeriod

    today = timezone.localdate()
    staff = User.objects.get(username="tinhdoan")
    officer = User.objects.get(username="tohieu")
    plan = Plan.objects.get(number=PLAN_NUMBER)
    if not plan.document:
        plan.document.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4\n%matrix\n"), save=True)
    # Not "the quarter whose due date is ahead": from the 6th of a quarter's last month to its
    # end there is none, and Tô Hiệu has sent the quarter under way. This year's yearly period
    # has begun on any day of the year (a report is refused before its period begins), and the
    # demo sends no yearly report.
    period = ReportingPeriod.objects.get(schedule__name=YEARLY, start=datetime.date(today.year, 1, 1))
    assert not period.reports.filter(unit__code="to-hieu").exists(), "Tô Hiệu has sent this year's yearly report"
    consolidated = ConsolidatedReport(
        kind=ConsolidatedReport.Kind.CUSTOM,
        period_start=today.replace(day=1),
        period_end=today,
        status=ConsolidatedReport.Status.DONE,
        generated_at=timezone.now(),
        created_by=staff,
        owner=plan.owner,
    )
    consolidated.excel_file.save("tong-hop.xlsx", ContentFile(_workbook()), save=False)
    consolidated.pdf_file.save("tong-hop.pdf", ContentFile(b"%PDF-1.4\n%matrix\n"), save=False)
    consolidated.save()
    job = ExportJob(
        kind=ExportJob.Kind.TARGETS_UNITS,
        params={"plan": plan.pk},
        status=ExportJob.Status.DONE,
        progress=100,
        finished_at=timezone.now(),
        requested_by=officer,
    )
    job.file.save("chi-tieu-to-hieu.xlsx", ContentFile(_workbook()), save=False)
    job.save()
    world.made.update(reports_open_period=period.pk, reports_consolidated=consolidated.pk, reports_export=job.pk)


def _workbook() -> bytes:
    """A real (tiny) workbook: the security checks open every export they meet."""
    from common.excel import build_workbook

    return build_workbook(title="Tổng hợp", headers=["Chỉ tiêu", "Giá trị"], rows=[["Ý tưởng đã nộp", 5]])
