"""Periods, drafts, submitting, review; bad numbers and edits after acceptance refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from common.history import system_actor
from reports.models import ReportingPeriod, ReportValue, UnitReport
from reports.periodic import services
from tests.reports.periodic.conftest import GOOD

pytestmark = pytest.mark.django_db


def test_periods_ensure_is_idempotent_and_labels_months(schedule, periods, today):
    again = services.periods_ensure(schedule=schedule, until=today, actor=system_actor())
    assert [p.pk for p in again] == [p.pk for p in periods]
    assert ReportingPeriod.objects.filter(schedule=schedule).count() == len(periods) == 12 + today.month
    first = periods[0]
    assert (first.start, first.end, first.due, first.label) == (
        datetime.date(today.year - 1, 1, 1),
        datetime.date(today.year - 1, 1, 31),
        datetime.date(today.year - 1, 2, 5),
        f"Tháng 01/{today.year - 1}",
    )


def test_periods_stop_at_active_until(schedule, today):
    schedule.active_until = datetime.date(today.year - 1, 3, 31)
    schedule.save()
    assert len(services.periods_ensure(schedule=schedule, until=today, actor=system_actor())) == 3


def test_draft_then_submit_on_time(current, commune, officer):
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_save_draft(report=report, raw={"mo_hinh_moi": "2"}, actor=officer)
    report = services.report_submit(report=report, raw=GOOD, notes="Ổn", actor=officer)

    assert report.status == UnitReport.Status.SUBMITTED
    assert not report.submitted_late
    assert not report.is_late
    values = {v.field.code: v.value for v in report.values.select_related("field")}
    assert values == {"mo_hinh_moi": Decimal("3"), "von_vay": Decimal("150.5"), "kho_khan": "Thiếu vốn đối ứng"}


def test_submit_after_due_is_marked_late(past, commune, officer):
    report = services.report_open(period=past, unit=commune, actor=officer)
    assert report.is_late  # still a draft after the due date
    report = services.report_submit(report=report, raw=GOOD, actor=officer)
    assert report.submitted_late
    assert report.is_late


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ({"mo_hinh_moi": "-1"}, "mo_hinh_moi", "Số liệu không được âm."),
        ({"mo_hinh_moi": "ba"}, "mo_hinh_moi", "“ba” không phải là số."),
        ({"mo_hinh_moi": "2,5"}, "mo_hinh_moi", "Chỉ tiêu này là số nguyên."),
        ({"von_vay": "1e9999"}, "von_vay", "Số liệu quá lớn."),
        ({"von_vay": "NaN"}, "von_vay", "“NaN” không phải là số."),
        ({"von_vay": "1,234"}, "von_vay", "Tối đa 2 chữ số thập phân."),
    ],
)
def test_bad_numbers_are_refused_and_nothing_is_saved(current, commune, officer, raw, code, message):
    report = services.report_open(period=current, unit=commune, actor=officer)
    with pytest.raises(ValidationError) as error:
        services.report_save_draft(report=report, raw={**GOOD, **raw}, actor=officer)
    assert error.value.message_dict[code] == [message]
    assert not ReportValue.objects.exists()


def test_vietnamese_number_formats_are_read(current, commune, officer):
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_save_draft(report=report, raw={"mo_hinh_moi": "1.200", "von_vay": "1.500,25"}, actor=officer)
    values = dict(ReportValue.objects.values_list("field__code", "number"))
    assert values["mo_hinh_moi"] == Decimal("1200")
    assert values["von_vay"] == Decimal("1500.25")


def test_submit_requires_required_lines(current, commune, officer):
    report = services.report_open(period=current, unit=commune, actor=officer)
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, raw={"mo_hinh_moi": "1"}, actor=officer)
    assert error.value.message_dict == {"von_vay": ["Chỉ tiêu bắt buộc, chưa nhập."]}
    report.refresh_from_db()
    assert report.status == UnitReport.Status.DRAFT


def test_return_then_fix_then_accept_then_edits_refused(
    current, commune, officer, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_submit(report=report, raw=GOOD, actor=officer)
    with pytest.raises(ValidationError, match="chờ duyệt"):
        services.report_save_draft(report=report, raw=GOOD, actor=officer)
    with pytest.raises(ValidationError, match="lý do trả lại"):
        services.report_return(report=report, actor=staff_user, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, actor=staff_user, comment="Số vốn chưa khớp")
    assert [m.to for m in mailoutbox] == [[officer.email]]

    services.report_submit(report=report, raw={**GOOD, "von_vay": "140"}, actor=officer)
    report = services.report_accept(report=report, actor=staff_user)
    assert report.status == UnitReport.Status.ACCEPTED

    for call in (services.report_save_draft, services.report_submit):
        with pytest.raises(ValidationError, match="đã được Tỉnh đoàn tiếp nhận"):
            call(report=report, raw=GOOD, actor=officer)
    with pytest.raises(ValidationError):
        services.report_accept(report=report, actor=staff_user)
    assert ReportValue.objects.get(field__code="von_vay").number == Decimal("140")


def test_unit_kind_not_reporting_is_refused(current, branch, officer):
    with pytest.raises(ValidationError, match="không thuộc diện báo cáo"):
        services.report_open(period=current, unit=branch, actor=officer)


def test_database_holds_one_report_per_unit_and_period_and_no_negative_number(current, commune, officer):
    report = services.report_open(period=current, unit=commune, actor=officer)
    assert services.report_open(period=current, unit=commune, actor=officer) == report
    with pytest.raises(IntegrityError):
        UnitReport.objects.create(period=current, unit=commune)


def test_negative_number_refused_by_the_database(current, commune, officer):
    report = services.report_open(period=current, unit=commune, actor=officer)
    field = current.schedule.fields.get(code="mo_hinh_moi")
    with pytest.raises(IntegrityError):
        ReportValue.objects.create(report=report, field=field, number=Decimal("-1"))
