"""A loan programme belongs to the union that refers young people to it, a bank branch to the
province it serves: their staff keep them, the units below refer to them, another province's
staff find nothing of them, and a referral's programme is of its unit's union or one above."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Membership
from loans import services
from loans.forms import BranchForm, ReferralForm
from loans.models import BankBranch, LoanProgramme
from loans.services.referrals import branches_serving
from tests.factories import user_with_role
from tests.ventures.factories import EntrepreneurFactory

from .factories import BankBranchFactory, LoanProgrammeFactory, make_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def son_la_programme(province):
    return LoanProgrammeFactory(owner=province, name="Tín dụng khởi nghiệp Sơn La", code="khoi-nghiep")


@pytest.fixture
def son_la_branch(province):
    return BankBranchFactory(
        province=province, name="NHCSXH chi nhánh tỉnh Sơn La", kind=BankBranch.Kind.BRANCH, units=[province]
    )


@pytest.fixture
def lai_chau_programme(lai_chau):
    # The same code as Sơn La's: codes and names are unique per owner, not across the Union.
    return LoanProgrammeFactory(owner=lai_chau, name="Tín dụng khởi nghiệp Lai Châu", code="khoi-nghiep")


def _programme_form(**values):
    return {
        "name": "Quỹ hỗ trợ thanh niên khởi nghiệp Lai Châu",
        "code": "quy-khoi-nghiep",
        "lender": LoanProgramme.Lender.UNION_FUND,
        "lender_name": "Tỉnh đoàn Lai Châu",
        "max_per_borrower": "50.000.000",
        "max_term_months": "36",
        "interest_rate": "0.5",
        "is_active": "on",
        **values,
    }


def test_another_provinces_staff_see_their_own_programmes_not_son_las(
    client, lai_chau_staff, son_la_programme, son_la_branch, lai_chau_programme
):
    client.force_login(lai_chau_staff)

    page = client.get(reverse("loans:programme-list")).content.decode()

    assert lai_chau_programme.name in page
    assert son_la_programme.name not in page
    assert son_la_branch.name not in page
    assert reverse("loans:programme-update", args=[lai_chau_programme.pk]) in page
    assert client.get(reverse("loans:programme-update", args=[son_la_programme.pk])).status_code == 404
    assert client.get(reverse("loans:branch-update", args=[son_la_branch.pk])).status_code == 404
    assert client.get(reverse("loans:programme-update", args=[lai_chau_programme.pk])).status_code == 200


def test_a_forged_post_by_another_provinces_staff_changes_nothing(
    client, lai_chau, lai_chau_staff, son_la_programme, son_la_branch
):
    client.force_login(lai_chau_staff)

    edit = client.post(
        reverse("loans:programme-update", args=[son_la_programme.pk]), _programme_form(owner=lai_chau.pk)
    )
    branch = client.post(
        reverse("loans:branch-update", args=[son_la_branch.pk]),
        {"province": lai_chau.pk, "name": "Đổi tên", "kind": BankBranch.Kind.BRANCH},
    )

    assert (edit.status_code, branch.status_code) == (404, 404)
    son_la_programme.refresh_from_db()
    son_la_branch.refresh_from_db()
    assert (son_la_programme.name, son_la_programme.owner.code) == ("Tín dụng khởi nghiệp Sơn La", "tinh-doan")
    assert (son_la_branch.name, son_la_branch.province.code) == ("NHCSXH chi nhánh tỉnh Sơn La", "tinh-doan")


def test_staff_below_see_the_provinces_programme_and_branch_but_do_not_keep_them(
    client, school_staff, son_la_programme, son_la_branch
):
    client.force_login(school_staff)

    response = client.get(reverse("loans:programme-list"))
    page = response.content.decode()

    assert son_la_programme.name in page
    assert son_la_branch.name in page
    assert response.context["kept_programmes"] == set()
    assert response.context["kept_branches"] == set()
    assert reverse("loans:programme-update", args=[son_la_programme.pk]) not in page
    assert client.get(reverse("loans:programme-update", args=[son_la_programme.pk])).status_code == 403
    assert client.get(reverse("loans:branch-update", args=[son_la_branch.pk])).status_code == 403


def test_the_create_forms_offer_only_the_units_the_user_runs(client, province, lai_chau, lai_chau_staff):
    client.force_login(lai_chau_staff)

    form = client.get(reverse("loans:programme-create")).context["form"]
    assert list(form.fields["owner"].queryset) == [lai_chau]
    assert form.initial["owner"] == lai_chau.pk
    branch_form = client.get(reverse("loans:branch-create")).context["form"]
    assert list(branch_form.fields["province"].queryset) == [lai_chau]
    assert province not in branch_form.fields["units"].queryset

    forged = client.post(reverse("loans:programme-create"), _programme_form(owner=province.pk))
    assert forged.status_code == 200
    assert not LoanProgramme.objects.filter(code="quy-khoi-nghiep").exists()

    client.post(reverse("loans:programme-create"), _programme_form(owner=lai_chau.pk))
    assert LoanProgramme.objects.get(code="quy-khoi-nghiep").owner == lai_chau


def test_a_branch_belongs_to_a_province_and_serves_only_its_units(
    school_staff, staff_user, province, commune, lai_chau
):
    assert list(BranchForm(user=school_staff).fields["province"].queryset) == []  # a school is no province
    with pytest.raises(ValidationError) as not_a_province:
        BankBranch(province=commune, name="PGD NHCSXH Tô Hiệu", kind=BankBranch.Kind.OFFICE).full_clean()
    assert "province" in not_a_province.value.message_dict

    with pytest.raises(ValidationError) as refused:
        services.branch_save(
            branch=BankBranch(name="PGD NHCSXH Tô Hiệu", kind=BankBranch.Kind.OFFICE),
            province=province,
            units=[commune, lai_chau],
            actor=staff_user,
        )
    assert "Tỉnh đoàn Lai Châu không thuộc Tỉnh đoàn Sơn La" in str(refused.value)
    assert not BankBranch.objects.exists()


def test_a_referrals_programme_is_of_its_units_union_or_above(officer, commune, son_la_programme, lai_chau_programme):
    form = ReferralForm(user=officer)

    assert list(form.fields["programme"].queryset) == [son_la_programme]

    with pytest.raises(ValidationError) as refused:
        make_referral(unit=commune, actor=officer, programme=lai_chau_programme)
    assert "không áp dụng cho Đoàn phường Tô Hiệu" in str(refused.value.message_dict["programme"])
    referral = make_referral(unit=commune, actor=officer, programme=son_la_programme)
    with pytest.raises(ValidationError):
        services.referral_update(referral=referral, programme=lai_chau_programme, actor=officer)


def test_a_referral_goes_only_to_a_branch_of_its_province(commune, lai_chau, son_la_branch):
    stray = BankBranchFactory(province=lai_chau, name="NHCSXH chi nhánh tỉnh Lai Châu", kind=BankBranch.Kind.BRANCH)
    stray.units.add(commune)  # a served unit of another province, slipped in past the service

    assert list(branches_serving(commune)) == [son_la_branch]
    assert services.branch_for_unit(commune) == son_la_branch


def test_a_contest_project_goes_to_the_units_own_credit_line(staff_user, commune, lai_chau):
    LoanProgrammeFactory(owner=lai_chau, code="lai-chau-du-an", takes_contest_entries=True)
    own = LoanProgrammeFactory(code="son-la-du-an", takes_contest_entries=True)

    referral = services.referral_create_from_proposal(
        source_key="contest-entry:1",
        source_label="IV-001 Chè Shan tuyết",
        unit=commune,
        entrepreneur=EntrepreneurFactory(unit=commune),
        venture=None,
        amount=50_000_000,
        purpose="Đầu tư dự án.",
        actor=staff_user,
    )

    assert referral.programme == own


def test_a_bank_liaison_reads_the_programmes_of_their_branchs_province(client, son_la_programme, lai_chau):
    liaison = user_with_role(Membership.Role.BANK_LIAISON, lai_chau, username="nhcsxh-lai-chau")
    own = LoanProgrammeFactory(owner=lai_chau, name="Tín dụng Lai Châu", code="tin-dung-lai-chau")
    BankBranchFactory(province=lai_chau, name="NHCSXH chi nhánh tỉnh Lai Châu", liaisons=[liaison])
    client.force_login(liaison)

    page = client.get(reverse("loans:programme-list")).content.decode()

    assert own.name in page
    assert son_la_programme.name not in page


def test_the_admin_lists_what_the_staff_see_and_changes_only_what_they_keep(
    client, staff_user, school_staff, lai_chau_staff, son_la_programme, son_la_branch, lai_chau_programme
):
    for user in (staff_user, school_staff, lai_chau_staff):
        user.is_staff = True
        user.save()
    changelist = reverse("admin:loans_loanprogramme_changelist")

    client.force_login(lai_chau_staff)
    page = client.get(changelist).content.decode()
    assert lai_chau_programme.name in page
    assert son_la_programme.name not in page
    assert son_la_branch.name not in client.get(reverse("admin:loans_bankbranch_changelist")).content.decode()
    other = client.get(reverse("admin:loans_loanprogramme_change", args=[son_la_programme.pk]))
    assert other.status_code in (302, 404)
    add = client.get(reverse("admin:loans_bankbranch_add")).context["adminform"].form
    assert list(add.fields["province"].queryset) == [lai_chau_staff.memberships.get().unit]

    client.force_login(school_staff)
    assert son_la_programme.name in client.get(changelist).content.decode()
    change = client.post(reverse("admin:loans_loanprogramme_change", args=[son_la_programme.pk]), {"name": "Đổi"})
    assert change.status_code == 403
    son_la_programme.refresh_from_db()
    assert son_la_programme.name == "Tín dụng khởi nghiệp Sơn La"

    client.force_login(staff_user)
    own = client.get(reverse("admin:loans_loanprogramme_change", args=[son_la_programme.pk]))
    assert own.status_code == 200
    assert list(own.context["adminform"].form.fields["owner"].queryset) == [son_la_programme.owner]
