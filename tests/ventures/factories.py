import datetime

import factory
from factory.django import DjangoModelFactory

from common.choices import Ethnicity, Gender
from tests.factories import UnitFactory
from ventures.models import Entrepreneur, Venture, VentureUpdate


class EntrepreneurFactory(DjangoModelFactory):
    class Meta:
        model = Entrepreneur

    full_name = factory.Sequence(lambda n: f"Lò Văn {n}")
    date_of_birth = datetime.date(1998, 5, 20)
    gender = Gender.MALE
    ethnicity = Ethnicity.THAI
    phone = factory.Sequence(lambda n: f"09{n:08d}")
    unit = factory.SubFactory(UnitFactory)


class VentureFactory(DjangoModelFactory):
    class Meta:
        model = Venture
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mô hình trồng cà phê {n}")
    kind = Venture.Kind.HOUSEHOLD
    sector = Venture.Sector.CROPS
    unit = factory.SubFactory(UnitFactory)
    employees = 3
    annual_revenue = 250_000_000

    @factory.post_generation
    def owners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.owners.set(extracted)


class VentureUpdateFactory(DjangoModelFactory):
    class Meta:
        model = VentureUpdate

    venture = factory.SubFactory(VentureFactory)
    period_kind = VentureUpdate.PeriodKind.MONTH
    year = 2026
    period_number = 10
    revenue = 30_000_000
    jobs = 4
