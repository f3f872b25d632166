import pytest

from tests.ocop.factories import CandidateCommuneFactory, CandidateListFactory, CycleFactory


@pytest.fixture
def cycle(db):
    return CycleFactory()


@pytest.fixture
def candidate_list(cycle, commune, officer):
    return CandidateListFactory(cycle=cycle, unit=commune, created_by=officer)


@pytest.fixture
def entry(candidate_list, commune):
    return CandidateCommuneFactory(candidate_list=candidate_list, commune=commune)


@pytest.fixture
def other_list(cycle, other_commune, other_officer):
    return CandidateListFactory(cycle=cycle, unit=other_commune)


@pytest.fixture
def other_entry(other_list, other_commune):
    return CandidateCommuneFactory(candidate_list=other_list, commune=other_commune)
