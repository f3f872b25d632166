"""An accepted unit report is never deleted: staff void it with a reason, it stays with its
figures in history, and its figures stop counting in reported targets from the day it was
voided. Every figure a unit typed keeps its history (who, when)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from common.indicators import Measure, Period
from reports.models import ReportValue, UnitReport
from reports.periodic import services
from reports.planning.reported import reported_measures
from tests.reports.periodic.conftest import GOOD

pytestmark = pytest.mark.django_db

REASON = "Đơn vị báo cáo nhầm số liệu của quý trước; đã báo cáo lại bằng văn bản"


@pytest.fixture
def accepted(past, commune, officer, staff_user):
    report = services.report_open(period=past, unit=commune, actor=officer)
    services.report_submit(report=report, raw=GOOD, actor=officer)
    return services.report_accept(report=report, actor=staff_user)


def test_accepted_report_and_its_figures_cannot_be_deleted_in_the_admin(client, staff_user, accepted):
    client.force_login(staff_user)
    url = reverse("admin:reports_unitreport_delete", args=[accepted.pk])
    bulk = {"action": "delete_selected", "_selected_action": [accepted.pk], "post": "yes"}

    refused = client.post(url, {"post": "yes"})
    client.post(reverse("admin:reports_unitreport_changelist"), bulk)

    assert refused.status_code == 403
    assert UnitReport.objects.get(pk=accepted.pk).status == UnitReport.Status.ACCEPTED
    assert ReportValue.objects.filter(report=accepted).count() == 3


def test_void_keeps_the_report_and_its_figures_with_who_and_why(accepted, staff_user):
    services.report_void(report=accepted, reason=REASON, actor=staff_user)

    accepted.refresh_from_db()
    assert (accepted.voided_by, accepted.void_reason, accepted.status) == (
        staff_user,
        REASON,
        UnitReport.Status.ACCEPTED,
    )
    assert ReportValue.objects.filter(report=accepted).count() == 3
    assert accepted.history.latest().history_user == staff_user


def test_only_a_sent_report_is_voided_and_only_with_a_reason(current, commune, officer, staff_user, accepted):
    draft = services.report_open(period=current, unit=commune, actor=officer)
    with pytest.raises(ValidationError, match="đã gửi"):
        services.report_void(report=draft, reason=REASON, actor=staff_user)
    with pytest.raises(ValidationError):
        services.report_void(report=accepted, reason="sai", actor=staff_user)


def test_a_voided_report_stops_counting_from_the_day_it_was_voided(accepted, commune, staff_user, past, today):
    ended_before = Period(past.start, past.end)
    ends_after = Period(past.start, today + datetime.timedelta(days=40))
    assert reported_measures(code="mo_hinh_moi", period=ends_after) == {commune.pk: Measure(Decimal(3))}

    services.report_void(report=accepted, reason=REASON, actor=staff_user)

    assert reported_measures(code="mo_hinh_moi", period=ended_before) == {commune.pk: Measure(Decimal(3))}
    assert reported_measures(code="mo_hinh_moi", period=ends_after) == {}


def test_figures_keep_their_history(current, commune, officer):
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_save_draft(report=report, raw={**GOOD, "mo_hinh_moi": "2"}, actor=officer)
    services.report_submit(report=report, raw=GOOD, actor=officer)

    value = ReportValue.objects.get(report=report, field__code="mo_hinh_moi")
    history = list(value.history.order_by("history_date", "history_id").values_list("number", "history_user"))
    assert history == [(Decimal(2), officer.pk), (Decimal(3), officer.pk)]


def test_staff_void_a_report_from_the_admin_and_its_page_says_why(client, staff_user, accepted):
    client.force_login(staff_user)
    chosen = {"action": "void_reports", "_selected_action": [accepted.pk]}

    asked = client.post(reverse("admin:reports_unitreport_changelist"), chosen)
    done = client.post(reverse("admin:reports_unitreport_changelist"), {**chosen, "apply": "1", "reason": REASON})
    page = client.get(reverse("reports:periodic-report", args=[accepted.pk])).content.decode()

    assert (asked.status_code, done.status_code) == (200, 302)
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Đã hủy ngày {day} bởi {staff_user.full_name} — lý do: {REASON}" in page


def test_staff_void_a_report_from_its_page_officers_cannot(client, staff_user, officer, accepted):
    url = reverse("reports:periodic-report-void", args=[accepted.pk])
    client.force_login(officer)
    assert client.post(url, {"reason": REASON}).status_code == 403
    client.force_login(staff_user)
    assert url in client.get(reverse("reports:periodic-report", args=[accepted.pk])).content.decode()

    response = client.post(url, {"reason": REASON})

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert (accepted.voided_by, accepted.void_reason) == (staff_user, REASON)
    assert url not in client.get(reverse("reports:periodic-report", args=[accepted.pk])).content.decode()


def test_the_unit_sees_its_voided_report_marked_and_the_review_queue_leaves_it_out(
    client, staff_user, officer, current, commune
):
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_submit(report=report, raw=GOOD, actor=officer)
    client.force_login(staff_user)
    assert [r.pk for r in client.get(reverse("reports:periodic-review")).context["object_list"]] == [report.pk]

    services.report_void(report=report, reason=REASON, actor=staff_user)

    assert list(client.get(reverse("reports:periodic-review")).context["object_list"]) == []
    client.force_login(officer)
    assert "data-voided" in client.get(reverse("reports:periodic-list")).content.decode()
