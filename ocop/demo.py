# ruff: noqa: E501 -- the demo table keeps one product per row
"""Demo data: this year's OCOP cycle for Sơn La, lists from four communes, products in
every stage (two certified: one 3★, one 4★) and an October online market.

The cycle is run by the Sơn La province union (its owner); the staff account acts.
Idempotent: the cycle is keyed on its owner and year, lists on (cycle, unit), products on
(cycle, venture, name), the event on its name; a second run adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.demo import LAI_CHAU_CODE
from common.demo import DemoContext
from ventures.models import Venture

from . import services
from .models import CandidateList, Cycle, Product, ProductGroup, PromotionEvent, UnitExtension

S = Product.Stage


@dataclass(frozen=True)
class DemoProduct:
    unit: str
    venture: str
    name: str
    group: str
    stage: str
    score: tuple[int, int, int] | None = None
    contact: str = ""
    description: str = ""
    dossier: int = 3  # how many checklist items are done


PRODUCTS = [
    DemoProduct("chieng-an", "Hộ kinh doanh Cà phê Arabica Thắng Hôm", "Cà phê Arabica rang xay Thắng Hôm", ProductGroup.BEVERAGE, S.PROMOTED, (32, 19, 28), "0912 468 135 · Bản Hôm, phường Chiềng An", "Cà phê Arabica trồng ở độ cao 1.000 m, sơ chế ướt, rang mộc.", 7),
    DemoProduct("moc-chau", "Vườn mận hậu Nà Ka", "Mận hậu sấy dẻo Nà Ka", ProductGroup.FOOD, S.CERTIFIED, (24, 14, 21), "0978 112 233 · Tiểu khu Nà Ka, phường Mộc Châu", "Mận hậu VietGAP sấy dẻo, không chất bảo quản.", 7),
    DemoProduct("chieng-coi", "Cơ sở chế biến ô mai, mứt mận Chiềng Cơi", "Ô mai mận Chiềng Cơi", ProductGroup.FOOD, S.RATED, (16, 12, 17), dossier=5),
    DemoProduct("chieng-an", "Cà phê rang xay Hương Chiềng An", "Cà phê phin giấy Hương Chiềng An", ProductGroup.BEVERAGE, S.SUBMITTED, dossier=6),
    DemoProduct("moc-chau", "Hợp tác xã Bò sữa Thanh niên Mộc Châu", "Sữa chua nếp cẩm Thanh niên Mộc Châu", ProductGroup.FOOD, S.PREPARING, dossier=4),
    DemoProduct("mai-son", "Tổ hợp tác trồng mía Thanh niên Mai Sơn", "Đường phên Mai Sơn", ProductGroup.FOOD, S.IDENTIFIED, dossier=1),
]  # fmt: skip
# Units that have sent their list; Mai Sơn is still drafting (a debtor at the deadline).
SUBMITTED_UNITS = ("chieng-an", "moc-chau", "chieng-coi")


def load(ctx: DemoContext) -> None:
    today = ctx.today
    year = today.year

    def day(month: int, dom: int) -> datetime.date:
        return min(datetime.date(year, month, dom), today)

    staff = ctx.user("tinhdoan")
    province = ctx.unit("tinh-doan-son-la")
    cycle = Cycle.objects.filter(owner=province, year=year).first()
    if cycle is None:
        cycle = services.cycle_save(
            cycle=Cycle(
                year=year,
                name=f"Hỗ trợ thanh niên tham gia Chương trình OCOP năm {year}",
                description=(
                    "Rà soát các xã có sản phẩm có khả năng đạt chuẩn OCOP; các đơn vị gửi danh sách về Tỉnh đoàn "
                    "trước ngày 30/3; hỗ trợ thanh niên hoàn thiện hồ sơ, quảng bá sản phẩm đã được công nhận."
                ),
                status=Cycle.Status.OPEN,
                list_deadline=datetime.date(year, 3, 30),
                target_per_unit=2,
            ),
            owner=province,
            actor=staff,
        )
    listed_on = day(3, 15)
    lists: dict[str, CandidateList] = {}
    for code in dict.fromkeys(p.unit for p in PRODUCTS):
        unit = ctx.unit(code)
        candidate_list = CandidateList.objects.filter(cycle=cycle, unit=unit).first()
        if candidate_list is None:
            candidate_list = services.candidate_list_get_or_create(
                cycle=cycle, unit=unit, actor=staff, today=listed_on
            )
        lists[code] = candidate_list
    ventures = {(v.name, v.unit.code): v for v in Venture.objects.filter(name__in=[p.venture for p in PRODUCTS])}
    created = 0
    for plan in PRODUCTS:
        venture = ventures.get((plan.venture, plan.unit))
        candidate_list = lists[plan.unit]
        if venture is None or candidate_list.is_submitted:
            continue
        if Product.objects.filter(cycle=cycle, venture=venture, name_key=Product.fold_name(plan.name)).exists():
            continue
        entry = candidate_list.communes.filter(commune=candidate_list.unit).first() or services.commune_add(
            candidate_list=candidate_list, commune=candidate_list.unit, actor=staff, today=listed_on
        )
        product = Product(
            entry=entry,
            name=plan.name,
            group=plan.group,
            venture=venture,
            owner=venture.owners.order_by("pk").first(),
            target_stars=4 if plan.score and sum(plan.score) >= 70 else 3,
            public_contact=plan.contact,
            description=plan.description,
            **{field: index < plan.dossier for index, field in enumerate(Product.DOSSIER_FIELDS)},
        )
        product = services.product_save(product=product, actor=staff, today=listed_on)
        _advance(product, plan, staff=staff, day=day)
        created += 1
    for code in SUBMITTED_UNITS:
        candidate_list = lists[code]
        if not candidate_list.is_submitted:
            moment = timezone.make_aware(datetime.datetime.combine(day(3, 25), datetime.time(9, 0)))
            services.candidate_list_submit(candidate_list=candidate_list, actor=staff, now=moment)
    # Mai Sơn is still completing its list: staff extended its deadline.
    drafting = ctx.unit("mai-son")
    if not UnitExtension.objects.filter(cycle=cycle, unit=drafting).exists():
        services.extension_grant(
            cycle=cycle,
            unit=drafting,
            until=max(cycle.list_deadline, today) + datetime.timedelta(days=14),
            reason="Xã mới sắp xếp sau sáp nhập, cần thêm thời gian rà soát sản phẩm.",
            actor=staff,
        )
    event = _event(cycle, staff=staff, day=day)
    ctx.log(f"  OCOP {year}: {len(lists)} danh sách, {created} sản phẩm mới, sự kiện “{event.name}”")
    _lai_chau_cycle(ctx)


def _lai_chau_cycle(ctx: DemoContext) -> Cycle | None:
    """Lai Châu's own cycle this year, run by its provincial union: open, no list sent yet."""
    if LAI_CHAU_CODE not in ctx.units:
        return None
    owner, year = ctx.unit(LAI_CHAU_CODE), ctx.today.year
    cycle = Cycle.objects.filter(owner=owner, year=year).first()
    if cycle is None:
        cycle = services.cycle_save(
            cycle=Cycle(
                year=year,
                name=f"Thanh niên Lai Châu tham gia Chương trình OCOP năm {year}",
                description="Các xã, phường rà soát sản phẩm của thanh niên có khả năng đạt chuẩn OCOP.",
                status=Cycle.Status.OPEN,
                list_deadline=datetime.date(year, 12, 15),
                target_per_unit=1,
            ),
            owner=owner,
            actor=ctx.user("laichau"),
        )
    return cycle


def _advance(product: Product, plan: DemoProduct, *, staff, day) -> None:
    order = [S.IDENTIFIED, S.PREPARING, S.SUBMITTED, S.RATED, S.CERTIFIED, S.PROMOTED]
    target = order.index(plan.stage)
    for stage, (month, dom) in ((S.PREPARING, (4, 10)), (S.SUBMITTED, (6, 1))):
        if target >= order.index(stage):
            product = services.product_advance(product=product, to_stage=stage, actor=staff, on=day(month, dom))
    if target >= 3 and plan.score:
        a, b, c = plan.score
        services.product_rate(
            product=product, score_a=a, score_b=b, score_c=c, level="provincial", rated_on=day(8, 20), actor=staff
        )
    if target >= 4:
        services.product_certify(
            product=product,
            certificate_number=f"{product.pk:03d}/QĐ-UBND-OCOP",
            decision_number=f"1{product.pk:03d}/QĐ-UBND",
            issued_on=day(9, 15),
            actor=staff,
        )


def _event(cycle: Cycle, *, staff, day) -> PromotionEvent:
    name = f"Phiên chợ online sản phẩm OCOP thanh niên Sơn La {cycle.year}"
    event = PromotionEvent.objects.filter(name=name).first()
    if event is None:
        event = services.event_save(
            event=PromotionEvent(
                cycle=cycle,
                name=name,
                kind=PromotionEvent.Kind.ONLINE_MARKET,
                starts_on=day(10, 15),
                ends_on=day(10, 15),
                location="Fanpage Tỉnh đoàn Sơn La",
                note="Livestream giới thiệu sản phẩm OCOP của thanh niên, nhận đặt hàng trực tiếp.",
            ),
            actor=staff,
        )
    promoted = [p.name for p in PRODUCTS if p.stage == S.PROMOTED]
    for product in Product.objects.filter(cycle=cycle, name__in=promoted).certified():
        if not event.participations.filter(product=product).exists():
            services.participation_record(event=event, product=product, sales=18_500_000, orders=74, actor=staff)
    return event
