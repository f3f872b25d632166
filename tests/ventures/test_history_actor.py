"""Who changed the registry: every history row names the actor, with no request around
(a shell, a task) and through the Excel import run outside a page."""

import datetime

import pytest
from django.urls import reverse

from common.choices import Gender
from tests.history import HistoryWatch, assert_all_by
from tests.ventures.test_imports import _good_rows, _xlsx
from ventures import imports, services
from ventures.models import Entrepreneur, Venture, VentureUpdate

pytestmark = pytest.mark.django_db


def test_registry_services_name_the_actor_outside_a_request(officer, commune, person):
    watch = HistoryWatch()

    new_person = services.entrepreneur_save(
        entrepreneur=Entrepreneur(
            full_name="Lường Thị Mai", date_of_birth=datetime.date(2000, 3, 15), gender=Gender.FEMALE, unit=commune
        ),
        actor=officer,
    )
    venture = services.venture_save(
        venture=Venture(name="HTX chè", kind=Venture.Kind.COOPERATIVE, sector=Venture.Sector.PROCESSING, unit=commune),
        owners=[new_person, person],
        actor=officer,
    )
    services.venture_record_update(
        update=VentureUpdate(venture=venture, period_kind="month", year=2026, period_number=9, revenue=1, jobs=5),
        actor=officer,
    )

    assert_all_by(watch, officer, models={"ventures.Entrepreneur", "ventures.Venture", "ventures.VentureUpdate"})


def test_excel_import_outside_a_page_names_the_importing_user(officer, commune, branch):
    watch = HistoryWatch()

    report = imports.import_entrepreneurs(uploaded=_xlsx(_good_rows()), actor=officer)

    assert report.created == 3
    assert_all_by(watch, officer, models={"ventures.Entrepreneur", "ventures.Venture"})
    assert len([row for row in watch.new_rows() if row.model == "ventures.Entrepreneur"]) == 3


def test_admin_history_page_shows_who_imported_a_person(client, staff_user, officer, commune, branch):
    imports.import_entrepreneurs(uploaded=_xlsx(_good_rows()), actor=officer)
    person = Entrepreneur.objects.get(full_name="Lường Thị Mai")
    client.force_login(staff_user)

    response = client.get(reverse("admin:ventures_entrepreneur_history", args=[person.pk]))

    assert response.status_code == 200
    rows = list(response.context["page_obj"])
    assert [(row.history_type, row.history_user) for row in rows] == [("+", officer)]
    assert str(officer) in response.content.decode()
