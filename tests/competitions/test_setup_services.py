"""The guided set-up's services: each step refuses what a person gets wrong and saves nothing
partial, the checklist, opening only once it is complete, copying last year's contest, closing
the submission window early."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from competitions import selectors, services
from competitions.models import Contest, Criterion, Entry, Round, UnitExtension
from competitions.services import CriterionInput, PrizeTierInput, RoundInput, Stage
from tests.competitions.factories import (
    CategoryFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    JudgeFactory,
    PrizeTierFactory,
    RoundFactory,
    days,
    ready_contest,
)

pytestmark = pytest.mark.django_db


def messages_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


@pytest.fixture
def draft(staff_user, province):
    return ready_contest(owner=province, name="Cuộc thi ý tưởng khởi nghiệp lần thứ X")


def plan(draft, *rows):
    """Round rows (name, stage, start day, end day) counted from the draft's submission deadline."""
    deadline = draft.submission_closes_at
    return [
        RoundInput(name=name, stage=stage, opens_at=deadline + days(start), closes_at=deadline + days(end))
        for name, stage, start, end in rows
    ]


def round_rows(draft):
    return list(draft.rounds.order_by("order").values_list("name", "kind", "is_final", "opens_at"))


# --- the checklist and opening ----------------------------------------------------------


def test_checklist_of_a_complete_draft_lets_it_open(draft, staff_user):
    checklist = selectors.contest_setup_checklist(contest=draft)
    assert checklist.is_complete

    contest = services.contest_open(contest=draft, actor=staff_user)

    assert contest.status == Contest.Status.OPEN
    assert contest.history.latest().history_user == staff_user


def test_a_new_contest_lists_every_step_still_missing_and_cannot_open(staff_user, province):
    year = timezone.localdate().year
    contest = services.contest_create(
        owner=province, name="Cuộc thi mới", year=year, slug=f"cuoc-thi-moi-{year}", actor=staff_user
    )

    checklist = selectors.contest_setup_checklist(contest=contest)
    missing = {item.key for item in checklist.missing}
    assert missing == {"basics", "categories", "submission", "eligibility", "team", "prizes", "rounds"}
    with pytest.raises(ValidationError) as error:
        services.contest_open(contest=contest, actor=staff_user)
    assert "Chưa tải lên thể lệ cuộc thi." in messages_of(error)
    assert "Chưa có lĩnh vực dự thi nào." in messages_of(error)
    contest.refresh_from_db()
    assert contest.status == Contest.Status.DRAFT


@pytest.mark.parametrize(
    ("spoil", "key", "message"),
    [
        (lambda c: c.rules_document.delete(), "basics", "Chưa tải lên thể lệ cuộc thi."),
        (lambda c: c.categories.all().delete(), "categories", "Chưa có lĩnh vực dự thi nào."),
        (lambda c: c.prize_tiers.all().delete(), "prizes", "Chưa có cơ cấu giải."),
        (
            lambda c: Contest.objects.filter(pk=c.pk).update(setup_steps=["basics"]),
            "eligibility",
            "Chưa xem lại và lưu bước này.",
        ),
        (
            lambda c: Contest.objects.filter(pk=c.pk).update(
                submission_opens_at=timezone.now() - days(20), submission_closes_at=timezone.now() - days(1)
            ),
            "submission",
            "đã qua; hãy đặt lại thời gian nhận bài",
        ),
        (
            lambda c: Criterion.objects.filter(round__contest=c, name="Tính khả thi", round__order=1).update(
                max_points=Decimal(30)
            ),
            "rounds:",
            "điểm tối đa của các tiêu chí cộng lại được 90, chưa bằng tổng điểm 100 của vòng",
        ),
        (
            lambda c: Round.objects.filter(contest=c, order=2).delete(),
            "rounds",
            "chưa có đợt tư vấn, hoàn thiện",
        ),
    ],
)
def test_open_is_refused_until_the_checklist_is_complete(draft, staff_user, spoil, key, message):
    spoil(draft)
    draft.refresh_from_db()

    checklist = selectors.contest_setup_checklist(contest=draft)
    assert not checklist.is_complete
    assert any(item.key.startswith(key) for item in checklist.missing)
    with pytest.raises(ValidationError) as error:
        services.contest_open(contest=draft, actor=staff_user)
    assert message in messages_of(error)
    draft.refresh_from_db()
    assert draft.status == Contest.Status.DRAFT


def test_judges_are_advised_not_required(draft):
    checklist = selectors.contest_setup_checklist(contest=draft)
    judges = next(item for item in checklist.items if item.key == "judges")

    assert (judges.done, judges.required, checklist.is_complete) == (False, False, True)


# --- each step ---------------------------------------------------------------------------


def test_submission_window_closing_before_it_opens_is_refused_and_nothing_changes(draft, staff_user):
    before = (draft.submission_opens_at, draft.submission_closes_at, draft.min_entries_per_unit)

    with pytest.raises(ValidationError) as error:
        services.contest_save_submission(
            contest=draft,
            opens_at=draft.submission_opens_at + days(10),
            closes_at=draft.submission_opens_at + days(2),
            min_entries_per_unit=7,
            max_entries_per_unit=None,
            actor=staff_user,
        )

    assert error.value.message_dict["submission_closes_at"] == ["Hạn nộp bài phải sau ngày mở nhận bài."]
    draft.refresh_from_db()
    assert (draft.submission_opens_at, draft.submission_closes_at, draft.min_entries_per_unit) == before


@pytest.mark.parametrize(
    ("closes_in", "minimum", "maximum", "field", "message"),
    [
        (-1, 5, None, "submission_closes_at", "Hạn nộp bài đã qua; hãy chọn một ngày sắp tới."),
        (20, 5, 3, "max_entries_per_unit", "Số ý tưởng tối đa phải không nhỏ hơn số tối thiểu."),
        (20, 0, None, "min_entries_per_unit", "Mỗi đơn vị cần gửi ít nhất 1 ý tưởng."),
    ],
)
def test_submission_step_refuses_a_past_deadline_and_a_quota_upside_down(
    draft, staff_user, closes_in, minimum, maximum, field, message
):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.contest_save_submission(
            contest=draft,
            opens_at=now - days(5),
            closes_at=now + days(closes_in),
            min_entries_per_unit=minimum,
            max_entries_per_unit=maximum,
            actor=staff_user,
            now=now,
        )
    assert error.value.message_dict[field] == [message]


def test_submission_step_saves_the_window_and_the_quota_of_the_plan(staff_user, province):
    year = timezone.localdate().year
    contest = services.contest_create(
        owner=province, name="Cuộc thi", year=year, slug=f"cuoc-thi-{year}", actor=staff_user
    )
    now = timezone.now()

    services.contest_save_submission(
        contest=contest,
        opens_at=now + days(1),
        closes_at=now + days(40),
        min_entries_per_unit=5,
        max_entries_per_unit=10,
        actor=staff_user,
        now=now,
    )

    contest.refresh_from_db()
    assert (contest.min_entries_per_unit, contest.max_entries_per_unit) == (5, 10)
    assert contest.setup_steps == ["basics", "submission"]
    assert contest.history.latest().history_user == staff_user


def test_ages_upside_down_are_refused(draft, staff_user):
    with pytest.raises(ValidationError) as error:
        services.contest_save_eligibility(
            contest=draft, min_age=35, max_age=18, age_reference_date=draft.age_reference_date, actor=staff_user
        )
    assert error.value.message_dict["max_age"] == ["Tuổi tối đa phải không nhỏ hơn tuổi tối thiểu."]
    draft.refresh_from_db()
    assert (draft.min_age, draft.max_age) == (18, 35)


def test_a_team_of_nobody_is_refused(draft, staff_user):
    with pytest.raises(ValidationError):
        services.contest_save_team(contest=draft, max_team_size=0, actor=staff_user)


@pytest.mark.parametrize(
    ("names", "message"),
    [([], "Cần ít nhất một lĩnh vực dự thi."), (["Nông nghiệp", "nông nghiệp"], "Hai lĩnh vực trùng tên")],
)
def test_categories_step_refuses_none_and_duplicates(draft, staff_user, names, message):
    with pytest.raises(ValidationError) as error:
        services.contest_save_categories(contest=draft, names=names, actor=staff_user)
    assert message in messages_of(error)
    assert list(draft.categories.values_list("name", flat=True)) == ["Nông nghiệp"]


def test_categories_step_keeps_known_fields_and_orders_them(draft, staff_user):
    kept = draft.categories.get()

    services.contest_save_categories(contest=draft, names=["Du lịch cộng đồng", "Nông nghiệp"], actor=staff_user)

    assert list(draft.categories.values_list("name", "order")) == [("Du lịch cộng đồng", 1), ("Nông nghiệp", 2)]
    assert draft.categories.get(name="Nông nghiệp").pk == kept.pk


def test_prizes_step_refuses_a_tier_of_no_prize_and_keeps_the_old_tiers(draft, staff_user):
    tiers = [PrizeTierInput(name="Giải Nhất", count=1, amount=10_000_000), PrizeTierInput(name="Giải Nhì", count=0)]

    with pytest.raises(ValidationError) as error:
        services.contest_save_prizes(contest=draft, tiers=tiers, actor=staff_user)

    assert "Giải “Giải Nhì”: số giải phải từ 1 trở lên." in messages_of(error)
    assert list(draft.prize_tiers.values_list("name", flat=True)) == ["Giải Nhất"]


def test_prizes_step_ranks_tiers_in_their_order(draft, staff_user):
    tiers = [PrizeTierInput(name=name, count=n, amount=a) for name, n, a in [("Nhất", 1, 10), ("Nhì", 2, 5)]]

    services.contest_save_prizes(contest=draft, tiers=tiers, actor=staff_user)

    assert list(draft.prize_tiers.values_list("rank", "name", "count")) == [(1, "Nhất", 1), (2, "Nhì", 2)]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                ("Sơ tuyển", Stage.SCORING, 2, 10),
                ("Tư vấn", Stage.COACHING, 8, 20),
                ("Chung kết", Stage.FINAL, 21, 22),
            ],
            "trùng thời gian",
        ),
        (
            [("Sơ tuyển", Stage.SCORING, 2, 10), ("Chung kết", Stage.FINAL, 12, 13)],
            "Giữa vòng “Sơ tuyển” và vòng “Chung kết” chưa có đợt tư vấn, hoàn thiện.",
        ),
        (
            [("Chung kết", Stage.FINAL, 2, 3), ("Tư vấn", Stage.COACHING, 5, 10), ("Sơ tuyển", Stage.SCORING, 12, 15)],
            "Vòng chung kết “Chung kết”",
        ),
        (
            [
                ("Sơ tuyển", Stage.SCORING, -3, 10),
                ("Tư vấn", Stage.COACHING, 11, 20),
                ("Chung kết", Stage.FINAL, 21, 22),
            ],
            "trước hạn nộp bài",
        ),
        (
            [
                ("Sơ tuyển", Stage.SCORING, 2, 10),
                ("Tư vấn", Stage.COACHING, 11, 20),
                ("Vòng 2", Stage.SCORING, 21, 22),
            ],
            "Chưa có vòng chung kết",
        ),
        ([("Sơ tuyển", Stage.SCORING, 5, 2), ("Chung kết", Stage.FINAL, 21, 22)], "thời gian kết thúc phải sau"),
        ([("Tư vấn", Stage.COACHING, 2, 10), ("Chung kết", Stage.FINAL, 11, 12)], "phải đứng sau một vòng chấm điểm"),
    ],
    ids=["overlap", "no-coaching", "final-first", "before-deadline", "no-final", "ends-first", "coaching-first"],
)
def test_rounds_step_refuses_a_plan_that_does_not_hold_and_keeps_the_old_one(draft, staff_user, rows, message):
    before = round_rows(draft)

    with pytest.raises(ValidationError) as error:
        services.contest_save_rounds(contest=draft, rounds=plan(draft, *rows), actor=staff_user)

    assert message in messages_of(error)
    assert round_rows(draft) == before
    assert Criterion.objects.filter(round__contest=draft).count() == 4


def test_rounds_step_numbers_rounds_by_date_keeps_criteria_of_kept_rounds_and_removes_the_others(draft, staff_user):
    prelim, _coaching, final = draft.rounds.order_by("order")
    deadline = draft.submission_closes_at
    rows = [
        RoundInput(
            pk=final.pk,
            name="Chung kết",
            stage=Stage.FINAL,
            opens_at=deadline + days(30),
            closes_at=deadline + days(31),
        ),
        RoundInput(name="Tư vấn", stage=Stage.COACHING, opens_at=deadline + days(15), closes_at=deadline + days(28)),
        RoundInput(
            pk=prelim.pk,
            name="Sơ khảo",
            stage=Stage.SCORING,
            opens_at=deadline + days(2),
            closes_at=deadline + days(10),
        ),
    ]

    services.contest_save_rounds(contest=draft, rounds=rows, actor=staff_user)

    saved = list(draft.rounds.order_by("order"))
    assert [(r.order, r.name, r.kind, r.is_final) for r in saved] == [
        (1, "Sơ khảo", Round.Kind.SCORING, False),
        (2, "Tư vấn", Round.Kind.COACHING, False),
        (3, "Chung kết", Round.Kind.SCORING, True),
    ]
    assert (saved[0].pk, saved[2].pk) == (prelim.pk, final.pk)
    assert saved[0].criteria.count() == 2
    assert saved[0].history.latest().history_user == staff_user
    assert selectors.contest_setup_checklist(contest=draft).is_complete


def test_a_round_of_another_contest_cannot_be_named(draft, staff_user):
    stranger = RoundFactory()
    rows = plan(
        draft, ("Sơ tuyển", Stage.SCORING, 2, 10), ("Tư vấn", Stage.COACHING, 11, 20), ("CK", Stage.FINAL, 21, 22)
    )
    rows[0] = RoundInput(**{**rows[0].__dict__, "pk": stranger.pk})

    with pytest.raises(ValidationError, match="không thuộc cuộc thi này"):
        services.contest_save_rounds(contest=draft, rounds=rows, actor=staff_user)


def test_criteria_that_do_not_add_up_to_the_round_total_are_refused_and_the_old_ones_kept(draft, staff_user):
    prelim = draft.rounds.get(order=1)
    criteria = [
        CriterionInput(name="Sáng tạo", max_points=Decimal(50)),
        CriterionInput(name="Khả thi", max_points=Decimal(30)),
    ]

    with pytest.raises(ValidationError) as error:
        services.round_save_criteria(
            round=prelim, max_total=Decimal(100), weighting=Round.Weighting.POINTS, criteria=criteria, actor=staff_user
        )

    assert "cộng lại được 80, chưa bằng tổng điểm 100 của vòng" in messages_of(error)
    assert list(prelim.criteria.values_list("name", flat=True)) == ["Tính sáng tạo", "Tính khả thi"]


def test_criteria_with_multipliers_add_up_with_their_weights(draft, staff_user):
    prelim = draft.rounds.get(order=1)
    criteria = [
        CriterionInput(name="Sáng tạo", max_points=Decimal(10), weight=Decimal(6)),
        CriterionInput(name="Khả thi", max_points=Decimal(20), weight=Decimal(2)),
    ]

    services.round_save_criteria(
        round=prelim, max_total=Decimal(100), weighting=Round.Weighting.POINTS, criteria=criteria, actor=staff_user
    )

    assert list(prelim.criteria.values_list("name", "max_points", "weight")) == [
        ("Sáng tạo", Decimal(10), Decimal(6)),
        ("Khả thi", Decimal(20), Decimal(2)),
    ]


def test_percentage_weights_not_summing_to_100_are_refused(draft, staff_user):
    prelim = draft.rounds.get(order=1)
    criteria = [
        CriterionInput(name="Sáng tạo", max_points=Decimal(10), weight=Decimal(40)),
        CriterionInput(name="Khả thi", max_points=Decimal(10), weight=Decimal(50)),
    ]

    with pytest.raises(ValidationError) as error:
        services.round_save_criteria(
            round=prelim,
            max_total=Decimal(100),
            weighting=Round.Weighting.PERCENT,
            criteria=criteria,
            actor=staff_user,
        )

    assert "tổng trọng số các tiêu chí là 90%, phải bằng 100%" in messages_of(error)
    assert prelim.criteria.count() == 2


def test_percentage_weights_become_the_multipliers_the_scorecard_uses(draft, staff_user):
    prelim = draft.rounds.get(order=1)
    criteria = [
        CriterionInput(name="Sáng tạo", max_points=Decimal(10), weight=Decimal(30)),
        CriterionInput(name="Khả thi", max_points=Decimal(10), weight=Decimal(70)),
    ]

    round = services.round_save_criteria(
        round=prelim, max_total=Decimal(100), weighting=Round.Weighting.PERCENT, criteria=criteria, actor=staff_user
    )

    assert (round.max_total, round.weighting) == (Decimal(100), Round.Weighting.PERCENT)
    assert list(prelim.criteria.values_list("weight", flat=True)) == [Decimal(3), Decimal(7)]
    assert selectors.contest_setup_checklist(contest=draft).is_complete


def test_set_up_steps_are_refused_once_the_contest_is_open(draft, staff_user):
    services.contest_open(contest=draft, actor=staff_user)

    with pytest.raises(ValidationError, match="Cuộc thi đã mở"):
        services.contest_save_team(contest=draft, max_team_size=5, actor=staff_user)


@pytest.mark.parametrize("who", ["lai_chau_staff", "school_staff"])
def test_another_units_staff_cannot_write_a_step(draft, request, who):
    with pytest.raises(PermissionDenied):
        services.contest_save_team(contest=draft, max_team_size=5, actor=request.getfixturevalue(who))


# --- copying last year's contest ------------------------------------------------------


def test_copy_last_year_takes_the_structure_moved_a_year_and_leaves_entries_and_judges(staff_user, province):
    today = timezone.localdate()
    source = ContestFactory(
        owner=province, year=today.year - 1, slug=f"y-tuong-{today.year - 1}", status=Contest.Status.FINISHED
    )
    category = CategoryFactory(contest=source, name="Chế biến nông sản")
    PrizeTierFactory(contest=source, name="Giải Nhất", rank=1, count=1, amount=10_000_000)
    prelim = RoundFactory(contest=source, order=1, name="Vòng sơ tuyển", status=Round.Status.CLOSED)
    CriterionFactory(round=prelim, name="Tính mới", max_points=Decimal(100))
    final = RoundFactory(contest=source, order=2, name="Chung kết", status=Round.Status.CLOSED, max_total=Decimal(100))
    JudgeFactory(contest=source)
    EntryFactory(contest=source, category=category, status=Entry.Status.SUBMITTED)

    copy = services.contest_copy_last_year(owner=province, actor=staff_user, today=today)

    assert (copy.year, copy.status, copy.owner) == (today.year, Contest.Status.DRAFT, province)
    assert list(copy.categories.values_list("name", flat=True)) == ["Chế biến nông sản"]
    assert list(copy.prize_tiers.values_list("name", "count", "amount")) == [("Giải Nhất", 1, 10_000_000)]
    rounds = list(copy.rounds.order_by("order"))
    assert [(r.name, r.is_final, r.status) for r in rounds] == [
        ("Vòng sơ tuyển", False, Round.Status.PENDING),
        ("Chung kết", True, Round.Status.PENDING),
    ]
    assert rounds[0].opens_at.year == prelim.opens_at.year + 1
    assert rounds[1].closes_at.year == final.closes_at.year + 1
    assert rounds[0].max_total == Decimal(100)  # from its criteria, where the source had none
    assert list(rounds[0].criteria.values_list("name", "max_points")) == [("Tính mới", Decimal(100))]
    assert (copy.entries.count(), copy.judges.count(), bool(copy.rules_document)) == (0, 0, False)
    assert not selectors.contest_setup_checklist(contest=copy).is_complete


def test_copy_last_year_without_a_contest_says_so(staff_user, school, school_staff):
    with pytest.raises(ValidationError, match="chưa có cuộc thi nào để sao chép"):
        services.contest_copy_last_year(owner=school, actor=school_staff)


def test_copy_last_year_of_another_unit_is_refused(lai_chau_staff, province):
    ContestFactory(owner=province)
    with pytest.raises(PermissionDenied):
        services.contest_copy_last_year(owner=province, actor=lai_chau_staff)


# --- closing the submission window early ----------------------------------------------


def test_close_early_moves_the_deadline_to_now_records_who_and_why_and_ends_extensions(staff_user, commune):
    contest = ContestFactory()
    now = timezone.now()
    UnitExtension.objects.create(
        contest=contest, unit=commune, until=now + days(20), reason="Lũ", granted_by=staff_user
    )

    contest = services.contest_close_submission_early(
        contest=contest, reason="Đủ số bài; chuyển sang sơ tuyển sớm.", actor=staff_user, now=now
    )

    assert (contest.submission_closes_at, contest.submission_closed_early_at) == (now, now)
    assert contest.submission_closed_early_by == staff_user
    assert contest.submission_closed_early_reason == "Đủ số bài; chuyển sang sơ tuyển sớm."
    assert contest.history.latest().history_user == staff_user
    assert not contest.accepts_submissions_at(now + datetime.timedelta(seconds=1))
    assert services.submission_deadline(contest=contest, unit=commune) == now


@pytest.mark.parametrize(
    ("contest_kwargs", "reason", "message"),
    [
        ({}, "  ", "Cần ghi lý do đóng nhận bài sớm."),
        ({"status": Contest.Status.DRAFT}, "Lý do", "không ở giai đoạn nhận bài"),
        ({"submission_closes_at_days": -1}, "Lý do", "Đã hết hạn nộp bài"),
        ({"submission_opens_at_days": 2}, "Lý do", "chưa mở nhận bài"),
    ],
)
def test_close_early_refuses_without_reason_or_outside_the_window(staff_user, contest_kwargs, reason, message):
    now = timezone.now()
    kwargs = dict(contest_kwargs)
    if "submission_closes_at_days" in kwargs:
        kwargs["submission_opens_at"] = now - days(10)
        kwargs["submission_closes_at"] = now + days(kwargs.pop("submission_closes_at_days"))
    if "submission_opens_at_days" in kwargs:
        kwargs["submission_opens_at"] = now + days(kwargs.pop("submission_opens_at_days"))
        kwargs["submission_closes_at"] = now + days(20)
    contest = ContestFactory(**kwargs)
    deadline = contest.submission_closes_at

    with pytest.raises(ValidationError) as error:
        services.contest_close_submission_early(contest=contest, reason=reason, actor=staff_user, now=now)

    assert message in messages_of(error)
    contest.refresh_from_db()
    assert (contest.submission_closes_at, contest.submission_closed_early_at) == (deadline, None)


def test_close_early_by_another_units_staff_is_refused(lai_chau_staff):
    with pytest.raises(PermissionDenied):
        services.contest_close_submission_early(contest=ContestFactory(), reason="Lý do", actor=lai_chau_staff)
