"""Targets read from units' periodic reports; the demo plan; the menu item."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone

from common.demo import DemoContext
from common.indicators import Period
from reports.models import Plan, ReportingPeriod, ReportValue, Target, UnitReport
from reports.planning.demo import PLAN_NUMBER, load_plans
from reports.planning.progress import GREEN, NONE, RED, PlanProgress
from reports.planning.reported import reported_measures
from tests.reports.periodic.factories import FieldFactory

from .factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


def _report(field, unit, *, start, end, number, status=UnitReport.Status.ACCEPTED):
    period, _created = ReportingPeriod.objects.get_or_create(
        schedule=field.schedule, start=start, defaults={"end": end, "due": end, "label": f"{start:%m/%Y}"}
    )
    report = UnitReport.objects.create(
        period=period, unit=unit, status=status, submitted_at=None if status == "draft" else timezone.now()
    )
    ReportValue.objects.create(report=report, field=field, number=Decimal(number))


def test_reported_figure_is_the_units_latest_sent_report(commune, other_commune):
    field = FieldFactory(code="fanpage_co_bai_viet")
    q1 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 3, 31)}
    q2 = {"start": datetime.date(2026, 4, 1), "end": datetime.date(2026, 6, 30)}
    _report(field, commune, **q1, number=0)
    _report(field, commune, **q2, number=1)
    _report(field, other_commune, **q1, number=1)
    _report(field, other_commune, **q2, number=7, status=UnitReport.Status.DRAFT)  # not sent
    found = reported_measures(code="fanpage_co_bai_viet", period=Period.year(2026))
    assert {k: v.value for k, v in found.items()} == {commune.pk: Decimal(1), other_commune.pk: Decimal(1)}


def test_reported_target_lights_and_units_without_a_report(province, commune, other_commune):
    field = FieldFactory(code="fanpage_co_bai_viet")
    _report(field, commune, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), number=1)
    plan = PlanFactory(issuer=province)
    TargetFactory(
        plan=plan,
        source=Target.Source.REPORTED,
        indicator_code="",
        report_field_code="fanpage_co_bai_viet",
        value=Decimal(1),
    )
    progress = PlanProgress(plan=plan, today=datetime.date(2027, 1, 5))
    lights = {c.unit.pk: c.light for c in progress.targets[0].cells}
    assert lights == {commune.pk: GREEN, other_commune.pk: NONE}
    assert RED not in lights.values()


def test_demo_loads_the_son_la_2021_plan_once(province):
    ctx = DemoContext(stdout=StringIO(), units={"tinh-doan-son-la": province})
    load_plans(ctx)
    load_plans(ctx)
    plan = Plan.objects.get(number=PLAN_NUMBER)
    assert (plan.start_date, plan.end_date) == (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    assert plan.activities.count() == 7
    first = plan.targets.get(order=1)
    assert (first.indicator_code, first.scope, first.value) == ("competitions.ideas_submitted", "unit", Decimal(5))
    assert plan.targets.filter(source=Target.Source.REPORTED).count() == 1


def test_menu_shows_reports_to_staff_and_officers(client, staff_user, officer, judge):
    url = reverse("reports:dashboard")
    for user, shown in ((staff_user, True), (officer, True), (judge, False)):
        client.force_login(user)
        assert (f'href="{url}"' in client.get(reverse("home")).content.decode()) is shown
