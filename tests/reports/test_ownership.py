"""Plans and reporting schedules belong to the unit that runs them.

Staff of another province neither see nor manage Sơn La's plans and schedules; a commune's
officer still sees the province's plan and reports to its schedule; a school union runs its
own plan, which the province's staff see but do not manage; a schedule run by a commune is
reviewed by the commune's staff, not the province's.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Membership
from reports.models import Plan, PlanActivity, ReportingPeriod, Target, UnitReport
from reports.periodic import deadlines, services
from tests.factories import UnitFactory, user_with_role
from tests.reports.periodic.factories import FieldFactory, ScheduleFactory
from tests.reports.planning.factories import ActivityFactory, PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 20)


@pytest.fixture
def son_la_plan(province):
    return PlanFactory(issuer=province, title="Kế hoạch của Tỉnh đoàn Sơn La")


@pytest.fixture
def lai_chau_plan(lai_chau):
    return PlanFactory(issuer=lai_chau, owner=lai_chau, title="Kế hoạch của Tỉnh đoàn Lai Châu")


# Plans: what another province's staff see -------------------------------------------


def test_other_province_staff_list_only_their_own_plans(client, lai_chau_staff, son_la_plan, lai_chau_plan):
    client.force_login(lai_chau_staff)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["plans"]] == [lai_chau_plan.pk]
    assert "Kế hoạch của Tỉnh đoàn Sơn La" not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("reports:plan-detail", lambda plan, target, activity: {"pk": plan.pk}),
        ("reports:plan-update", lambda plan, target, activity: {"pk": plan.pk}),
        ("reports:plan-document", lambda plan, target, activity: {"pk": plan.pk}),
        ("reports:target-create", lambda plan, target, activity: {"plan_pk": plan.pk}),
        ("reports:target-update", lambda plan, target, activity: {"pk": target.pk}),
        ("reports:activity-create", lambda plan, target, activity: {"plan_pk": plan.pk}),
        ("reports:activity-update", lambda plan, target, activity: {"pk": activity.pk}),
    ],
)
def test_other_province_staff_cannot_reach_son_la_plan_pages(client, lai_chau_staff, son_la_plan, name, kwargs):
    target = TargetFactory(plan=son_la_plan)
    activity = ActivityFactory(plan=son_la_plan)
    client.force_login(lai_chau_staff)
    response = client.get(reverse(name, kwargs=kwargs(son_la_plan, target, activity)))
    assert response.status_code == 404


def test_forged_posts_of_other_province_staff_change_nothing(client, lai_chau_staff, son_la_plan, province):
    target = TargetFactory(plan=son_la_plan)
    activity = ActivityFactory(plan=son_la_plan)
    client.force_login(lai_chau_staff)

    responses = [
        client.post(reverse("reports:target-delete", kwargs={"pk": target.pk})),
        client.post(reverse("reports:activity-delete", kwargs={"pk": activity.pk})),
        client.post(
            reverse("reports:plan-update", kwargs={"pk": son_la_plan.pk}),
            {
                "owner": province.pk,
                "number": son_la_plan.number,
                "issued_on": "2026-01-05",
                "title": "Đã bị sửa",
                "issuer": province.pk,
                "start_date": "2026-01-01",
                "end_date": "2026-12-31",
            },
        ),
        client.post(reverse("reports:target-create", kwargs={"plan_pk": son_la_plan.pk}), {"label": "x"}),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert Target.objects.filter(pk=target.pk).exists()
    assert PlanActivity.objects.filter(pk=activity.pk).exists()
    son_la_plan.refresh_from_db()
    assert son_la_plan.title == "Kế hoạch của Tỉnh đoàn Sơn La"
    assert Target.objects.count() == 1


def test_other_province_staff_manage_their_own_plan(client, lai_chau_staff, lai_chau_plan):
    target = TargetFactory(plan=lai_chau_plan)
    client.force_login(lai_chau_staff)

    detail = client.get(reverse("reports:plan-detail", kwargs={"pk": lai_chau_plan.pk}))
    deleted = client.post(reverse("reports:target-delete", kwargs={"pk": target.pk}))

    assert detail.context["can_manage"] is True
    assert reverse("reports:plan-update", kwargs={"pk": lai_chau_plan.pk}) in detail.content.decode()
    assert deleted.status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()


def test_plan_form_offers_only_the_units_the_user_runs(client, lai_chau_staff, lai_chau, province):
    client.force_login(lai_chau_staff)
    form = client.get(reverse("reports:plan-create")).context["form"]
    assert list(form.fields["owner"].queryset) == [lai_chau]
    assert form.initial["owner"] == lai_chau.pk


def test_plan_with_a_forged_owner_is_refused(client, lai_chau_staff, lai_chau, province):
    client.force_login(lai_chau_staff)
    response = client.post(
        reverse("reports:plan-create"),
        {
            "owner": province.pk,
            "number": "7-KH/TĐTN",
            "issued_on": "2026-01-05",
            "title": "Kế hoạch giả danh Sơn La",
            "issuer": lai_chau.pk,
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert not Plan.objects.exists()


def test_plan_save_refuses_an_owner_the_actor_does_not_run(lai_chau_staff, province, lai_chau):
    from reports.planning.services import plan_save

    plan = Plan(
        number="8-KH",
        issued_on=datetime.date(2026, 1, 5),
        title="Kế hoạch",
        issuer=lai_chau,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    with pytest.raises(PermissionDenied):
        plan_save(plan=plan, owner=province, actor=lai_chau_staff)
    assert not Plan.objects.exists()


# Plans: the units below -------------------------------------------------------------


def test_commune_officer_still_sees_the_province_plan(client, officer, son_la_plan):
    client.force_login(officer)
    dashboard = client.get(reverse("reports:dashboard"))
    detail = client.get(reverse("reports:plan-detail", kwargs={"pk": son_la_plan.pk}))
    assert [p.pk for p in dashboard.context["plans"]] == [son_la_plan.pk]
    assert detail.status_code == 200
    assert detail.context["can_manage"] is False


def test_school_runs_its_plan_the_province_sees_but_does_not_manage_it(client, staff_user, school_staff, school):
    plan = PlanFactory(issuer=school, owner=school, title="Kế hoạch của Đoàn trường")
    target = TargetFactory(plan=plan)

    client.force_login(staff_user)
    detail = client.get(reverse("reports:plan-detail", kwargs={"pk": plan.pk}))
    edit = client.get(reverse("reports:plan-update", kwargs={"pk": plan.pk}))
    delete = client.post(reverse("reports:target-delete", kwargs={"pk": target.pk}))
    assert (detail.status_code, detail.context["can_manage"]) == (200, False)
    assert reverse("reports:plan-update", kwargs={"pk": plan.pk}) not in detail.content.decode()
    assert (edit.status_code, delete.status_code) == (403, 403)
    assert Target.objects.filter(pk=target.pk).exists()

    client.force_login(school_staff)
    assert client.get(reverse("reports:plan-update", kwargs={"pk": plan.pk})).status_code == 200


def test_admin_lists_visible_plans_and_changes_only_those_run(client, staff_user, lai_chau_plan, school):
    school_plan = PlanFactory(issuer=school, owner=school, title="Kế hoạch của Đoàn trường")
    own = PlanFactory(title="Kế hoạch của Tỉnh đoàn Sơn La")
    client.force_login(staff_user)

    listed = client.get(reverse("admin:reports_plan_changelist"))
    school_page = client.get(reverse("admin:reports_plan_change", args=[school_plan.pk]))
    own_page = client.get(reverse("admin:reports_plan_change", args=[own.pk]))

    assert {p.pk for p in listed.context["cl"].result_list} == {school_plan.pk, own.pk}
    assert school_page.context["has_change_permission"] is False
    assert own_page.context["has_change_permission"] is True


# Reporting schedules ---------------------------------------------------------------


@pytest.fixture
def lai_chau_commune(lai_chau):
    return UnitFactory(name="Đoàn xã Bản Hon", code="ban-hon", parent=lai_chau)


@pytest.fixture
def schedules(province, lai_chau, commune, branch, lai_chau_commune):
    son_la = ScheduleFactory(name="Báo cáo quý của Sơn La", active_from=datetime.date(2026, 1, 1))
    other = ScheduleFactory(name="Báo cáo quý của Lai Châu", owner=lai_chau, active_from=datetime.date(2026, 1, 1))
    by_commune = ScheduleFactory(
        name="Báo cáo quý của chi đoàn", owner=commune, unit_kinds=["branch"], active_from=datetime.date(2026, 1, 1)
    )
    for schedule in (son_la, other, by_commune):
        FieldFactory(schedule=schedule, code="mo_hinh_moi")
        services.periods_ensure(schedule=schedule, until=TODAY, actor=None)
    return {"son_la": son_la, "lai_chau": other, "commune": by_commune}


def _period(schedule) -> ReportingPeriod:
    return ReportingPeriod.objects.get(schedule=schedule, start=datetime.date(2026, 4, 1))


@time_machine.travel(datetime.datetime(2026, 6, 20, 3, 0, tzinfo=datetime.UTC), tick=False)
def test_units_owe_only_the_schedules_of_the_units_above_them(client, officer, schedules, commune, lai_chau_commune):
    owed = deadlines.owing(start=datetime.date(2026, 6, 1), end=datetime.date(2026, 6, 30))
    client.force_login(officer)
    response = client.get(reverse("reports:periodic-list"))
    fill_other = client.get(
        reverse(
            "reports:periodic-fill", kwargs={"period_pk": _period(schedules["lai_chau"]).pk, "unit_pk": commune.pk}
        )
    )

    assert {(p.schedule.name, u.code) for p, u, _r in owed} == {
        ("Báo cáo quý của Sơn La", "to-hieu"),
        ("Báo cáo quý của Lai Châu", "ban-hon"),
        ("Báo cáo quý của chi đoàn", "chi-doan-to-5"),
    }
    assert {s.name for s in response.context["schedules"]} == {"Báo cáo quý của Sơn La", "Báo cáo quý của chi đoàn"}
    assert {(r.period.schedule.name, r.unit.code) for r in response.context["owed"]} == {
        ("Báo cáo quý của Sơn La", "to-hieu"),
        ("Báo cáo quý của chi đoàn", "chi-doan-to-5"),
    }
    assert fill_other.status_code == 404


@time_machine.travel(datetime.datetime(2026, 6, 20, 3, 0, tzinfo=datetime.UTC), tick=False)
def test_other_province_staff_cannot_review_or_export_son_la_reports(
    client, lai_chau_staff, officer, commune, schedules
):
    period = _period(schedules["son_la"])
    report = services.report_open(period=period, unit=commune, actor=officer)
    services.report_submit(report=report, raw={"mo_hinh_moi": "2"}, actor=officer)
    client.force_login(lai_chau_staff)

    queue = client.get(reverse("reports:periodic-review"))
    detail = client.post(reverse("reports:periodic-report", kwargs={"pk": report.pk}), {"action": "accept"})
    export = client.get(reverse("reports:periodic-period-export", kwargs={"pk": period.pk}))

    assert list(queue.context["reports"]) == []
    assert {p.period.schedule.name for p in queue.context["progress"]} == {"Báo cáo quý của Lai Châu"}
    assert (detail.status_code, export.status_code) == (404, 404)
    report.refresh_from_db()
    assert report.status == UnitReport.Status.SUBMITTED


@time_machine.travel(datetime.datetime(2026, 6, 20, 3, 0, tzinfo=datetime.UTC), tick=False)
def test_a_commune_schedule_is_reviewed_by_the_commune_not_the_province(
    client, staff_user, officer, commune, branch, schedules
):
    commune_staff = user_with_role(Membership.Role.STAFF, commune, username="staff-to-hieu")
    report = services.report_open(period=_period(schedules["commune"]), unit=branch, actor=officer)
    services.report_submit(report=report, raw={"mo_hinh_moi": "1"}, actor=officer)

    client.force_login(staff_user)
    seen = client.get(reverse("reports:periodic-report", kwargs={"pk": report.pk}))
    forged = client.post(reverse("reports:periodic-report", kwargs={"pk": report.pk}), {"action": "accept"})
    assert (seen.status_code, seen.context["can_review"]) == (200, False)
    assert forged.status_code == 403
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, actor=staff_user)
    report.refresh_from_db()
    assert report.status == UnitReport.Status.SUBMITTED

    client.force_login(commune_staff)
    assert [r.pk for r in client.get(reverse("reports:periodic-review")).context["reports"]] == [report.pk]
    client.post(reverse("reports:periodic-report", kwargs={"pk": report.pk}), {"action": "accept"})
    report.refresh_from_db()
    assert report.status == UnitReport.Status.ACCEPTED


# Consolidated reports ----------------------------------------------------------------


def test_consolidated_report_judges_only_the_plans_its_asker_sees(lai_chau_staff, son_la_plan, lai_chau_plan):
    from common.history import system_actor
    from common.indicators import Period
    from reports.planning.consolidated import consolidated_data
    from reports.planning.selectors import plans_judged_by
    from reports.planning.services import consolidated_report_request

    year = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    asked = consolidated_report_request(start=year.start, end=year.end, actor=lai_chau_staff)
    monthly = consolidated_report_request(start=year.start, end=year.end, actor=system_actor())

    asked_plans = [p.plan.pk for p in consolidated_data(period=year, plans=plans_judged_by(asked)).plans]
    assert asked_plans == [lai_chau_plan.pk]
    assert plans_judged_by(monthly) is None
