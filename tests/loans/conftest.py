import pytest

from tests.loans.factories import UNION_PATH, BankBranchFactory, LoanProgrammeFactory, advance, make_referral


@pytest.fixture
def programme(db):
    return LoanProgrammeFactory(name="Cho vay hỗ trợ tạo việc làm (Nghị định 61/2015)", code="nd-61")


@pytest.fixture
def bank_office(commune, bank_liaison):
    return BankBranchFactory(name="Phòng giao dịch NHCSXH Tô Hiệu", units=[commune], liaisons=[bank_liaison])


@pytest.fixture
def referral(commune, officer, programme, bank_office):
    """A referral of the commune at its first step."""
    return make_referral(unit=commune, actor=officer, programme=programme)


@pytest.fixture
def sent_referral(referral, officer):
    """The same referral, sent to the bank office that serves the commune."""
    return advance(referral, UNION_PATH, actor=officer)
