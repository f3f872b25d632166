"""Entries proposed for capital support, as the plain data loans reads through `common.registry`."""

import pytest

from common import registry
from tests.competitions.factories import EntryFactory
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(commune):
    lead = EntrepreneurFactory(unit=commune, full_name="Lường Văn Chiến")
    venture = VentureFactory(unit=commune, owners=[lead])
    return EntryFactory(
        unit=commune,
        status="finished",
        capital_support=True,
        capital_needed=450_000_000,
        code="IV-017",
        title="Sấy mận hậu",
        venture=venture,
        lead=lead,
    )


def test_proposals_are_the_submitted_entries_marked_for_capital_support(proposed, commune, staff_user):
    EntryFactory(unit=commune, status="finished", capital_support=False)
    EntryFactory(unit=commune, status="draft", capital_support=True)
    EntryFactory(unit=commune, status="withdrawn", capital_support=True)

    proposals = registry.capital_proposals(user=staff_user)

    assert [p.key for p in proposals] == [f"contest-entry:{proposed.pk}"]
    (proposal,) = proposals
    lead = proposed.team.get(role="lead").entrepreneur
    assert (
        proposal.pk,
        proposal.code,
        proposal.title,
        proposal.source,
        proposal.year,
        proposal.unit_id,
        proposal.unit_name,
        proposal.lead_id,
        proposal.lead_name,
        proposal.venture_id,
        proposal.capital_needed,
        proposal.url,
    ) == (
        proposed.pk,
        "IV-017",
        "Sấy mận hậu",
        proposed.contest.name,
        proposed.contest.year,
        commune.pk,
        commune.name,
        lead.pk,
        "Lường Văn Chiến",
        proposed.venture_id,
        450_000_000,
        proposed.get_absolute_url(),
    )
    assert proposal.label == f"IV-017 Sấy mận hậu · {proposed.contest.name}"


def test_proposals_follow_who_may_see_the_entry(proposed, officer, other_officer):
    assert [p.pk for p in registry.capital_proposals(user=officer)] == [proposed.pk]
    assert registry.capital_proposals(user=other_officer) == []


def test_proposals_named_by_key(proposed, commune, staff_user):
    other = EntryFactory(unit=commune, status="finished", capital_support=True)

    found = registry.capital_proposals(user=staff_user, keys=[f"contest-entry:{other.pk}", "unknown:1", "nonsense"])

    assert [p.pk for p in found] == [other.pk]


def test_proposal_link_only_for_who_may_open_the_entry(proposed, officer, other_officer, bank_liaison):
    key = f"contest-entry:{proposed.pk}"
    assert registry.capital_proposal_link(key=key, viewer=officer) == proposed.get_absolute_url()
    assert registry.capital_proposal_link(key=key, viewer=other_officer) == ""
    assert registry.capital_proposal_link(key=key, viewer=bank_liaison) == ""
    assert registry.capital_proposal_link(key="unknown:1", viewer=officer) == ""


def test_proposals_cost_one_query_for_one_entry_or_many(proposed, commune, staff_user, django_assert_num_queries):
    for _ in range(5):
        EntryFactory(unit=commune, status="finished", capital_support=True)
    staff_user.has_perm("competitions.view_entry")  # the user's roles, loaded once per request

    with django_assert_num_queries(1):
        assert len(registry.capital_proposals(user=staff_user)) == 6
