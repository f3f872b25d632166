import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ocop import services
from ocop.models import (
    CandidateList,
    Product,
    PromotionEvent,
    Rating,
    StageChange,
    add_months,
    certificate_expiry,
    stars_for_score,
)
from tests.factories import UnitFactory
from tests.ocop.factories import advance_to, make_product, make_venture

pytestmark = pytest.mark.django_db
S = Product.Stage


@pytest.mark.parametrize(
    ("score", "stars"),
    [
        (0, 1),
        ("29.99", 1),
        (29, 1),
        (30, 2),
        (49, 2),
        ("49.5", 2),
        (50, 3),
        (69, 3),
        (70, 4),
        (89, 4),
        ("89.75", 4),
        (90, 5),
        (100, 5),
    ],
)
def test_stars_for_score_follows_official_bands(score, stars):
    assert stars_for_score(Decimal(str(score))) == stars


@pytest.mark.parametrize(
    ("parts", "stars"),
    [
        ((10, 9, 10), 1),  # 29
        ((10, 10, 10), 2),  # 30
        ((20, 14, 15), 2),  # 49
        ((20, 15, 15), 3),  # 50
        ((30, 19, 20), 3),  # 69
        ((30, 20, 20), 4),  # 70
        ((35, 24, 30), 4),  # 89
    ],
)
def test_product_rate_gives_stars_at_band_edges(entry, staff_user, parts, stars):
    product = advance_to(make_product(entry=entry), S.SUBMITTED, actor=staff_user)
    rating = services.product_rate(
        product=product,
        score_a=parts[0],
        score_b=parts[1],
        score_c=parts[2],
        level="provincial",
        rated_on=timezone.localdate(),
        actor=staff_user,
    )
    assert rating.stars == stars
    assert rating.total == sum(Decimal(p) for p in parts)
    product.refresh_from_db()
    assert product.stage == S.RATED
    assert product.current_rating == rating


def test_ninety_points_at_provincial_level_is_refused(entry, staff_user):
    product = advance_to(make_product(entry=entry), S.SUBMITTED, actor=staff_user)
    with pytest.raises(ValidationError, match="Hội đồng cấp Trung ương"):
        services.product_rate(
            product=product,
            score_a=35,
            score_b=25,
            score_c=30,
            level="provincial",
            rated_on=timezone.localdate(),
            actor=staff_user,
        )
    rating = services.product_rate(
        product=product,
        score_a=35,
        score_b=25,
        score_c=30,
        level="central",
        rated_on=timezone.localdate(),
        actor=staff_user,
    )
    assert rating.stars == 5


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ((41, 10, 10), "phần A phải từ 0 đến 40"),
        ((10, 26, 10), "phần B phải từ 0 đến 25"),
        ((10, 10, 36), "phần C phải từ 0 đến 35"),
        ((-1, 10, 10), "phần A phải từ 0 đến 40"),
    ],
)
def test_part_above_its_maximum_is_refused(entry, staff_user, parts, message):
    product = advance_to(make_product(entry=entry), S.SUBMITTED, actor=staff_user)
    with pytest.raises(ValidationError, match=message):
        services.product_rate(
            product=product,
            score_a=parts[0],
            score_b=parts[1],
            score_c=parts[2],
            level="provincial",
            rated_on=timezone.localdate(),
            actor=staff_user,
        )
    assert not Rating.objects.exists()


def test_stars_contradicting_the_score_are_refused(entry, staff_user):
    product = advance_to(make_product(entry=entry), S.SUBMITTED, actor=staff_user)
    with pytest.raises(ValidationError, match="tương ứng 4 sao, không phải 3 sao"):
        services.product_rate(
            product=product,
            score_a=30,
            score_b=20,
            score_c=25,
            level="provincial",
            rated_on=timezone.localdate(),
            actor=staff_user,
            stars=3,
        )


def test_database_refuses_stars_that_contradict_total(entry, staff_user):
    product = make_product(entry=entry)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            product=product,
            rated_on=timezone.localdate(),
            score_a=30,
            score_b=20,
            score_c=25,
            total=75,
            stars=3,
        )


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (S.IDENTIFIED, S.PREPARING, True),
        (S.IDENTIFIED, S.SUBMITTED, False),
        (S.IDENTIFIED, S.PROMOTED, False),
        (S.PREPARING, S.SUBMITTED, True),
        (S.PREPARING, S.IDENTIFIED, True),
        (S.SUBMITTED, S.PREPARING, True),
        (S.SUBMITTED, S.PROMOTED, False),
        (S.RATED, S.PROMOTED, False),
        (S.RATED, S.PREPARING, True),
        (S.CERTIFIED, S.PROMOTED, True),
        (S.CERTIFIED, S.IDENTIFIED, False),
        (S.PROMOTED, S.SUBMITTED, False),
    ],
)
def test_product_advance_allows_only_table_moves(entry, staff_user, start, target, allowed):
    product = advance_to(make_product(entry=entry), start, actor=staff_user)
    assert product.stage == start
    if allowed:
        product = services.product_advance(product=product, to_stage=target, actor=staff_user)
        assert product.stage == target
        last = StageChange.objects.filter(product=product).last()
        assert (last.from_stage, last.to_stage, last.changed_by) == (start, target, staff_user)
    else:
        with pytest.raises(ValidationError, match="Không chuyển được"):
            services.product_advance(product=product, to_stage=target, actor=staff_user)
        product.refresh_from_db()
        assert product.stage == start


def test_rated_and_certified_need_their_own_forms(entry, staff_user):
    product = advance_to(make_product(entry=entry), S.SUBMITTED, actor=staff_user)
    with pytest.raises(ValidationError, match="ghi kết quả"):
        services.product_advance(product=product, to_stage=S.RATED, actor=staff_user)


def test_rating_from_identified_is_refused(entry, staff_user):
    product = make_product(entry=entry)
    with pytest.raises(ValidationError, match="Không chuyển được"):
        services.product_rate(
            product=product,
            score_a=30,
            score_b=20,
            score_c=25,
            level="provincial",
            rated_on=timezone.localdate(),
            actor=staff_user,
        )


def test_certify_sets_36_month_expiry_and_refuses_below_three_stars(entry, staff_user):
    low = advance_to(make_product(entry=entry), S.RATED, actor=staff_user, score=(20, 14, 15))
    with pytest.raises(ValidationError, match="từ 3 sao trở lên"):
        services.product_certify(
            product=low, certificate_number="X1", issued_on=timezone.localdate(), actor=staff_user
        )
    product = advance_to(make_product(entry=entry), S.RATED, actor=staff_user)
    issued = timezone.localdate()
    rating = services.product_certify(
        product=product, certificate_number="123/GCN", issued_on=issued, actor=staff_user
    )
    assert rating.certificate_expires_on == add_months(issued, 36)
    product.refresh_from_db()
    assert product.stage == S.CERTIFIED


def test_certify_refuses_an_issue_date_in_the_future(entry, staff_user):
    product = advance_to(make_product(entry=entry), S.RATED, actor=staff_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        services.product_certify(product=product, certificate_number="1", issued_on=tomorrow, actor=staff_user)

    assert caught.value.message_dict == {
        "issued_on": [f"Ngày cấp {tomorrow:%d/%m/%Y} ở tương lai; hãy ghi ngày cấp trên giấy chứng nhận đã có."]
    }
    product.refresh_from_db()
    assert product.stage == S.RATED
    assert not product.current_rating.is_certified


def test_certify_refuses_an_issue_date_after_the_day_it_is_given(entry, staff_user):
    product = advance_to(make_product(entry=entry), S.RATED, actor=staff_user)
    issued = timezone.localdate()

    with pytest.raises(ValidationError, match="ở tương lai"):
        services.product_certify(
            product=product,
            certificate_number="1",
            issued_on=issued,
            actor=staff_user,
            today=issued - datetime.timedelta(days=1),
        )


def test_certify_takes_no_typed_expiry(entry, staff_user):
    product = advance_to(make_product(entry=entry), S.RATED, actor=staff_user)
    issued = timezone.localdate()

    with pytest.raises(TypeError, match="expires_on"):
        services.product_certify(
            product=product,
            certificate_number="1",
            issued_on=issued,
            expires_on=issued + datetime.timedelta(days=30),
            actor=staff_user,
        )


@pytest.mark.parametrize(
    ("issued", "expires"),
    [
        (datetime.date(2028, 2, 29), datetime.date(2031, 2, 28)),
        (datetime.date(2026, 12, 31), datetime.date(2029, 12, 31)),
        (datetime.date(2027, 6, 20), datetime.date(2030, 6, 20)),
    ],
)
def test_certificate_expiry_is_36_months_after_issue(issued, expires):
    assert certificate_expiry(issued) == expires


def test_a_rating_whose_expiry_is_not_36_months_after_issue_is_invalid(entry, staff_user):
    product = advance_to(make_product(entry=entry), S.CERTIFIED, actor=staff_user)
    rating = product.current_rating
    rating.certificate_expires_on = rating.certificate_expires_on + datetime.timedelta(days=365)

    with pytest.raises(ValidationError) as caught:
        rating.full_clean()

    assert caught.value.message_dict["certificate_issued_on"] == [
        "Giấy chứng nhận OCOP có hiệu lực 36 tháng kể từ ngày cấp."
    ]


def test_migration_recomputes_a_typed_expiry_and_keeps_the_rest(entry, staff_user):
    from django.apps import apps

    migration = importlib.import_module("ocop.migrations.0002_certificate_expiry_computed")
    product = advance_to(make_product(entry=entry), S.CERTIFIED, actor=staff_user)
    rating = product.current_rating
    issued, number = rating.certificate_issued_on, rating.certificate_number
    Rating.objects.filter(pk=rating.pk).update(certificate_expires_on=issued + datetime.timedelta(days=10))

    migration.expiry_from_issue(apps, None)

    rating.refresh_from_db()
    assert (rating.certificate_number, rating.certificate_issued_on) == (number, issued)
    assert rating.certificate_expires_on == add_months(issued, 36)


def test_rerating_keeps_star_history(entry, staff_user):
    product = advance_to(make_product(entry=entry), S.CERTIFIED, actor=staff_user)
    first = product.current_rating
    rating = services.product_rate(
        product=product,
        score_a=32,
        score_b=20,
        score_c=28,
        level="provincial",
        rated_on=timezone.localdate(),
        actor=staff_user,
    )
    product.refresh_from_db()
    assert product.current_rating == rating
    assert list(product.ratings.order_by("pk").values_list("stars", flat=True)) == [first.stars, 4]
    assert product.stage == S.RATED


def test_add_months_clamps_to_month_end():
    assert add_months(datetime.date(2024, 2, 29), 36) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 4, 10), 36) == datetime.date(2029, 4, 10)


def test_same_product_twice_in_a_cycle_is_refused(entry, officer):
    product = make_product(entry=entry, actor=officer, name="Cà phê Arabica")
    duplicate = Product(
        entry=entry,
        name="  cà phê   arabica ",
        group=product.group,
        venture=product.venture,
        owner=product.owner,
        target_stars=3,
    )
    with pytest.raises(ValidationError, match="đã có trong danh sách đợt này"):
        services.product_save(product=duplicate, actor=officer)


def test_venture_of_another_unit_is_refused(entry, officer, other_commune):
    venture, owner = make_venture(other_commune)
    product = Product(entry=entry, name="Mận hậu", group="food", venture=venture, owner=owner, target_stars=3)
    with pytest.raises(ValidationError, match="không thuộc đơn vị"):
        services.product_save(product=product, actor=officer)


def test_list_after_deadline_is_refused_unless_extended(candidate_list, entry, officer, staff_user):
    make_product(entry=entry, actor=officer)
    cycle = candidate_list.cycle
    cycle.list_deadline = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    with pytest.raises(ValidationError, match="Đã hết hạn gửi danh sách"):
        services.candidate_list_submit(candidate_list=candidate_list, actor=officer)
    services.extension_grant(
        cycle=cycle,
        unit=candidate_list.unit,
        until=timezone.localdate() + datetime.timedelta(days=3),
        reason="Xã mới sáp nhập",
        actor=staff_user,
    )
    submitted = services.candidate_list_submit(candidate_list=candidate_list, actor=officer)
    assert submitted.status == CandidateList.Status.SUBMITTED
    with pytest.raises(ValidationError, match="đã được gửi"):
        services.candidate_list_submit(candidate_list=candidate_list, actor=officer)


def test_empty_list_cannot_be_submitted(candidate_list, officer):
    with pytest.raises(ValidationError, match="chưa có sản phẩm"):
        services.candidate_list_submit(candidate_list=candidate_list, actor=officer)


def test_submitted_list_refuses_new_products(candidate_list, entry, officer):
    make_product(entry=entry, actor=officer)
    services.candidate_list_submit(candidate_list=candidate_list, actor=officer)
    with pytest.raises(ValidationError, match="Danh sách đã gửi"):
        make_product(entry=entry, actor=officer)


def test_commune_outside_subtree_is_refused(candidate_list, other_commune, officer):
    with pytest.raises(ValidationError, match="không phải xã, phường thuộc đơn vị"):
        services.commune_add(candidate_list=candidate_list, commune=other_commune, actor=officer)


def test_participation_promotes_certified_product_and_refuses_others(entry, staff_user):
    event = PromotionEvent.objects.create(
        name="Phiên chợ online", kind="online_market", starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    certified = advance_to(make_product(entry=entry), S.CERTIFIED, actor=staff_user)
    services.participation_record(event=event, product=certified, sales=1_500_000, orders=12, actor=staff_user)
    certified.refresh_from_db()
    assert certified.stage == S.PROMOTED
    draft = make_product(entry=entry)
    with pytest.raises(ValidationError, match="đã được công nhận OCOP"):
        services.participation_record(event=event, product=draft, actor=staff_user)


def test_list_unit_kind_is_checked(cycle, province, staff_user):
    with pytest.raises(ValidationError, match="không lập danh sách"):
        services.candidate_list_get_or_create(cycle=cycle, unit=province, actor=staff_user)
    unit = UnitFactory(parent=province)
    first = services.candidate_list_get_or_create(cycle=cycle, unit=unit, actor=staff_user)
    assert services.candidate_list_get_or_create(cycle=cycle, unit=unit, actor=staff_user) == first
