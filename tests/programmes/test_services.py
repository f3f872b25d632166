"""Model programme services and selectors: registration, selection, training, support,
evaluation, the dashboard figures and the overdue reports."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Membership, Unit
from programmes import selectors, services
from programmes.models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingAttendance
from tests.factories import UnitFactory, user_with_role
from tests.programmes.factories import (
    ModelProgrammeFactory,
    PioneerVentureFactory,
    ProgrammeParticipantFactory,
    TrainingSessionFactory,
)
from tests.ventures.factories import EntrepreneurFactory, VentureFactory, VentureUpdateFactory
from ventures.models import Entrepreneur, Venture

pytestmark = pytest.mark.django_db

Status = ProgrammeParticipant.Status
TODAY = timezone.localdate()


@pytest.fixture
def programme(province):
    return ModelProgrammeFactory(owner=province, name="Bí thư Chi đoàn tiên phong khởi nghiệp 2017–2018")


def _new(programme, venture, unit, **fields) -> ProgrammeParticipant:
    return ProgrammeParticipant(programme=programme, venture=venture, unit=unit, **fields)


# --- Registration ------------------------------------------------------------------


def test_participant_register_saves_with_the_venture_sector(programme, commune, branch, officer):
    venture = PioneerVentureFactory(unit=branch, sector=Venture.Sector.LIVESTOCK)

    participant = services.participant_register(
        participant=_new(programme, venture, commune, branch_name="Chi đoàn Tổ 5"), actor=officer
    )

    participant.refresh_from_db()
    assert (participant.status, participant.sector, participant.unit, participant.registered_by) == (
        Status.REGISTERED,
        Venture.Sector.LIVESTOCK,
        commune,
        officer,
    )
    assert participant.history.get().history_user == officer


@pytest.mark.parametrize(("deadline_offset", "accepted"), [(0, True), (-1, False)])
def test_participant_register_takes_the_deadline_day_and_refuses_the_day_after(
    province, commune, officer, deadline_offset, accepted
):
    programme = ModelProgrammeFactory(
        owner=province, registration_deadline=TODAY + datetime.timedelta(deadline_offset)
    )
    venture = PioneerVentureFactory(unit=commune)

    if accepted:
        services.participant_register(participant=_new(programme, venture, commune), actor=officer)
    else:
        with pytest.raises(ValidationError, match="Đã hết hạn đăng ký"):
            services.participant_register(participant=_new(programme, venture, commune), actor=officer)

    assert ProgrammeParticipant.objects.count() == (1 if accepted else 0)


def test_participant_register_refuses_the_same_venture_twice(programme, commune, officer):
    venture = PioneerVentureFactory(unit=commune)
    services.participant_register(participant=_new(programme, venture, commune), actor=officer)

    with pytest.raises(ValidationError) as caught:
        services.participant_register(participant=_new(programme, venture, commune), actor=officer)

    assert caught.value.message_dict == {"venture": ["Mô hình này đã đăng ký tham gia chương trình."]}
    assert ProgrammeParticipant.objects.count() == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("draft", "Chương trình chưa mở hoặc đã tổng kết"),
        ("household", "Chương trình chỉ nhận loại hình"),
        ("outside", "không thuộc phạm vi chương trình"),
        ("venture_elsewhere", "không thuộc đơn vị đăng ký"),
    ],
)
def test_participant_register_refusals(province, commune, branch, officer, setup, message):
    organiser = branch if setup == "outside" else province
    status = ModelProgramme.Status.DRAFT if setup == "draft" else ModelProgramme.Status.ACTIVE
    programme = ModelProgrammeFactory(owner=organiser, status=status)
    kind = Venture.Kind.HOUSEHOLD if setup == "household" else Venture.Kind.PIONEER_SECRETARY
    venture = VentureFactory(unit=commune, kind=kind)
    unit = branch if setup == "venture_elsewhere" else commune

    with pytest.raises(ValidationError, match=message):
        services.participant_register(participant=_new(programme, venture, unit), actor=officer)

    assert not ProgrammeParticipant.objects.exists()


def test_participant_register_for_another_commune_is_denied(programme, other_commune, officer):
    venture = PioneerVentureFactory(unit=other_commune)

    with pytest.raises(PermissionDenied):
        services.participant_register(participant=_new(programme, venture, other_commune), actor=officer)


def test_participant_register_new_creates_owner_and_venture_in_the_registry(programme, commune, officer):
    owner = Entrepreneur(full_name="Lê Văn Quý", date_of_birth=datetime.date(1994, 2, 10), gender="male", unit=commune)
    venture = Venture(name="Trang trại gà đồi", kind=programme.default_kind, sector="livestock", unit=commune)

    participant = services.participant_register_new(
        participant=_new(programme, None, commune), venture=venture, owner=owner, actor=officer
    )

    assert participant.venture.kind == Venture.Kind.PIONEER_SECRETARY
    assert list(participant.venture.owners.all()) == [owner]
    assert (owner.created_by, venture.created_by) == (officer, officer)


def test_participant_register_new_after_the_deadline_saves_nothing(province, commune, officer):
    programme = ModelProgrammeFactory(owner=province, registration_deadline=TODAY - datetime.timedelta(days=1))
    owner = Entrepreneur(full_name="Lê Văn Quý", date_of_birth=datetime.date(1994, 2, 10), gender="male", unit=commune)
    venture = Venture(name="Trang trại gà đồi", kind=programme.default_kind, sector="livestock", unit=commune)

    with pytest.raises(ValidationError):
        services.participant_register_new(
            participant=_new(programme, None, commune), venture=venture, owner=owner, actor=officer
        )

    assert (Entrepreneur.objects.count(), Venture.objects.count()) == (0, 0)


# --- Selection ---------------------------------------------------------------------


def test_participant_select_by_the_higher_unit_classifies_by_sector(programme, commune, staff_user):
    participant = ProgrammeParticipantFactory(programme=programme, unit=commune, sector=Venture.Sector.CROPS)

    services.participant_select(
        participant=participant, selected=True, sector=Venture.Sector.PROCESSING, note="Đủ điều kiện", actor=staff_user
    )

    participant.refresh_from_db()
    assert (participant.status, participant.sector, participant.selected_by) == (
        Status.SELECTED,
        Venture.Sector.PROCESSING,
        staff_user,
    )
    assert participant.selected_at is not None


def test_participant_select_by_the_staff_of_the_unit_that_runs_the_programme(commune, branch, officer):
    # The commune runs its own programme; its branches register; its staff decide.
    programme = ModelProgrammeFactory(owner=commune)
    commune_staff = user_with_role(Membership.Role.STAFF, commune, username="can-bo-xa")
    branch_officer = user_with_role(Membership.Role.OFFICER, branch, username="chi-doan")
    participant = ProgrammeParticipantFactory(programme=programme, unit=branch)

    for outsider in (branch_officer, officer):  # officers register, they do not decide
        with pytest.raises(PermissionDenied):
            services.participant_select(participant=participant, selected=True, actor=outsider)
    services.participant_select(participant=participant, selected=False, actor=commune_staff)

    participant.refresh_from_db()
    assert participant.status == Status.NOT_SELECTED


def test_participant_select_by_the_registering_commune_is_denied(programme, commune, officer):
    participant = ProgrammeParticipantFactory(programme=programme, unit=commune)

    with pytest.raises(PermissionDenied):
        services.participant_select(participant=participant, selected=True, actor=officer)

    participant.refresh_from_db()
    assert participant.status == Status.REGISTERED


def test_participant_select_refuses_a_withdrawn_registration(programme, commune, staff_user):
    participant = ProgrammeParticipantFactory(programme=programme, unit=commune, status=Status.WITHDRAWN)

    with pytest.raises(ValidationError, match="đã rút"):
        services.participant_select(participant=participant, selected=True, actor=staff_user)


# --- Training and support ----------------------------------------------------------


def test_training_attendance_marks_everyone_taking_part(programme, commune, staff_user):
    came, absent = ProgrammeParticipantFactory.create_batch(2, programme=programme, unit=commune)
    withdrawn = ProgrammeParticipantFactory(programme=programme, unit=commune, status=Status.WITHDRAWN)
    stranger = ProgrammeParticipantFactory(unit=commune)  # another programme's participant
    session = TrainingSessionFactory(programme=programme)

    count = services.training_record_attendance(
        session=session, attended_ids=[came.pk, withdrawn.pk, stranger.pk], actor=staff_user
    )
    services.training_record_attendance(session=session, attended_ids=[came.pk, absent.pk], actor=staff_user)

    rows = dict(TrainingAttendance.objects.values_list("participant_id", "attended"))
    assert count == 1
    assert rows == {came.pk: True, absent.pk: True}


def test_training_session_outside_the_programme_dates_is_refused(programme, staff_user):
    session = TrainingSessionFactory.build(programme=programme, date=programme.end_date + datetime.timedelta(days=1))

    with pytest.raises(ValidationError) as caught:
        services.training_session_save(session=session, actor=staff_user)

    assert caught.value.message_dict == {"date": ["Ngày tập huấn phải nằm trong thời gian của chương trình."]}


def test_support_record_add_by_the_registering_commune(programme, commune, officer):
    participant = ProgrammeParticipantFactory(programme=programme, unit=commune, status=Status.SELECTED)
    record = SupportRecord(
        participant=participant, kind=SupportRecord.Kind.LOAN_FUND_120, date=TODAY, amount=30_000_000
    )

    services.support_record_add(record=record, actor=officer)

    assert SupportRecord.objects.get().recorded_by == officer


@pytest.mark.parametrize(
    ("kind", "amount", "status", "message"),
    [
        (SupportRecord.Kind.LOAN_VBSP, None, Status.SELECTED, "Ghi số tiền được vay."),
        (SupportRecord.Kind.TRADE_FAIR, None, Status.WITHDRAWN, "không còn tham gia"),
        (SupportRecord.Kind.TRADE_FAIR, None, Status.NOT_SELECTED, "không còn tham gia"),
    ],
)
def test_support_record_add_refusals(programme, commune, officer, kind, amount, status, message):
    participant = ProgrammeParticipantFactory(programme=programme, unit=commune, status=status)

    with pytest.raises(ValidationError, match=message):
        services.support_record_add(
            record=SupportRecord(participant=participant, kind=kind, date=TODAY, amount=amount), actor=officer
        )

    assert not SupportRecord.objects.exists()


# --- Evaluation and the award feed -------------------------------------------------


def test_participant_evaluate_marks_success_commendation_and_replication(programme, commune, staff_user):
    participant = ProgrammeParticipantFactory(programme=programme, unit=commune, status=Status.SELECTED)

    services.participant_evaluate(
        participant=participant,
        is_successful=True,
        to_commend=True,
        to_replicate=True,
        note="Doanh thu tăng 40%",
        actor=staff_user,
    )

    participant.refresh_from_db()
    assert (participant.is_successful, participant.to_commend, participant.to_replicate) == (True, True, True)
    assert participant.evaluated_by == staff_user


@pytest.mark.parametrize(
    ("status", "flags", "evaluation_from", "message"),
    [
        (Status.REGISTERED, (True, False, False), None, "Chỉ đánh giá mô hình đã được lựa chọn."),
        (Status.SELECTED, (False, True, False), None, "Chỉ đề nghị tuyên dương, nhân rộng"),
        (Status.SELECTED, (True, False, False), 5, "Chưa đến thời gian đánh giá"),
    ],
)
def test_participant_evaluate_refusals(province, commune, staff_user, status, flags, evaluation_from, message):
    evaluation_day = TODAY + datetime.timedelta(days=evaluation_from) if evaluation_from else None
    programme = ModelProgrammeFactory(owner=province, evaluation_from=evaluation_day)
    participant = ProgrammeParticipantFactory(programme=programme, unit=commune, status=status)
    successful, commend, replicate = flags

    with pytest.raises(ValidationError, match=message):
        services.participant_evaluate(
            participant=participant,
            is_successful=successful,
            to_commend=commend,
            to_replicate=replicate,
            note="",
            actor=staff_user,
        )

    participant.refresh_from_db()
    assert not participant.is_successful


def test_successful_participants_feed_awards_with_owners_commended_first(
    programme, commune, other_commune, officer, django_assert_num_queries
):
    def evaluated(unit, name, *, successful, commend):
        owner = EntrepreneurFactory(unit=unit, full_name=f"Chủ {name}")
        venture = PioneerVentureFactory(unit=unit, name=name, owners=[owner])
        return ProgrammeParticipantFactory(
            programme=programme,
            venture=venture,
            unit=unit,
            status=Status.SELECTED,
            is_successful=successful,
            to_commend=commend,
        )

    evaluated(commune, "A thành công", successful=True, commend=False)
    evaluated(commune, "B tuyên dương", successful=True, commend=True)
    evaluated(commune, "C chưa đạt", successful=False, commend=False)
    evaluated(other_commune, "D xã khác", successful=True, commend=True)

    with django_assert_num_queries(3):  # participants, owners, the officer's memberships
        rows = [
            (p.venture.name, [o.full_name for o in p.venture.owners.all()], p.unit.name)
            for p in selectors.successful_participants(programme=programme, user=officer)
        ]
    commended = selectors.successful_participants(programme=programme, commended_only=True)

    assert rows == [
        ("B tuyên dương", ["Chủ B tuyên dương"], "Đoàn phường Tô Hiệu"),
        ("A thành công", ["Chủ A thành công"], "Đoàn phường Tô Hiệu"),
    ]
    assert [p.venture.name for p in commended] == ["B tuyên dương", "D xã khác"]


# --- Dashboard ---------------------------------------------------------------------


@pytest.fixture
def field(programme, commune, branch, other_commune):
    """Six registrations: selected, active, successful and withdrawn in two communes."""
    make = ProgrammeParticipantFactory
    crops, livestock = Venture.Sector.CROPS, Venture.Sector.LIVESTOCK
    make(programme=programme, unit=commune, sector=crops, status=Status.SELECTED, is_successful=True, to_commend=True)
    make(programme=programme, unit=commune, sector=crops, status=Status.SELECTED)
    make(
        programme=programme,
        unit=branch,
        sector=livestock,
        status=Status.SELECTED,
        venture=PioneerVentureFactory(unit=branch, status=Venture.Status.PAUSED),
    )
    make(programme=programme, unit=branch, sector=livestock, status=Status.REGISTERED)
    make(programme=programme, unit=other_commune, sector=livestock, status=Status.NOT_SELECTED)
    make(programme=programme, unit=other_commune, sector=crops, status=Status.WITHDRAWN)


def _figures(tally) -> tuple:
    return (tally.registered, tally.selected, tally.active, tally.successful, tally.commended)


def test_programme_dashboard_counts_by_unit_and_sector(programme, field, staff_user, commune, branch, other_commune):
    dashboard = selectors.programme_dashboard(programme=programme, user=staff_user)

    assert _figures(dashboard.totals) == (5, 3, 2, 1, 1)
    assert {row.label: _figures(row) for row in dashboard.by_unit} == {
        commune.name: (2, 2, 2, 1, 1),
        branch.name: (2, 1, 0, 0, 0),
        other_commune.name: (1, 0, 0, 0, 0),
    }
    assert {row.key: _figures(row) for row in dashboard.by_sector} == {
        "crops": (2, 2, 2, 1, 1),
        "livestock": (3, 1, 0, 0, 0),
    }
    assert (dashboard.target, dashboard.target_percent, dashboard.selected_percent) == (10, 10, 30)


def test_programme_dashboard_of_an_officer_keeps_to_their_subtree(programme, field, officer):
    dashboard = selectors.programme_dashboard(programme=programme, user=officer)

    assert _figures(dashboard.totals) == (4, 3, 2, 1, 1)
    assert [row.label for row in dashboard.by_unit] == ["Đoàn phường Tô Hiệu", "Chi đoàn Tổ 5"]


# --- Overdue reports ---------------------------------------------------------------


def test_periods_between_lists_periods_overlapping_the_window_with_due_days():
    periods = selectors.periods_between(
        kinds=["month", "half_year", "year"],
        start=datetime.date(2017, 8, 1),
        end=datetime.date(2018, 1, 31),
        due_day=5,
    )

    assert [(p.kind, p.year, p.number, p.due) for p in periods] == [
        ("month", 2017, 8, datetime.date(2017, 9, 5)),
        ("month", 2017, 9, datetime.date(2017, 10, 5)),
        ("month", 2017, 10, datetime.date(2017, 11, 5)),
        ("month", 2017, 11, datetime.date(2017, 12, 5)),
        ("month", 2017, 12, datetime.date(2018, 1, 5)),
        ("half_year", 2017, 2, datetime.date(2018, 1, 5)),
        ("year", 2017, 1, datetime.date(2018, 1, 5)),
        ("month", 2018, 1, datetime.date(2018, 2, 5)),
        ("half_year", 2018, 1, datetime.date(2018, 7, 5)),
        ("year", 2018, 1, datetime.date(2019, 1, 5)),
    ]


@pytest.fixture
def tho_xuan(db):
    """The plan's district programme: monthly and yearly reports from August 2017."""
    district = UnitFactory(name="Huyện đoàn Thọ Xuân", code="tho-xuan", kind=Unit.Kind.DISTRICT)
    commune = UnitFactory(name="Đoàn xã Xuân Lập", code="xuan-lap", parent=district)
    programme = ModelProgrammeFactory(
        owner=district,
        start_date=datetime.date(2017, 6, 1),
        end_date=datetime.date(2018, 12, 31),
        registration_deadline=datetime.date(2017, 6, 22),
        reporting_from=datetime.date(2017, 8, 1),
        reports_half_yearly=False,
    )
    officer = user_with_role(Membership.Role.OFFICER, district, username="huyen-doan")
    return programme, commune, officer


def test_overdue_reports_lists_each_missing_period_past_its_due_day(tho_xuan, settings):
    settings.VENTURE_UPDATE_DUE_DAY = 5
    programme, commune, officer = tho_xuan

    def selected(name, **venture_fields):
        venture = PioneerVentureFactory(unit=commune, name=name, **venture_fields)
        ProgrammeParticipantFactory(programme=programme, venture=venture, unit=commune, status=Status.SELECTED)
        return venture

    diligent = selected("Đều đặn")
    late = selected("Thiếu tháng 9")
    selected("Mới lập tháng 10", founded_on=datetime.date(2017, 10, 20))
    selected("Tạm dừng", status=Venture.Status.PAUSED)
    ProgrammeParticipantFactory(programme=programme, unit=commune, status=Status.REGISTERED)
    for month in (8, 9, 10):
        VentureUpdateFactory(venture=diligent, year=2017, period_number=month)
    VentureUpdateFactory(venture=late, year=2017, period_number=8)
    VentureUpdateFactory(venture=late, year=2017, period_number=10)

    # 5 November: October is due today, not yet overdue; 6 November: it is.
    on_due_day = selectors.overdue_reports(programme=programme, user=officer, today=datetime.date(2017, 11, 5))
    day_after = selectors.overdue_reports(programme=programme, user=officer, today=datetime.date(2017, 11, 6))

    def shown(rows):
        return {row.participant.venture.name: [p.label for p in row.periods] for row in rows}

    assert shown(on_due_day) == {"Thiếu tháng 9": ["Tháng 09/2017"]}
    assert shown(day_after) == {"Thiếu tháng 9": ["Tháng 09/2017"], "Mới lập tháng 10": ["Tháng 10/2017"]}


def test_overdue_reports_include_the_year_report_in_january(tho_xuan, settings):
    settings.VENTURE_UPDATE_DUE_DAY = 5
    programme, commune, officer = tho_xuan
    venture = PioneerVentureFactory(unit=commune, name="Đủ tháng, thiếu năm")
    ProgrammeParticipantFactory(programme=programme, venture=venture, unit=commune, status=Status.SELECTED)
    for month in range(8, 13):
        VentureUpdateFactory(venture=venture, year=2017, period_number=month)

    rows = selectors.overdue_reports(programme=programme, user=officer, today=datetime.date(2018, 1, 6))

    assert [[p.label for p in row.periods] for row in rows] == [["Năm 2017"]]


@pytest.mark.parametrize("count", [1, 20])
def test_overdue_reports_cost_two_queries(tho_xuan, count, django_assert_num_queries):
    programme, commune, officer = tho_xuan
    for _ in range(count):
        venture = PioneerVentureFactory(unit=commune)
        ProgrammeParticipantFactory(programme=programme, venture=venture, unit=commune, status=Status.SELECTED)
        VentureUpdateFactory(venture=venture, year=2017, period_number=8)
    officer = type(officer).objects.get(pk=officer.pk)  # a fresh user: memberships not cached

    with django_assert_num_queries(3):  # memberships, participants, reports
        rows = selectors.overdue_reports(programme=programme, user=officer, today=datetime.date(2018, 3, 1))

    assert len(rows) == count
    # September 2017 – January 2018 (February is due on 5 March), and the year 2017.
    assert [p.label for p in rows[0].periods][-2:] == ["Năm 2017", "Tháng 01/2018"]
    assert len(rows[0].periods) == 6


# --- Permissions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_user", {"view": True, "register": True, "manage": True, "select": True, "support": True}),
        ("officer", {"view": True, "register": True, "manage": False, "select": False, "support": True}),
        ("other_officer", {"view": True, "register": True, "manage": False, "select": False, "support": False}),
        ("judge", {"view": False, "register": False, "manage": False, "select": False, "support": False}),
        ("bank_liaison", {"view": False, "register": False, "manage": False, "select": False, "support": False}),
    ],
)
def test_programme_permissions_per_role(programme, commune, user_fixture, expected, request):
    user = request.getfixturevalue(user_fixture)
    participant = ProgrammeParticipantFactory(programme=programme, unit=commune)

    granted = {
        "view": user.has_perm("programmes.view_modelprogramme", programme),
        "register": user.has_perm("programmes.register_participant", programme),
        "manage": user.has_perm("programmes.manage_programme", programme),
        "select": user.has_perm("programmes.select_participant", participant),
        "support": user.has_perm("programmes.record_support", participant),
    }

    assert granted == expected


def test_draft_programme_is_seen_only_by_its_organiser_and_above(province, commune, staff_user, officer):
    draft = ModelProgrammeFactory(owner=province, status=ModelProgramme.Status.DRAFT)
    own_draft = ModelProgrammeFactory(owner=commune, status=ModelProgramme.Status.DRAFT)

    assert set(ModelProgramme.objects.visible_to(staff_user)) == {draft, own_draft}
    assert list(ModelProgramme.objects.visible_to(officer)) == [own_draft]
    assert not officer.has_perm("programmes.view_modelprogramme", draft)
