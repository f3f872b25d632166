"""Who sees a referral: the referring unit and above, staff, the branch it was sent to; no one else."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from loans.models import Referral
from tests.factories import UnitFactory, user_with_role
from tests.loans.factories import UNION_PATH, BankBranchFactory, advance, days_ago

pytestmark = pytest.mark.django_db
S = Referral.Status


def visible_ids(user):
    return set(Referral.objects.visible_to(user).values_list("pk", flat=True))


def test_referring_unit_units_above_and_staff_see_the_referral(referral, officer, staff_user, province):
    district_officer = user_with_role(Membership.Role.OFFICER, province, username="province-officer")
    assert visible_ids(officer) == {referral.pk}
    assert visible_ids(staff_user) == {referral.pk}
    assert visible_ids(district_officer) == {referral.pk}


def test_officer_of_another_unit_sees_nothing(sent_referral, other_officer, client):
    assert visible_ids(other_officer) == set()
    client.force_login(other_officer)
    assert client.get(sent_referral.get_absolute_url()).status_code == 404
    response = client.get(reverse("loans:referral-list"))
    assert response.status_code == 200
    assert list(response.context["referrals"]) == []


def test_liaison_sees_the_referral_only_once_it_is_sent_to_their_branch(referral, officer, bank_liaison, client):
    client.force_login(bank_liaison)
    assert visible_ids(bank_liaison) == set()
    assert client.get(referral.get_absolute_url()).status_code == 404

    advance(referral, UNION_PATH, actor=officer)

    assert visible_ids(bank_liaison) == {referral.pk}
    response = client.get(referral.get_absolute_url())
    assert response.status_code == 200
    assert response.context["step_form"].available


def test_liaison_of_another_branch_sees_nothing(sent_referral, province, client):
    stranger = user_with_role(Membership.Role.BANK_LIAISON, province, username="bank-2")
    BankBranchFactory(name="PGD Mường La", liaisons=[stranger], units=[UnitFactory(code="ml", name="Đoàn xã ML")])
    client.force_login(stranger)
    assert visible_ids(stranger) == set()
    assert client.get(sent_referral.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("loans:referral-step", args=[sent_referral.pk]),
        {"to_status": S.APPROVED, "on": days_ago(1).isoformat(), "amount": "1", "term_months": "1"},
    )
    assert response.status_code == 404


def test_liaison_of_the_parent_branch_sees_its_offices_referrals(referral, officer, bank_office, province):
    head = user_with_role(Membership.Role.BANK_LIAISON, province, username="bank-head")
    bank_office.parent = BankBranchFactory(name="NHCSXH chi nhánh tỉnh", kind="branch", liaisons=[head])
    bank_office.save()
    advance(referral, UNION_PATH, actor=officer)
    assert visible_ids(head) == {referral.pk}


def test_liaison_cannot_see_groups_elsewhere_nor_unit_pages(bank_liaison, client):
    client.force_login(bank_liaison)
    assert client.get(reverse("loans:group-create")).status_code == 403
    assert client.get(reverse("loans:dashboard")).status_code == 403
    assert client.get(reverse("loans:bank-queue")).status_code == 200


@pytest.mark.parametrize("who", ["judge", "council_member"])
def test_other_roles_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("loans:referral-list")).status_code == 403


def test_officer_cannot_reach_the_staff_pages(officer, client):
    client.force_login(officer)
    assert client.get(reverse("loans:entry-list")).status_code == 403
    assert client.get(reverse("loans:programme-create")).status_code == 403


def test_export_holds_only_visible_referrals(sent_referral, other_officer, officer, client):
    import io

    from openpyxl import load_workbook

    client.force_login(other_officer)
    sheet = load_workbook(io.BytesIO(client.get(reverse("loans:referral-export")).content)).active
    assert sheet.max_row == 1

    client.force_login(officer)
    rows = list(load_workbook(io.BytesIO(client.get(reverse("loans:referral-export")).content)).active.values)
    assert rows[1][1] == sent_referral.entrepreneur.full_name
    assert rows[1][10] == "Đã gửi ngân hàng"
    assert rows[1][8] == "Phòng giao dịch NHCSXH Tô Hiệu"
