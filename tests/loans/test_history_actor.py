"""The referral's audit trail: the union's steps name the officer, the bank's steps the
liaison, a contest entry turned into a referral the staff member, a group's grade its
officer; all without a request."""

import datetime

import pytest

from loans import services
from loans.models import Referral
from tests.history import HistoryWatch, assert_all_by
from tests.loans.factories import UNION_PATH, SavingsGroupFactory, advance, days_ago, make_referral
from tests.loans.test_services import capital_entry, proposal_of  # noqa: F401 (fixture)
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db
S = Referral.Status


def test_union_and_bank_steps_name_their_actors(commune, officer, programme, bank_office, bank_liaison):
    borrower = EntrepreneurFactory(unit=commune)
    watch = HistoryWatch()
    referral = make_referral(unit=commune, actor=officer, programme=programme, person=borrower)
    referral = advance(referral, UNION_PATH, actor=officer)
    assert_all_by(watch, officer, models={"loans.Referral"})
    assert len(watch.new_rows()) == 1 + len(UNION_PATH)

    watch = HistoryWatch()
    referral = services.referral_record_step(
        referral=referral, to_status=S.APPROVED, on=days_ago(10), amount=80_000_000, term_months=36, actor=bank_liaison
    )
    services.referral_record_step(
        referral=referral, to_status=S.DISBURSED, on=days_ago(8), amount=80_000_000, actor=bank_liaison
    )
    assert_all_by(watch, bank_liaison, models={"loans.Referral"})


def test_referral_from_a_contest_entry_names_the_staff_member(capital_entry, staff_user, programme):  # noqa: F811
    programme.takes_contest_entries = True
    programme.save()
    watch = HistoryWatch()

    services.capital_proposal_refer(proposal=proposal_of(capital_entry, staff_user), actor=staff_user)

    assert_all_by(watch, staff_user, models={"loans.Referral"})


def test_group_grade_names_the_officer(commune, officer):
    group = SavingsGroupFactory(unit=commune)
    watch = HistoryWatch()

    services.group_grade_record(
        group=group, year=2024, grade="kha", graded_on=datetime.date(2024, 12, 20), actor=officer
    )

    assert_all_by(watch, officer, models={"loans.GroupGrade"})
