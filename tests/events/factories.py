import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from common.choices import Ethnicity, Gender
from common.qr import new_ticket_code
from events.models import Booth, Event, Registration, StartupClub, StartupSpace
from tests.factories import UnitFactory


def in_days(days: float, hour: int = 8) -> datetime.datetime:
    """A moment `days` from now, at `hour` local time."""
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.TRAINING
    title = factory.Sequence(lambda n: f"Lớp tập huấn khởi nghiệp số {n}")
    starts_at = factory.LazyFunction(lambda: in_days(10, 8))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=8))
    venue = "Hội trường Tỉnh đoàn Sơn La"
    unit = factory.SubFactory(UnitFactory)
    capacity = 50
    counts_as_training = True
    is_public = True
    status = Event.Status.PUBLISHED
    signer_name = "Hà Văn Thắng"
    signer_title = "Trưởng ban"
    certificate_symbol = "GCN-TH"


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Lò Thị {n}")
    date_of_birth = datetime.date(2002, 3, 4)
    gender = Gender.FEMALE
    ethnicity = Ethnicity.THAI
    phone = factory.Sequence(lambda n: f"08{n:08d}")
    status = Registration.Status.CONFIRMED
    ticket_code = factory.LazyFunction(new_ticket_code)


class BoothFactory(DjangoModelFactory):
    class Meta:
        model = Booth

    event = factory.SubFactory(EventFactory, kind=Event.Kind.FESTIVAL)
    products = "Cà phê rang xay\nMật ong bạc hà"


class StartupClubFactory(DjangoModelFactory):
    class Meta:
        model = StartupClub

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Câu lạc bộ Khởi nghiệp {n}")
    members = 25


class StartupSpaceFactory(DjangoModelFactory):
    class Meta:
        model = StartupSpace

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Không gian khởi nghiệp {n}")
