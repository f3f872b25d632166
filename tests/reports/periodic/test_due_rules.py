"""Due-date rules: quarter ends, month ends, leap years, impossible fixed dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reports.models import ReportingSchedule

D = datetime.date
F = ReportingSchedule.Frequency

pytestmark = pytest.mark.django_db


def schedule(**kwargs):
    values = {
        "name": "x",
        "frequency": F.QUARTERLY,
        "due_kind": ReportingSchedule.DueKind.RELATIVE,
        "due_day": 5,
        "due_month_offset": 0,
        "unit_kinds": ["commune"],
        "active_from": D(2024, 1, 1),
    }
    values.update(kwargs)
    return ReportingSchedule(**values)


@pytest.mark.parametrize(
    ("day", "bounds", "due"),
    [
        (D(2026, 2, 10), (D(2026, 1, 1), D(2026, 3, 31)), D(2026, 3, 5)),
        (D(2026, 6, 30), (D(2026, 4, 1), D(2026, 6, 30)), D(2026, 6, 5)),
        (D(2026, 12, 31), (D(2026, 10, 1), D(2026, 12, 31)), D(2026, 12, 5)),
    ],
)
def test_quarterly_due_on_day_5_of_the_last_month_of_the_quarter(day, bounds, due):
    s = schedule()
    assert s.period_bounds(day) == bounds
    assert s.due_for(*bounds) == due
    s.full_clean(exclude=["name", "owner"], validate_unique=False)


def test_month_after_the_period_crosses_the_year():
    s = schedule(frequency=F.MONTHLY, due_month_offset=1)
    assert s.due_for(D(2026, 12, 1), D(2026, 12, 31)) == D(2027, 1, 5)
    assert s.period_label(D(2026, 12, 1)) == "Tháng 12/2026"


@pytest.mark.parametrize(("year", "due"), [(2024, D(2024, 2, 29)), (2026, D(2026, 2, 28)), (2100, D(2100, 2, 28))])
def test_last_day_of_month_follows_leap_years(year, due):
    s = schedule(frequency=F.MONTHLY, due_day=None, due_last_day=True)
    assert s.due_for(D(year, 2, 1), D(year, 2, 28)) == due


def test_last_day_of_month_of_quarter_ends():
    s = schedule(due_day=None, due_last_day=True)
    assert [s.due_for(*s.period_bounds(D(2026, m, 1))) for m in (1, 4, 7, 10)] == [
        D(2026, 3, 31),
        D(2026, 6, 30),
        D(2026, 9, 30),
        D(2026, 12, 31),
    ]


def test_half_yearly_periods_and_labels():
    s = schedule(frequency=F.HALF_YEARLY, due_month_offset=1, due_day=10)
    assert s.period_bounds(D(2026, 8, 1)) == (D(2026, 7, 1), D(2026, 12, 31))
    assert s.due_for(D(2026, 1, 1), D(2026, 6, 30)) == D(2026, 7, 10)
    assert s.period_label(D(2026, 7, 1)) == "6 tháng cuối năm 2026"


def test_yearly_fixed_date_15_11():
    s = schedule(frequency=F.YEARLY, due_kind="fixed", due_day=15, due_month=11)
    s.full_clean(exclude=["name", "owner"], validate_unique=False)
    assert s.due_for(D(2026, 1, 1), D(2026, 12, 31)) == D(2026, 11, 15)
    assert s.due_rule_display == "Ngày 15/11 hằng năm"


@pytest.mark.parametrize(("day", "month"), [(31, 2), (30, 2), (29, 2), (31, 4), (31, 11)])
def test_impossible_fixed_dates_are_refused(day, month):
    s = schedule(frequency=F.YEARLY, due_kind="fixed", due_day=day, due_month=month)
    with pytest.raises(ValidationError) as error:
        s.full_clean(exclude=["name", "owner"], validate_unique=False)
    assert f"Ngày {day:02d}/{month:02d} không có trong mọi năm" in str(error.value)


def test_fixed_last_day_of_february_is_28_or_29():
    s = schedule(frequency=F.YEARLY, due_kind="fixed", due_day=None, due_last_day=True, due_month=2)
    s.full_clean(exclude=["name", "owner"], validate_unique=False)
    assert s.due_for(D(2028, 1, 1), D(2028, 12, 31)) == D(2028, 2, 29)
    assert s.due_for(D(2027, 1, 1), D(2027, 12, 31)) == D(2027, 2, 28)


def test_relative_day_missing_from_some_landing_month_is_refused():
    with pytest.raises(ValidationError, match="Ngày 31 không có trong mọi tháng hạn"):
        schedule(due_day=31).full_clean(exclude=["name", "owner"], validate_unique=False)  # 30/6, 30/9
    with pytest.raises(ValidationError, match="tháng ngắn nhất có 28 ngày"):
        schedule(frequency=F.MONTHLY, due_day=29).full_clean(exclude=["name", "owner"], validate_unique=False)
    schedule(due_day=30).full_clean(exclude=["name", "owner"], validate_unique=False)  # every quarter end has a 30th


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"due_kind": "fixed", "due_month": 11}, "chỉ dùng cho báo cáo năm"),
        ({"due_day": None}, "Nhập ngày hạn"),
        ({"due_last_day": True}, "không chọn cả hai"),
        ({"unit_kinds": []}, "Chọn ít nhất một loại đơn vị"),
        ({"active_until": D(2023, 1, 1)}, "phải sau ngày bắt đầu"),
    ],
)
def test_bad_rules_are_refused_with_a_message(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        schedule(**kwargs).full_clean(exclude=["name", "owner"], validate_unique=False)
