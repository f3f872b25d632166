"""Reports' audit trail: a unit's report names the officer who wrote it and the staff
member who accepted it, a plan and its targets the staff member; the Celery tasks act
as the person who asked (an export) or as the system account (the monthly report)."""

import datetime

import pytest

from common.history import SYSTEM_USERNAME
from reports.models import ConsolidatedReport, ExportJob, Plan, Target
from reports.periodic import services as periodic
from reports.planning import services as planning
from reports.planning.tasks import generate_monthly_consolidated_report
from tests.history import HistoryWatch, assert_all_by
from tests.reports.periodic.conftest import GOOD, current, periods, schedule, today  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_unit_report_names_the_officer_then_the_staff_member(current, commune, officer, staff_user):  # noqa: F811
    watch = HistoryWatch()
    report = periodic.report_open(period=current, unit=commune, actor=officer)
    periodic.report_save_draft(report=report, raw={"mo_hinh_moi": "2"}, actor=officer)
    report = periodic.report_submit(report=report, raw=GOOD, actor=officer)
    assert_all_by(watch, officer, models={"reports.UnitReport"})

    watch = HistoryWatch()
    periodic.report_accept(report=report, actor=staff_user, comment="Đạt")
    assert_all_by(watch, staff_user, models={"reports.UnitReport"})


def test_plan_and_target_name_the_staff_member(province, staff_user):
    watch = HistoryWatch()

    plan = planning.plan_save(
        plan=Plan(
            number="106-KH/TĐTN-PT",
            issued_on=datetime.date(2026, 1, 5),
            title="Đồng hành với thanh niên khởi nghiệp năm 2026",
            issuer=province,
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        ),
        owner=province,
        actor=staff_user,
    )
    planning.target_save(
        target=Target(
            plan=plan,
            order=1,
            label="Mỗi đơn vị ít nhất 05 ý tưởng",
            source=Target.Source.COMPUTED,
            indicator_code="competitions.ideas_submitted",
            scope=Target.Scope.UNIT,
            unit_kinds="commune",
            comparison=Target.Comparison.AT_LEAST,
            value=5,
        ),
        actor=staff_user,
    )

    assert_all_by(watch, staff_user, models={"reports.Plan", "reports.Target"})


def test_export_task_acts_as_the_person_who_asked(staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = planning.export_job_create(
            kind=ExportJob.Kind.CONSOLIDATED, params={"start": "2026-01-01", "end": "2026-03-31"}, actor=staff_user
        )

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.report.created_by == staff_user


def test_monthly_task_acts_as_the_system_account(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert generate_monthly_consolidated_report() == "done"

    report = ConsolidatedReport.objects.get(scheduled=True)
    assert report.created_by.username == SYSTEM_USERNAME
    assert report.created_by.is_active is False
