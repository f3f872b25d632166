"""OCOP figures count by the date of their fact: a product by its cycle's year, a
certificate by the day it was issued and while it is valid, never by when a row was
written. "Today" is 7/12/2026; the facts are of 2021.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from common.indicators import Measure, Period
from ocop.indicators import products_certified, products_supported, youth_communes
from ocop.models import Product, ProductGroup, Rating
from tests.ocop.factories import CandidateCommuneFactory, CandidateListFactory, CycleFactory, make_venture

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PAST, THIS_YEAR = Period.year(2021), Period.year(2026)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def product(entry, name: str) -> Product:
    """A product of a past cycle's list, entered today (as an import of old lists would)."""
    venture, owner = make_venture(entry.commune)
    return Product.objects.create(
        entry=entry,
        cycle=entry.candidate_list.cycle,
        unit=entry.candidate_list.unit,
        commune=entry.commune,
        name=name,
        name_key=Product.fold_name(name),
        group=ProductGroup.FOOD,
        venture=venture,
        owner=owner,
        target_stars=3,
        stage=Product.Stage.IDENTIFIED,
        stage_changed_on=datetime.date(2021, 3, 20),
    )


def certify(product, issued_on: datetime.date) -> Rating:
    return Rating.objects.create(
        product=product,
        rated_on=issued_on - datetime.timedelta(days=20),
        score_a=Decimal(30),
        score_b=Decimal(20),
        score_c=Decimal(25),
        total=Decimal(75),
        stars=4,
        certificate_number=f"GCN-{product.pk}",
        certificate_issued_on=issued_on,
        certificate_expires_on=issued_on.replace(year=issued_on.year + 3),
    )


def test_a_2021_cycle_written_today_counts_in_2021(commune, other_commune):
    cycle = CycleFactory(year=2021, list_deadline=datetime.date(2021, 3, 30))
    entry = CandidateCommuneFactory(candidate_list=CandidateListFactory(cycle=cycle, unit=commune), commune=commune)
    other = CandidateCommuneFactory(
        candidate_list=CandidateListFactory(cycle=cycle, unit=other_commune), commune=other_commune
    )
    certified = product(entry, "Chè Shan tuyết Tà Xùa")
    product(entry, "Mận hậu sấy dẻo")
    product(other, "Cà phê Arabica Chiềng Ban")
    certify(certified, datetime.date(2021, 11, 2))

    assert products_supported(PAST) == {commune.pk: Measure(2), other_commune.pk: Measure(1)}
    assert products_certified(PAST) == {commune.pk: Measure(1)}
    assert youth_communes(PAST) == {commune.pk: Measure(1)}

    assert products_supported(THIS_YEAR) == {}
    assert products_certified(THIS_YEAR) == {}
    assert youth_communes(THIS_YEAR) == {}  # the certificate lapsed on 2/11/2024
    assert youth_communes(Period.year(2024)) == {commune.pk: Measure(1)}  # valid until then
