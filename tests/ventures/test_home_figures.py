"""The registry's home figures are counted once per scope and counted again after any change."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import figures
from tests.ventures.factories import EntrepreneurFactory, VentureFactory
from ventures.models import Entrepreneur

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2027, 3, 10, 5, 0, tzinfo=datetime.UTC)


@time_machine.travel(NOON, tick=False)
def test_figures_are_kept_until_the_registry_changes(client, staff_user, commune, other_commune):
    EntrepreneurFactory(unit=commune)
    client.force_login(staff_user)
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as cached:
        page = client.get(reverse("home")).content.decode()
    EntrepreneurFactory(unit=other_commune)  # through the ORM: the generation moves on
    after = client.get(reverse("home")).content.decode()

    assert not any("ventures_entrepreneur" in q["sql"] for q in cached.captured_queries)
    assert '<div class="display-6">1</div><div class="small text-muted">thanh niên' in page
    assert '<div class="display-6">2</div><div class="small text-muted">thanh niên' in after
    assert "Số liệu tính lúc 12:00 10/03/2027" in after


@time_machine.travel(NOON, tick=False)
def test_two_scopes_never_share_figures(client, staff_user, officer, commune, other_commune):
    EntrepreneurFactory(unit=commune)
    EntrepreneurFactory(unit=other_commune)
    VentureFactory(unit=other_commune)
    client.force_login(staff_user)
    staff_page = client.get(reverse("home")).content.decode()
    client.force_login(officer)
    officer_page = client.get(reverse("home")).content.decode()

    assert '<div class="display-6">2</div><div class="small text-muted">thanh niên' in staff_page
    assert '<div class="display-6">1</div><div class="small text-muted">thanh niên' in officer_page
    assert '<div class="display-6">0</div><div class="small text-muted">mô hình' in officer_page


def test_a_change_bypassing_signals_shows_after_the_time_limit(client, staff_user, commune):
    EntrepreneurFactory(unit=commune)
    with time_machine.travel(NOON, tick=False):
        client.force_login(staff_user)
        client.get(reverse("home"))
        # bulk_create sends no signal: the figures stay as counted, and say when.
        Entrepreneur.objects.bulk_create([EntrepreneurFactory.build(unit=commune)])
        within = client.get(reverse("home")).content.decode()
    with time_machine.travel(NOON + datetime.timedelta(seconds=figures.FIGURES_TTL + 60), tick=False):
        after = client.get(reverse("home")).content.decode()

    assert '<div class="display-6">1</div><div class="small text-muted">thanh niên' in within
    assert "Số liệu tính lúc 12:00 10/03/2027" in within
    assert '<div class="display-6">2</div><div class="small text-muted">thanh niên' in after
    assert "Số liệu tính lúc 12:11 10/03/2027" in after
