"""A monthly schedule (due day 05 of the month after) around the real today, so
`current` is open and not late and `past` is overdue whatever day the tests run."""

import datetime

import pytest
from django.utils import timezone

from common.history import system_actor
from reports.models import ReportField, ReportingSchedule
from reports.periodic import services
from tests.reports.periodic.factories import FieldFactory, ScheduleFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def schedule(db, today):
    schedule = ScheduleFactory(
        name="Báo cáo tháng kết quả khởi nghiệp",
        frequency=ReportingSchedule.Frequency.MONTHLY,
        due_month_offset=1,
        active_from=datetime.date(today.year - 1, 1, 1),
    )
    FieldFactory(schedule=schedule, code="mo_hinh_moi", label="Mô hình mới", kind=ReportField.Kind.INTEGER)
    FieldFactory(schedule=schedule, code="von_vay", label="Vốn vay (triệu đồng)", kind=ReportField.Kind.NUMBER)
    FieldFactory(
        schedule=schedule, code="kho_khan", label="Khó khăn, kiến nghị", kind=ReportField.Kind.TEXT, required=False
    )
    return schedule


@pytest.fixture
def periods(schedule, today):
    return services.periods_ensure(schedule=schedule, until=today, actor=system_actor())


@pytest.fixture
def current(periods):
    return periods[-1]


@pytest.fixture
def past(periods):
    return periods[-3]


GOOD = {"mo_hinh_moi": "3", "von_vay": "150,5", "kho_khan": "Thiếu vốn đối ứng"}
