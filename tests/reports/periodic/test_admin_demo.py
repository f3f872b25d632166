"""Staff define schedules in the admin (an impossible date refused, periods made);
the demo loader is idempotent."""

import datetime
import io

import pytest
from django.urls import reverse

from accounts import demo as accounts_demo
from common.demo import DemoContext
from reports.models import ReminderOffset, ReportingPeriod, ReportingSchedule, UnitReport
from reports.periodic.demo import load_periodic

pytestmark = pytest.mark.django_db


def _post(**overrides):
    from tests.factories import province_unit

    data = {
        "owner": str(province_unit().pk),
        "name": "Báo cáo năm kinh tế tập thể",
        "frequency": "yearly",
        "due_kind": "fixed",
        "due_day": "15",
        "due_month": "11",
        "due_month_offset": "0",
        "unit_kinds": ["commune"],
        "active_from": "01/01/2026",
        "is_active": "on",
        "fields-TOTAL_FORMS": "1",
        "fields-INITIAL_FORMS": "0",
        "fields-MIN_NUM_FORMS": "0",
        "fields-MAX_NUM_FORMS": "1000",
        "fields-0-order": "1",
        "fields-0-code": "htx_moi",
        "fields-0-label": "Hợp tác xã mới",
        "fields-0-kind": "integer",
        "fields-0-required": "on",
    }
    data.update(overrides)
    return data


def test_staff_creates_a_yearly_schedule_and_its_periods(client, staff_user):
    client.force_login(staff_user)
    url = reverse("admin:reports_reportingschedule_add")
    assert client.get(url).status_code == 200
    response = client.post(url, _post())
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule = ReportingSchedule.objects.get()
    assert schedule.fields.get().code == "htx_moi"
    first = ReportingPeriod.objects.filter(schedule=schedule).order_by("start").first()
    assert (first.label, first.due) == ("Năm 2026", datetime.date(2026, 11, 15))


def test_admin_refuses_31_february(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("admin:reports_reportingschedule_add"), _post(due_day="31", due_month="2"))
    assert response.status_code == 200
    assert "Ngày 31/02 không có trong mọi năm" in response.content.decode()
    assert not ReportingSchedule.objects.exists()


def test_officer_has_no_admin(client, officer):
    client.force_login(officer)
    assert client.get(reverse("admin:reports_reportingschedule_changelist")).status_code in (302, 403)


def test_demo_is_idempotent():
    ctx = DemoContext(stdout=io.StringIO())
    accounts_demo.load(ctx)
    load_periodic(ctx)
    counts = (ReportingSchedule.objects.count(), ReportingPeriod.objects.count(), UnitReport.objects.count())
    load_periodic(ctx)
    assert counts == (
        ReportingSchedule.objects.count(),
        ReportingPeriod.objects.count(),
        UnitReport.objects.count(),
    )
    assert set(ReminderOffset.objects.values_list("days", flat=True)) == {-7, -3, -1, 1}
    statuses = set(UnitReport.objects.values_list("status", flat=True))
    # A year of quarters behind any day: reports accepted, waiting, returned and late.
    assert {"accepted", "submitted", "returned"} <= statuses
    assert UnitReport.objects.filter(submitted_late=True).exists()
