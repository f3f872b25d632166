import datetime

import factory
from factory.django import DjangoModelFactory

from common.choices import Ethnicity, Gender
from tests import samples
from tests.factories import UnitFactory
from ventures.models import Entrepreneur, Venture, VentureDocument, VentureUpdate


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


# A real one-page PDF: uploads are opened with pypdf before they are stored.
PDF_BYTES = samples.pdf_bytes()


class VentureDocumentFactory(DjangoModelFactory):
    class Meta:
        model = VentureDocument

    venture = factory.SubFactory(VentureFactory)
    title = factory.Sequence(lambda n: f"Giấy chứng nhận đăng ký hộ kinh doanh {n}")
    file = factory.django.FileField(filename="giay-chung-nhan.pdf", data=PDF_BYTES)


# What the web forms post for valid input; tests override one field to make it bad.


def entrepreneur_post(unit, **overrides) -> dict:
    """What the registration form posts for a valid young person under `unit`."""
    data = {
        "full_name": "Lường Thị Mai",
        "date_of_birth": "2000-03-15",
        "gender": Gender.FEMALE,
        "ethnicity": Ethnicity.THAI,
        "phone": "0912 345 678",
        "email": "mai@example.vn",
        "citizen_id": "014200000123",
        "unit": unit.pk,
        "address": "Bản Hìn, phường Tô Hiệu",
        "occupation": "Trồng chè",
        "note": "",
    }
    data.update(overrides)
    return data


def venture_post(unit, owners, **overrides) -> dict:
    data = {
        "name": "Hộ kinh doanh cà phê Lường Mai",
        "kind": "household",
        "sector": "crops",
        "unit": unit.pk,
        "owners": [o.pk for o in owners],
        "founded_on": "2024-01-10",
        "address": "Bản Hìn",
        "tax_code": "5500123456",
        "employees": "4",
        "annual_revenue": "300000000",
        "status": "active",
        "description": "",
    }
    data.update(overrides)
    return data


def update_post(**overrides) -> dict:
    data = {
        "period_kind": "month",
        "year": "2026",
        "period_number": "9",
        "revenue": "25000000",
        "profit": "5000000",
        "jobs": "6",
        "average_income": "5500000",
        "highlights": "",
        "difficulties": "",
        "support_requested": "",
    }
    data.update(overrides)
    return data
