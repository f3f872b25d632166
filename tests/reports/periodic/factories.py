import datetime

import factory
from factory.django import DjangoModelFactory

from reports.models import ReportField, ReportingSchedule
from tests.factories import province_unit


class ScheduleFactory(DjangoModelFactory):
    """Quarterly, due day 05 of the last month of the quarter, communes report."""

    class Meta:
        model = ReportingSchedule

    name = factory.Sequence(lambda n: f"Báo cáo quý {n}")
    owner = factory.LazyFunction(province_unit)
    frequency = ReportingSchedule.Frequency.QUARTERLY
    due_kind = ReportingSchedule.DueKind.RELATIVE
    due_day = 5
    due_month_offset = 0
    unit_kinds = ["commune"]
    active_from = datetime.date(2026, 1, 1)


class FieldFactory(DjangoModelFactory):
    class Meta:
        model = ReportField

    schedule = factory.SubFactory(ScheduleFactory)
    code = factory.Sequence(lambda n: f"chi_tieu_{n}")
    label = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    kind = ReportField.Kind.INTEGER
    order = factory.Sequence(lambda n: n)
