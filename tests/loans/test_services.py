import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.models import Notification
from common.registry import CONTEST_ENTRY, capital_key
from loans import selectors, services
from loans.models import BankBranch, GroupGrade, Referral, ReferralStep, SavingsGroup
from tests.competitions.factories import EntryFactory
from tests.loans.factories import (
    UNION_PATH,
    BankBranchFactory,
    LoanProgrammeFactory,
    SavingsGroupFactory,
    advance,
    days_ago,
    make_referral,
)
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db
S = Referral.Status


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- the transition table -----------------------------------------------------------------


def test_referral_walks_every_step_to_closed(sent_referral, bank_liaison):
    referral = services.referral_record_step(
        referral=sent_referral,
        to_status=S.APPROVED,
        on=days_ago(10),
        amount=80_000_000,
        term_months=36,
        actor=bank_liaison,
    )
    referral = services.referral_record_step(
        referral=referral, to_status=S.DISBURSED, on=days_ago(8), amount=80_000_000, actor=bank_liaison
    )
    referral = advance(referral, [S.REPAYING, S.OVERDUE, S.REPAYING, S.CLOSED], actor=bank_liaison, start_days_ago=6)

    assert referral.status == S.CLOSED
    assert (referral.approved_amount, referral.approved_term_months, referral.disbursed_amount) == (
        80_000_000,
        36,
        80_000_000,
    )
    steps = list(referral.steps.values_list("to_status", flat=True))
    assert steps == [S.SUBMITTED, *UNION_PATH, S.APPROVED, S.DISBURSED, S.REPAYING, S.OVERDUE, S.REPAYING, S.CLOSED]
    assert referral.steps.get(to_status=S.DISBURSED).recorded_by == bank_liaison


def test_sending_to_bank_records_the_branch_serving_the_unit_and_tells_its_liaison(
    referral, officer, bank_office, bank_liaison, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = advance(referral, UNION_PATH, actor=officer)

    assert referral.branch == bank_office
    assert Notification.objects.filter(recipient=bank_liaison, url=referral.get_absolute_url()).count() == 1


def test_branch_of_the_unit_above_serves_a_unit_without_its_own(province, branch, officer, bank_liaison, programme):
    provincial = BankBranchFactory(name="NHCSXH chi nhánh tỉnh", kind="branch", units=[province])
    referral = make_referral(unit=branch, actor=officer, programme=programme)
    referral = advance(referral, UNION_PATH, actor=officer)
    assert referral.branch == provincial


@pytest.mark.parametrize(
    ("target", "message"),
    [(S.UNION_APPRAISED, "Không thể chuyển hồ sơ từ bước"), (S.APPROVED, "Không thể chuyển hồ sơ từ bước")],
)
def test_step_out_of_order_is_refused(referral, staff_user, target, message):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_record_step(referral=referral, to_status=target, on=days_ago(1), actor=staff_user)
    assert message in messages_of(excinfo)
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    assert referral.steps.count() == 1


def test_step_dated_before_the_previous_step_is_refused(referral, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_record_step(referral=referral, to_status=S.GROUP_VETTED, on=days_ago(31), actor=officer)
    assert "không được trước ngày của bước trước" in messages_of(excinfo)


def test_step_dated_in_the_future_is_refused(referral, officer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.referral_record_step(referral=referral, to_status=S.GROUP_VETTED, on=tomorrow, actor=officer)
    assert "tương lai" in messages_of(excinfo)


def test_bank_liaison_cannot_record_a_union_step(referral, bank_liaison):
    with pytest.raises(PermissionDenied):
        services.referral_record_step(referral=referral, to_status=S.GROUP_VETTED, on=days_ago(1), actor=bank_liaison)


def test_unit_officer_cannot_record_the_bank_decision(sent_referral, officer):
    with pytest.raises(PermissionDenied):
        services.referral_record_step(
            referral=sent_referral, to_status=S.APPROVED, on=days_ago(1), amount=1, term_months=1, actor=officer
        )


def test_liaison_of_another_branch_cannot_record_the_bank_decision(sent_referral, province):
    from accounts.models import Membership
    from tests.factories import user_with_role

    stranger = user_with_role(Membership.Role.BANK_LIAISON, province, username="bank-2")
    BankBranchFactory(name="PGD khác", liaisons=[stranger])
    with pytest.raises(PermissionDenied):
        services.referral_record_step(
            referral=sent_referral, to_status=S.APPROVED, on=days_ago(1), amount=1, term_months=1, actor=stranger
        )


def test_staff_may_record_the_bank_steps(sent_referral, staff_user):
    referral = services.referral_record_step(
        referral=sent_referral, to_status=S.REJECTED, on=days_ago(1), note="Chưa đủ điều kiện", actor=staff_user
    )
    assert referral.status == S.REJECTED
    assert referral.rejection_reason == "Chưa đủ điều kiện"


def test_rejection_needs_a_reason(sent_referral, bank_liaison):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_record_step(referral=sent_referral, to_status=S.REJECTED, on=days_ago(1), actor=bank_liaison)
    assert "lý do" in messages_of(excinfo)


# --- limits -----------------------------------------------------------------------------


def test_amount_above_the_programme_maximum_is_refused(commune, officer, programme):
    with pytest.raises(ValidationError) as excinfo:
        make_referral(unit=commune, actor=officer, programme=programme, amount=100_000_001)
    assert "vượt mức tối đa 100.000.000\xa0₫" in messages_of(excinfo)
    assert not Referral.objects.exists()


def test_project_loan_may_reach_the_per_project_maximum(commune, officer, programme):
    referral = make_referral(
        unit=commune, actor=officer, programme=programme, amount=1_500_000_000, borrower_kind="business"
    )
    assert referral.amount == 1_500_000_000
    with pytest.raises(ValidationError):
        make_referral(unit=commune, actor=officer, programme=programme, amount=2_000_000_001, borrower_kind="business")


def test_term_above_the_programme_maximum_is_refused(commune, officer):
    programme = LoanProgrammeFactory(max_term_months=60)
    with pytest.raises(ValidationError) as excinfo:
        services.referral_create(
            unit=commune,
            entrepreneur=EntrepreneurFactory(unit=commune),
            programme=programme,
            amount=1_000_000,
            term_months=61,
            purpose="x",
            actor=officer,
        )
    assert "vượt thời hạn tối đa 60 tháng" in messages_of(excinfo)


def test_person_of_another_unit_is_refused(commune, other_commune, staff_user, programme):
    with pytest.raises(ValidationError) as excinfo:
        make_referral(
            unit=commune, actor=staff_user, programme=programme, person=EntrepreneurFactory(unit=other_commune)
        )
    assert "không thuộc đơn vị" in messages_of(excinfo)


def test_approval_above_the_programme_maximum_is_refused(sent_referral, bank_liaison):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_record_step(
            referral=sent_referral,
            to_status=S.APPROVED,
            on=days_ago(1),
            amount=150_000_000,
            term_months=130,
            actor=bank_liaison,
        )
    assert set(excinfo.value.message_dict) == {"amount", "term_months"}


@pytest.fixture
def approved(sent_referral, bank_liaison):
    return services.referral_record_step(
        referral=sent_referral,
        to_status=S.APPROVED,
        on=days_ago(5),
        amount=40_000_000,
        term_months=24,
        actor=bank_liaison,
    )


def test_disbursement_above_the_approved_amount_is_refused(approved, bank_liaison):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_record_step(
            referral=approved, to_status=S.DISBURSED, on=days_ago(2), amount=40_000_001, actor=bank_liaison
        )
    assert "lớn hơn số tiền được duyệt 40.000.000\xa0₫" in messages_of(excinfo)


def test_disbursement_dated_before_the_approval_is_refused(approved, bank_liaison):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_record_step(
            referral=approved, to_status=S.DISBURSED, on=days_ago(6), amount=40_000_000, actor=bank_liaison
        )
    assert "không được trước ngày của bước trước" in messages_of(excinfo)
    approved.refresh_from_db()
    assert approved.status == S.APPROVED
    assert approved.disbursed_amount is None


# --- groups and grades ---------------------------------------------------------------------


@pytest.mark.parametrize("members", [4, 61])
def test_group_outside_5_to_60_members_is_refused(commune, officer, members):
    with pytest.raises(ValidationError) as excinfo:
        services.group_save(
            group=SavingsGroup(unit=commune, name="Tổ bản Mé", leader_name="A", hamlet="Bản Mé", member_count=members),
            actor=officer,
        )
    assert "member_count" in excinfo.value.message_dict
    assert not SavingsGroup.objects.exists()


def test_overdue_above_outstanding_is_refused(commune, officer):
    group = SavingsGroup(
        unit=commune,
        name="Tổ bản Mé",
        leader_name="A",
        hamlet="Bản Mé",
        member_count=20,
        outstanding_balance=10,
        overdue_balance=11,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.group_save(group=group, actor=officer)
    assert "Nợ quá hạn không thể lớn hơn dư nợ." in messages_of(excinfo)


def test_second_grade_for_the_same_year_is_refused(commune, officer):
    group = SavingsGroupFactory(unit=commune)
    services.group_grade_record(
        group=group, year=2024, grade="kha", graded_on=datetime.date(2024, 12, 20), actor=officer
    )
    with pytest.raises(ValidationError) as excinfo:
        services.group_grade_record(
            group=group, year=2024, grade="tot", graded_on=datetime.date(2024, 12, 21), actor=officer
        )
    assert "đã được xếp loại năm 2024" in messages_of(excinfo)
    assert GroupGrade.objects.get().grade == "kha"


# --- contest entry to referral ----------------------------------------------------------------
#
# Entries come to loans as plain `CapitalProposal` values through `common.registry`
# (competitions registers them); the referral keeps the proposal's key.


@pytest.fixture
def capital_entry(commune):
    lead = EntrepreneurFactory(unit=commune, full_name="Lường Văn Chiến")
    venture = VentureFactory(unit=commune, owners=[lead], kind="cooperative")
    return EntryFactory(
        unit=commune, status="finished", capital_support=True, capital_needed=2_500_000_000, venture=venture, lead=lead
    )


def proposal_of(entry, user):
    return selectors.capital_proposal_awaiting(user=user, key=capital_key(CONTEST_ENTRY, entry.pk))


def test_entry_marked_for_capital_support_becomes_a_referral(capital_entry, staff_user, programme):
    programme.takes_contest_entries = True
    programme.save()

    referral = services.capital_proposal_refer(proposal=proposal_of(capital_entry, staff_user), actor=staff_user)

    assert referral.entrepreneur.full_name == "Lường Văn Chiến"
    assert (referral.unit, referral.venture, referral.source_key, referral.source_label) == (
        capital_entry.unit,
        capital_entry.venture,
        f"contest-entry:{capital_entry.pk}",
        f"{capital_entry.title} · {capital_entry.contest.name}",  # a factory entry has no code
    )
    assert referral.borrower_kind == "business"
    assert referral.amount == 2_000_000_000  # capped at the programme's per-project maximum
    assert referral.status == S.SUBMITTED
    assert ReferralStep.objects.filter(referral=referral).count() == 1


def test_entry_is_referred_only_once(capital_entry, staff_user, programme):
    proposal = proposal_of(capital_entry, staff_user)
    services.capital_proposal_refer(proposal=proposal, actor=staff_user, programme=programme)

    assert proposal_of(capital_entry, staff_user) is None
    with pytest.raises(ValidationError) as excinfo:  # a stale page refers it again
        services.capital_proposal_refer(proposal=proposal, actor=staff_user, programme=programme)
    assert "đã được chuyển thành hồ sơ vay vốn" in messages_of(excinfo)
    assert Referral.objects.count() == 1


def test_entry_not_marked_for_capital_support_is_not_proposed(commune, staff_user, programme):
    entry = EntryFactory(unit=commune, status="finished", capital_support=False)
    assert proposal_of(entry, staff_user) is None


def test_entry_without_a_programme_for_contest_projects_is_refused(capital_entry, staff_user, programme):
    with pytest.raises(ValidationError) as excinfo:
        services.capital_proposal_refer(proposal=proposal_of(capital_entry, staff_user), actor=staff_user)
    assert "Chưa có chương trình vay nào nhận dự án sau cuộc thi." in messages_of(excinfo)


def test_entry_without_a_team_lead_is_refused(commune, staff_user, programme):
    entry = EntryFactory(unit=commune, status="finished", capital_support=True, lead=False)
    with pytest.raises(ValidationError) as excinfo:
        services.capital_proposal_refer(proposal=proposal_of(entry, staff_user), actor=staff_user, programme=programme)
    assert "chưa có trưởng nhóm" in messages_of(excinfo)
    assert not Referral.objects.exists()


def test_referral_from_a_proposal_takes_plain_values(commune, staff_user, programme):
    person = EntrepreneurFactory(unit=commune)
    not_theirs = VentureFactory(unit=commune, kind="cooperative")

    referral = services.referral_create_from_proposal(
        source_key="contest-entry:999",
        source_label="IV-017 Sấy mận · Cuộc thi lần thứ IV",
        unit=commune,
        entrepreneur=person,
        venture=not_theirs,
        amount=0,
        purpose="  Đầu tư dự án.  ",
        programme=programme,
        actor=staff_user,
    )

    assert (referral.source_key, referral.source_label, referral.purpose) == (
        "contest-entry:999",
        "IV-017 Sấy mận · Cuộc thi lần thứ IV",
        "Đầu tư dự án.",
    )
    # a venture the borrower does not own is dropped; no amount asked: the programme's maximum
    assert (referral.venture, referral.borrower_kind) == (None, "individual")
    assert referral.amount == programme.max_per_borrower


def test_a_proposal_key_is_unique_in_the_database(commune, staff_user, programme, referral):
    services.referral_create_from_proposal(
        source_key="contest-entry:1",
        source_label="IV-001",
        unit=commune,
        entrepreneur=EntrepreneurFactory(unit=commune),
        venture=None,
        amount=10_000_000,
        purpose="Đầu tư dự án.",
        programme=programme,
        actor=staff_user,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(source_key="contest-entry:1")


# --- double clicks --------------------------------------------------------------------------


def test_the_same_step_twice_is_recorded_once(referral, officer):
    for _click in range(2):
        services.referral_record_step(referral=referral, to_status=S.GROUP_VETTED, on=days_ago(3), actor=officer)
    assert referral.steps.filter(to_status=S.GROUP_VETTED).count() == 1


def test_second_open_referral_in_the_same_programme_is_refused(referral, officer, programme):
    with pytest.raises(ValidationError) as excinfo:
        make_referral(unit=referral.unit, actor=officer, programme=programme, person=referral.entrepreneur)
    assert "đã có hồ sơ đang xử lý" in messages_of(excinfo)
    assert Referral.objects.count() == 1


def test_a_new_referral_is_allowed_after_a_rejection(sent_referral, bank_liaison, officer, programme):
    services.referral_record_step(
        referral=sent_referral, to_status=S.REJECTED, on=days_ago(1), note="Thiếu phương án", actor=bank_liaison
    )
    again = make_referral(
        unit=sent_referral.unit, actor=officer, programme=programme, person=sent_referral.entrepreneur
    )
    assert again.status == S.SUBMITTED


def test_bank_decision_is_told_to_the_units_officers(
    sent_referral, bank_liaison, officer, other_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_record_step(
            referral=sent_referral,
            to_status=S.APPROVED,
            on=days_ago(1),
            amount=50_000_000,
            term_months=36,
            actor=bank_liaison,
        )
    notes = Notification.objects.filter(url=sent_referral.get_absolute_url())
    assert [n.recipient for n in notes.exclude(recipient=bank_liaison)] == [officer]
    assert "Ngân hàng đã phê duyệt" in notes.get(recipient=officer).title


def test_staff_give_a_transaction_office_its_units_and_liaisons(
    staff_user, province, commune, other_commune, bank_liaison
):
    office = services.branch_save(
        branch=BankBranch(name="Phòng giao dịch NHCSXH huyện Mai Sơn", kind=BankBranch.Kind.OFFICE),
        province=province,
        units=[commune, other_commune],
        liaisons=[bank_liaison],
        actor=staff_user,
    )

    assert set(office.units.all()) == {commune, other_commune}
    assert list(BankBranch.objects.of_liaison(bank_liaison)) == [office]

    services.branch_save(branch=office, province=province, liaisons=[], actor=staff_user)  # units kept

    assert not BankBranch.objects.of_liaison(bank_liaison).exists()
    assert set(office.units.all()) == {commune, other_commune}
