import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from loans import services
from loans.models import BankBranch, LoanProgramme, Referral, SavingsGroup
from tests.factories import UnitFactory, province_unit
from tests.ventures.factories import EntrepreneurFactory

S = Referral.Status
UNION_PATH = [S.GROUP_VETTED, S.UNION_APPRAISED, S.COMMUNE_CONFIRMED, S.SENT_TO_BANK]


class LoanProgrammeFactory(DjangoModelFactory):
    """Job-creation loans under Decree 61/2015: 100 million per worker, 2 billion per project, 120 months."""

    class Meta:
        model = LoanProgramme
        django_get_or_create = ("owner", "code")

    owner = factory.LazyFunction(province_unit)
    name = factory.Sequence(lambda n: f"Cho vay hỗ trợ tạo việc làm {n}")
    code = factory.Sequence(lambda n: f"viec-lam-{n}")
    lender = LoanProgramme.Lender.POLICY_BANK
    lender_name = "Ngân hàng Chính sách xã hội"
    max_per_borrower = 100_000_000
    max_per_project = 2_000_000_000
    max_term_months = 120
    interest_rate = "0.550"


class BankBranchFactory(DjangoModelFactory):
    class Meta:
        model = BankBranch
        skip_postgeneration_save = True

    province = factory.LazyFunction(province_unit)
    name = factory.Sequence(lambda n: f"Phòng giao dịch NHCSXH số {n}")
    kind = BankBranch.Kind.OFFICE

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.units.set(extracted)

    @factory.post_generation
    def liaisons(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.liaisons.set(extracted)


class SavingsGroupFactory(DjangoModelFactory):
    class Meta:
        model = SavingsGroup

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Tổ TK&VV bản Hìn {n}")
    leader_name = "Lò Văn Pản"
    hamlet = "Bản Hìn"
    member_count = 30
    outstanding_balance = 800_000_000


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def make_referral(*, unit, actor, programme=None, person=None, amount=50_000_000, submitted_on=None, **kwargs):
    return services.referral_create(
        unit=unit,
        entrepreneur=person or EntrepreneurFactory(unit=unit),
        programme=programme or LoanProgrammeFactory(),
        amount=amount,
        term_months=36,
        purpose="Mua giống bò sữa",
        submitted_on=submitted_on or days_ago(30),
        actor=actor,
        **kwargs,
    )


def advance(referral, statuses, *, actor, start_days_ago=25, **kwargs):
    """Record `statuses` one day apart, from `start_days_ago` days ago."""
    for n, status in enumerate(statuses):
        referral = services.referral_record_step(
            referral=referral, to_status=status, on=days_ago(start_days_ago - n), actor=actor, **kwargs
        )
    return referral
