"""Factories for the contest: a contest open now, its rounds and criteria, entries, judges."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from competitions.models import Assignment, Category, Contest, Criterion, Entry, Judge, PrizeTier, Round, TeamMember
from tests.factories import UnitFactory, UserFactory, province_unit
from tests.ventures.factories import EntrepreneurFactory


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class ContestFactory(DjangoModelFactory):
    """Open for submissions from 10 days ago to 10 days ahead."""

    class Meta:
        model = Contest

    owner = factory.LazyFunction(province_unit)
    name = factory.Sequence(lambda n: f"Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ {n}")
    year = 2026
    slug = factory.Sequence(lambda n: f"y-tuong-khoi-nghiep-{n}")
    status = Contest.Status.OPEN
    submission_opens_at = factory.LazyFunction(lambda: timezone.now() - days(10))
    submission_closes_at = factory.LazyFunction(lambda: timezone.now() + days(10))
    min_entries_per_unit = 5
    max_entries_per_unit = 8
    max_team_size = 3
    min_age = 18
    max_age = 35
    age_reference_date = datetime.date(2026, 8, 30)
    signer_name = "Cầm Thị Phương"
    signer_title = "Phó Bí thư"
    certificate_symbol = "GCN-KN"


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"Nông nghiệp công nghệ cao {n}")


class RoundFactory(DjangoModelFactory):
    """A scoring round open now."""

    class Meta:
        model = Round

    contest = factory.SubFactory(ContestFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Vòng sơ tuyển"
    kind = Round.Kind.SCORING
    status = Round.Status.OPEN
    opens_at = factory.LazyFunction(lambda: timezone.now() - days(1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + days(5))
    judges_per_entry = 3
    is_blind = True


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_points = Decimal("20")
    weight = Decimal("1")
    order = factory.Sequence(lambda n: n)


class EntryFactory(DjangoModelFactory):
    """A draft; pass status/round to place it further along."""

    class Meta:
        model = Entry
        skip_postgeneration_save = True

    contest = factory.SubFactory(ContestFactory)
    unit = factory.SubFactory(UnitFactory)
    category = factory.LazyAttribute(lambda o: CategoryFactory(contest=o.contest))
    title = factory.Sequence(lambda n: f"Ý tưởng sấy khô nông sản {n}")
    summary = "Sấy mận hậu bằng năng lượng mặt trời cho hợp tác xã."
    capital_needed = 300_000_000

    @factory.post_generation
    def lead(obj, create, extracted, **kwargs):
        """Every entry gets a team lead of the right age from its unit, unless lead=False."""
        if create and extracted is not False:
            person = extracted or EntrepreneurFactory(unit=obj.unit, date_of_birth=datetime.date(2000, 1, 1))
            TeamMember.objects.create(entry=obj, entrepreneur=person, role=TeamMember.Role.LEAD)


class JudgeFactory(DjangoModelFactory):
    """A judge ready for work: the pledge accepted and conflicts declared (pass None for a
    judge who has not yet done so, as an invitation leaves them)."""

    class Meta:
        model = Judge

    contest = factory.SubFactory(ContestFactory)
    user = factory.SubFactory(UserFactory)
    affiliation = None
    pledged_at = factory.LazyFunction(lambda: timezone.now() - days(1))
    conflicts_declared_at = factory.LazyFunction(lambda: timezone.now() - days(1))


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    round = factory.SubFactory(RoundFactory)
    judge = factory.LazyAttribute(lambda o: JudgeFactory(contest=o.round.contest))
    entry = factory.LazyAttribute(
        lambda o: EntryFactory(contest=o.round.contest, status=Entry.Status.IN_COMPETITION, round=o.round)
    )


class PrizeTierFactory(DjangoModelFactory):
    class Meta:
        model = PrizeTier

    contest = factory.SubFactory(ContestFactory)
    name = "Giải Nhất"
    rank = 1
    count = 1
    amount = 10_000_000


def ready_contest(**kwargs) -> Contest:
    """A draft whose set-up checklist is complete: every step saved, a rules document, a
    category, a prize, then a preliminary, a coaching period and the final (each scorecard out
    of 100) after a window that opens tomorrow for a month."""
    from django.core.files.base import ContentFile

    from competitions.selectors.setup import SAVED_STEPS
    from tests.ventures.factories import PDF_BYTES

    now = timezone.now()
    contest = ContestFactory(
        status=Contest.Status.DRAFT,
        submission_opens_at=now + days(1),
        submission_closes_at=now + days(30),
        rules_document=ContentFile(PDF_BYTES, name="the-le.pdf"),
        setup_steps=list(SAVED_STEPS),
        **kwargs,
    )
    CategoryFactory(contest=contest, name="Nông nghiệp")
    PrizeTierFactory(contest=contest)
    plan = [
        ("Vòng sơ tuyển", Round.Kind.SCORING, False, 32, 40),
        ("Tư vấn, hoàn thiện", Round.Kind.COACHING, False, 41, 50),
        ("Chung kết", Round.Kind.SCORING, True, 52, 53),
    ]
    for order, (name, kind, is_final, start, end) in enumerate(plan, start=1):
        round = RoundFactory(
            contest=contest,
            order=order,
            name=name,
            kind=kind,
            is_final=is_final,
            status=Round.Status.PENDING,
            opens_at=now + days(start),
            closes_at=now + days(end),
            max_total=Decimal(100) if kind == Round.Kind.SCORING else None,
        )
        if kind == Round.Kind.SCORING:
            CriterionFactory(round=round, name="Tính sáng tạo", max_points=Decimal(60))
            CriterionFactory(round=round, name="Tính khả thi", max_points=Decimal(40))
    return contest
