"""A job fair belongs to the unit that runs it: its staff (and the officers of the unit holding it)
run it, the units above and below see it, another province's staff find nothing of it."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from jobs.models import Employer, JobFair
from tests.factories import user_with_role

from .factories import EmployerFactory, JobFairFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_fair(province):
    return JobFairFactory(owner=province, name="Ngày hội việc làm tỉnh Sơn La", status=JobFair.Status.DRAFT)


@pytest.fixture
def school_fair(school):
    return JobFairFactory(owner=school, unit=school, name="Ngày hội hướng nghiệp THPT Tô Hiệu")


def _fair_form(**values):
    return {
        "name": "Ngày hội việc làm Lai Châu",
        "kind": JobFair.Kind.JOB_FAIR,
        "slug": "ngay-hoi-lai-chau",
        "starts_at": "2030-05-10T07:30",
        "ends_at": "2030-05-10T11:30",
        "venue": "Quảng trường thành phố Lai Châu",
        **values,
    }


def test_another_provinces_staff_see_their_own_fairs_not_son_las(client, lai_chau, lai_chau_staff, province_fair):
    own = JobFairFactory(owner=lai_chau, name="Ngày hội việc làm tỉnh Lai Châu")
    client.force_login(lai_chau_staff)

    page = client.get(reverse("jobs:fair-list")).content.decode()

    assert own.name in page
    assert province_fair.name not in page
    for name in ("jobs:fair-detail", "jobs:fair-update", "jobs:seeker-list", "jobs:check-in", "jobs:fair-export"):
        assert client.get(reverse(name, args=[province_fair.pk])).status_code == 404, name
    assert client.get(reverse("jobs:fair-update", args=[own.pk])).status_code == 200


def test_a_forged_post_by_another_provinces_staff_changes_nothing(client, lai_chau_staff, province_fair):
    employer = EmployerFactory(fair=province_fair, status=Employer.Status.PENDING)
    client.force_login(lai_chau_staff)

    status = client.post(reverse("jobs:fair-status", args=[province_fair.pk]), {"status": "published"})
    decide = client.post(reverse("jobs:employer-decide", args=[employer.pk]), {"decision": "approve"})
    edit = client.post(reverse("jobs:fair-update", args=[province_fair.pk]), _fair_form(slug=province_fair.slug))

    assert (status.status_code, decide.status_code, edit.status_code) == (404, 404, 404)
    province_fair.refresh_from_db()
    employer.refresh_from_db()
    assert province_fair.status == JobFair.Status.DRAFT
    assert province_fair.name == "Ngày hội việc làm tỉnh Sơn La"
    assert employer.status == Employer.Status.PENDING


def test_the_create_form_offers_only_the_users_units_as_owner(client, province, lai_chau, lai_chau_staff):
    client.force_login(lai_chau_staff)

    form = client.get(reverse("jobs:fair-create")).context["form"]
    assert list(form.fields["owner"].queryset) == [lai_chau]
    assert form.initial["owner"] == lai_chau.pk

    forged = client.post(reverse("jobs:fair-create"), _fair_form(owner=province.pk, unit=province.pk))
    assert forged.status_code == 200
    assert not JobFair.objects.filter(slug="ngay-hoi-lai-chau").exists()

    client.post(reverse("jobs:fair-create"), _fair_form(owner=lai_chau.pk, unit=lai_chau.pk))
    assert JobFair.objects.get(slug="ngay-hoi-lai-chau").owner == lai_chau


def test_a_commune_officer_sees_the_provinces_fair_read_only(client, officer, province_fair):
    seeker = JobSeekerFactory(fair=province_fair)
    client.force_login(officer)

    assert province_fair.name in client.get(reverse("jobs:fair-list")).content.decode()
    detail = client.get(reverse("jobs:fair-detail", args=[province_fair.pk]))
    assert detail.status_code == 200
    assert not detail.context["can_manage"]
    assert reverse("jobs:fair-update", args=[province_fair.pk]) not in detail.content.decode()
    assert client.get(reverse("jobs:seeker-list", args=[province_fair.pk])).status_code == 403
    assert client.get(reverse("jobs:seeker-detail", args=[seeker.pk])).status_code == 404  # held above them
    client.post(reverse("jobs:fair-status", args=[province_fair.pk]), {"status": "published"})
    province_fair.refresh_from_db()
    assert province_fair.status == JobFair.Status.DRAFT


def test_a_school_runs_its_own_fair_the_provinces_staff_see_it_only(client, school, staff_user, school_fair):
    school_staff = user_with_role(Membership.Role.STAFF, school, username="staff-thpt")
    employer = EmployerFactory(fair=school_fair)

    client.force_login(school_staff)
    assert client.get(reverse("jobs:fair-update", args=[school_fair.pk])).status_code == 200
    client.post(reverse("jobs:fair-status", args=[school_fair.pk]), {"status": "cancelled"})
    school_fair.refresh_from_db()
    assert school_fair.status == JobFair.Status.CANCELLED

    client.force_login(staff_user)
    assert school_fair.name in client.get(reverse("jobs:fair-list")).content.decode()
    detail = client.get(reverse("jobs:fair-detail", args=[school_fair.pk]))
    assert detail.status_code == 200
    assert not detail.context["can_manage"]
    assert not detail.context["can_archive"]
    assert client.get(reverse("jobs:fair-update", args=[school_fair.pk])).status_code == 403
    assert client.get(reverse("jobs:employer-detail", args=[employer.pk])).status_code == 403
    assert client.get(reverse("jobs:fair-archive", args=[school_fair.pk])).status_code == 403
    forged = client.post(reverse("jobs:fair-status", args=[school_fair.pk]), {"status": "published"})
    assert forged.status_code == 403
    school_fair.refresh_from_db()
    assert school_fair.status == JobFair.Status.CANCELLED


def test_an_officers_fair_is_their_units_and_the_provinces_staff_do_not_run_it(client, commune, officer, staff_user):
    client.force_login(officer)
    form = client.get(reverse("jobs:fair-create")).context["form"]
    assert "owner" not in form.fields

    client.post(reverse("jobs:fair-create"), _fair_form(slug="ngay-hoi-to-hieu", unit=commune.pk))
    fair = JobFair.objects.get(slug="ngay-hoi-to-hieu")
    assert fair.owner == commune
    assert client.get(reverse("jobs:fair-update", args=[fair.pk])).status_code == 200

    client.force_login(staff_user)
    assert client.get(reverse("jobs:fair-detail", args=[fair.pk])).status_code == 200
    assert client.get(reverse("jobs:fair-update", args=[fair.pk])).status_code == 403


def test_a_fair_is_held_by_its_owner_or_a_unit_below_it(client, staff_user, province, lai_chau):
    client.force_login(staff_user)

    response = client.post(reverse("jobs:fair-create"), _fair_form(owner=province.pk, unit=lai_chau.pk))

    assert response.status_code == 200
    assert not JobFair.objects.exists()


def test_the_admin_lists_what_the_staff_see_and_changes_only_what_they_run(
    client, staff_user, lai_chau, lai_chau_staff, province_fair, school_fair
):
    staff_user.is_staff = lai_chau_staff.is_staff = True
    staff_user.save()
    lai_chau_staff.save()
    own = JobFairFactory(owner=lai_chau, name="Ngày hội việc làm tỉnh Lai Châu")
    changelist = reverse("admin:jobs_jobfair_changelist")

    client.force_login(lai_chau_staff)
    page = client.get(changelist).content.decode()
    assert own.name in page
    assert province_fair.name not in page
    assert client.get(reverse("admin:jobs_jobfair_change", args=[province_fair.pk])).status_code in (302, 404)

    client.force_login(staff_user)
    assert school_fair.name in client.get(changelist).content.decode()
    change = client.post(reverse("admin:jobs_jobfair_change", args=[school_fair.pk]), {"name": "Đổi tên"})
    assert change.status_code == 403
    school_fair.refresh_from_db()
    assert school_fair.name == "Ngày hội hướng nghiệp THPT Tô Hiệu"
