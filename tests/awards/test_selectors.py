"""Reads of the award programmes: the council's tally, a member's ballot, quota, the honour
roll, certificate codes, and who sees which nomination (the selector and the rules agree)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import Membership
from awards import selectors
from awards.models import AwardProgramme, CouncilVote, Nomination
from tests.awards.factories import (
    AwardCategoryFactory,
    AwardProgrammeFactory,
    CouncilVoteFactory,
    FieldVerificationFactory,
    NominationEvidenceFactory,
    NominationFactory,
)
from tests.factories import UserFactory, user_with_role
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db

Status = Nomination.Status
YES, NO, ABSTAIN = CouncilVote.Choice.YES, CouncilVote.Choice.NO, CouncilVote.Choice.ABSTAIN


@pytest.fixture
def members(province):
    return [user_with_role(Membership.Role.COUNCIL, province, username=f"hoidong{n}") for n in range(1, 4)]


@pytest.fixture
def programme(members):
    return AwardProgrammeFactory(status=AwardProgramme.Status.REVIEWING, council=members)


def _nomination(programme, name, status=Status.SUBMITTED, unit=None, entrepreneur=None, **kwargs):
    if entrepreneur is None:
        entrepreneur = EntrepreneurFactory(full_name=name, **({"unit": unit} if unit else {}))
    return NominationFactory(
        programme=programme, status=status, unit=unit or entrepreneur.unit, entrepreneur=entrepreneur, **kwargs
    )


def _many(programme, members, n):
    category = AwardCategoryFactory(programme=programme)
    nominations = []
    for i in range(n):
        nomination = _nomination(programme, f"Người {i:02d}", category=category)
        NominationEvidenceFactory(nomination=nomination)
        for member, choice in zip(members, (YES, NO, ABSTAIN), strict=True):
            CouncilVoteFactory(nomination=nomination, member=member, choice=choice, score=Decimal(60 + i))
        nominations.append(nomination)
    return nominations


# --- tally -----------------------------------------------------------------------------


def test_council_tally_counts_each_choice_and_the_mean_score(programme, members):
    nomination = _nomination(programme, "Lò Văn Thắng")
    for member, choice, score in zip(members, (YES, YES, ABSTAIN), ("80", "85.5", None), strict=True):
        CouncilVoteFactory(nomination=nomination, member=member, choice=choice, score=score)
    silent = _nomination(programme, "Cầm Thị Hương")

    rows = {row.nomination_id: row for row in selectors.council_tally(programme=programme)}

    row = rows[nomination.pk]
    assert (row.yes, row.no, row.abstain, row.votes, row.mean_score, row.approved) == (
        2,
        0,
        1,
        3,
        Decimal("82.75"),
        None,
    )
    assert (row.entrepreneur_name, row.unit_name, row.category_name) == (
        "Lò Văn Thắng",
        nomination.unit.name,
        nomination.category.name,
    )
    assert row.yes_share == Decimal("1.00")
    empty = rows[silent.pk]
    assert (empty.votes, empty.mean_score, empty.yes_share) == (0, None, None)


def test_council_tally_shows_the_decision_and_leaves_out_drafts(programme):
    approved = _nomination(programme, "A", status=Status.APPROVED, verification_code="AB12CD34EF")
    refused = _nomination(programme, "B", status=Status.NOT_APPROVED)
    _nomination(programme, "C", status=Status.DRAFT)
    _nomination(programme, "D", status=Status.WITHDRAWN)

    rows = selectors.council_tally(programme=programme)

    assert [(r.nomination_id, r.approved, r.verification_code) for r in rows] == [
        (approved.pk, True, "AB12CD34EF"),
        (refused.pk, False, ""),
    ]


@pytest.mark.parametrize("size", [1, 12])
def test_council_tally_takes_one_query(programme, members, size, django_assert_num_queries):
    _many(programme, members, size)

    with django_assert_num_queries(1):
        rows = selectors.council_tally(programme=programme)

    assert len(rows) == size
    assert {(r.yes, r.no, r.abstain) for r in rows} == {(1, 1, 1)}


# --- ballot ----------------------------------------------------------------------------


def test_member_ballot_carries_only_the_members_own_vote(programme, members):
    category = AwardCategoryFactory(programme=programme)
    voted = _nomination(programme, "Lò Văn Thắng", category=category)
    mine = CouncilVoteFactory(nomination=voted, member=members[0], choice=NO, score="40")
    CouncilVoteFactory(nomination=voted, member=members[1], choice=YES)
    other = _nomination(programme, "Cầm Thị Hương", category=category)
    CouncilVoteFactory(nomination=other, member=members[1], choice=YES)
    _nomination(programme, "Bản nháp", status=Status.DRAFT, category=category)

    ballot = selectors.member_ballot(programme=programme, member=members[0])

    assert [(n.pk, n.my_vote) for n in ballot] == [(other.pk, None), (voted.pk, mine)]
    assert [list(n.member_votes) for n in ballot] == [[], [mine]]


@pytest.mark.parametrize("size", [1, 10])
def test_member_ballot_query_count_is_fixed(programme, members, size, django_assert_num_queries):
    _many(programme, members, size)
    for nomination in Nomination.objects.all():
        FieldVerificationFactory(nomination=nomination, officer=UserFactory())

    with django_assert_num_queries(3):
        ballot = selectors.member_ballot(programme=programme, member=members[0])
        shown = [
            (n.entrepreneur.full_name, n.unit.name, n.category.name, n.venture, n.verification.officer_id)
            for n in ballot
        ]
        evidence = [len(n.evidence.all()) for n in ballot]

    assert len(shown) == size
    assert evidence == [1] * size
    assert {n.my_vote.choice for n in ballot} == {YES}


# --- quota -----------------------------------------------------------------------------


def test_unit_quota_counts_sent_and_decided_nominations(commune):
    programme = AwardProgrammeFactory(quota_per_unit=3)
    for status in (Status.DRAFT, Status.WITHDRAWN, Status.SUBMITTED, Status.APPROVED, Status.NOT_APPROVED):
        NominationFactory(programme=programme, unit=commune, status=status)
    NominationFactory(programme=programme, status=Status.SUBMITTED)  # another unit

    assert selectors.unit_quota(programme=programme, unit=commune) == (3, 3)


def test_unit_quota_without_a_limit(commune):
    programme = AwardProgrammeFactory(quota_per_unit=None)

    assert selectors.unit_quota(programme=programme, unit=commune) == (0, None)


# --- honour roll and certificates ------------------------------------------------------


@pytest.fixture
def published():
    programme = AwardProgrammeFactory(
        status=AwardProgramme.Status.DECIDED,
        council_closed_at=timezone.now(),
        honour_roll_published_at=timezone.now(),
    )
    return programme


def test_honour_roll_by_category_then_name(published):
    farming = AwardCategoryFactory(programme=published, name="Nông thôn", order=1)
    business = AwardCategoryFactory(programme=published, name="Doanh nghiệp", order=2)
    b = _nomination(published, "Bùi Văn Khánh", status=Status.APPROVED, category=farming)
    a = _nomination(published, "Ánh", status=Status.APPROVED, category=business)
    c = _nomination(published, "Cà Văn Toán", status=Status.APPROVED, category=farming)
    _nomination(published, "Không được chọn", status=Status.NOT_APPROVED, category=farming)

    roll = list(selectors.honour_roll(programme=published))

    assert roll == [b, c, a]


@pytest.mark.parametrize("size", [1, 8])
def test_honour_roll_takes_one_query(published, size, django_assert_num_queries):
    for i in range(size):
        person = EntrepreneurFactory()
        venture = VentureFactory(owners=[person], unit=person.unit)
        _nomination(published, f"Người {i}", status=Status.APPROVED, entrepreneur=person, venture=venture)

    with django_assert_num_queries(1):
        shown = [
            (n.entrepreneur.full_name, n.venture.name, n.unit.name, n.category.name, n.programme.name)
            for n in selectors.honour_roll(programme=published)
        ]

    assert len(shown) == size


def test_verification_by_code_finds_a_published_honouree(published):
    honouree = _nomination(published, "Lò Văn Thắng", status=Status.APPROVED, verification_code="7F3A9C01BE")

    assert selectors.verification_by_code(code="7F3A9C01BE") == honouree
    assert selectors.verification_by_code(code="  7f3a9c01be ") == honouree


def test_verification_by_code_hides_unpublished_and_unapproved(published):
    unpublished = AwardProgrammeFactory(council_closed_at=timezone.now())
    _nomination(unpublished, "A", status=Status.APPROVED, verification_code="AAAAAAAAAA")
    _nomination(published, "B", status=Status.NOT_APPROVED, verification_code="BBBBBBBBBB")

    assert selectors.verification_by_code(code="AAAAAAAAAA") is None
    assert selectors.verification_by_code(code="BBBBBBBBBB") is None
    assert selectors.verification_by_code(code="") is None
    assert selectors.verification_by_code(code="CCCCCCCCCC") is None


# --- who sees what ---------------------------------------------------------------------


@pytest.fixture
def scene(programme, members, commune, branch, other_commune):
    """Nominations of two units and a draft, another programme's, and a verifier."""
    verifier = UserFactory(username="thamdinh")
    nominations = {
        "commune": _nomination(programme, "A", unit=commune),
        "branch_draft": _nomination(programme, "B", unit=branch, status=Status.DRAFT),
        "other": _nomination(programme, "C", unit=other_commune),
        "elsewhere": _nomination(AwardProgrammeFactory(), "D", unit=other_commune),
    }
    FieldVerificationFactory(nomination=nominations["other"], officer=verifier)
    return nominations, verifier


def _visible(user, nominations) -> set[str]:
    ids = set(selectors.nominations_visible_to(user=user).values_list("pk", flat=True))
    return {key for key, n in nominations.items() if n.pk in ids}


def _allowed(user, perm, nominations) -> set[str]:
    return {key for key, n in nominations.items() if user.has_perm(perm, n)}


def test_staff_see_every_nomination(scene, staff_user):
    nominations, _verifier = scene

    assert _visible(staff_user, nominations) == set(nominations)
    assert _allowed(staff_user, "awards.view_nomination", nominations) == set(nominations)


def test_unit_officer_sees_only_their_units(scene, officer):
    nominations, _verifier = scene

    assert _visible(officer, nominations) == {"commune", "branch_draft"}
    assert _allowed(officer, "awards.view_nomination", nominations) == {"commune", "branch_draft"}
    assert _allowed(officer, "awards.change_nomination", nominations) == {"branch_draft"}


def test_council_member_sees_only_sent_nominations_of_their_programme(scene, members):
    nominations, _verifier = scene

    assert _visible(members[0], nominations) == {"commune", "other"}
    assert _allowed(members[0], "awards.view_nomination", nominations) == {"commune", "other"}
    assert _allowed(members[0], "awards.vote", nominations) == {"commune", "other"}
    assert _allowed(members[0], "awards.change_nomination", nominations) == set()


def test_verifier_sees_only_the_nomination_they_verify(scene):
    nominations, verifier = scene
    verification = nominations["other"].verification

    assert _visible(verifier, nominations) == {"other"}
    assert _allowed(verifier, "awards.view_nomination", nominations) == {"other"}
    assert verifier.has_perm("awards.record_verification", verification)


def test_module_and_programme_permissions_per_role(staff_user, officer, council_member, judge):
    assert [u.has_perm("awards.manage_programme") for u in (staff_user, officer, council_member, judge)] == [
        True,
        False,
        False,
        False,
    ]
    assert [u.has_perm("awards.nominate") for u in (staff_user, officer, council_member, judge)] == [
        True,
        True,
        False,
        False,
    ]
    assert [u.has_module_perms("awards") for u in (staff_user, officer)] == [True, False]


def test_record_verification_for_the_assigned_officer_or_staff(staff_user, officer):
    verification = FieldVerificationFactory(nomination=NominationFactory(status=Status.SUBMITTED))

    assert staff_user.has_perm("awards.record_verification", verification)
    assert verification.officer.has_perm("awards.record_verification", verification)
    assert not officer.has_perm("awards.record_verification", verification)


def test_anonymous_sees_nothing(scene):
    nominations, _verifier = scene

    assert _visible(AnonymousUser(), nominations) == set()
    assert _allowed(AnonymousUser(), "awards.view_nomination", nominations) == set()
