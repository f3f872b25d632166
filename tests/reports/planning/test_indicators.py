"""The programme apps' computed indicators against hand-counted fixtures."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from awards.indicators import awardees, nominations
from awards.models import Nomination
from common.indicators import Measure, Period
from competitions.indicators import ideas_submitted
from programmes.indicators import pioneer_models
from programmes.models import ProgrammeParticipant
from reports import sources
from reports.periodic import selectors as periodic_selectors
from reports.planning import catalogue
from tests.awards.factories import AwardProgrammeFactory, NominationFactory
from tests.programmes.factories import ModelProgrammeFactory, ProgrammeParticipantFactory
from tests.ventures.factories import VentureFactory
from ventures.indicators import youth_cooperatives
from ventures.models import Venture

from .conftest import ideas

pytestmark = pytest.mark.django_db
YEAR = Period.year(2026)


def test_catalogue_lists_the_apps_indicators():
    codes = set(catalogue.indicators())
    assert {"competitions.ideas_submitted", "ventures.youth_cooperatives", "awards.awardees"} <= codes


@time_machine.travel(datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_ideas_submitted_counts_sent_entries_of_the_period_by_unit(commune, other_commune):
    # Written on 7/12/2026: the withdrawn idea was withdrawn within the year it counts for.
    contest = ideas(commune, 3)
    ideas(commune, 1, contest=contest, status="in_competition")
    ideas(commune, 2, contest=contest, status="draft")  # drafts do not count
    ideas(commune, 1, contest=contest, status="withdrawn")  # withdrawn do not count
    ideas(other_commune, 2, contest=contest, status="rejected")  # sent, then screened out: still sent
    late = timezone.make_aware(datetime.datetime(2027, 1, 1, 0, 30))
    ideas(other_commune, 4, contest=contest, when=late)  # next year
    assert ideas_submitted(YEAR) == {commune.pk: Measure(4), other_commune.pk: Measure(2)}


def test_youth_cooperatives_count_open_cooperatives_of_each_unit(commune, other_commune):
    VentureFactory.create_batch(2, unit=commune, kind=Venture.Kind.COOPERATIVE)
    VentureFactory(unit=commune, kind=Venture.Kind.COOPERATIVE_GROUP)
    VentureFactory(unit=commune, kind=Venture.Kind.COOPERATIVE, status=Venture.Status.CLOSED)
    VentureFactory(unit=other_commune, kind=Venture.Kind.HOUSEHOLD)
    assert youth_cooperatives(Period.year(timezone.localdate().year)) == {commune.pk: Measure(3)}


def test_pioneer_models_count_participants_taking_part(commune, other_commune):
    programme = ModelProgrammeFactory()
    ProgrammeParticipantFactory.create_batch(2, programme=programme, unit=commune)
    ProgrammeParticipantFactory(programme=programme, unit=other_commune, status=ProgrammeParticipant.Status.WITHDRAWN)
    today = timezone.localdate()
    found = pioneer_models(Period(programme.start_date, max(programme.start_date, today)))
    assert found == {commune.pk: Measure(2)}


def test_nominations_and_awardees_by_unit(commune, other_commune):
    programme = AwardProgrammeFactory(year=2026)
    sent = timezone.make_aware(datetime.datetime(2026, 6, 1, 10, 0))
    NominationFactory(programme=programme, unit=commune, status=Nomination.Status.SUBMITTED, submitted_at=sent)
    NominationFactory(programme=programme, unit=commune, status=Nomination.Status.APPROVED, submitted_at=sent)
    NominationFactory(programme=programme, unit=other_commune, status=Nomination.Status.DRAFT)
    assert nominations(YEAR) == {commune.pk: Measure(2)}
    assert awardees(YEAR) == {commune.pk: Measure(1)}
    assert awardees(Period.year(2025)) == {}


def test_plans_and_periodic_reports_read_one_indicator_catalogue():
    """A plan's targets and a unit's periodic report count the same indicators, from one list."""
    assert periodic_selectors.indicator_catalogue() is catalogue.indicators()
    assert catalogue.indicators() is sources.indicators()
    assert not hasattr(sources, "deadlines_between")
