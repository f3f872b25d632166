"""Promotion events on the pages: staff record a trade fair or an online market and the certified
products that took part with their sales; unit officers read them, their own products' figures only."""

import datetime

import pytest
from django.urls import reverse

from ocop.models import Participation, Product, PromotionEvent
from tests.ocop.factories import advance_to, make_product

pytestmark = pytest.mark.django_db
S = Product.Stage
DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def event(staff_user):
    return PromotionEvent.objects.create(
        name="Phiên chợ online nông sản Sơn La",
        kind=PromotionEvent.Kind.ONLINE_MARKET,
        starts_on=DAY,
        ends_on=DAY,
        created_by=staff_user,
    )


@pytest.fixture
def certified(entry, staff_user):
    return advance_to(make_product(entry=entry, name="Chè Shan tuyết Tà Xùa"), S.CERTIFIED, actor=staff_user)


@pytest.fixture
def other_certified(other_entry, staff_user):
    return advance_to(make_product(entry=other_entry, name="Mận hậu Mộc Châu"), S.CERTIFIED, actor=staff_user)


def event_post(**changes) -> dict:
    return {
        "name": "Hội chợ OCOP Tây Bắc",
        "kind": PromotionEvent.Kind.TRADE_FAIR,
        "starts_on": "20/11/2026",
        "ends_on": "22/11/2026",
        "location": "Quảng trường Tây Bắc",
        "link": "",
        "note": "",
        **changes,
    }


def test_staff_create_an_event_and_find_it_in_the_list(client, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("ocop:event-create"), event_post(), follow=True)

    event = PromotionEvent.objects.get()
    assert (event.name, event.starts_on, event.ends_on, event.created_by) == (
        "Hội chợ OCOP Tây Bắc",
        datetime.date(2026, 11, 20),
        datetime.date(2026, 11, 22),
        staff_user,
    )
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    assert "Đã lưu sự kiện Hội chợ OCOP Tây Bắc." in response.content.decode()
    listing = client.get(reverse("ocop:event-list")).content.decode()
    assert "Hội chợ OCOP Tây Bắc" in listing
    assert "Quảng trường Tây Bắc" in client.get(event.get_absolute_url()).content.decode()


def test_an_event_ending_before_it_starts_is_refused_and_nothing_saved(client, staff_user):
    client.force_login(staff_user)

    response = client.post(reverse("ocop:event-create"), event_post(ends_on="19/11/2026"))

    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert not PromotionEvent.objects.exists()


def test_staff_edit_an_event(client, staff_user, event):
    client.force_login(staff_user)
    url = reverse("ocop:event-update", args=[event.pk])
    assert event.name in client.get(url).content.decode()

    response = client.post(url, event_post(name="Phiên chợ online lần 2", kind=PromotionEvent.Kind.ONLINE_MARKET))

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.name, event.ends_on) == ("Phiên chợ online lần 2", datetime.date(2026, 11, 22))


def test_staff_record_a_certified_product_with_its_sales_and_it_becomes_promoted(client, staff_user, event, certified):
    client.force_login(staff_user)

    response = client.post(
        reverse("ocop:participation-add", args=[event.pk]),
        {"product": certified.pk, "sales": "1.500.000", "orders": "12", "note": "Livestream"},
        follow=True,
    )

    page = response.content.decode()
    assert "Đã ghi nhận sản phẩm tham gia." in page
    assert "Chè Shan tuyết Tà Xùa" in page
    assert "1.500.000" in page
    participation = Participation.objects.get()
    assert (participation.sales, participation.orders, participation.recorded_by) == (1_500_000, 12, staff_user)
    certified.refresh_from_db()
    assert certified.stage == S.PROMOTED
    listed = client.get(reverse("ocop:event-list")).context["events"]
    assert [(e.products, e.sales, e.orders) for e in listed] == [(1, 1_500_000, 12)]


def test_a_product_not_yet_certified_cannot_be_recorded(client, staff_user, event, entry):
    draft = make_product(entry=entry, name="Măng khô Mường La")
    client.force_login(staff_user)

    response = client.post(
        reverse("ocop:participation-add", args=[event.pk]), {"product": draft.pk, "sales": "0", "orders": "0"}
    )

    assert response.status_code == 200
    assert "product" in response.context["form"].errors
    assert not Participation.objects.exists()


def test_staff_remove_a_product_recorded_by_mistake(client, staff_user, event, certified):
    participation = Participation.objects.create(event=event, product=certified, sales=10, recorded_by=staff_user)
    client.force_login(staff_user)

    response = client.post(reverse("ocop:participation-remove", args=[participation.pk]))

    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    assert not Participation.objects.exists()
    assert "Chưa ghi nhận sản phẩm nào." in client.get(event.get_absolute_url()).content.decode()


def test_officer_reads_the_event_with_their_own_products_only_and_cannot_change_it(
    client, officer, staff_user, event, certified, other_certified
):
    Participation.objects.create(event=event, product=certified, sales=2_000_000, orders=5, recorded_by=staff_user)
    Participation.objects.create(event=event, product=other_certified, sales=9_000_000, orders=40)
    client.force_login(officer)

    response = client.get(event.get_absolute_url())

    page = response.content.decode()
    assert "Chè Shan tuyết Tà Xùa" in page
    assert "Mận hậu Mộc Châu" not in page
    assert response.context["totals"] == {"sales": 2_000_000, "orders": 5}
    assert response.context["form"] is None
    assert reverse("ocop:event-update", args=[event.pk]) not in page
    assert client.get(reverse("ocop:event-create")).status_code == 403
    add = reverse("ocop:participation-add", args=[event.pk])
    assert client.post(add, {"product": certified.pk, "sales": "1", "orders": "1"}).status_code == 403
    remove = reverse("ocop:participation-remove", args=[Participation.objects.first().pk])
    assert client.post(remove).status_code == 403
    assert Participation.objects.count() == 2


def test_judges_see_no_events(client, judge, event):
    client.force_login(judge)

    assert client.get(reverse("ocop:event-list")).status_code == 403
    assert client.get(event.get_absolute_url()).status_code == 404
