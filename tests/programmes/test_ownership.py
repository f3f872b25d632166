"""Model programmes belong to the unit that runs them: its staff run them, the units above
and below see them, another unit's staff neither see nor manage them."""

import datetime
from io import StringIO

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Unit, User
from common.demo import DemoContext
from programmes import demo as programmes_demo
from programmes import services
from programmes.models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingSession
from tests.programmes.factories import ModelProgrammeFactory, ProgrammeParticipantFactory

pytestmark = pytest.mark.django_db

Status = ProgrammeParticipant.Status
NOW = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fixed_day(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def son_la_programme(province):
    return ModelProgrammeFactory(owner=province, name="Chương trình Bí thư Chi đoàn của Sơn La")


@pytest.fixture
def son_la_participant(son_la_programme, commune):
    return ProgrammeParticipantFactory(programme=son_la_programme, unit=commune)


@pytest.fixture
def school_programme(school):
    return ModelProgrammeFactory(owner=school, name="Chương trình khởi nghiệp của Đoàn trường")


def _client(client, user):
    client.force_login(user)
    return client


def _names(response) -> list[str]:
    return [p.name for p in response.context["programmes"]]


# --- Staff of another province ------------------------------------------------------


def test_another_province_staff_see_their_programme_not_son_la(client, lai_chau, lai_chau_staff, son_la_programme):
    own = ModelProgrammeFactory(owner=lai_chau, name="Chương trình của Lai Châu")

    response = _client(client, lai_chau_staff).get(reverse("programmes:programme-list"))

    assert _names(response) == [own.name]
    assert response.context["run_ids"] == {own.pk}


@pytest.mark.parametrize(
    ("name", "kwarg"),
    [
        ("programme-detail", "pk"),
        ("programme-update", "pk"),
        ("participant-list", "programme_pk"),
        ("training-create", "programme_pk"),
        ("support-list", "programme_pk"),
    ],
)
def test_another_province_staff_get_404_on_son_la_pages(client, lai_chau_staff, son_la_programme, name, kwarg):
    response = _client(client, lai_chau_staff).get(reverse(f"programmes:{name}", kwargs={kwarg: son_la_programme.pk}))

    assert response.status_code == 404


def test_forged_posts_of_another_province_staff_change_nothing(client, lai_chau_staff, son_la_participant):
    programme = son_la_participant.programme
    signed_in = _client(client, lai_chau_staff)

    edit = signed_in.post(
        reverse("programmes:programme-update", kwargs={"pk": programme.pk}), {"name": "Đã bị sửa", "owner": ""}
    )
    select = signed_in.post(
        reverse("programmes:participant-select", kwargs={"pk": son_la_participant.pk}), {"decision": "selected"}
    )
    training = signed_in.post(
        reverse("programmes:training-create", kwargs={"programme_pk": programme.pk}),
        {"title": "Lớp giả mạo", "date": "2026-06-20"},
    )

    assert (edit.status_code, select.status_code, training.status_code) == (404, 404, 404)
    programme.refresh_from_db()
    son_la_participant.refresh_from_db()
    assert (programme.name, son_la_participant.status) == (
        "Chương trình Bí thư Chi đoàn của Sơn La",
        Status.REGISTERED,
    )
    assert not TrainingSession.objects.exists()


def test_the_create_form_offers_only_the_units_the_staff_run(client, lai_chau, lai_chau_staff, province):
    signed_in = _client(client, lai_chau_staff)

    form = signed_in.get(reverse("programmes:programme-create")).context["form"]
    forged = signed_in.post(
        reverse("programmes:programme-create"),
        {
            "name": "Chương trình đặt cho Sơn La",
            "owner": province.pk,
            "status": "active",
            "start_date": "2026-07-01",
            "end_date": "2027-12-31",
            "registration_deadline": "2026-07-31",
            "target_models": "10",
            "reports_yearly": "on",
        },
    )

    assert list(form.fields["owner"].queryset) == [lai_chau]
    assert form.initial["owner"] == lai_chau.pk
    assert "owner" in forged.context["form"].errors
    assert not ModelProgramme.objects.exists()


def test_the_service_refuses_to_take_over_a_programme_by_moving_it(lai_chau, lai_chau_staff, son_la_programme):
    son_la_programme.name = "Đã bị chuyển"

    with pytest.raises(PermissionDenied):
        services.programme_save(programme=son_la_programme, owner=lai_chau, actor=lai_chau_staff)

    son_la_programme.refresh_from_db()
    assert (son_la_programme.owner.code, son_la_programme.name) == (
        "tinh-doan",
        "Chương trình Bí thư Chi đoàn của Sơn La",
    )


# --- Officers of the province's communes ----------------------------------------------


def test_a_commune_officer_sees_and_registers_in_son_la_programme_without_managing_it(
    officer_client, son_la_programme
):
    listing = officer_client.get(reverse("programmes:programme-list"))
    detail = officer_client.get(reverse("programmes:programme-detail", kwargs={"pk": son_la_programme.pk}))
    register = officer_client.get(
        reverse("programmes:participant-create", kwargs={"programme_pk": son_la_programme.pk})
    )

    assert (_names(listing), listing.context["run_ids"]) == ([son_la_programme.name], set())
    assert (detail.status_code, detail.context["can_manage"], detail.context["can_edit"]) == (200, False, False)
    assert register.status_code == 200
    assert officer_client.get(reverse("programmes:programme-create")).status_code == 403


# --- A school union runs its own programme -------------------------------------------


def test_a_school_union_runs_its_own_programme(client, school_staff, school, school_programme):
    participant = ProgrammeParticipantFactory(programme=school_programme, unit=school)
    signed_in = _client(client, school_staff)

    listing = signed_in.get(reverse("programmes:programme-list"))
    select = signed_in.post(
        reverse("programmes:participant-select", kwargs={"pk": participant.pk}), {"decision": "selected"}
    )

    assert listing.context["run_ids"] == {school_programme.pk}
    assert signed_in.get(reverse("programmes:programme-update", kwargs={"pk": school_programme.pk})).status_code == 200
    assert select.status_code == 302
    participant.refresh_from_db()
    assert (participant.status, participant.selected_by) == (Status.SELECTED, school_staff)


def test_province_staff_see_the_school_programme_but_do_not_manage_it(
    client, staff_user, school, school_programme, son_la_programme
):
    staff_client = _client(client, staff_user)
    participant = ProgrammeParticipantFactory(programme=school_programme, unit=school)
    detail_url = reverse("programmes:programme-detail", kwargs={"pk": school_programme.pk})

    listing = staff_client.get(reverse("programmes:programme-list"))
    detail = staff_client.get(detail_url)
    edit = staff_client.get(reverse("programmes:programme-update", kwargs={"pk": school_programme.pk}))
    select = staff_client.post(
        reverse("programmes:participant-select", kwargs={"pk": participant.pk}), {"decision": "selected"}
    )
    support = staff_client.post(
        reverse("programmes:support-create", kwargs={"pk": participant.pk}),
        {"kind": "advice", "date": "2026-06-30", "provider": "Tỉnh đoàn"},
    )

    assert set(_names(listing)) == {school_programme.name, son_la_programme.name}
    assert listing.context["run_ids"] == {son_la_programme.pk}  # the edit link on its own only
    assert (detail.status_code, detail.context["can_manage"], detail.context["can_edit"]) == (200, False, False)
    assert (edit.status_code, select.status_code, support.status_code) == (403, 403, 403)
    participant.refresh_from_db()
    assert participant.status == Status.REGISTERED
    assert not SupportRecord.objects.exists()


# --- The admin ---------------------------------------------------------------------


def test_the_admin_lists_what_staff_see_and_changes_what_they_run(
    staff_user, lai_chau_staff, son_la_programme, school_programme
):
    model_admin = site._registry[ModelProgramme]

    def request_of(user):
        request = RequestFactory().get("/admin/programmes/modelprogramme/")
        request.user = User.objects.get(pk=user.pk)
        return request

    province_request, lai_chau_request = request_of(staff_user), request_of(lai_chau_staff)

    assert set(model_admin.get_queryset(province_request)) == {son_la_programme, school_programme}
    assert list(model_admin.get_queryset(lai_chau_request)) == []
    assert model_admin.has_change_permission(province_request, son_la_programme)
    assert not model_admin.has_change_permission(province_request, school_programme)
    assert model_admin.has_view_permission(province_request, school_programme)
    assert not model_admin.has_change_permission(lai_chau_request, son_la_programme)


# --- The demo ------------------------------------------------------------------------


def test_the_demo_programme_is_owned_by_son_la_and_a_second_load_adds_nothing(demo):
    counted = (ModelProgramme, ProgrammeParticipant, TrainingSession, SupportRecord)
    counts = {model: model.objects.count() for model in counted}
    ctx = DemoContext(
        stdout=StringIO(),
        today=datetime.date(2026, 6, 30),
        units={u.code: u for u in Unit.objects.filter(code__in=["tinh-doan-son-la", "mai-son", "to-hieu"])},
        users={u.username: u for u in User.objects.filter(username__in=["tinhdoan", "maison", "tohieu"])},
    )

    programmes_demo.load(ctx)

    assert set(ModelProgramme.objects.values_list("owner__code", flat=True)) == {"tinh-doan-son-la"}
    assert {model: model.objects.count() for model in counted} == counts
