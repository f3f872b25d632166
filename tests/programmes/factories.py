import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from common.choices import Ethnicity
from programmes.models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingSession
from tests.factories import UnitFactory, province_unit
from tests.ventures.factories import VentureFactory
from ventures.models import Venture


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class ModelProgrammeFactory(DjangoModelFactory):
    """An active programme that started a month ago and takes registrations for ten more days."""

    class Meta:
        model = ModelProgramme

    name = factory.Sequence(lambda n: f"Bí thư Chi đoàn tiên phong khởi nghiệp {n}")
    owner = factory.LazyFunction(province_unit)
    start_date = factory.LazyFunction(lambda: _days(-30))
    end_date = factory.LazyFunction(lambda: _days(700))
    registration_deadline = factory.LazyFunction(lambda: _days(10))
    target_models = 10
    status = ModelProgramme.Status.ACTIVE


class PioneerVentureFactory(VentureFactory):
    kind = Venture.Kind.PIONEER_SECRETARY


class ProgrammeParticipantFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeParticipant

    programme = factory.SubFactory(ModelProgrammeFactory)
    venture = factory.SubFactory(PioneerVentureFactory, unit=factory.SelfAttribute("..unit"))
    unit = factory.SubFactory(UnitFactory)
    sector = factory.LazyAttribute(lambda o: o.venture.sector)
    status = ProgrammeParticipant.Status.REGISTERED


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    programme = factory.SubFactory(ModelProgrammeFactory)
    title = "Lớp tập huấn kiến thức, kỹ năng khởi nghiệp cho Bí thư Chi đoàn"
    date = factory.LazyFunction(lambda: _days(-5))
    place = "Hội trường Huyện đoàn"


class SupportRecordFactory(DjangoModelFactory):
    class Meta:
        model = SupportRecord

    participant = factory.SubFactory(ProgrammeParticipantFactory)
    kind = SupportRecord.Kind.LOAN_VBSP
    date = factory.LazyFunction(lambda: _days(-3))
    amount = 50_000_000
    provider = "NHCSXH huyện"


def participant_post(unit, **overrides) -> dict:
    """What the registration form posts to declare a new venture and its new owner under `unit`."""
    data = {
        "unit": unit.pk,
        "branch_name": "Chi đoàn thôn 3",
        "venture": "",
        "venture_name": "Trang trại gà đồi của Bí thư Chi đoàn thôn 3",
        "sector": "livestock",
        "founded_on": "2024-03-01",
        "employees": "3",
        "annual_revenue": "240000000",
        "description": "Nuôi 2.000 con gà đồi thả vườn.",
        "owner": "",
        "owner_full_name": "Lê Văn Quý",
        "owner_date_of_birth": "1994-02-10",
        "owner_gender": "male",
        "owner_ethnicity": Ethnicity.KINH,
        "owner_phone": "0912 000 333",
        "owner_citizen_id": "038094000123",
        "support_needs": "Vay vốn 50 triệu đồng làm chuồng trại.",
    }
    data.update(overrides)
    return data
