import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ocop import services
from ocop.models import CandidateCommune, CandidateList, Cycle, Product, ProductGroup
from tests.factories import province_unit
from tests.ventures.factories import EntrepreneurFactory, VentureFactory


class CycleFactory(DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("owner", "year")

    owner = factory.LazyFunction(province_unit)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    name = factory.LazyAttribute(lambda o: f"Hỗ trợ thanh niên tham gia OCOP năm {o.year}")
    status = Cycle.Status.OPEN
    list_deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    target_per_unit = 2


class CandidateListFactory(DjangoModelFactory):
    class Meta:
        model = CandidateList

    cycle = factory.SubFactory(CycleFactory)
    status = CandidateList.Status.DRAFT


class CandidateCommuneFactory(DjangoModelFactory):
    class Meta:
        model = CandidateCommune

    candidate_list = factory.SubFactory(CandidateListFactory)
    commune = factory.LazyAttribute(lambda o: o.candidate_list.unit)


def make_venture(unit, **kwargs):
    owner = EntrepreneurFactory(unit=unit)
    venture = VentureFactory(unit=unit, owners=[owner], **kwargs)
    return venture, owner


def make_product(*, entry: CandidateCommune, actor=None, name: str | None = None, group=ProductGroup.FOOD, **kwargs):
    """A product saved through the service, as a unit officer would add it."""
    venture, owner = make_venture(entry.commune)
    product = Product(
        entry=entry,
        name=name or f"Chè Shan tuyết {Product.objects.count() + 1}",
        group=group,
        venture=venture,
        owner=owner,
        target_stars=3,
        **kwargs,
    )
    return services.product_save(product=product, actor=actor)


def advance_to(product: Product, stage: str, *, actor, score=(30, 20, 25), level="provincial", number=None):
    """Move a product through the pipeline to `stage` by the services."""
    today = timezone.localdate()
    S = Product.Stage
    order = [S.PREPARING, S.SUBMITTED]
    for step in order:
        if product.stage == stage:
            return product
        product = services.product_advance(product=product, to_stage=step, actor=actor, on=today)
    if stage == S.SUBMITTED:
        return product
    services.product_rate(
        product=product, score_a=score[0], score_b=score[1], score_c=score[2], level=level, rated_on=today, actor=actor
    )
    product.refresh_from_db()
    if stage == S.RATED:
        return product
    services.product_certify(
        product=product,
        certificate_number=number or f"GCN-{product.pk}",
        issued_on=today,
        actor=actor,
    )
    product.refresh_from_db()
    if stage == S.CERTIFIED:
        return product
    product = services.product_advance(product=product, to_stage=S.PROMOTED, actor=actor, on=today)
    return product
