"""The entrepreneur and venture lists: scope, filters and a query count that does not grow with rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.choices import Ethnicity, Gender
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db

PEOPLE_URL = reverse("ventures:entrepreneur-list")
VENTURES_URL = reverse("ventures:venture-list")


def _shown(response, names) -> set[str]:
    """Which of `names` the rendered page shows."""
    content = response.content.decode()
    return {name for name in names if name in content}


@pytest.fixture
def people(commune, branch, other_commune):
    return {
        "hoa": EntrepreneurFactory(
            full_name="Lò Thị Hoa",
            unit=commune,
            gender=Gender.FEMALE,
            ethnicity=Ethnicity.THAI,
            phone="0912000111",
            citizen_id="014098000001",
        ),
        "tien": EntrepreneurFactory(
            full_name="Cầm Văn Tiến", unit=branch, gender=Gender.MALE, ethnicity=Ethnicity.MONG, phone="0987000222"
        ),
        "xa": EntrepreneurFactory(full_name="Quàng Văn Xa", unit=other_commune, gender=Gender.MALE),
    }


PEOPLE_NAMES = ["Lò Thị Hoa", "Cầm Văn Tiến", "Quàng Văn Xa"]


def test_entrepreneur_list_shows_own_subtree_only(officer_client, people):
    response = officer_client.get(PEOPLE_URL)

    assert response.status_code == 200
    assert _shown(response, PEOPLE_NAMES) == {"Lò Thị Hoa", "Cầm Văn Tiến"}


def test_entrepreneur_list_shows_everyone_to_staff(client, staff_user, people):
    client.force_login(staff_user)

    response = client.get(PEOPLE_URL)

    assert _shown(response, PEOPLE_NAMES) == set(PEOPLE_NAMES)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "hoa"}, {"Lò Thị Hoa"}),
        ({"q": "0987000222"}, {"Cầm Văn Tiến"}),
        ({"q": "014098000001"}, {"Lò Thị Hoa"}),
        ({"q": "Quàng"}, set()),  # another commune's person stays hidden when searched for
        ({"gender": "female"}, {"Lò Thị Hoa"}),
        ({"gender": "male"}, {"Cầm Văn Tiến"}),
        ({"ethnicity": Ethnicity.MONG.value}, {"Cầm Văn Tiến"}),
        ({"gender": "male", "ethnicity": Ethnicity.THAI.value}, set()),
    ],
)
def test_entrepreneur_list_filters_narrow_results(officer_client, people, params, expected):
    response = officer_client.get(PEOPLE_URL, params)

    assert response.status_code == 200
    assert _shown(response, PEOPLE_NAMES) == expected


@pytest.mark.parametrize(
    ("unit_fixture", "expected"), [("branch", {"Cầm Văn Tiến"}), ("commune", {"Lò Thị Hoa", "Cầm Văn Tiến"})]
)
def test_entrepreneur_list_unit_filter_takes_the_subtree(officer_client, people, unit_fixture, expected, request):
    unit = request.getfixturevalue(unit_fixture)

    response = officer_client.get(PEOPLE_URL, {"unit": unit.pk})

    assert _shown(response, PEOPLE_NAMES) == expected


def test_entrepreneur_list_unit_filter_of_another_commune_shows_nothing(officer_client, people, other_commune):
    response = officer_client.get(PEOPLE_URL, {"unit": other_commune.pk})

    assert response.status_code == 200
    assert _shown(response, PEOPLE_NAMES) == set()
    assert "Chưa có thanh niên nào phù hợp." in response.content.decode()


@pytest.mark.parametrize("url", [PEOPLE_URL, VENTURES_URL])
def test_list_unit_filter_offers_only_officer_subtree(officer_client, commune, branch, other_commune, url):
    response = officer_client.get(url)

    unit_field = response.context["filter"].form.fields["unit"]
    content = response.content.decode()
    assert list(unit_field.queryset) == [commune, branch]
    assert f'<option value="{branch.pk}">Chi đoàn Tổ 5</option>' in content
    assert "Đoàn xã Mường La" not in content


def test_entrepreneur_list_counts_ventures_per_person(officer_client, people, commune):
    VentureFactory(unit=commune, owners=[people["hoa"]])
    VentureFactory(unit=commune, owners=[people["hoa"], people["tien"]])

    response = officer_client.get(PEOPLE_URL)

    counts = {p.full_name: p.venture_count for p in response.context["entrepreneurs"]}
    assert counts == {"Lò Thị Hoa": 2, "Cầm Văn Tiến": 1}


def test_entrepreneur_list_escapes_names(officer_client, commune):
    EntrepreneurFactory(full_name='<img src=x onerror="alert(1)">', unit=commune)

    response = officer_client.get(PEOPLE_URL)

    content = response.content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in content
    assert "<img src=x" not in content


def test_entrepreneur_list_paginates_at_fifty(officer_client, commune):
    EntrepreneurFactory.create_batch(51, unit=commune)

    first = officer_client.get(PEOPLE_URL)
    second = officer_client.get(PEOPLE_URL, {"page": 2})

    assert len(first.context["entrepreneurs"]) == 50
    assert len(second.context["entrepreneurs"]) == 1
    assert "Trang 2/2" in second.content.decode()


@pytest.fixture
def ventures(commune, branch, other_commune, people):
    return {
        "che": VentureFactory(
            name="HTX chè Tô Hiệu",
            unit=commune,
            kind="cooperative",
            sector="processing",
            owners=[people["hoa"]],
            tax_code="5500123456",
        ),
        "rau": VentureFactory(
            name="Tổ hợp tác rau Tổ 5",
            unit=branch,
            kind="cooperative_group",
            sector="crops",
            owners=[people["tien"]],
            status="paused",
        ),
        "bo": VentureFactory(name="Trang trại bò Mường La", unit=other_commune, owners=[people["xa"]]),
    }


VENTURE_NAMES = ["HTX chè Tô Hiệu", "Tổ hợp tác rau Tổ 5", "Trang trại bò Mường La"]


def test_venture_list_shows_own_subtree_with_owners(officer_client, ventures):
    response = officer_client.get(VENTURES_URL)

    assert response.status_code == 200
    assert _shown(response, VENTURE_NAMES) == {"HTX chè Tô Hiệu", "Tổ hợp tác rau Tổ 5"}
    assert "Lò Thị Hoa" in response.content.decode()
    assert "Tạm dừng" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "chè"}, {"HTX chè Tô Hiệu"}),
        ({"q": "Cầm Văn"}, {"Tổ hợp tác rau Tổ 5"}),  # by owner's name
        ({"q": "5500123456"}, {"HTX chè Tô Hiệu"}),  # by tax code
        ({"q": "bò"}, set()),
        ({"kind": "cooperative"}, {"HTX chè Tô Hiệu"}),
        ({"kind": "household"}, set()),
        ({"sector": "crops"}, {"Tổ hợp tác rau Tổ 5"}),
        ({"status": "paused"}, {"Tổ hợp tác rau Tổ 5"}),
        ({"status": "active"}, {"HTX chè Tô Hiệu"}),
    ],
)
def test_venture_list_filters_narrow_results(officer_client, ventures, params, expected):
    response = officer_client.get(VENTURES_URL, params)

    assert response.status_code == 200
    assert _shown(response, VENTURE_NAMES) == expected


def test_venture_list_unit_filter_takes_the_subtree(officer_client, ventures, branch):
    response = officer_client.get(VENTURES_URL, {"unit": branch.pk})

    assert _shown(response, VENTURE_NAMES) == {"Tổ hợp tác rau Tổ 5"}


def test_venture_list_search_by_shared_owner_lists_venture_once(officer_client, ventures, people, commune):
    VentureFactory(
        name="HTX mận",
        unit=commune,
        owners=[people["hoa"], EntrepreneurFactory(full_name="Lò Thị Hương", unit=commune)],
    )

    response = officer_client.get(VENTURES_URL, {"q": "Lò Thị"})

    assert [v.name for v in response.context["ventures"]] == ["HTX chè Tô Hiệu", "HTX mận"]


# --- Query counts ------------------------------------------------------------------


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _add_people(unit, count):
    for person in EntrepreneurFactory.create_batch(count, unit=unit):
        VentureFactory(unit=unit, owners=[person])


def _add_ventures(unit, count):
    for _ in range(count):
        VentureFactory(unit=unit, owners=EntrepreneurFactory.create_batch(2, unit=unit))


@pytest.mark.parametrize(
    ("url", "add_rows", "context_name"),
    [(PEOPLE_URL, _add_people, "entrepreneurs"), (VENTURES_URL, _add_ventures, "ventures")],
    ids=["entrepreneurs", "ventures"],
)
def test_list_query_count_does_not_grow_with_rows(
    officer_client, commune, branch, url, add_rows, context_name, django_assert_max_num_queries
):
    # Arrange: measure the page with two rows (after a warm-up request; the second row
    # is added after it, so the measured read counts its rows again, as the last one does).
    add_rows(commune, 1)
    _queries_for(officer_client, url)
    add_rows(commune, 1)
    two_rows = _queries_for(officer_client, url)
    add_rows(commune, 15)
    add_rows(branch, 14)

    # Act
    with django_assert_max_num_queries(two_rows):
        response = officer_client.get(url)

    # Assert
    assert len(response.context[context_name]) == 31


def test_list_filter_by_htmx_returns_only_the_results(officer_client, commune):
    EntrepreneurFactory(unit=commune, full_name="Quàng Văn Lọc")
    EntrepreneurFactory(unit=commune, full_name="Lò Thị Khác")

    response = officer_client.get(reverse("ventures:entrepreneur-list"), {"q": "Quàng"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Quàng Văn Lọc" in content
    assert "Lò Thị Khác" not in content
    assert "<html" not in content
