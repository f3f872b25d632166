"""OCOP: units' candidate lists and products, staff ratings and events, the public catalogue.

The demo has no list of Tô Hiệu: `prepare` grants Tô Hiệu an extension (the cycle's
deadline has passed) and starts its list with a commune, a product and a photo.
"""

from ..matrix import LAI_CHAU_READ, LAI_CHAU_RUN, OFFICERS, PUBLIC, STAFF, UNIT, Row, post_only


def _cycle(w):
    return {"pk": w.made["ocop_cycle"]}


def _list(w):
    return {"pk": w.made["ocop_list"]}


def _entry(w):
    return {"pk": w.made["ocop_entry"]}


def _product(w):
    return {"pk": w.made["ocop_product"]}


def _event(w):
    return {"pk": w.pk("ocop.PromotionEvent")}


def _certified(w):
    return {"pk": w.made["ocop_certified"]}


ROWS = {
    # Cycles and their dashboards are province-wide; what they list is scoped to the unit.
    "ocop:cycle-list": Row(OFFICERS),
    "ocop:cycle-detail": Row(OFFICERS, kwargs=_cycle),
    "ocop:product-list": Row(OFFICERS, kwargs=_cycle),
    "ocop:cycle-export": Row(OFFICERS, kwargs=_cycle),
    "ocop:cycle-pdf": Row(OFFICERS, kwargs=_cycle),
    # Each officer starts a list for a unit of their own (the form offers only those).
    "ocop:list-start": Row(post_only(OFFICERS), kwargs=_cycle),
    "ocop:import-template": Row(OFFICERS),
    "ocop:list-detail": Row(UNIT, kwargs=_list),
    "ocop:commune-add": Row(post_only(UNIT), kwargs=_list),
    "ocop:list-import": Row(post_only(UNIT), kwargs=_list),
    "ocop:list-submit": Row(post_only(UNIT), kwargs=_list),
    "ocop:commune-remove": Row(post_only(UNIT), kwargs=_entry),
    "ocop:product-create": Row(UNIT, kwargs=_entry),
    "ocop:product-detail": Row(UNIT, kwargs=_product),
    "ocop:product-update": Row(UNIT, kwargs=_product),
    "ocop:product-delete": Row(post_only(UNIT), kwargs=_product),
    "ocop:product-advance": Row(post_only(UNIT), kwargs=_product),
    "ocop:photo-add": Row(post_only(UNIT), kwargs=_product),
    "ocop:photo-view": Row(UNIT, kwargs=lambda w: {"pk": w.made["ocop_photo"]}),
    "ocop:photo-delete": Row(post_only(UNIT), kwargs=lambda w: {"pk": w.made["ocop_photo"]}),
    # Promotion events are the province's; their participations are scoped to the unit.
    "ocop:event-list": Row(OFFICERS),
    "ocop:event-detail": Row(OFFICERS, kwargs=_event),
    # Staff only.
    "ocop:cycle-create": Row(STAFF),
    "ocop:cycle-update": Row(STAFF, kwargs=_cycle),
    "ocop:extension-create": Row(STAFF, kwargs=_cycle),
    "ocop:list-reopen": Row(post_only(STAFF), kwargs=_list),
    "ocop:product-rate": Row(post_only(STAFF), kwargs=_product),
    "ocop:rating-preview": Row(STAFF),
    "ocop:product-certify": Row(post_only(STAFF), kwargs=_product),
    "ocop:event-create": Row(STAFF),
    "ocop:event-update": Row(STAFF, kwargs=_event),
    "ocop:participation-add": Row(post_only(STAFF), kwargs=_event),
    "ocop:participation-remove": Row(post_only(STAFF), kwargs=lambda w: {"pk": w.pk("ocop.Participation")}),
    # The public catalogue: certified products only (see test_tokens.py for the others).
    "ocop:catalogue": Row(PUBLIC),
    "ocop:catalogue-detail": Row(PUBLIC, kwargs=_certified),
    "ocop:catalogue-photo": Row(PUBLIC, kwargs=lambda w: {"pk": w.made["ocop_certified_photo"]}),
    # The catalogue's first, Vietnamese paths (on QR codes): permanent redirects to the above.
    "ocop:catalogue-old": Row(PUBLIC),
    "ocop:catalogue-detail-old": Row(PUBLIC, kwargs=_certified),
    "ocop:catalogue-photo-old": Row(PUBLIC, kwargs=lambda w: {"pk": w.made["ocop_certified_photo"]}),
}


# Lai Châu's own cycle: Sơn La's staff and officers neither read nor run it.
LAI_CHAU_ROWS = {
    "ocop:cycle-detail": Row(LAI_CHAU_READ, kwargs=lambda w: {"pk": w.lai_chau("ocop.Cycle")}),
    "ocop:cycle-update": Row(LAI_CHAU_RUN, kwargs=lambda w: {"pk": w.lai_chau("ocop.Cycle")}),
    "ocop:extension-create": Row(LAI_CHAU_RUN, kwargs=lambda w: {"pk": w.lai_chau("ocop.Cycle")}),
}


def prepare(world) -> None:
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import Unit, User
    from ocop import services
    from ocop.models import Cycle, Product, ProductGroup, ProductPhoto
    from ventures.models import Venture

    from .awards import PNG

    staff = User.objects.get(username="tinhdoan")
    today = timezone.localdate()
    unit = Unit.objects.get(code="to-hieu")
    cycle = Cycle.objects.get(year=today.year, owner__code="tinh-doan-son-la")
    if cycle.list_deadline < today:
        services.extension_grant(
            cycle=cycle, unit=unit, until=today + datetime.timedelta(days=30), reason="Ma trận quyền", actor=staff
        )
    candidate_list = services.candidate_list_get_or_create(cycle=cycle, unit=unit, actor=staff)
    entry = services.commune_add(candidate_list=candidate_list, commune=unit, actor=staff)
    venture = Venture.objects.filter(unit=unit, owners__isnull=False).order_by("pk").first()
    product = services.product_save(
        product=Product(
            entry=entry,
            name="Trà shan tuyết Tô Hiệu",
            group=ProductGroup.BEVERAGE,
            venture=venture,
            owner=venture.owners.order_by("pk").first(),
        ),
        actor=staff,
    )
    photo = ProductPhoto.objects.create(product=product, image=ContentFile(PNG, name="tra.png"), uploaded_by=staff)
    certified = Product.objects.public().order_by("pk").first()
    assert certified is not None, "the OCOP demo has no certified product"
    certified_photo = ProductPhoto.objects.create(
        product=certified, image=ContentFile(PNG, name="san-pham.png"), uploaded_by=staff
    )
    world.made.update(
        ocop_cycle=cycle.pk,
        ocop_list=candidate_list.pk,
        ocop_entry=entry.pk,
        ocop_product=product.pk,
        ocop_photo=photo.pk,
        ocop_certified=certified.pk,
        ocop_certified_photo=certified_photo.pk,
    )
