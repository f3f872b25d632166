"""Factories for award programmes: a programme taking nominations now, categories, nominations, votes."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from awards.models import AwardCategory, AwardProgramme, CouncilVote, FieldVerification, Nomination, NominationEvidence
from tests.factories import UnitFactory, UserFactory, province_unit
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class AwardProgrammeFactory(DjangoModelFactory):
    """Taking nominations from 10 days ago to 10 days ahead; ages 18–35; no other rule."""

    class Meta:
        model = AwardProgramme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Tuyên dương Thanh niên làm kinh tế giỏi lần {n}")
    owner = factory.LazyFunction(province_unit)
    year = 2026
    slug = factory.Sequence(lambda n: f"tuyen-duong-{n}")
    status = AwardProgramme.Status.NOMINATING
    nomination_opens_at = factory.LazyFunction(lambda: timezone.now() - days(10))
    nomination_closes_at = factory.LazyFunction(lambda: timezone.now() + days(10))
    min_age = 18
    max_age = 35
    age_reference_date = datetime.date(2026, 8, 31)
    require_no_violations = False
    approval_share = 50
    signer_name = "Cầm Thị Phương"
    signer_title = "Phó Bí thư"
    certificate_symbol = "GCN-TĐTN"

    @factory.post_generation
    def council(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.council.set(extracted)


class AwardCategoryFactory(DjangoModelFactory):
    class Meta:
        model = AwardCategory

    programme = factory.SubFactory(AwardProgrammeFactory)
    name = factory.Sequence(lambda n: f"Thanh niên nông thôn làm kinh tế giỏi {n}")


class NominationFactory(DjangoModelFactory):
    """A draft of a 28-year-old from the nominating unit, without a venture."""

    class Meta:
        model = Nomination

    programme = factory.SubFactory(AwardProgrammeFactory)
    category = factory.LazyAttribute(lambda o: AwardCategoryFactory(programme=o.programme))
    unit = factory.SubFactory(UnitFactory)
    entrepreneur = factory.LazyAttribute(
        lambda o: EntrepreneurFactory(unit=o.unit, date_of_birth=datetime.date(1998, 5, 20))
    )
    annual_revenue = 600_000_000
    jobs_created = 6
    no_violations_declared = True


class CouncilVoteFactory(DjangoModelFactory):
    class Meta:
        model = CouncilVote

    nomination = factory.SubFactory(NominationFactory, status=Nomination.Status.SUBMITTED)
    member = factory.SubFactory(UserFactory)
    choice = CouncilVote.Choice.YES


class FieldVerificationFactory(DjangoModelFactory):
    class Meta:
        model = FieldVerification

    nomination = factory.SubFactory(NominationFactory, status=Nomination.Status.SUBMITTED)
    officer = factory.SubFactory(UserFactory)


class NominationEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = NominationEvidence

    nomination = factory.SubFactory(NominationFactory)
    title = "Giấy chứng nhận đăng ký hộ kinh doanh"
    file = factory.django.FileField(filename="giay-chung-nhan.pdf", data=PDF_BYTES)
