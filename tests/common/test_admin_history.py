"""A change made in the admin names the staff member in history, also without the
request middleware (the portal's admin site acts as the signed-in user)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from ocop.models import Cycle, UnitExtension
from tests.admin_forms import admin_change_data
from tests.history import HistoryWatch, assert_all_by
from tests.ocop.factories import CycleFactory

pytestmark = pytest.mark.django_db

HISTORY_MIDDLEWARE = "simple_history.middleware.HistoryRequestMiddleware"


@pytest.fixture(params=["with the history middleware", "without the history middleware"])
def admin_client(request, client, staff_user, settings):
    if request.param.startswith("without"):
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != HISTORY_MIDDLEWARE]
    client.force_login(staff_user)
    return client


def test_history_middleware_is_installed():
    assert HISTORY_MIDDLEWARE in settings.MIDDLEWARE


def test_admin_change_and_inline_name_the_staff_member(admin_client, staff_user, commune):
    cycle = CycleFactory(year=2026, list_deadline=datetime.date(2026, 3, 30), target_per_unit=2)
    url = reverse("admin:ocop_cycle_change", args=[cycle.pk])
    data = admin_change_data(admin_client, url)
    data.update(
        {
            "target_per_unit": "3",
            "extensions-TOTAL_FORMS": "1",
            "extensions-0-unit": str(commune.pk),
            "extensions-0-until": "15/04/2026",
            "extensions-0-reason": "Xã mới sáp nhập, cần thêm thời gian",
        }
    )
    watch = HistoryWatch()

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Cycle.objects.get(pk=cycle.pk).target_per_unit == 3
    assert UnitExtension.objects.get(cycle=cycle).granted_by == staff_user
    assert_all_by(watch, staff_user, models={"ocop.Cycle", "ocop.UnitExtension"})


def test_admin_delete_names_the_staff_member(admin_client, staff_user):
    # Only a superuser deletes recorded work (tests/common/test_keep_records_admin.py).
    staff_user.is_superuser = True
    staff_user.save(update_fields=["is_superuser"])
    cycle = CycleFactory(year=2026, list_deadline=datetime.date(2026, 3, 30))
    watch = HistoryWatch()

    response = admin_client.post(reverse("admin:ocop_cycle_delete", args=[cycle.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Cycle.objects.filter(pk=cycle.pk).exists()
    assert_all_by(watch, staff_user, models={"ocop.Cycle"})
    assert [row.history_type for row in watch.new_rows()] == ["-"]
