"""Staff follow their units period by period: counts on the list, one period's units paged."""

import pytest
from django.urls import reverse

from reports.models import UnitReport
from reports.periodic import services
from tests.factories import UnitFactory, user_with_role
from tests.reports.periodic.conftest import GOOD

pytestmark = pytest.mark.django_db


def _communes(province, n, start=0):
    return [
        UnitFactory(name=f"Đoàn xã Số {i:03d}", code=f"so-{i}", kind="commune", parent=province)
        for i in range(start, start + n)
    ]


def _send(period, unit, actor):
    report = services.report_open(period=period, unit=unit, actor=actor)
    services.report_submit(report=report, raw=GOOD, actor=actor)
    return report


def test_staff_list_counts_sent_and_owed_per_period_instead_of_a_card_per_unit(
    client, staff_user, province, commune, other_commune, officer, current, past
):
    _send(past, commune, officer)  # past is overdue: sent late
    _send(current, commune, officer)
    client.force_login(staff_user)

    response = client.get(reverse("reports:periodic-list"))
    page = response.content.decode()

    by_period = {p.period.pk: p for g in response.context["progress_groups"] for p in g["periods"]}
    assert (by_period[past.pk].expected, by_period[past.pk].sent, by_period[past.pk].late) == (2, 1, 1)
    assert (by_period[current.pk].sent, by_period[current.pk].owed) == (1, 1)
    assert f'href="{reverse("reports:periodic-period", args=[past.pk])}?shown=owed" class="text-danger' in page
    assert "1/2" in page
    assert "(50%)" in page
    # No card per commune: the staff member's own union owes nothing here.
    assert f'data-row="{current.pk}-{other_commune.pk}"' not in page
    assert response.context["owed"] == []


def test_period_page_lists_units_by_filter_with_the_late_marked(
    client, staff_user, province, commune, other_commune, officer, past
):
    _send(past, commune, officer)
    client.force_login(staff_user)
    url = reverse("reports:periodic-period", args=[past.pk])

    owed = client.get(url).content.decode()
    sent = client.get(url, {"shown": "sent"}).content.decode()
    late = client.get(url, {"shown": "late"}).content.decode()
    every = client.get(url, {"shown": "all"}).content.decode()

    assert other_commune.name in owed
    assert commune.name not in owed
    assert f'data-row="{past.pk}-{other_commune.pk}" data-late' in owed
    assert commune.name in sent
    assert other_commune.name not in sent
    assert commune.name in late
    assert other_commune.name in late
    assert commune.name in every
    assert other_commune.name in every
    assert reverse("reports:periodic-period-export", args=[past.pk]) in owed
    assert reverse("reports:periodic-fill", args=[past.pk, other_commune.pk]) in owed
    report = UnitReport.objects.get(period=past, unit=commune)
    assert reverse("reports:periodic-report", args=[report.pk]) in sent


def test_period_page_pages_fifty_units_at_fixed_queries(
    client, staff_user, province, current, django_assert_max_num_queries
):
    _communes(province, 60)
    client.force_login(staff_user)
    url = reverse("reports:periodic-period", args=[current.pk])

    with django_assert_max_num_queries(14):
        first = client.get(url)
    second = client.get(url, {"page": 2})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 10
    assert "Đoàn xã Số 000" in first.content.decode()
    assert "Đoàn xã Số 059" in second.content.decode()
    with django_assert_max_num_queries(14):
        assert client.get(reverse("reports:periodic-list")).status_code == 200


def test_officer_sees_only_their_unit_on_a_period_page_and_no_export(client, officer, commune, other_commune, current):
    client.force_login(officer)
    page = client.get(reverse("reports:periodic-period", args=[current.pk]), {"shown": "all"}).content.decode()

    assert commune.name in page
    assert other_commune.name not in page
    assert reverse("reports:periodic-period-export", args=[current.pk]) not in page


def test_another_provinces_staff_cannot_open_the_period(client, lai_chau, current):
    stranger = user_with_role("staff", lai_chau, username="lai-chau-staff")
    client.force_login(stranger)

    assert client.get(reverse("reports:periodic-period", args=[current.pk])).status_code == 404


def test_a_staff_unit_that_owes_a_schedule_above_it_gets_its_own_card(client, province, current, staff_user):
    """A province union owing the national schedule: its staff fill it from the list."""
    schedule = current.schedule
    schedule.unit_kinds = [*schedule.unit_kinds, "province"]
    schedule.save(update_fields=["unit_kinds"])
    client.force_login(staff_user)

    response = client.get(reverse("reports:periodic-list"))

    assert {(r.period.pk, r.unit.pk) for r in response.context["owed"]} >= {(current.pk, province.pk)}
    assert all(r.unit.pk == province.pk for r in response.context["owed"])


def test_staff_list_shows_each_schedules_latest_periods_and_the_rest_on_its_own_page(
    client, staff_user, periods, schedule
):
    client.force_login(staff_user)

    (group,) = client.get(reverse("reports:periodic-list")).context["progress_groups"]
    (chosen,) = client.get(reverse("reports:periodic-list"), {"schedule": schedule.pk}).context["progress_groups"]

    assert len(group["periods"]) == 3
    assert group["more"] == len(chosen["periods"]) - 3 > 0
    assert [p.period.pk for p in group["periods"]] == [p.period.pk for p in chosen["periods"]][-3:]
    assert chosen["more"] == 0
