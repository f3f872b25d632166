"""A young person's profile gathers their steps in every programme that has landed."""

import pytest
from django.urls import reverse

from awards.models import Nomination
from tests.awards.factories import NominationFactory
from tests.programmes.factories import ProgrammeParticipantFactory
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_nomination_and_model_programme(client, officer, commune):
    person = EntrepreneurFactory(unit=commune, full_name="Sồng A Dế")
    nomination = NominationFactory(unit=commune, entrepreneur=person, status=Nomination.Status.SUBMITTED)
    participant = ProgrammeParticipantFactory(unit=commune, venture__unit=commune)
    participant.venture.owners.add(person)
    client.force_login(officer)

    content = client.get(reverse("ventures:entrepreneur-detail", args=[person.pk])).content.decode()

    assert nomination.programme.name in content
    assert participant.programme.name in content
    assert "Tuyên dương thanh niên làm kinh tế giỏi" in content
    assert "Chương trình mô hình kinh tế" in content


def test_profile_leaves_out_draft_nominations(client, officer, commune):
    person = EntrepreneurFactory(unit=commune)
    draft = NominationFactory(unit=commune, entrepreneur=person)
    client.force_login(officer)

    content = client.get(reverse("ventures:entrepreneur-detail", args=[person.pk])).content.decode()

    assert draft.programme.name not in content


def test_a_step_the_viewer_may_not_open_is_shown_without_its_link(client, officer, staff_user, commune, province):
    person = EntrepreneurFactory(unit=commune)
    # Nominated by the province: the commune's officer sees the line, not the file.
    nomination = NominationFactory(unit=province, entrepreneur=person, status=Nomination.Status.SUBMITTED)
    url = reverse("ventures:entrepreneur-detail", args=[person.pk])

    client.force_login(officer)
    content = client.get(url).content.decode()
    assert nomination.programme.name in content
    assert nomination.get_absolute_url() not in content

    client.force_login(staff_user)
    assert nomination.get_absolute_url() in client.get(url).content.decode()
