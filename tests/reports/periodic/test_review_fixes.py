"""Fixes from the review: one catalogue, no partial saves, schedules reachable from the pages."""

import pytest
from django.urls import reverse

from reports import sources
from reports.models import UnitReport
from reports.periodic import selectors
from reports.planning import catalogue, exports
from tests.reports.periodic.conftest import GOOD

pytestmark = pytest.mark.django_db


def test_refused_first_submit_leaves_no_draft_behind(client, officer, current, commune):
    client.force_login(officer)
    url = reverse("reports:periodic-fill", args=[current.pk, commune.pk])
    response = client.post(url, {**GOOD, "mo_hinh_moi": "", "action": "submit"})
    assert response.status_code == 400
    assert "Chỉ tiêu bắt buộc, chưa nhập." in response.content.decode()
    assert not UnitReport.objects.exists()


def test_refused_draft_leaves_no_report_row(client, officer, current, commune):
    client.force_login(officer)
    url = reverse("reports:periodic-fill", args=[current.pk, commune.pk])
    response = client.post(url, {**GOOD, "von_vay": "abc", "action": "draft"})
    assert response.status_code == 400
    assert not UnitReport.objects.exists()


def test_staff_reach_schedules_and_report_forms_from_the_reports_pages(client, staff_user, current):
    client.force_login(staff_user)
    admin_url = reverse("admin:reports_reportingschedule_changelist")
    for name in ("reports:periodic-list", "reports:periodic-review", "reports:periodic-deadlines"):
        page = client.get(reverse(name)).content.decode()
        assert f'href="{admin_url}"' in page, name
    assert client.get(admin_url).status_code == 200


def test_officers_get_no_schedule_or_offset_admin_links(client, officer, current):
    client.force_login(officer)
    page = client.get(reverse("reports:periodic-list")).content.decode()
    assert reverse("admin:reports_reportingschedule_changelist") not in page
    assert reverse("admin:reports_reminderoffset_changelist") not in page
    assert reverse("reports:periodic-deadlines") not in page
    assert reverse("reports:periodic-late") not in page


def test_staff_reach_deadlines_late_and_offsets_from_the_list(client, staff_user, current):
    client.force_login(staff_user)
    page = client.get(reverse("reports:periodic-list")).content.decode()
    assert reverse("reports:periodic-deadlines") in page
    assert reverse("reports:periodic-late") in page
    deadlines = client.get(reverse("reports:periodic-deadlines")).content.decode()
    assert reverse("admin:reports_reminderoffset_changelist") in deadlines


def test_one_indicator_catalogue_for_both_topics():
    assert selectors.indicator_catalogue() is catalogue.indicators()
    assert catalogue.indicators() is sources.indicators()
    assert not hasattr(sources, "deadlines_between")


def test_no_unused_consolidated_task_left():
    """Each planning task is run by beat or queued by a service: the one-report task is
    what the sweep queues for a scheduled report left by a dead worker."""
    import inspect

    from reports.planning import services, tasks

    assert tasks.__all__ == [
        "generate_consolidated_report",
        "generate_monthly_consolidated_report",
        "reclaim_stale_outputs",
        "run_export_job",
    ]
    assert "generate_consolidated_report.delay(" in inspect.getsource(services.outputs_reclaim_stale)


def test_dashboard_uses_the_export_light_labels(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert response.context["light_labels"] == exports.light_labels()
