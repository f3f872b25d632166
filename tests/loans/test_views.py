import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from loans import selectors, services
from loans.models import GroupGrade, Referral
from tests.competitions.factories import EntryFactory
from tests.loans.factories import UNION_PATH, SavingsGroupFactory, advance, days_ago, make_referral
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db
S = Referral.Status


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def referral_form(person, programme, **overrides):
    data = {
        "unit": person.unit_id,
        "entrepreneur": person.pk,
        "programme": programme.pk,
        "borrower_kind": "individual",
        "amount": "80.000.000",
        "term_months": "36",
        "purpose": "Mua 2 con bò sữa giống",
        "jobs_created": "2",
        "submitted_on": days_ago(2).isoformat(),
    }
    return {**data, **overrides}


def test_officer_refers_a_young_person_through_the_form(officer_client, commune, programme):
    person = EntrepreneurFactory(unit=commune, full_name="Lò Thị Bích")
    group = SavingsGroupFactory(unit=commune)

    response = officer_client.post(
        reverse("loans:referral-create"), referral_form(person, programme, group=group.pk), follow=True
    )

    referral = Referral.objects.get()
    assert response.redirect_chain[-1][0] == referral.get_absolute_url()
    assert (referral.amount, referral.group, referral.status) == (80_000_000, group, S.SUBMITTED)
    assert "Đã lập hồ sơ giới thiệu vay vốn cho Lò Thị Bích." in response.content.decode()


def test_form_refuses_an_amount_above_the_maximum_with_the_reason(officer_client, commune, programme):
    person = EntrepreneurFactory(unit=commune)
    response = officer_client.post(
        reverse("loans:referral-create"), referral_form(person, programme, amount="150.000.000")
    )
    assert response.status_code == 200
    assert "vượt mức tối đa 100.000.000" in response.content.decode()
    assert not Referral.objects.exists()


def test_form_offers_only_the_officers_people(officer_client, commune, other_commune, programme):
    EntrepreneurFactory(unit=other_commune, full_name="Người xã khác")
    person = EntrepreneurFactory(unit=other_commune)
    response = officer_client.post(reverse("loans:referral-create"), referral_form(person, programme))
    assert "entrepreneur" in response.context["form"].errors
    assert "Người xã khác" not in officer_client.get(reverse("loans:referral-create")).content.decode()


def test_officer_records_union_steps_from_the_referral_page(officer_client, referral, bank_office):
    url = reverse("loans:referral-step", args=[referral.pk])
    for n, status in enumerate(UNION_PATH):
        response = officer_client.post(url, {"to_status": status, "on": days_ago(20 - n).isoformat()})
        assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.branch) == (S.SENT_TO_BANK, bank_office)
    page = officer_client.get(referral.get_absolute_url()).content.decode()
    assert "Hồ sơ đang chờ ngân hàng xử lý." in page


def test_step_out_of_order_shows_the_message(officer_client, referral):
    response = officer_client.post(
        reverse("loans:referral-step", args=[referral.pk]), {"to_status": S.COMMUNE_CONFIRMED, "on": days_ago(1)}
    )
    assert response.status_code == 200
    assert "to_status" in response.context["step_form"].errors
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


def test_liaison_records_approval_and_disbursement(client, bank_liaison, sent_referral):
    client.force_login(bank_liaison)
    url = reverse("loans:referral-step", args=[sent_referral.pk])
    client.post(url, {"to_status": S.APPROVED, "on": days_ago(5), "amount": "50.000.000", "term_months": "36"})
    response = client.post(url, {"to_status": S.DISBURSED, "on": days_ago(6), "amount": "50.000.000"})
    assert "Ngày không được trước ngày của bước trước" in response.content.decode()
    response = client.post(url, {"to_status": S.DISBURSED, "on": days_ago(3), "amount": "60.000.000"})
    assert "lớn hơn số tiền được duyệt" in response.content.decode()
    client.post(url, {"to_status": S.DISBURSED, "on": days_ago(3), "amount": "50.000.000"})

    sent_referral.refresh_from_db()
    assert (sent_referral.status, sent_referral.disbursed_amount) == (S.DISBURSED, 50_000_000)


def test_late_referrals_are_flagged_in_the_list(officer_client, commune, officer, programme):
    make_referral(unit=commune, actor=officer, programme=programme, submitted_on=days_ago(40))
    fresh = make_referral(unit=commune, actor=officer, programme=programme, submitted_on=days_ago(1))

    response = officer_client.get(reverse("loans:referral-list"))
    flags = {r.pk: r.late for r in response.context["referrals"]}
    assert sorted(flags.values()) == [False, True]
    assert flags[fresh.pk] is False

    late_only = officer_client.get(reverse("loans:referral-list"), {"late": "on"})
    assert len(late_only.context["referrals"]) == 1


def test_referral_list_costs_fixed_queries(officer_client, commune, officer, programme, django_assert_max_num_queries):
    make_referral(unit=commune, actor=officer, programme=programme)
    url = reverse("loans:referral-list")
    officer_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_referral(unit=commune, actor=officer, programme=programme)  # the row count is counted again
    with CaptureQueriesContext(connection) as two:
        officer_client.get(url)
    for _n in range(15):
        make_referral(unit=commune, actor=officer, programme=programme)
    with django_assert_max_num_queries(len(two)):
        response = officer_client.get(url)
    assert len(response.context["referrals"]) == 17


def test_group_list_shows_the_share_good_or_better_against_98(client, staff_user, commune, other_commune):
    year = datetime.date.today().year - 1
    for n in range(10):
        group = SavingsGroupFactory(unit=commune, name=f"Tổ A{n}")
        GroupGrade.objects.create(
            group=group, year=year, grade="tot" if n else "trung_binh", graded_on=datetime.date(year, 12, 1)
        )
        group = SavingsGroupFactory(unit=other_commune, name=f"Tổ B{n}")
        GroupGrade.objects.create(group=group, year=year, grade="kha", graded_on=datetime.date(year, 12, 1))
    client.force_login(staff_user)

    response = client.get(reverse("loans:group-list"), {"year": year})

    shares = {row.unit: (row.share, row.meets_target) for row in response.context["summary"]}
    assert shares[commune] == (90, False)
    assert shares[other_commune] == (100, True)
    assert response.context["total"].share == 95
    assert len(response.context["groups"]) == 20


def test_group_list_costs_fixed_queries(client, officer, commune, django_assert_max_num_queries):
    client.force_login(officer)
    SavingsGroupFactory(unit=commune)
    url = reverse("loans:group-list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(15):
        group = SavingsGroupFactory(unit=commune)
        GroupGrade.objects.create(group=group, year=2024, grade="kha", graded_on=datetime.date(2024, 12, 1 + n))
    with django_assert_max_num_queries(len(one)):
        client.get(url)


def test_officer_grades_a_group_and_a_second_grade_is_refused(officer_client, commune):
    group = SavingsGroupFactory(unit=commune)
    url = reverse("loans:group-grade", args=[group.pk])
    data = {"year": "2024", "grade": "kha", "graded_on": "2024-12-20"}
    assert officer_client.post(url, data).status_code == 302
    response = officer_client.post(url, {**data, "grade": "tot"})
    assert "đã được xếp loại năm 2024" in response.content.decode()
    assert GroupGrade.objects.get().grade == "kha"


def test_group_form_refuses_too_few_members(officer_client, commune):
    response = officer_client.post(
        reverse("loans:group-create"),
        {
            "unit": commune.pk,
            "name": "Tổ bản Mé",
            "leader_name": "Lò Văn A",
            "hamlet": "Bản Mé",
            "member_count": "4",
            "outstanding_balance": "0",
            "overdue_balance": "0",
            "savings_balance": "0",
            "is_active": "on",
        },
    )
    assert "ít nhất 5 thành viên" in response.content.decode()


def test_other_officer_cannot_open_or_grade_a_group(client, other_officer, commune):
    group = SavingsGroupFactory(unit=commune)
    client.force_login(other_officer)
    assert client.get(group.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("loans:group-grade", args=[group.pk]), {"year": "2024", "grade": "kha", "graded_on": "2024-12-20"}
    )
    assert response.status_code == 404


def test_staff_turns_a_contest_entry_into_a_referral_in_one_click(client, staff_user, commune, programme):
    entry = EntryFactory(unit=commune, status="finished", capital_support=True, capital_needed=90_000_000)
    EntryFactory(unit=commune, status="finished", capital_support=False)
    client.force_login(staff_user)

    page = client.get(reverse("loans:entry-list"))
    assert [e.pk for e in page.context["entries"]] == [entry.pk]

    response = client.post(reverse("loans:entry-refer", args=[entry.pk]), {"programme": programme.pk})
    referral = Referral.objects.get()
    assert response.url == referral.get_absolute_url()
    assert (referral.source_key, referral.amount) == (f"contest-entry:{entry.pk}", 90_000_000)
    assert list(client.get(reverse("loans:entry-list")).context["entries"]) == []
    # a second click on a stale page refers nothing more
    assert client.post(reverse("loans:entry-refer", args=[entry.pk]), {"programme": programme.pk}).status_code == 404
    assert Referral.objects.count() == 1


def test_contest_entry_list_costs_the_same_queries_for_one_entry_or_many(
    client, staff_user, commune, programme, django_assert_num_queries
):
    client.force_login(staff_user)
    EntryFactory(unit=commune, status="finished", capital_support=True)
    client.get(reverse("loans:entry-list"))  # the session and the menus, cached after a first page
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(reverse("loans:entry-list")).context["entries"]) == 1
    for _ in range(6):
        EntryFactory(unit=commune, status="finished", capital_support=True)
    with django_assert_num_queries(len(one)):
        assert len(client.get(reverse("loans:entry-list")).context["entries"]) == 7


def test_referral_shows_the_contest_entry_it_came_from_linked_for_who_may_open_it(
    client, staff_user, officer, bank_liaison, commune, programme, bank_office
):
    entry = EntryFactory(unit=commune, status="finished", capital_support=True, code="IV-017", title="Sấy mận hậu")
    proposal = selectors.capital_proposal_awaiting(user=staff_user, key=f"contest-entry:{entry.pk}")
    referral = services.capital_proposal_refer(
        proposal=proposal, actor=staff_user, programme=programme, on=days_ago(30)
    )
    referral = advance(referral, UNION_PATH, actor=officer)  # sent to the bank: its liaison reads it
    label = f"IV-017 Sấy mận hậu · {entry.contest.name}"

    for user, linked in ((staff_user, True), (officer, True), (bank_liaison, False)):
        client.force_login(user)
        page = client.get(referral.get_absolute_url())
        assert page.status_code == 200
        assert (page.context["referral"].source_label, page.context["source_url"]) == (
            label,
            entry.get_absolute_url() if linked else "",
        )
        assert (f'href="{entry.get_absolute_url()}"' in page.content.decode()) is linked


def test_dashboard_costs_the_same_queries_for_one_referral_or_many(
    client, staff_user, commune, officer, programme, bank_office, django_assert_max_num_queries
):
    for _ in range(8):
        advance(make_referral(unit=commune, actor=officer, programme=programme), UNION_PATH, actor=officer)
    client.force_login(staff_user)

    with django_assert_max_num_queries(14):
        data = client.get(reverse("loans:dashboard")).context["data"]

    assert [(row.label, row.referrals) for row in data["by_unit"]] == [(commune.name, 8)]
    assert data["total"].referrals == 8
    assert sum(n for _label, _avg, n in data["step_days"]) == 8 * len(UNION_PATH)


def test_dashboard_totals_and_export(client, staff_user, sent_referral, bank_liaison, commune, officer, programme):

    services.referral_record_step(
        referral=sent_referral,
        to_status=S.APPROVED,
        on=days_ago(10),
        amount=60_000_000,
        term_months=24,
        actor=bank_liaison,
    )
    services.referral_record_step(
        referral=sent_referral, to_status=S.DISBURSED, on=days_ago(9), amount=50_000_000, actor=bank_liaison
    )
    rejected = advance(make_referral(unit=commune, actor=officer, programme=programme), UNION_PATH, actor=officer)
    services.referral_record_step(
        referral=rejected, to_status=S.REJECTED, on=days_ago(5), note="Thiếu hồ sơ", actor=bank_liaison
    )
    client.force_login(staff_user)

    total = client.get(reverse("loans:dashboard")).context["data"]["total"]
    assert (total.referrals, total.approved_amount, total.disbursed_amount, total.approval_rate) == (
        2,
        60_000_000,
        50_000_000,
        50,
    )

    rows = list(load_workbook(io.BytesIO(client.get(reverse("loans:dashboard-export")).content)).active.values)
    assert rows[-1][:7] == ("Tổng cộng", 2, 100_000_000, 1, 60_000_000, 1, 50_000_000)


def test_referral_shows_on_the_entrepreneurs_journey(officer_client, referral):
    page = officer_client.get(referral.entrepreneur.get_absolute_url()).content.decode()
    assert referral.programme.name in page
    assert referral.get_absolute_url() in page


def test_staff_keeps_programmes(client, staff_user, province):
    client.force_login(staff_user)
    response = client.post(
        reverse("loans:programme-create"),
        {
            "owner": province.pk,
            "name": "Quỹ 120",
            "code": "quy-120",
            "lender": "union_fund",
            "lender_name": "Trung ương Đoàn",
            "max_per_borrower": "100.000.000",
            "max_term_months": "60",
            "interest_rate": "0.55",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert "Quỹ 120" in client.get(reverse("loans:programme-list")).content.decode()


def test_liaison_home_panel_lists_referrals_waiting_for_the_bank(client, bank_liaison, sent_referral):
    client.force_login(bank_liaison)
    page = client.get(reverse("home")).content.decode()
    assert 'data-panel="loans-bank"' in page
    assert sent_referral.entrepreneur.full_name in page


def test_officer_records_a_mobilisation_event_and_staff_an_agreement(client, officer, staff_user, commune, province):
    client.force_login(officer)
    response = client.post(
        reverse("loans:event-create"),
        {
            "unit": commune.pk,
            "title": "Ngày hội huy động tiết kiệm",
            "held_on": days_ago(3),
            "participants": "40",
            "new_savers": "12",
            "amount_mobilised": "35.000.000",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("loans:agreement-create")).status_code == 403
    client.force_login(staff_user)
    response = client.post(
        reverse("loans:agreement-create"),
        {
            "unit": province.pk,
            "partner_name": "Công ty Sữa Mộc Châu",
            "partner_kind": "enterprise",
            "title": "Hỗ trợ vốn",
            "signed_on": days_ago(10),
            "amount_committed": "500.000.000",
            "projects_supported": "5",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("loans:event-list")).content.decode()
    assert "Công ty Sữa Mộc Châu" in page
    assert "Ngày hội huy động tiết kiệm" in page


def test_officer_edits_the_request_until_it_goes_to_the_bank(officer_client, referral, officer):
    url = reverse("loans:referral-update", args=[referral.pk])
    data = {
        "programme": referral.programme_id,
        "borrower_kind": "individual",
        "amount": "60.000.000",
        "term_months": "48",
        "purpose": "Mua máy sấy nông sản",
        "jobs_created": "1",
    }
    assert officer_client.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert (referral.amount, referral.term_months) == (60_000_000, 48)
    assert referral.history.count() == 2

    advance(referral, UNION_PATH, actor=officer)
    response = officer_client.get(url, follow=True)
    assert "không sửa được nội dung đề nghị" in response.content.decode()


def test_group_export_reads_back(officer_client, commune):
    group = SavingsGroupFactory(unit=commune, name="Tổ TK&VV bản Hìn", member_count=25)
    GroupGrade.objects.create(group=group, year=2024, grade="kha", graded_on=datetime.date(2024, 12, 20))
    response = officer_client.get(reverse("loans:group-export"), {"year": "2024"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][:2] == ("Đoàn phường Tô Hiệu", "Tổ TK&VV bản Hìn")
    assert rows[1][5] == 25
    assert rows[1][9] == "Khá"


def test_the_profile_of_a_young_person_offers_a_loan_referral_prefilled(client, officer, commune):
    person = EntrepreneurFactory(unit=commune)
    client.force_login(officer)
    page = client.get(reverse("ventures:entrepreneur-detail", args=[person.pk])).content.decode()
    link = f"{reverse('loans:referral-create')}?entrepreneur={person.pk}"
    assert link in page
    assert "Giới thiệu vay vốn" in page


def test_admin_shows_the_contest_entry_a_referral_came_from(admin_client, commune, staff_user, programme):
    referral = services.referral_create_from_proposal(
        source_key="contest-entry:7",
        source_label="IV-007 Chè Shan tuyết · Cuộc thi lần thứ IV",
        unit=commune,
        entrepreneur=EntrepreneurFactory(unit=commune),
        venture=None,
        amount=10_000_000,
        purpose="Đầu tư dự án.",
        programme=programme,
        actor=staff_user,
    )

    page = admin_client.get(reverse("admin:loans_referral_change", args=[referral.pk]))

    assert page.status_code == 200
    assert "IV-007 Chè Shan tuyết · Cuộc thi lần thứ IV" in page.content.decode()
