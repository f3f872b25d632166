"""OCOP products searched the way names are typed: by the product, its venture or its owner."""

import pytest
from django.urls import reverse

from tests.ocop.factories import make_product
from tests.utils import search_queries_for_5_and_30_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(entry, other_entry):
    tea = make_product(entry=entry, name="Chè Shan tuyết Tà Xùa")
    tea.owner.full_name = "Nguyễn Văn Ánh"
    tea.owner.save()
    honey = make_product(entry=entry, name="Mật ong bạc hà")
    honey.venture.name = "HTX Đông Hưng"
    honey.venture.save()
    make_product(entry=other_entry, name="Chè Shan tuyết Mường La")
    return tea, honey


def _names(response) -> list[str]:
    assert response.status_code == 200
    return [product.name for product in response.context["products"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("che shan tuyet", ["Chè Shan tuyết Tà Xùa"]),  # the other commune's tea stays hidden
        ("TA XUA", ["Chè Shan tuyết Tà Xùa"]),
        ("mật", ["Mật ong bạc hà"]),
        ("nguyen van anh", ["Chè Shan tuyết Tà Xùa"]),  # by owner
        ("Dong Hung", ["Mật ong bạc hà"]),  # by venture
    ],
)
def test_product_list_finds_products_whatever_the_diacritics(client, officer, cycle, products, query, expected):
    client.force_login(officer)

    response = client.get(reverse("ocop:product-list", args=[cycle.pk]), {"q": query})

    assert _names(response) == expected


def test_the_admin_search_box_finds_products_unaccented(client, staff_user, products):
    client.force_login(staff_user)

    response = client.get(reverse("admin:ocop_product_changelist"), {"q": "che shan tuyet"})

    assert sorted(p.name for p in response.context["cl"].result_list) == [
        "Chè Shan tuyết Mường La",
        "Chè Shan tuyết Tà Xùa",
    ]


def test_a_search_asks_as_many_queries_for_5_rows_as_for_30(client, staff_user, cycle, entry):
    client.force_login(staff_user)

    def add(count):
        for _ in range(count):
            make_product(entry=entry, name=f"Gạo nếp Tú Lệ {entry.products.count()}")

    url = reverse("ocop:product-list", args=[cycle.pk])
    five, thirty = search_queries_for_5_and_30_rows(client, url, {"q": "gao nep tu le"}, add)

    assert thirty == five
