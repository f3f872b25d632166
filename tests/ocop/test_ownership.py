"""OCOP cycles belong to the unit that runs them: its staff run the cycle, its lists' reopening,
ratings, certificates and promotion events; other provinces' staff see none of it; the units
below (and above) see it; a school union that runs its own cycle runs it alone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from ocop import services
from ocop.models import CandidateList, Cycle, Product, PromotionEvent, UnitExtension
from tests.ocop.factories import CandidateCommuneFactory, CandidateListFactory, CycleFactory, advance_to, make_product

pytestmark = pytest.mark.django_db
S = Product.Stage
YEAR = 2030


@pytest.fixture
def son_la_cycle(province):
    return CycleFactory(owner=province, year=YEAR, name="OCOP Sơn La 2030")


@pytest.fixture
def lai_chau_cycle(lai_chau):
    return CycleFactory(owner=lai_chau, year=YEAR, name="OCOP Lai Châu 2030")


@pytest.fixture
def school_cycle(school):
    return CycleFactory(owner=school, year=YEAR, name="OCOP sinh viên Tây Bắc 2030")


@pytest.fixture
def submitted_list(son_la_cycle, commune, officer):
    return CandidateListFactory(
        cycle=son_la_cycle, unit=commune, status=CandidateList.Status.SUBMITTED, submitted_at=timezone.now()
    )


@pytest.fixture
def submitted_product(son_la_cycle, other_commune, staff_user):
    candidate_list = CandidateListFactory(cycle=son_la_cycle, unit=other_commune)
    entry = CandidateCommuneFactory(candidate_list=candidate_list, commune=other_commune)
    return advance_to(make_product(entry=entry, name="Chè Shan tuyết Tà Xùa"), S.SUBMITTED, actor=staff_user)


def cycle_names(client, user) -> list[str]:
    client.force_login(user)
    return [row["cycle"].name for row in client.get(reverse("ocop:cycle-list")).context["rows"]]


def test_another_province_staff_see_their_cycle_and_not_son_la(client, lai_chau_staff, son_la_cycle, lai_chau_cycle):
    assert cycle_names(client, lai_chau_staff) == ["OCOP Lai Châu 2030"]


def test_son_la_staff_see_their_cycle_with_its_manage_link_not_lai_chau(
    client, staff_user, son_la_cycle, lai_chau_cycle
):
    client.force_login(staff_user)

    response = client.get(reverse("ocop:cycle-list"))

    assert [(row["cycle"].name, row["can_manage"]) for row in response.context["rows"]] == [("OCOP Sơn La 2030", True)]
    assert reverse("ocop:cycle-update", args=[son_la_cycle.pk]) in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["ocop:cycle-detail", "ocop:cycle-update", "ocop:extension-create", "ocop:product-list", "ocop:cycle-export"],
)
def test_another_province_staff_get_404_on_son_la_cycle_pages(client, lai_chau_staff, son_la_cycle, name):
    client.force_login(lai_chau_staff)

    assert client.get(reverse(name, args=[son_la_cycle.pk])).status_code == 404


def test_a_forged_edit_by_another_province_changes_nothing(client, lai_chau_staff, son_la_cycle, lai_chau):
    client.force_login(lai_chau_staff)

    response = client.post(
        reverse("ocop:cycle-update", args=[son_la_cycle.pk]),
        {"owner": lai_chau.pk, "year": YEAR, "name": "Đã đổi", "status": "closed", "list_deadline": "2030-03-30"},
    )

    assert response.status_code == 404
    son_la_cycle.refresh_from_db()
    assert (son_la_cycle.name, son_la_cycle.owner.code, son_la_cycle.status) == (
        "OCOP Sơn La 2030",
        "tinh-doan",
        "open",
    )


def test_forged_extension_reopen_and_rating_by_another_province_change_nothing(
    client, lai_chau_staff, son_la_cycle, commune, submitted_list, submitted_product
):
    client.force_login(lai_chau_staff)

    extension = client.post(
        reverse("ocop:extension-create", args=[son_la_cycle.pk]),
        {"unit": commune.pk, "until": "30/04/2030", "reason": "Giả mạo"},
    )
    reopen = client.post(reverse("ocop:list-reopen", args=[submitted_list.pk]))
    rate = client.post(
        reverse("ocop:product-rate", args=[submitted_product.pk]),
        {"score_a": 30, "score_b": 20, "score_c": 25, "level": "provincial", "rated_on": "01/01/2030"},
    )

    assert (extension.status_code, reopen.status_code, rate.status_code) == (404, 404, 404)
    assert not UnitExtension.objects.exists()
    submitted_list.refresh_from_db()
    submitted_product.refresh_from_db()
    assert (submitted_list.status, submitted_product.stage) == (CandidateList.Status.SUBMITTED, S.SUBMITTED)


def test_services_refuse_a_person_who_does_not_run_the_cycle(lai_chau_staff, son_la_cycle, submitted_product):
    son_la_cycle.name = "Đã đổi"
    with pytest.raises(PermissionDenied):
        services.cycle_save(cycle=son_la_cycle, actor=lai_chau_staff)
    with pytest.raises(PermissionDenied):
        services.product_rate(
            product=submitted_product,
            score_a=30,
            score_b=20,
            score_c=25,
            level="provincial",
            rated_on=datetime.date(2026, 1, 1),
            actor=lai_chau_staff,
        )
    assert Cycle.objects.get(pk=son_la_cycle.pk).name == "OCOP Sơn La 2030"


def test_the_create_form_offers_only_the_units_the_staff_run(client, lai_chau_staff, lai_chau, province):
    client.force_login(lai_chau_staff)

    form = client.get(reverse("ocop:cycle-create")).context["form"]
    forged = client.post(
        reverse("ocop:cycle-create"),
        {
            "owner": province.pk,
            "year": YEAR,
            "name": "Giả mạo",
            "status": "open",
            "list_deadline": "2030-03-30",
            "target_per_unit": 2,
        },
    )

    assert list(form.fields["owner"].queryset) == [lai_chau]
    assert form.initial["owner"] == lai_chau.pk
    assert forged.status_code == 200
    assert "owner" in forged.context["form"].errors
    assert not Cycle.objects.exists()


def test_each_province_opens_its_own_cycle_of_the_same_year(client, lai_chau_staff, lai_chau, son_la_cycle):
    client.force_login(lai_chau_staff)

    response = client.post(
        reverse("ocop:cycle-create"),
        {
            "owner": lai_chau.pk,
            "year": YEAR,
            "name": "OCOP Lai Châu 2030",
            "status": "open",
            "list_deadline": "2030-03-30",
            "target_per_unit": 2,
        },
    )

    assert response.status_code == 302
    assert sorted(Cycle.objects.filter(year=YEAR).values_list("owner__code", flat=True)) == ["lai-chau", "tinh-doan"]


def test_an_officer_of_a_son_la_commune_sees_son_la_cycle_not_lai_chau(client, officer, son_la_cycle, lai_chau_cycle):
    assert cycle_names(client, officer) == ["OCOP Sơn La 2030"]
    assert client.get(reverse("ocop:cycle-detail", args=[son_la_cycle.pk])).status_code == 200
    assert client.get(reverse("ocop:cycle-detail", args=[lai_chau_cycle.pk])).status_code == 404
    assert client.get(reverse("ocop:cycle-update", args=[son_la_cycle.pk])).status_code == 403


def test_a_school_union_runs_its_own_cycle_and_the_province_only_sees_it(
    client, school_staff, staff_user, school_cycle, school
):
    client.force_login(school_staff)
    assert client.get(reverse("ocop:cycle-update", args=[school_cycle.pk])).status_code == 200

    client.force_login(staff_user)
    detail = client.get(reverse("ocop:cycle-detail", args=[school_cycle.pk]))
    assert detail.status_code == 200
    assert detail.context["can_manage"] is False
    assert reverse("ocop:cycle-update", args=[school_cycle.pk]) not in detail.content.decode()
    forged = client.post(
        reverse("ocop:extension-create", args=[school_cycle.pk]),
        {"unit": school.pk, "until": "30/04/2030", "reason": "Giả mạo"},
    )
    assert forged.status_code == 403
    assert not UnitExtension.objects.exists()


def test_an_event_of_son_la_cycle_is_hidden_from_another_province(client, lai_chau_staff, staff_user, son_la_cycle):
    event = PromotionEvent.objects.create(
        cycle=son_la_cycle,
        name="Phiên chợ online Sơn La",
        kind=PromotionEvent.Kind.ONLINE_MARKET,
        starts_on=datetime.date(2030, 10, 15),
        ends_on=datetime.date(2030, 10, 15),
        created_by=staff_user,
    )
    client.force_login(lai_chau_staff)

    listed = list(client.get(reverse("ocop:event-list")).context["events"])
    forged = client.post(
        reverse("ocop:event-update", args=[event.pk]),
        {"name": "Đã đổi", "kind": "trade_fair", "starts_on": "15/10/2030", "ends_on": "15/10/2030"},
    )

    assert listed == []
    assert forged.status_code == 404
    event.refresh_from_db()
    assert event.name == "Phiên chợ online Sơn La"


def test_the_event_form_offers_only_the_cycles_the_staff_run(client, staff_user, son_la_cycle, school_cycle):
    client.force_login(staff_user)

    form = client.get(reverse("ocop:event-create")).context["form"]

    assert list(form.fields["cycle"].queryset) == [son_la_cycle]


def test_the_admin_lists_visible_cycles_and_changes_only_those_run(
    client, staff_user, son_la_cycle, lai_chau_cycle, school_cycle
):
    client.force_login(staff_user)

    listed = client.get(reverse("admin:ocop_cycle_changelist")).context["cl"].result_list
    forged = client.post(
        reverse("admin:ocop_cycle_change", args=[school_cycle.pk]),
        {
            "owner": school_cycle.owner_id,
            "year": YEAR,
            "name": "Đã đổi",
            "status": "open",
            "list_deadline": "2030-03-30",
            "target_per_unit": 2,
        },
    )

    assert sorted(c.name for c in listed) == ["OCOP Sơn La 2030", "OCOP sinh viên Tây Bắc 2030"]
    assert forged.status_code == 403
    school_cycle.refresh_from_db()
    assert school_cycle.name == "OCOP sinh viên Tây Bắc 2030"


def test_the_public_catalogue_stays_public(client, son_la_cycle, commune, staff_user):
    candidate_list = CandidateListFactory(cycle=son_la_cycle, unit=commune)
    entry = CandidateCommuneFactory(candidate_list=candidate_list, commune=commune)
    advance_to(make_product(entry=entry, name="Mận hậu sấy dẻo Nà Ka"), S.CERTIFIED, actor=staff_user)

    response = client.get(reverse("ocop:catalogue"))

    assert response.status_code == 200
    assert "Mận hậu sấy dẻo Nà Ka" in response.content.decode()


def test_the_demo_cycle_is_run_by_son_la(demo):
    # Sơn La's cycle and, beside it, the second province's own (accounts/demo.py).
    assert set(Cycle.objects.values_list("owner__code", flat=True)) == {"tinh-doan-son-la", "tinh-doan-lai-chau"}
    assert not Cycle.objects.filter(owner__code="tinh-doan-lai-chau", lists__isnull=False).exists()
