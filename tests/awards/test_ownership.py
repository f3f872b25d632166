"""Award programmes belong to the unit that runs them: its staff manage them, the staff of
another province neither see nor manage them, the province sees a school's own programme
without managing it, officers keep seeing the programmes of the units above them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import User
from awards import services
from awards.models import AwardProgramme, FieldVerification, Nomination
from tests.awards.factories import AwardProgrammeFactory, NominationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=HCM)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fixed_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


def closed_programme(**kwargs) -> AwardProgramme:
    """Taking nominations until yesterday, with a council: staff may open it today."""
    values = {
        "nomination_opens_at": NOW - 30 * DAY,
        "nomination_closes_at": NOW - DAY,
        "council": [UserFactory(username="hoi-dong", full_name="Đinh Thị Lan")],
    }
    return AwardProgrammeFactory(**{**values, **kwargs})


@pytest.fixture
def son_la_programme(province):
    return closed_programme(name="Tuyên dương Thanh niên làm kinh tế giỏi Sơn La", owner=province)


@pytest.fixture
def lai_chau_programme(lai_chau):
    return closed_programme(name="Tuyên dương Thanh niên làm kinh tế giỏi Lai Châu", owner=lai_chau)


@pytest.fixture
def son_la_nomination(son_la_programme, commune):
    return NominationFactory(programme=son_la_programme, unit=commune, status=Nomination.Status.SUBMITTED)


def login(client, user):
    client.force_login(user)
    return client


# --- another province ------------------------------------------------------------------


def test_staff_list_shows_their_own_province_programme_not_the_other(
    client, staff_user, lai_chau_staff, son_la_programme, lai_chau_programme
):
    lai_chau_page = login(client, lai_chau_staff).get(reverse("awards:programme-list")).content.decode()
    son_la_page = login(client, staff_user).get(reverse("awards:programme-list")).content.decode()

    assert lai_chau_programme.name in lai_chau_page
    assert son_la_programme.name not in lai_chau_page
    assert son_la_programme.name in son_la_page
    assert lai_chau_programme.name not in son_la_page


@pytest.mark.parametrize(
    ("name", "kwarg"),
    [
        ("awards:programme-detail", "pk"),
        ("awards:council-tally", "programme_pk"),
        ("awards:programme-decision", "programme_pk"),
        ("awards:honour-list-export", "programme_pk"),
        ("awards:certificates-pdf", "programme_pk"),
    ],
)
def test_other_province_staff_get_404_on_the_programme_pages(
    client, staff_user, lai_chau_staff, son_la_programme, name, kwarg
):
    url = reverse(name, kwargs={kwarg: son_la_programme.pk})

    theirs = login(client, lai_chau_staff).get(url)
    ours = login(client, staff_user).get(url)

    assert theirs.status_code == 404
    assert ours.status_code in (200, 302)  # the province's own staff open it


def test_other_province_staff_cannot_open_the_council_by_a_forged_post(client, lai_chau_staff, son_la_programme):
    response = login(client, lai_chau_staff).post(reverse("awards:council-open", args=[son_la_programme.pk]))

    son_la_programme.refresh_from_db()
    assert response.status_code == 404
    assert son_la_programme.status == AwardProgramme.Status.NOMINATING


def test_other_province_staff_cannot_override_or_assign_a_nomination(
    client, lai_chau_staff, son_la_nomination, other_officer
):
    client = login(client, lai_chau_staff)

    override = client.post(reverse("awards:nomination-override", args=[son_la_nomination.pk]), {"reason": "Ngoại lệ"})
    assign = client.post(
        reverse("awards:verification-assign", args=[son_la_nomination.pk]), {"officer": other_officer.pk}
    )

    son_la_nomination.refresh_from_db()
    assert (override.status_code, assign.status_code) == (404, 404)
    assert son_la_nomination.eligibility_override_reason == ""
    assert not FieldVerification.objects.filter(nomination=son_la_nomination).exists()


def test_services_refuse_staff_of_another_province(lai_chau_staff, son_la_programme, son_la_nomination):
    with pytest.raises(PermissionDenied, match="Tỉnh đoàn Sơn La"):
        services.programme_open_council(programme=son_la_programme, actor=lai_chau_staff)
    with pytest.raises(PermissionDenied):
        services.nomination_override_eligibility(nomination=son_la_nomination, reason="x", actor=lai_chau_staff)

    son_la_programme.refresh_from_db()
    assert son_la_programme.status == AwardProgramme.Status.NOMINATING


def test_staff_open_the_council_of_their_own_programme(client, staff_user, son_la_programme):
    response = login(client, staff_user).post(reverse("awards:council-open", args=[son_la_programme.pk]))

    son_la_programme.refresh_from_db()
    assert response.status_code == 302
    assert son_la_programme.status == AwardProgramme.Status.REVIEWING


# --- the admin -------------------------------------------------------------------------


def test_admin_lists_and_changes_only_the_programmes_of_the_staff_unit(
    client, lai_chau_staff, son_la_programme, lai_chau_programme
):
    client = login(client, lai_chau_staff)

    changelist = client.get(reverse("admin:awards_awardprogramme_changelist"))
    change = client.get(reverse("admin:awards_awardprogramme_change", args=[son_la_programme.pk]))

    assert list(changelist.context["cl"].result_list) == [lai_chau_programme]
    assert change.status_code == 302  # "does not exist": not in the user's queryset


def test_admin_add_form_offers_only_the_units_the_staff_run(client, lai_chau_staff, lai_chau, province):
    response = login(client, lai_chau_staff).get(reverse("admin:awards_awardprogramme_add"))

    owner = response.context["adminform"].form.fields["owner"]
    assert list(owner.queryset) == [lai_chau]
    assert response.context["adminform"].form.initial["owner"] == lai_chau.pk


def test_admin_actions_skip_a_programme_the_staff_see_but_do_not_run(client, staff_user, school, son_la_programme):
    school_programme = closed_programme(name="Tuyên dương sinh viên khởi nghiệp", owner=school)
    url = reverse("admin:awards_awardprogramme_changelist")

    login(client, staff_user).post(
        url, {"action": "open_council", "_selected_action": [son_la_programme.pk, school_programme.pk]}
    )

    son_la_programme.refresh_from_db()
    school_programme.refresh_from_db()
    assert son_la_programme.status == AwardProgramme.Status.REVIEWING
    assert school_programme.status == AwardProgramme.Status.NOMINATING


# --- officers and councils -------------------------------------------------------------


def test_officer_of_a_son_la_commune_still_sees_and_nominates_to_the_province_programme(
    client, officer, province, lai_chau_programme
):
    open_programme = AwardProgrammeFactory(name="Tuyên dương năm nay", owner=province)
    client = login(client, officer)

    listing = client.get(reverse("awards:programme-list")).content.decode()
    detail = client.get(reverse("awards:programme-detail", args=[open_programme.pk]))
    create = client.get(reverse("awards:nomination-create", args=[open_programme.pk]))

    assert open_programme.name in listing
    assert lai_chau_programme.name not in listing
    assert detail.status_code == 200
    assert "Tỉnh đoàn Sơn La" in detail.content.decode()
    assert create.status_code == 200


def test_council_member_keeps_the_ballot_of_another_unit_programme(client, council_member, lai_chau):
    programme = closed_programme(owner=lai_chau, status=AwardProgramme.Status.REVIEWING, council=[council_member])

    client = login(client, council_member)

    assert client.get(reverse("awards:council-ballot", args=[programme.pk])).status_code == 200
    assert client.get(reverse("awards:programme-detail", args=[programme.pk])).status_code == 200


# --- a school union runs its own programme ---------------------------------------------


@pytest.fixture
def school_programme(school):
    return closed_programme(name="Tuyên dương sinh viên khởi nghiệp", owner=school)


def test_school_staff_run_their_own_programme(client, school_staff, school_programme):
    client = login(client, school_staff)

    detail = client.get(reverse("awards:programme-detail", args=[school_programme.pk])).content.decode()
    opened = client.post(reverse("awards:council-open", args=[school_programme.pk]))

    school_programme.refresh_from_db()
    assert "data-staff-tools" in detail
    assert opened.status_code == 302
    assert school_programme.status == AwardProgramme.Status.REVIEWING


def test_province_staff_see_the_school_programme_read_only(client, staff_user, school_programme):
    client = login(client, staff_user)

    listing = client.get(reverse("awards:programme-list")).content.decode()
    detail = client.get(reverse("awards:programme-detail", args=[school_programme.pk]))
    forged = client.post(reverse("awards:council-open", args=[school_programme.pk]))
    tally = client.get(reverse("awards:council-tally", args=[school_programme.pk]))

    school_programme.refresh_from_db()
    content = detail.content.decode()
    assert school_programme.name in listing
    assert detail.status_code == 200
    assert "data-staff-tools" not in content
    assert "data-read-only" in content
    assert (forged.status_code, tally.status_code) == (403, 403)
    assert school_programme.status == AwardProgramme.Status.NOMINATING


def test_school_staff_do_not_manage_the_province_programme(client, school_staff, son_la_programme):
    client = login(client, school_staff)

    detail = client.get(reverse("awards:programme-detail", args=[son_la_programme.pk]))
    forged = client.post(reverse("awards:council-open", args=[son_la_programme.pk]))

    son_la_programme.refresh_from_db()
    assert detail.status_code == 200  # the programme of the unit above them
    assert "data-staff-tools" not in detail.content.decode()
    assert forged.status_code == 403
    assert son_la_programme.status == AwardProgramme.Status.NOMINATING


def test_officer_of_a_sibling_commune_does_not_see_the_school_programme(client, officer, school_programme):
    response = login(client, officer).get(reverse("awards:programme-detail", args=[school_programme.pk]))

    assert response.status_code == 404


def test_province_staff_cannot_override_a_nomination_of_the_school_programme(
    client, staff_user, school, school_programme
):
    nomination = NominationFactory(programme=school_programme, unit=school)

    response = login(client, staff_user).post(
        reverse("awards:nomination-override", args=[nomination.pk]), {"reason": "Ngoại lệ"}
    )
    page = login(client, staff_user).get(nomination.get_absolute_url())

    nomination.refresh_from_db()
    assert response.status_code == 403
    assert nomination.eligibility_override_reason == ""
    assert page.status_code == 200  # a unit in their reach: they read it
    assert page.context["can_override"] is False


# --- the demo --------------------------------------------------------------------------


def test_demo_programmes_are_run_by_the_son_la_province(demo):
    actor = User.objects.get(username="tinhdoan")

    son_la = AwardProgramme.objects.exclude(owner__code="tinh-doan-lai-chau")  # the second province's own call
    assert set(son_la.values_list("owner__code", flat=True)) == {"tinh-doan-son-la"}
    assert set(AwardProgramme.objects.run_by(actor)) == set(son_la)
    assert son_la.count() >= 2
