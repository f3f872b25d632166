"""What loans hands to `reports`: indicators per unit and deadlines with who still owes them."""

import datetime

import pytest
from django.utils import timezone

from common.indicators import Period
from loans import deadlines, indicators, services
from loans.models import GroupGrade, Referral
from tests.loans.factories import UNION_PATH, SavingsGroupFactory, advance, days_ago, make_referral

pytestmark = pytest.mark.django_db
S = Referral.Status


def by_code(code):
    return next(i for i in indicators.INDICATORS if i.code == code)


def test_good_grade_ratio_per_unit(commune, other_commune):
    for n in range(4):
        GroupGrade.objects.create(
            group=SavingsGroupFactory(unit=commune),
            year=2024,
            grade="yeu" if n == 0 else "tot",
            graded_on=datetime.date(2024, 12, 1),
        )
    GroupGrade.objects.create(
        group=SavingsGroupFactory(unit=other_commune), year=2024, grade="kha", graded_on=datetime.date(2024, 12, 1)
    )
    GroupGrade.objects.create(
        group=SavingsGroupFactory(unit=other_commune), year=2023, grade="yeu", graded_on=datetime.date(2023, 12, 1)
    )

    measures = by_code("loans.groups_good_grade").compute(Period.year(2024))

    assert (measures[commune.pk].value, measures[commune.pk].base) == (3, 4)
    assert (measures[other_commune.pk].value, measures[other_commune.pk].base) == (1, 1)


def test_referral_count_and_amounts_per_unit(sent_referral, bank_liaison, commune):
    services.referral_record_step(
        referral=sent_referral,
        to_status=S.APPROVED,
        on=days_ago(3),
        amount=70_000_000,
        term_months=12,
        actor=bank_liaison,
    )
    services.referral_record_step(
        referral=sent_referral, to_status=S.DISBURSED, on=days_ago(2), amount=65_000_000, actor=bank_liaison
    )
    period = (
        Period.year(timezone.localdate().year)
        if days_ago(30).year == timezone.localdate().year
        else Period(days_ago(40), days_ago(0))
    )

    assert by_code("loans.referrals").compute(period)[commune.pk].value == 1
    assert by_code("loans.amount_approved").compute(period)[commune.pk].value == 70_000_000
    assert by_code("loans.amount_disbursed").compute(period)[commune.pk].value == 65_000_000
    assert str(commune.pk) in by_code("loans.referrals").records_url(commune.pk, period)


def test_waiting_referral_is_owed_by_the_units_officers_then_the_branchs_liaisons(referral, officer, bank_liaison):
    today = timezone.localdate()
    due = referral.status_on + datetime.timedelta(days=Referral.ALLOWED_DAYS[S.SUBMITTED])
    found = [d for d in deadlines.deadlines(start=due, end=due) if d.key.startswith("loans.referral")]
    assert [tuple(x.user_id for x in d.owed_by) for d in found] == [(officer.pk,)]

    referral = advance(referral, UNION_PATH, actor=officer, start_days_ago=3)
    due = referral.due_on
    found = [
        d
        for d in deadlines.deadlines(start=today, end=due + datetime.timedelta(days=1))
        if d.key.startswith("loans.referral")
    ]
    assert [tuple(x.user_id for x in d.owed_by) for d in found] == [(bank_liaison.pk,)]
    assert found[0].due == due


def test_narrowed_to_one_user_a_referral_is_owed_by_the_same_people(
    referral, officer, other_officer, bank_liaison, staff_user
):
    def owed(user, **kwargs):
        window = {"start": days_ago(400), "end": days_ago(-400)}
        return [(d.key, o) for d in deadlines.deadlines(**window, **kwargs) for o in d.owed_by if o.user_id == user.pk]

    referral = advance(referral, UNION_PATH, actor=officer, start_days_ago=3)  # now the bank's turn
    for user in (officer, other_officer, bank_liaison, staff_user):
        assert owed(user, debtor=user) == owed(user)
    assert owed(bank_liaison, debtor=bank_liaison)


def test_disbursed_referral_owes_nothing(sent_referral, bank_liaison):
    services.referral_record_step(
        referral=sent_referral, to_status=S.APPROVED, on=days_ago(3), amount=10, term_months=12, actor=bank_liaison
    )
    services.referral_record_step(
        referral=sent_referral, to_status=S.DISBURSED, on=days_ago(2), amount=10, actor=bank_liaison
    )
    found = deadlines.deadlines(start=days_ago(400), end=days_ago(-400))
    assert [d for d in found if d.key.startswith("loans.referral")] == []


def test_grading_deadline_lists_officers_of_units_with_ungraded_groups(commune, other_commune, officer, other_officer):
    year = 2024
    graded = SavingsGroupFactory(unit=other_commune)
    GroupGrade.objects.create(group=graded, year=year, grade="kha", graded_on=datetime.date(year, 12, 1))
    SavingsGroupFactory(unit=commune)
    SavingsGroupFactory(unit=commune)

    found = deadlines.grading_deadlines(start=datetime.date(year, 12, 1), end=datetime.date(year, 12, 31))

    assert [(d.unit_id, d.due, [x.user_id for x in d.owed_by]) for d in found] == [
        (commune.pk, datetime.date(year, 12, 31), [officer.pk])
    ]
    assert "2 tổ chưa xếp loại" in found[0].owed_by[0].detail


def test_referral_late_flag_follows_allowed_days(commune, officer, programme):
    late = make_referral(unit=commune, actor=officer, programme=programme, submitted_on=days_ago(11))
    ok = make_referral(unit=commune, actor=officer, programme=programme, submitted_on=days_ago(10))
    assert (late.is_late, ok.is_late) == (True, False)
