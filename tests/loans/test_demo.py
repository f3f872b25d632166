"""The loans demo: programmes, branches, graded groups around the 98% target, referrals at every stage."""

from io import StringIO

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from common.demo import DemoContext
from loans import demo, selectors
from loans.models import BankBranch, GroupGrade, LoanProgramme, Referral, ReferralStep, SavingsGroup
from ventures import demo as ventures_demo

pytestmark = pytest.mark.django_db


def _run() -> DemoContext:
    ctx = DemoContext(stdout=StringIO(), today=timezone.localdate())
    accounts_demo.load(ctx)
    ventures_demo.load(ctx)
    demo.load(ctx)
    return ctx


def test_demo_loads_once_and_a_second_run_adds_nothing():
    ctx = _run()
    counts = [m.objects.count() for m in (LoanProgramme, SavingsGroup, GroupGrade, Referral, ReferralStep)]
    _run()
    assert [m.objects.count() for m in (LoanProgramme, SavingsGroup, GroupGrade, Referral, ReferralStep)] == counts

    assert counts[:2] == [4, 60]
    owners = dict(LoanProgramme.objects.values_list("code", "owner__code"))
    assert owners == {
        "giai-quyet-viec-lam": "tinh-doan-son-la",
        "quy-120": "tinh-doan-son-la",
        "tin-dung-khoi-nghiep-son-la": "tinh-doan-son-la",
        "tin-dung-khoi-nghiep-lai-chau": "tinh-doan-lai-chau",
    }
    branches = dict(BankBranch.objects.values_list("name", "province__code"))
    assert branches == {
        "NHCSXH chi nhánh tỉnh Sơn La": "tinh-doan-son-la",
        "Phòng giao dịch NHCSXH Mai Sơn": "tinh-doan-son-la",
        "NHCSXH chi nhánh tỉnh Lai Châu": "tinh-doan-lai-chau",
    }
    assert not Referral.objects.filter(programme__owner__code="tinh-doan-lai-chau").exists()
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"group_vetted", "sent_to_bank", "rejected", "disbursed", "repaying", "overdue"} <= statuses

    rows, total = selectors.grade_summary(user=ctx.user("tinhdoan"), year=ctx.today.year - 1)
    assert total.meets_target
    assert [row.unit.code for row in rows if not row.meets_target] == ["van-ho"]
    assert Referral.objects.visible_to(ctx.user("nhcsxh")).exists()


def test_demo_refers_one_contest_entry_proposed_for_capital_support_once():
    from competitions import demo as competitions_demo
    from competitions.models import Entry

    ctx = DemoContext(stdout=StringIO(), today=timezone.localdate())
    accounts_demo.load(ctx)
    ventures_demo.load(ctx)
    competitions_demo.load(ctx)
    demo.load(ctx)
    demo.load(ctx)

    (referral,) = Referral.objects.exclude(source_key="")
    entry = Entry.objects.select_related("contest").get(pk=int(referral.source_key.removeprefix("contest-entry:")))
    assert entry.capital_support
    assert referral.source_label == f"{entry.code} {entry.title} · {entry.contest.name}"
    assert referral.status == "repaying"
