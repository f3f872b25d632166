"""Loans' figures count by the date of their fact; the grade share counts every group.

Records are written "today" (7/12/2026) for facts of 2021: they count in 2021.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from common.indicators import Measure, Period
from loans.indicators import INDICATORS
from loans.models import GroupGrade, Referral
from tests.loans.factories import SavingsGroupFactory, make_referral

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PAST, THIS_YEAR = Period.year(2021), Period.year(2026)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def compute(code: str, period: Period) -> dict[int, Measure]:
    return next(i for i in INDICATORS if i.code == code).compute(period)


def grade(group, year: int, value: str) -> GroupGrade:
    return GroupGrade.objects.create(group=group, year=year, grade=value, graded_on=datetime.date(year, 12, 1))


def test_an_ungraded_group_has_not_reached_kha(commune, other_commune):
    """The issue's repro: 1 of 61 groups graded "khá" is 1/61, not 100% of the graded one."""
    groups = SavingsGroupFactory.create_batch(41, unit=commune)
    SavingsGroupFactory.create_batch(20, unit=other_commune)
    grade(groups[0], 2026, "kha")

    measures = compute("loans.groups_good_grade", THIS_YEAR)

    assert measures == {
        commune.pk: Measure(value=1, base=41, unknown=40),
        other_commune.pk: Measure(value=0, base=20, unknown=20),
    }


def test_the_grade_share_of_a_past_year_counts_the_groups_graded_for_it(commune):
    groups = SavingsGroupFactory.create_batch(3, unit=commune)  # entered today
    grade(groups[0], 2021, "tot")
    grade(groups[1], 2021, "yeu")
    grade(groups[0], 2026, "yeu")  # a later grade does not change 2021

    # 2021: the two groups graded for it (the third was not known then); this year: all three.
    assert compute("loans.groups_good_grade", PAST) == {commune.pk: Measure(value=1, base=2, unknown=0)}
    assert compute("loans.groups_good_grade", THIS_YEAR) == {commune.pk: Measure(value=0, base=3, unknown=2)}


def test_a_dissolved_group_leaves_the_base_unless_graded_for_the_year(commune):
    kept, dissolved, graded_then_dissolved = SavingsGroupFactory.create_batch(3, unit=commune)
    dissolved.is_active = False
    dissolved.save()
    graded_then_dissolved.is_active = False
    graded_then_dissolved.save()
    grade(graded_then_dissolved, 2026, "kha")

    assert compute("loans.groups_good_grade", THIS_YEAR) == {commune.pk: Measure(value=1, base=2, unknown=1)}


def test_referral_steps_written_today_count_on_their_own_dates(commune, staff_user):
    referral = make_referral(unit=commune, actor=staff_user, submitted_on=datetime.date(2021, 4, 2))
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.DISBURSED,
        approved_on=datetime.date(2021, 6, 1),
        approved_amount=50_000_000,
        disbursed_on=datetime.date(2021, 6, 15),
        disbursed_amount=45_000_000,
    )

    assert compute("loans.referrals", PAST) == {commune.pk: Measure(1)}
    assert compute("loans.amount_approved", PAST) == {commune.pk: Measure(50_000_000)}
    assert compute("loans.amount_disbursed", PAST) == {commune.pk: Measure(45_000_000)}
    for code in ("loans.referrals", "loans.amount_approved", "loans.amount_disbursed"):
        assert compute(code, THIS_YEAR) == {}, code


def test_the_groups_page_shows_the_share_of_every_group_with_its_base(client, staff_user, commune, other_commune):
    """The issue's screenshot said "100,0% · 1/1 tổ đã xếp loại · 61 tổ đang hoạt động", in green."""
    groups = SavingsGroupFactory.create_batch(41, unit=commune)
    SavingsGroupFactory.create_batch(20, unit=other_commune)
    grade(groups[0], 2026, "kha")
    client.force_login(staff_user)

    response = client.get(reverse("loans:group-list"), {"year": 2026})

    total = response.context["total"]
    assert (total.good, total.base, total.ungraded) == (1, 61, 60)
    assert (total.share, total.meets_target) == (Decimal("1.6"), False)
    body = response.content.decode()
    summary = body[body.index("data-total-share") :].split("</span></span>")[0]
    assert "1,6%" in summary
    assert "1/61 tổ" in summary
    assert "60 tổ chưa xếp loại" in summary
    assert "text-bg-danger" in summary
    row = body[body.index(f'data-unit-row="{commune.pk}"') :].split("</tr>")[0]
    assert "1/41 tổ" in row
