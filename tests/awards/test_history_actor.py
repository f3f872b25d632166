"""The commendation's audit trail: nominations, field verification, council votes and
the council's close each name the person who acted, with no request around."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership
from awards import services
from awards.models import CouncilVote, Nomination
from tests.awards.factories import AwardCategoryFactory, AwardProgrammeFactory
from tests.awards.test_services import AFTER, CLOSES, INSIDE, OPENS, PNG_BYTES, _new
from tests.factories import UserFactory, user_with_role
from tests.history import HistoryWatch, assert_all_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(province):
    return [user_with_role(Membership.Role.COUNCIL, province, username=f"hoidong{n}") for n in range(1, 4)]


@pytest.fixture
def programme(members):
    programme = AwardProgrammeFactory(
        nomination_opens_at=OPENS, nomination_closes_at=CLOSES, age_reference_date=datetime.date(2026, 8, 31)
    )
    programme.council.set(members)
    return programme


def test_nomination_verification_votes_and_close_name_their_actors(programme, members, commune, officer, staff_user):
    category = AwardCategoryFactory(programme=programme)

    draft = _new(programme, category, commune)
    watch = HistoryWatch()
    nomination = services.nomination_save_draft(nomination=draft, actor=officer, now=INSIDE)
    services.nomination_submit(nomination=nomination, actor=officer, now=INSIDE)
    assert_all_by(watch, officer, models={"awards.Nomination"})

    verifier = UserFactory(username="thamdinh")
    watch = HistoryWatch()
    verification = services.verification_assign(nomination=nomination, officer=verifier, actor=staff_user)
    assert_all_by(watch, staff_user, models={"awards.FieldVerification"})

    watch = HistoryWatch()
    services.verification_record(
        verification=verification,
        visited_on=datetime.date(2026, 6, 10),
        findings="Mô hình đúng như hồ sơ.",
        confirmed=True,
        photos=[SimpleUploadedFile("vuon.png", PNG_BYTES)],
        actor=verifier,
    )
    assert_all_by(watch, verifier, models={"awards.FieldVerification"})

    services.programme_open_council(programme=programme, actor=staff_user, now=AFTER)
    for member in members:
        watch = HistoryWatch()
        services.council_vote(nomination=nomination, actor=member, choice=CouncilVote.Choice.YES, now=AFTER)
        assert_all_by(watch, member, models={"awards.CouncilVote"})

    watch = HistoryWatch()
    services.council_close(programme=programme, actor=staff_user, now=AFTER)
    assert_all_by(watch, staff_user, models={"awards.Nomination"})
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.APPROVED
    assert nomination.history.order_by("-history_id").first().history_user == staff_user
