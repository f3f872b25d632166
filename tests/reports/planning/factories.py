import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from reports.models import Plan, PlanActivity, Target
from tests.factories import UnitFactory, province_unit


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    number = factory.Sequence(lambda n: f"{100 + n}-KH/TĐTN-PT")
    issued_on = datetime.date(2026, 1, 5)
    title = "Tổ chức các hoạt động đồng hành với thanh niên khởi nghiệp năm 2026"
    issuer = factory.SubFactory(UnitFactory)
    owner = factory.LazyFunction(province_unit)
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = PlanActivity

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    content = "Tổ chức cuộc thi “Dự án, ý tưởng khởi nghiệp”"
    timeline = "Tháng 3/2026"


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    label = "Mỗi đơn vị ít nhất 05 ý tưởng"
    source = Target.Source.COMPUTED
    indicator_code = "competitions.ideas_submitted"
    scope = Target.Scope.UNIT
    unit_kinds = "commune"
    comparison = Target.Comparison.AT_LEAST
    value = Decimal(5)
