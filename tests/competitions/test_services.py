"""The contest's services against the database: window, quota, team, entry lifecycle,
screening, judge assignment, scoring, advancing rounds, coaching and copying a contest."""

import datetime
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from common.choices import Ethnicity, Gender
from common.models import Notification
from competitions import selectors, services
from competitions.models import (
    Assignment,
    Category,
    Conflict,
    Contest,
    Criterion,
    Entry,
    PrizeTier,
    Round,
    RoundDecisionException,
    RoundResult,
    Score,
    TeamMember,
    UnitExtension,
)
from competitions.services import ScoreInput, TeamMemberInput, TeamRow
from tests.competitions.factories import (
    AssignmentFactory,
    CategoryFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    JudgeFactory,
    PrizeTierFactory,
    RoundFactory,
    days,
)
from tests.factories import UnitFactory, UserFactory, user_with_role
from tests.ventures.factories import EntrepreneurFactory
from ventures.models import Entrepreneur

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
OPENS = datetime.datetime(2026, 3, 15, 0, 0, tzinfo=HCM)
CLOSES = datetime.datetime(2026, 8, 30, 23, 59, tzinfo=HCM)
INSIDE = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=HCM)
SECOND = datetime.timedelta(seconds=1)


def messages(error: ValidationError) -> list[str]:
    return error.messages


@pytest.fixture
def contest():
    """The real timeline of plan-son-la, moved to 2026: open 15/3, entries until 30/8 23:59."""
    return ContestFactory(
        submission_opens_at=OPENS,
        submission_closes_at=CLOSES,
        min_entries_per_unit=1,
        max_entries_per_unit=2,
        age_reference_date=datetime.date(2026, 8, 30),
    )


@pytest.fixture
def category(contest):
    return CategoryFactory(contest=contest, name="Nông nghiệp công nghệ cao")


def _person(unit, born=datetime.date(2000, 1, 1), **kwargs):
    return EntrepreneurFactory(unit=unit, date_of_birth=born, **kwargs)


def _new_entry(contest, unit, category, title="Sấy mận hậu bằng năng lượng mặt trời"):
    return Entry(contest=contest, unit=unit, category=category, title=title, summary="Tóm tắt ý tưởng.")


def _draft(contest, unit, category, *, actor, title="Ý tưởng", now=INSIDE, team=None):
    team = team or [TeamMemberInput(_person(unit), TeamMember.Role.LEAD)]
    return services.entry_save_draft(entry=_new_entry(contest, unit, category, title), team=team, actor=actor, now=now)


# --- submission window -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (OPENS - SECOND, "Cuộc thi chưa mở nhận bài."),
        (CLOSES + SECOND, "Đã hết hạn nộp bài (23:59 30/08/2026)."),
    ],
)
def test_entry_submit_refused_outside_the_window(contest, category, commune, officer, moment, message):
    entry = _draft(contest, commune, category, actor=officer)

    with pytest.raises(ValidationError) as raised:
        services.entry_submit(entry=entry, actor=officer, now=moment)

    assert messages(raised.value) == [message]
    entry.refresh_from_db()
    assert (entry.status, entry.code, entry.submitted_at) == (Entry.Status.DRAFT, "", None)


@pytest.mark.parametrize("moment", [OPENS, CLOSES])
def test_entry_submit_accepted_at_the_window_edges(contest, category, commune, officer, moment):
    entry = _draft(contest, commune, category, actor=officer)

    submitted = services.entry_submit(entry=entry, actor=officer, now=moment)

    assert submitted.status == Entry.Status.SUBMITTED
    assert submitted.submitted_at == moment


def test_entry_save_draft_refused_when_contest_is_not_open(contest, category, commune, officer):
    contest.status = Contest.Status.DRAFT
    contest.save()

    with pytest.raises(ValidationError) as raised:
        _draft(contest, commune, category, actor=officer)

    assert messages(raised.value) == ["Cuộc thi chưa mở nhận bài."]
    assert Entry.objects.count() == 0


def test_extension_lets_one_unit_in_and_not_another(
    contest, category, commune, other_commune, officer, other_officer, staff_user
):
    mine = _draft(contest, commune, category, actor=officer)
    theirs = _draft(contest, other_commune, category, actor=other_officer)
    until = CLOSES + days(3)
    services.extension_grant(
        contest=contest, unit=commune, until=until, reason="Lũ quét chia cắt xã", actor=staff_user
    )
    late = CLOSES + days(2)

    submitted = services.entry_submit(entry=mine, actor=officer, now=late)
    with pytest.raises(ValidationError) as raised:
        services.entry_submit(entry=theirs, actor=other_officer, now=late)

    assert submitted.status == Entry.Status.SUBMITTED
    assert messages(raised.value) == ["Đã hết hạn nộp bài (23:59 30/08/2026)."]
    assert services.submission_deadline(contest=contest, unit=commune) == until
    assert services.submission_deadline(contest=contest, unit=other_commune) == CLOSES


def test_extension_ends_at_its_own_deadline(contest, category, commune, officer, staff_user):
    entry = _draft(contest, commune, category, actor=officer)
    until = CLOSES + days(3)
    services.extension_grant(contest=contest, unit=commune, until=until, reason="Mất điện", actor=staff_user)

    with pytest.raises(ValidationError) as raised:
        services.entry_submit(entry=entry, actor=officer, now=until + SECOND)

    assert messages(raised.value) == ["Đã hết hạn nộp bài (23:59 02/09/2026)."]


@pytest.mark.parametrize(
    ("until", "reason", "field"),
    [
        (CLOSES + days(3), "   ", "reason"),
        (CLOSES, "Lũ quét", "until"),
        (CLOSES - days(1), "Lũ quét", "until"),
    ],
)
def test_extension_grant_validation(contest, commune, staff_user, until, reason, field):
    with pytest.raises(ValidationError) as raised:
        services.extension_grant(contest=contest, unit=commune, until=until, reason=reason, actor=staff_user)

    assert list(raised.value.message_dict) == [field]
    assert UnitExtension.objects.count() == 0


def test_extension_granted_again_replaces_date_and_reason(contest, commune, staff_user):
    first = services.extension_grant(
        contest=contest, unit=commune, until=CLOSES + days(1), reason="Lũ", actor=staff_user
    )
    colleague = user_with_role(Membership.Role.STAFF, staff_user.memberships.get().unit, username="colleague")

    second = services.extension_grant(
        contest=contest, unit=commune, until=CLOSES + days(5), reason="  Lũ kéo dài  ", actor=colleague
    )

    assert second.pk == first.pk
    assert UnitExtension.objects.count() == 1
    second.refresh_from_db()
    assert (second.until, second.reason, second.granted_by) == (CLOSES + days(5), "Lũ kéo dài", colleague)


# --- quota -----------------------------------------------------------------------------


def _entry_with_status(contest, unit, category, status, code=""):
    return EntryFactory(contest=contest, unit=unit, category=category, status=status, code=code, lead=False)


def test_quota_refuses_more_than_the_maximum_per_unit(contest, category, commune, officer):
    entries = [_draft(contest, commune, category, actor=officer, title=f"Ý tưởng {n}") for n in range(3)]
    services.entry_submit(entry=entries[0], actor=officer, now=INSIDE)
    services.entry_submit(entry=entries[1], actor=officer, now=INSIDE)

    with pytest.raises(ValidationError) as raised:
        services.entry_submit(entry=entries[2], actor=officer, now=INSIDE)

    assert messages(raised.value) == ["Đơn vị đã nộp đủ 2 bài, mức tối đa của cuộc thi."]
    entries[2].refresh_from_db()
    assert entries[2].status == Entry.Status.DRAFT


@pytest.mark.parametrize(
    ("other_status", "accepted"),
    [
        (Entry.Status.DRAFT, True),
        (Entry.Status.WITHDRAWN, True),
        (Entry.Status.REJECTED, False),
        (Entry.Status.IN_COMPETITION, False),
        (Entry.Status.ELIMINATED, False),
    ],
)
def test_quota_counts_rejected_but_not_drafts_or_withdrawn(
    contest, category, commune, officer, other_status, accepted
):
    _entry_with_status(contest, commune, category, Entry.Status.SUBMITTED, code="2026-001")
    _entry_with_status(contest, commune, category, other_status, code="2026-002")
    entry = _draft(contest, commune, category, actor=officer)

    if accepted:
        assert services.entry_submit(entry=entry, actor=officer, now=INSIDE).status == Entry.Status.SUBMITTED
    else:
        with pytest.raises(ValidationError):
            services.entry_submit(entry=entry, actor=officer, now=INSIDE)


def test_quota_is_per_unit(contest, category, commune, other_commune, officer):
    for n in range(2):
        _entry_with_status(contest, other_commune, category, Entry.Status.SUBMITTED, code=f"2026-00{n + 1}")
    entry = _draft(contest, commune, category, actor=officer)

    assert services.entry_submit(entry=entry, actor=officer, now=INSIDE).code == "2026-003"


def test_quota_without_maximum_is_unlimited(contest, category, commune, officer):
    contest.max_entries_per_unit = None
    contest.save()
    for n in range(4):
        _entry_with_status(contest, commune, category, Entry.Status.SUBMITTED, code=f"2026-00{n + 1}")
    entry = _draft(contest, commune, category, actor=officer)

    assert services.entry_submit(entry=entry, actor=officer, now=INSIDE).status == Entry.Status.SUBMITTED


# --- team ------------------------------------------------------------------------------


def _team_error(contest, category, unit, officer, team) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        services.entry_save_draft(entry=_new_entry(contest, unit, category), team=team, actor=officer, now=INSIDE)
    return messages(raised.value)


def test_team_larger_than_the_contest_allows_is_refused(contest, category, commune, officer):
    team = [TeamMemberInput(_person(commune), TeamMember.Role.LEAD)] + [
        TeamMemberInput(_person(commune)) for _ in range(3)
    ]

    assert _team_error(contest, category, commune, officer, team) == ["Nhóm có 4 người, vượt quá 3 người theo thể lệ."]
    assert Entry.objects.count() == 0


@pytest.mark.parametrize("leads", [0, 2])
def test_team_needs_exactly_one_lead(contest, category, commune, officer, leads):
    team = [TeamMemberInput(_person(commune), TeamMember.Role.LEAD) for _ in range(leads)]
    team += [TeamMemberInput(_person(commune)) for _ in range(2 - leads)]

    assert _team_error(contest, category, commune, officer, team) == ["Nhóm cần đúng một trưởng nhóm."]


def test_team_cannot_be_empty(contest, category, commune, officer):
    assert _team_error(contest, category, commune, officer, []) == ["Nhóm cần ít nhất một thành viên."]


def test_team_cannot_list_one_person_twice(contest, category, commune, officer):
    person = _person(commune)
    team = [TeamMemberInput(person, TeamMember.Role.LEAD), TeamMemberInput(person)]

    assert _team_error(contest, category, commune, officer, team) == ["Một người được ghi hai lần trong nhóm."]


@pytest.mark.parametrize(
    ("born", "age", "accepted"),
    [
        (datetime.date(2008, 8, 30), 18, True),  # 18th birthday on the reference date
        (datetime.date(2008, 8, 31), 17, False),  # turns 18 the day after
        (datetime.date(1991, 8, 30), 35, True),
        (datetime.date(1990, 8, 31), 35, True),  # turns 36 the day after
        (datetime.date(1990, 8, 30), 36, False),  # 36th birthday on the reference date
    ],
)
def test_team_ages_on_the_reference_date_at_the_boundaries(contest, category, commune, officer, born, age, accepted):
    person = _person(commune, born=born, full_name="Lò Thị Hoa")
    team = [TeamMemberInput(person, TeamMember.Role.LEAD)]

    if accepted:
        entry = services.entry_save_draft(
            entry=_new_entry(contest, commune, category), team=team, actor=officer, now=INSIDE
        )
        assert entry.team.get().entrepreneur == person
    else:
        assert _team_error(contest, category, commune, officer, team) == [
            f"Lò Thị Hoa {age} tuổi vào ngày 30/08/2026, ngoài độ tuổi 18–35 của cuộc thi."
        ]


def test_team_is_checked_again_on_submit(contest, category, commune, officer):
    entry = _draft(contest, commune, category, actor=officer)
    contest.max_age = 20
    contest.save()

    with pytest.raises(ValidationError) as raised:
        services.entry_submit(entry=entry, actor=officer, now=INSIDE)

    assert "ngoài độ tuổi 18–20 của cuộc thi." in messages(raised.value)[0]


# --- entry lifecycle -------------------------------------------------------------------


def test_entry_save_draft_creates_a_draft_with_its_team(contest, category, commune, officer):
    lead, member = _person(commune), _person(commune)

    entry = services.entry_save_draft(
        entry=_new_entry(contest, commune, category),
        team=[TeamMemberInput(lead, TeamMember.Role.LEAD, "Điều hành"), TeamMemberInput(member)],
        actor=officer,
        now=INSIDE,
    )

    assert (entry.status, entry.code, entry.created_by) == (Entry.Status.DRAFT, "", officer)
    assert sorted(entry.team.values_list("entrepreneur", "role", "responsibility")) == sorted(
        [(lead.pk, "lead", "Điều hành"), (member.pk, "member", "")]
    )


def test_entry_save_draft_again_replaces_the_team(contest, category, commune, officer):
    entry = _draft(contest, commune, category, actor=officer)
    newcomer = _person(commune)

    services.entry_save_draft(
        entry=entry, team=[TeamMemberInput(newcomer, TeamMember.Role.LEAD)], actor=officer, now=INSIDE
    )

    assert list(entry.team.values_list("entrepreneur", flat=True)) == [newcomer.pk]


def _new_person_row(name: str, *, born=datetime.date(2000, 1, 1), is_lead=False) -> TeamRow:
    person = {
        "full_name": name,
        "date_of_birth": born,
        "gender": Gender.FEMALE,
        "ethnicity": Ethnicity.THAI,
        "phone": "",
    }
    return TeamRow(entrepreneur_id=None, new_person=person, is_lead=is_lead, responsibility="")


def test_entry_save_draft_with_new_people_adds_them_to_the_registry_in_the_entrys_unit(
    contest, category, commune, officer
):
    known = _person(commune, full_name="Lò Văn Minh")
    rows = [
        TeamRow(entrepreneur_id=known.pk, new_person=None, is_lead=True, responsibility="Điều hành"),
        _new_person_row("Cầm Thị Lan"),
    ]

    entry = services.entry_save_draft_with_new_people(
        entry=_new_entry(contest, commune, category), rows=rows, actor=officer, now=INSIDE
    )

    newcomer = Entrepreneur.objects.get(full_name="Cầm Thị Lan")
    assert (newcomer.unit, newcomer.created_by) == (commune, officer)
    assert sorted(entry.team.values_list("entrepreneur__full_name", "role", "responsibility")) == [
        ("Cầm Thị Lan", TeamMember.Role.MEMBER, ""),
        ("Lò Văn Minh", TeamMember.Role.LEAD, "Điều hành"),
    ]


def test_entry_save_draft_with_new_people_checks_ages_by_the_contest_not_the_registry(
    contest, category, commune, officer
):
    # 16 on the contest's reference date: old enough for the registry (14-45), too young for the contest (18-35).
    rows = [_new_person_row("Lường Văn Pọm", born=datetime.date(2010, 1, 1), is_lead=True)]

    with pytest.raises(ValidationError) as raised:
        services.entry_save_draft_with_new_people(
            entry=_new_entry(contest, commune, category), rows=rows, actor=officer, now=INSIDE
        )

    assert raised.value.message_dict == {
        "date_of_birth": [
            "Lường Văn Pọm: Ngày sinh không hợp lệ: 01/01/2010, tức 16 tuổi; người đăng ký phải từ 18 đến 35 tuổi."
        ]
    }
    assert not Entrepreneur.objects.filter(full_name="Lường Văn Pọm").exists()


def test_entry_save_draft_with_new_people_refused_leaves_no_new_person(contest, category, commune, officer):
    rows = [_new_person_row("Cầm Thị Lan", is_lead=True)]

    with pytest.raises(ValidationError) as raised:
        services.entry_save_draft_with_new_people(
            entry=_new_entry(contest, commune, category), rows=rows, actor=officer, now=CLOSES + SECOND
        )

    assert messages(raised.value) == ["Đã hết hạn nộp bài (23:59 30/08/2026)."]
    assert not Entrepreneur.objects.filter(full_name="Cầm Thị Lan").exists()
    assert not Entry.objects.exists()


def test_entry_save_draft_refuses_a_category_of_another_contest(contest, commune, officer):
    foreign = CategoryFactory(contest=ContestFactory())

    with pytest.raises(ValidationError) as raised:
        _draft(contest, commune, foreign, actor=officer)

    assert raised.value.message_dict == {"category": ["Lĩnh vực không thuộc cuộc thi này."]}


def test_entry_submit_assigns_sequential_codes_in_submission_order(contest, category, commune, officer):
    first, second = (_draft(contest, commune, category, actor=officer, title=t) for t in ("Một", "Hai"))

    b = services.entry_submit(entry=second, actor=officer, now=INSIDE)
    a = services.entry_submit(entry=first, actor=officer, now=INSIDE + SECOND)

    assert (b.code, a.code) == ("2026-001", "2026-002")
    assert (a.status, a.submitted_at) == (Entry.Status.SUBMITTED, INSIDE + SECOND)


def test_entry_submit_twice_is_refused(contest, category, commune, officer):
    entry = _draft(contest, commune, category, actor=officer)
    services.entry_submit(entry=entry, actor=officer, now=INSIDE)

    with pytest.raises(ValidationError) as raised:
        services.entry_submit(entry=entry, actor=officer, now=INSIDE)

    assert messages(raised.value) == ["Bài này đã được nộp."]
    assert Entry.objects.get().code == "2026-001"


def test_entry_edit_after_submit_is_refused(contest, category, commune, officer):
    entry = services.entry_submit(entry=_draft(contest, commune, category, actor=officer), actor=officer, now=INSIDE)
    entry.title = "Đổi tên sau khi nộp"

    with pytest.raises(ValidationError) as raised:
        services.entry_save_draft(
            entry=entry, team=[TeamMemberInput(_person(commune), TeamMember.Role.LEAD)], actor=officer, now=INSIDE
        )

    assert messages(raised.value) == ["Bài đã nộp không sửa được; hãy rút bài nếu cần sửa."]
    assert Entry.objects.get().title == "Ý tưởng"


def test_entry_withdraw_reopen_and_submit_again_keeps_its_code(contest, category, commune, officer):
    entry = services.entry_submit(entry=_draft(contest, commune, category, actor=officer), actor=officer, now=INSIDE)

    withdrawn = services.entry_withdraw(entry=entry, actor=officer, now=INSIDE)
    assert withdrawn.status == Entry.Status.WITHDRAWN
    reopened = services.entry_reopen_draft(entry=withdrawn, actor=officer, now=INSIDE)
    assert reopened.status == Entry.Status.DRAFT
    again = services.entry_submit(entry=reopened, actor=officer, now=INSIDE)

    assert (again.status, again.code) == (Entry.Status.SUBMITTED, "2026-001")


@pytest.mark.parametrize("status", [Entry.Status.DRAFT, Entry.Status.IN_COMPETITION, Entry.Status.WITHDRAWN])
def test_entry_withdraw_only_from_submitted(contest, category, commune, officer, status):
    entry = _entry_with_status(contest, commune, category, status)

    with pytest.raises(ValidationError) as raised:
        services.entry_withdraw(entry=entry, actor=officer)

    assert messages(raised.value) == ["Chỉ rút được bài đã nộp và chưa được thẩm định."]


def test_entry_reopen_refused_for_non_withdrawn_or_after_the_deadline(contest, category, commune, officer):
    submitted = _entry_with_status(contest, commune, category, Entry.Status.SUBMITTED, code="2026-001")
    withdrawn = _entry_with_status(contest, commune, category, Entry.Status.WITHDRAWN, code="2026-002")

    with pytest.raises(ValidationError) as not_withdrawn:
        services.entry_reopen_draft(entry=submitted, actor=officer, now=INSIDE)
    with pytest.raises(ValidationError) as too_late:
        services.entry_reopen_draft(entry=withdrawn, actor=officer, now=CLOSES + SECOND)

    assert messages(not_withdrawn.value) == ["Chỉ mở lại được bài đã rút."]
    assert messages(too_late.value) == ["Đã hết hạn nộp bài (23:59 30/08/2026)."]
    withdrawn.refresh_from_db()
    assert withdrawn.status == Entry.Status.WITHDRAWN


def test_entry_status_changes_are_in_the_history(contest, category, commune, officer):
    entry = services.entry_submit(entry=_draft(contest, commune, category, actor=officer), actor=officer, now=INSIDE)
    services.entry_withdraw(entry=entry, actor=officer)

    assert [h.status for h in entry.history.order_by("history_date", "history_id")] == [
        "draft",
        "submitted",
        "withdrawn",
    ]


# --- screening -------------------------------------------------------------------------


@pytest.fixture
def submitted(contest, category, commune):
    return _entry_with_status(contest, commune, category, Entry.Status.SUBMITTED, code="2026-001")


def test_entry_screen_eligible_enters_the_first_round(submitted, contest, staff_user):
    RoundFactory(contest=contest, order=2, name="Chung kết")
    first = RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển")

    screened = services.entry_screen(entry=submitted, eligible=True, actor=staff_user)

    assert (screened.status, screened.round, screened.screened_by) == (
        Entry.Status.IN_COMPETITION,
        first,
        staff_user,
    )
    assert screened.screened_at is not None
    assert Notification.objects.count() == 0


def test_entry_screen_eligible_needs_a_round(submitted, staff_user):
    with pytest.raises(ValidationError) as raised:
        services.entry_screen(entry=submitted, eligible=True, actor=staff_user)

    assert messages(raised.value) == ["Cuộc thi chưa có vòng thi nào."]


@pytest.mark.parametrize("reason", ["", "   "])
def test_entry_screen_reject_needs_a_reason(submitted, staff_user, reason):
    with pytest.raises(ValidationError) as raised:
        services.entry_screen(entry=submitted, eligible=False, reason=reason, actor=staff_user)

    assert raised.value.message_dict == {"rejection_reason": ["Cần ghi lý do bài không đủ điều kiện."]}
    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.SUBMITTED


def test_entry_screen_reject_keeps_the_reason_and_notifies_the_unit_officers(
    submitted, staff_user, officer, other_officer
):
    rejected = services.entry_screen(
        entry=submitted, eligible=False, reason="  Trưởng nhóm quá 35 tuổi.  ", actor=staff_user
    )

    assert (rejected.status, rejected.round, rejected.rejection_reason) == (
        Entry.Status.REJECTED,
        None,
        "Trưởng nhóm quá 35 tuổi.",
    )
    notification = Notification.objects.get()
    assert notification.recipient == officer
    assert notification.key == f"competitions.rejected:{submitted.pk}"
    assert notification.level == Notification.Level.WARNING
    assert notification.title == f"Bài “{submitted.title}” không đủ điều kiện dự thi"
    assert notification.body == "Trưởng nhóm quá 35 tuổi."
    assert notification.url == reverse("competitions:entry-detail", kwargs={"pk": submitted.pk})
    assert not other_officer.notifications.exists()


def test_entry_screen_refuses_drafts(contest, category, commune, staff_user):
    draft = _entry_with_status(contest, commune, category, Entry.Status.DRAFT)

    with pytest.raises(ValidationError) as raised:
        services.entry_screen(entry=draft, eligible=True, actor=staff_user)

    assert messages(raised.value) == ["Chỉ thẩm định được bài đã nộp."]


def test_entry_screen_again_refused_once_judges_are_assigned(staff_user):
    assignment = AssignmentFactory()

    with pytest.raises(ValidationError) as raised:
        services.entry_screen(entry=assignment.entry, eligible=False, reason="Trùng ý tưởng", actor=staff_user)

    assert messages(raised.value) == ["Bài đã được phân công chấm; không thẩm định lại được."]


# --- judge assignment ------------------------------------------------------------------


@pytest.fixture
def scoring_round():
    return RoundFactory(order=1, judges_per_entry=3)


def _in_round(round, unit=None, **kwargs):
    kwargs.setdefault("lead", False)
    if unit is not None:
        kwargs["unit"] = unit
    return EntryFactory(contest=round.contest, status=Entry.Status.IN_COMPETITION, round=round, **kwargs)


def _assigned(round) -> dict[int, set[int]]:
    result: dict[int, set[int]] = {}
    for entry_id, judge_id in Assignment.objects.filter(round=round).values_list("entry_id", "judge_id"):
        result.setdefault(entry_id, set()).add(judge_id)
    return result


def test_assign_automatically_balances_40_entries_among_7_judges(scoring_round, staff_user):
    entries = [_in_round(scoring_round) for _ in range(40)]
    judges = [JudgeFactory(contest=scoring_round.contest) for _ in range(7)]

    report = services.judges_assign_automatically(round=scoring_round, actor=staff_user)

    assert report.created == 120
    assert report.unfilled == []
    loads = Counter(Assignment.objects.filter(round=scoring_round).values_list("judge_id", flat=True))
    assert loads == Counter(report.loads)
    assert set(loads) == {j.pk for j in judges}
    assert sorted(loads.values()) == [17, 17, 17, 17, 17, 17, 18]
    assert max(loads.values()) - min(loads.values()) == 1
    assert all(len(judge_ids) == 3 for judge_ids in _assigned(scoring_round).values())
    assert set(_assigned(scoring_round)) == {e.pk for e in entries}


def test_assign_automatically_keeps_units_of_the_tree_apart(scoring_round, staff_user, province, commune, branch):
    other = UnitFactory(name="Đoàn xã Chiềng Mung", code="chieng-mung", parent=province)
    scoring_round.judges_per_entry = 2
    scoring_round.save()
    contest = scoring_round.contest
    from_commune = JudgeFactory(contest=contest, affiliation=commune)
    neutral = JudgeFactory(contest=contest)
    branch_officer = JudgeFactory(contest=contest)
    Membership.objects.create(user=branch_officer.user, unit=branch, role=Membership.Role.OFFICER)
    from_other = JudgeFactory(contest=contest, affiliation=other)
    e_commune, e_branch, e_province, e_other = (
        _in_round(scoring_round, u) for u in (commune, branch, province, other)
    )

    report = services.judges_assign_automatically(round=scoring_round, actor=staff_user)

    assert _assigned(scoring_round) == {
        e_commune.pk: {neutral.pk, from_other.pk},
        e_branch.pk: {neutral.pk, from_other.pk},
        e_province.pk: {neutral.pk},  # every affiliated judge sits below the province
        e_other.pk: {from_commune.pk, branch_officer.pk},
    }
    assert report.unfilled == [e_province]
    assert report.created == 7


def test_assign_automatically_respects_declared_conflicts(scoring_round, staff_user):
    scoring_round.judges_per_entry = 1
    scoring_round.save()
    entry = _in_round(scoring_round)
    cousin, stranger = (JudgeFactory(contest=scoring_round.contest) for _ in range(2))
    Conflict.objects.create(judge=cousin, entry=entry, reason="Anh họ của trưởng nhóm")

    services.judges_assign_automatically(round=scoring_round, actor=staff_user)

    assert _assigned(scoring_round) == {entry.pk: {stranger.pk}}


def test_assign_automatically_again_fills_only_gaps(scoring_round, staff_user):
    entries = [_in_round(scoring_round) for _ in range(4)]
    for _ in range(4):
        JudgeFactory(contest=scoring_round.contest)
    services.judges_assign_automatically(round=scoring_round, actor=staff_user)
    kept = set(Assignment.objects.values_list("pk", flat=True))
    removed = Assignment.objects.filter(entry=entries[2]).first()
    kept.discard(removed.pk)
    removed.delete()

    report = services.judges_assign_automatically(round=scoring_round, actor=staff_user)

    assert report.created == 1
    assert kept < set(Assignment.objects.values_list("pk", flat=True))
    assert all(len(judge_ids) == 3 for judge_ids in _assigned(scoring_round).values())


def test_assign_automatically_changes_nothing_when_complete(scoring_round, staff_user):
    for _ in range(3):
        _in_round(scoring_round)
        JudgeFactory(contest=scoring_round.contest)
    services.judges_assign_automatically(round=scoring_round, actor=staff_user)
    before = (
        list(Assignment.objects.order_by("pk").values_list("pk", "judge", "entry")),
        Notification.objects.count(),
    )

    report = services.judges_assign_automatically(round=scoring_round, actor=staff_user)

    assert (report.created, report.unfilled) == (0, [])
    assert report.loads == dict.fromkeys(report.loads, 3)
    assert (
        list(Assignment.objects.order_by("pk").values_list("pk", "judge", "entry")),
        Notification.objects.count(),
    ) == before


def test_assign_automatically_reports_entries_conflicts_leave_short(scoring_round, staff_user, commune):
    conflicted = _in_round(scoring_round, commune)
    free = _in_round(scoring_round)
    JudgeFactory(contest=scoring_round.contest, affiliation=commune)
    for _ in range(2):
        JudgeFactory(contest=scoring_round.contest)

    report = services.judges_assign_automatically(round=scoring_round, actor=staff_user)

    assert report.unfilled == [conflicted]
    assert len(_assigned(scoring_round)[conflicted.pk]) == 2
    assert len(_assigned(scoring_round)[free.pk]) == 3
    assert report.created == 5


def test_assign_automatically_only_takes_entries_in_competition(scoring_round, staff_user):
    _in_round(scoring_round)
    EntryFactory(contest=scoring_round.contest, status=Entry.Status.ELIMINATED, round=scoring_round, lead=False)
    for _ in range(3):
        JudgeFactory(contest=scoring_round.contest)

    report = services.judges_assign_automatically(round=scoring_round, actor=staff_user)

    assert report.created == 3


def test_assign_automatically_notifies_each_judge_once_with_their_count(scoring_round, staff_user):
    for _ in range(2):
        _in_round(scoring_round)
    judges = [JudgeFactory(contest=scoring_round.contest) for _ in range(3)]

    services.judges_assign_automatically(round=scoring_round, actor=staff_user)

    notes = Notification.objects.order_by("recipient_id")
    assert [n.recipient for n in notes] == [j.user for j in judges]
    assert {n.key for n in notes} == {f"competitions.assigned:{scoring_round.pk}:2"}
    assert {n.title for n in notes} == {"Vòng sơ tuyển: bạn được phân công chấm 2 bài"}
    assert {n.level for n in notes} == {Notification.Level.TODO}
    assert {n.url for n in notes} == {reverse("competitions:judge-round", kwargs={"round_pk": scoring_round.pk})}
    assert {n.due_on for n in notes} == {timezone.localtime(scoring_round.closes_at).date()}


@pytest.mark.parametrize(
    ("kind", "message"),
    [(Round.Kind.COACHING, "Chỉ phân công giám khảo cho vòng chấm điểm."), (None, "Cuộc thi chưa có giám khảo.")],
)
def test_assign_automatically_refusals(scoring_round, staff_user, kind, message):
    if kind:
        scoring_round.kind = kind
        scoring_round.save()

    with pytest.raises(ValidationError) as raised:
        services.judges_assign_automatically(round=scoring_round, actor=staff_user)

    assert messages(raised.value) == [message]


def test_assignment_create_by_hand_once(scoring_round, staff_user):
    entry = _in_round(scoring_round)
    judge = JudgeFactory(contest=scoring_round.contest)

    first = services.assignment_create(round=scoring_round, judge=judge, entry=entry, actor=staff_user)
    again = services.assignment_create(round=scoring_round, judge=judge, entry=entry, actor=staff_user)

    assert first == again
    assert Assignment.objects.count() == 1
    assert Notification.objects.filter(recipient=judge.user).count() == 1


def test_assignment_create_refusals(scoring_round, staff_user, commune, branch):
    contest = scoring_round.contest
    from_commune = JudgeFactory(contest=contest, affiliation=commune)
    cousin = JudgeFactory(contest=contest)
    outsider = JudgeFactory()
    entry = _in_round(scoring_round, branch)
    Conflict.objects.create(judge=cousin, entry=entry, reason="Người nhà")
    waiting = EntryFactory(contest=contest, status=Entry.Status.SUBMITTED, lead=False)

    cases = [
        (from_commune, entry, "Giám khảo cùng đơn vị, hoặc đơn vị cấp trên/cấp dưới với đơn vị gửi bài."),
        (cousin, entry, "Giám khảo đã khai báo xung đột lợi ích với bài này."),
        (outsider, entry, "Người này không có trong hội đồng giám khảo của cuộc thi."),
        (cousin, waiting, "Bài không ở vòng thi này."),
    ]
    for judge, target, message in cases:
        with pytest.raises(ValidationError) as raised:
            services.assignment_create(round=scoring_round, judge=judge, entry=target, actor=staff_user)
        assert messages(raised.value) == [message]
    assert Assignment.objects.count() == 0


# --- scoring ---------------------------------------------------------------------------


@pytest.fixture
def card():
    """A pending scorecard in an open round with two criteria (20 and 30 points)."""
    assignment = AssignmentFactory()
    CriterionFactory(round=assignment.round, name="Tính mới, sáng tạo", max_points=Decimal("20"), order=1)
    CriterionFactory(round=assignment.round, name="Tính khả thi", max_points=Decimal("30"), order=2)
    return assignment


def _criteria(assignment) -> list[Criterion]:
    return list(assignment.round.criteria.order_by("order"))


def _save(assignment, *points, submit=True, version=None, now=None, comment=""):
    scores = {
        c.pk: ScoreInput(None if p is None else Decimal(str(p)), comment)
        for c, p in zip(_criteria(assignment), points, strict=True)
    }
    return services.scorecard_save(
        assignment=assignment,
        scores=scores,
        version=assignment.version if version is None else version,
        submit=submit,
        actor=assignment.judge.user,
        now=now,
    )


def test_scorecard_submit_within_max_locks_it_with_its_total(card):
    saved = _save(card, 18, "27.5", comment="  Có số liệu thị trường.  ")

    assert (saved.status, saved.total, saved.version) == (Assignment.Status.SUBMITTED, Decimal("45.50"), 1)
    assert saved.submitted_at is not None
    assert sorted(saved.scores.values_list("points", "criterion_max", "comment")) == [
        (Decimal("18"), Decimal("20"), "Có số liệu thị trường."),
        (Decimal("27.5"), Decimal("30"), "Có số liệu thị trường."),
    ]


@pytest.mark.parametrize(("points", "shown"), [(("20.5", 10), "20.00"), ((-1, 10), "20.00"), ((10, 31), "30.00")])
def test_scorecard_refuses_points_outside_zero_to_max(card, points, shown):
    criteria = _criteria(card)
    bad = criteria[0] if points[1] == 10 else criteria[1]

    with pytest.raises(ValidationError) as raised:
        _save(card, *points)

    assert raised.value.message_dict == {f"points_{bad.pk}": [f"Điểm “{bad.name}” phải từ 0 đến {shown}."]}
    card.refresh_from_db()
    assert (card.status, card.version, card.scores.count()) == (Assignment.Status.PENDING, 0, 0)


def test_scorecard_submit_refuses_a_missing_criterion(card):
    second = _criteria(card)[1]

    with pytest.raises(ValidationError) as raised:
        _save(card, 15, None)

    assert raised.value.message_dict == {f"points_{second.pk}": ["Chưa chấm tiêu chí “Tính khả thi”."]}
    assert Score.objects.count() == 0


def test_scorecard_draft_may_be_partial(card):
    saved = _save(card, 15, None, submit=False)

    # The total so far is kept with the draft: the judge's list shows it.
    assert (saved.status, saved.total, saved.submitted_at, saved.version) == (
        Assignment.Status.DRAFT,
        Decimal("15"),
        None,
        1,
    )
    assert list(saved.scores.values_list("points", flat=True)) == [Decimal("15")]


def test_scorecard_draft_then_clearing_a_point_removes_it(card):
    _save(card, 15, 20, submit=False)
    card.refresh_from_db()

    saved = _save(card, None, 25, submit=False)

    assert list(saved.scores.values_list("points", flat=True)) == [Decimal("25")]


def test_scorecard_stale_version_is_refused(card):
    _save(card, 10, 10, submit=False)  # another tab saved: version 0 -> 1

    with pytest.raises(ValidationError) as raised:
        _save(card, 19, 29, version=0)

    assert messages(raised.value) == [
        "Phiếu chấm vừa được lưu ở một cửa sổ khác. Hãy tải lại trang để thấy bản mới nhất."
    ]
    card.refresh_from_db()
    assert (card.status, card.version) == (Assignment.Status.DRAFT, 1)
    assert sorted(card.scores.values_list("points", flat=True)) == [Decimal("10"), Decimal("10")]


def test_scorecard_is_locked_after_submit(card):
    saved = _save(card, 10, 10)

    with pytest.raises(ValidationError) as raised:
        _save(saved, 20, 30)

    assert messages(raised.value) == ["Phiếu chấm đã nộp và bị khoá; liên hệ ban tổ chức nếu cần sửa."]
    saved.refresh_from_db()
    assert saved.total == Decimal("20")


def test_scorecard_weighted_total_uses_the_criteria_weights(card):
    first, second = _criteria(card)
    first.weight = Decimal("1.5")
    first.save()
    second.weight = Decimal("2")
    second.save()

    saved = _save(card, 10, "12.5")

    assert saved.total == Decimal("40.00")  # 10 × 1.5 + 12.5 × 2


@pytest.mark.parametrize(
    ("status", "shift"),
    [(Round.Status.OPEN, days(-2)), (Round.Status.OPEN, days(6)), (Round.Status.PENDING, days(0))],
)
def test_scorecard_refused_outside_the_round_window(card, status, shift):
    card.round.status = status
    card.round.save()

    with pytest.raises(ValidationError) as raised:
        _save(card, 10, 10, now=timezone.now() + shift)

    assert messages(raised.value) == ["Vòng chấm không mở vào lúc này."]


def test_scorecard_refuses_a_criterion_of_another_round(card):
    foreign = CriterionFactory()

    with pytest.raises(ValidationError) as raised:
        services.scorecard_save(
            assignment=card,
            scores={foreign.pk: ScoreInput(Decimal("1"))},
            version=0,
            submit=False,
            actor=card.judge.user,
        )

    assert messages(raised.value) == ["Tiêu chí không thuộc vòng thi này."]


@pytest.mark.parametrize("reason", ["", "  "])
def test_scorecard_abstain_needs_a_reason(card, reason):
    with pytest.raises(ValidationError) as raised:
        services.scorecard_abstain(assignment=card, reason=reason, actor=card.judge.user)

    assert raised.value.message_dict == {"abstain_reason": ["Cần ghi lý do không chấm."]}


def test_scorecard_abstain_locks_the_card_without_a_total(card):
    abstained = services.scorecard_abstain(assignment=card, reason=" Quen biết nhóm dự thi ", actor=card.judge.user)

    assert (abstained.status, abstained.total, abstained.abstain_reason, abstained.version) == (
        Assignment.Status.ABSTAINED,
        None,
        "Quen biết nhóm dự thi",
        1,
    )
    with pytest.raises(ValidationError):
        _save(abstained, 10, 10)


def test_scorecard_reopen_by_staff_lets_the_judge_correct_it(card, staff_user):
    submitted = _save(card, 10, 10)

    reopened = services.scorecard_reopen(assignment=submitted, actor=staff_user)

    # The scores stay, and so does their total; rankings count it only once sent again.
    assert (reopened.status, reopened.total, reopened.submitted_at, reopened.version) == (
        Assignment.Status.DRAFT,
        Decimal("20"),
        None,
        2,
    )
    assert reopened.history.latest("history_date").status == Assignment.Status.DRAFT
    corrected = _save(reopened, 19, 29)
    assert (corrected.status, corrected.total, corrected.version) == (Assignment.Status.SUBMITTED, Decimal("48"), 3)


def test_scorecard_reopen_refusals(card, staff_user):
    with pytest.raises(ValidationError) as pending:
        services.scorecard_reopen(assignment=card, actor=staff_user)
    submitted = _save(card, 10, 10)
    submitted.round.decided_at = timezone.now()
    submitted.round.save()
    with pytest.raises(ValidationError) as decided:
        services.scorecard_reopen(assignment=submitted, actor=staff_user)

    assert messages(pending.value) == ["Phiếu chấm chưa nộp."]
    assert messages(decided.value) == ["Vòng đã chốt kết quả; không mở lại phiếu chấm được."]


def test_score_changes_are_in_the_history(card):
    _save(card, 10, 10, submit=False)
    card.refresh_from_db()
    _save(card, 12, 10, submit=False)

    first = _criteria(card)[0]
    assert [h.points for h in Score.history.filter(criterion=first).order_by("history_date", "history_id")] == [
        Decimal("10"),
        Decimal("12"),
    ]


# --- advancing rounds ------------------------------------------------------------------


@pytest.fixture
def rounds(commune):
    contest = ContestFactory()
    preliminary = RoundFactory(contest=contest, order=1, advance_count=2)
    coaching = RoundFactory(contest=contest, order=2, name="Tư vấn, hoàn thiện", kind=Round.Kind.COACHING)
    final = RoundFactory(contest=contest, order=3, name="Chung kết", is_live=True)
    return preliminary, coaching, final


@pytest.fixture
def panel(rounds):
    return [JudgeFactory(contest=rounds[0].contest) for _ in range(3)]


def _scored_entry(round, judges, totals, *, unit, code):
    entry = EntryFactory(
        contest=round.contest, unit=unit, status=Entry.Status.IN_COMPETITION, round=round, code=code, lead=False
    )
    for judge, total in zip(judges, totals, strict=False):
        AssignmentFactory(
            round=round, judge=judge, entry=entry, status=Assignment.Status.SUBMITTED, total=Decimal(total)
        )
    return entry


def _field(rounds, panel, unit, *totals):
    """One entry per list of totals, coded in order."""
    return [_scored_entry(rounds[0], panel, t, unit=unit, code=f"2026-{n:03d}") for n, t in enumerate(totals, start=1)]


def test_round_advance_takes_the_top_n_and_stops_the_rest(rounds, panel, commune, staff_user):
    preliminary, coaching, _final = rounds
    low, top, second, third = _field(rounds, panel, commune, (50, 60, 70), (90, 80, 85), (80, 80, 80), (70, 75, 80))

    results = services.round_advance(round=preliminary, actor=staff_user)

    assert [(r.entry_id, r.rank, r.mean, r.median, r.outcome) for r in results] == [
        (top.pk, 1, Decimal("85.00"), Decimal("85.00"), RoundResult.Outcome.ADVANCED),
        (second.pk, 2, Decimal("80.00"), Decimal("80.00"), RoundResult.Outcome.ADVANCED),
        (third.pk, 3, Decimal("75.00"), Decimal("75.00"), RoundResult.Outcome.ELIMINATED),
        (low.pk, 4, Decimal("60.00"), Decimal("60.00"), RoundResult.Outcome.ELIMINATED),
    ]
    assert {e.pk: (e.status, e.round_id) for e in Entry.objects.all()} == {
        top.pk: (Entry.Status.IN_COMPETITION, coaching.pk),
        second.pk: (Entry.Status.IN_COMPETITION, coaching.pk),
        third.pk: (Entry.Status.ELIMINATED, preliminary.pk),
        low.pk: (Entry.Status.ELIMINATED, preliminary.pk),
    }
    preliminary.refresh_from_db()
    assert (preliminary.status, preliminary.decided_by) == (Round.Status.CLOSED, staff_user)
    assert preliminary.decided_at is not None


def test_round_advance_by_threshold(rounds, panel, commune, staff_user):
    preliminary = rounds[0]
    preliminary.advance_count = None
    preliminary.advance_threshold = Decimal("75")
    preliminary.save()
    above, at, below = _field(rounds, panel, commune, (80, 80, 80), (75, 75, 75), (75, 75, "74.97"))

    results = services.round_advance(round=preliminary, actor=staff_user)

    assert {r.entry_id: r.outcome for r in results} == {
        above.pk: RoundResult.Outcome.ADVANCED,
        at.pk: RoundResult.Outcome.ADVANCED,
        below.pk: RoundResult.Outcome.ELIMINATED,
    }


def test_round_advance_without_count_or_threshold_takes_everyone_on(rounds, panel, commune, staff_user):
    preliminary = rounds[0]
    preliminary.advance_count = None
    preliminary.save()
    _field(rounds, panel, commune, (10, 10, 10), (90, 90, 90))

    results = services.round_advance(round=preliminary, actor=staff_user)

    assert [r.outcome for r in results] == [RoundResult.Outcome.ADVANCED] * 2


def test_round_advance_after_the_last_round_makes_finalists(rounds, panel, commune, staff_user):
    final = rounds[2]
    first = _scored_entry(final, panel, (95, 90, 92), unit=commune, code="2026-002")
    runner_up = _scored_entry(final, panel, (80, 85, 82), unit=commune, code="2026-001")

    results = services.round_advance(round=final, actor=staff_user)

    assert [(r.entry_id, r.rank, r.outcome) for r in results] == [
        (first.pk, 1, RoundResult.Outcome.FINALIST),
        (runner_up.pk, 2, RoundResult.Outcome.FINALIST),
    ]
    assert set(Entry.objects.values_list("status", "round")) == {(Entry.Status.FINISHED, final.pk)}


def test_round_advance_twice_changes_nothing(rounds, panel, commune, staff_user, officer):
    preliminary = rounds[0]
    _field(rounds, panel, commune, (50, 50, 50), (90, 90, 90), (80, 80, 80))
    first = services.round_advance(round=preliminary, actor=staff_user)
    preliminary.refresh_from_db()
    state = (
        list(RoundResult.objects.order_by("pk").values_list("pk", "entry", "rank", "outcome")),
        list(Entry.objects.order_by("pk").values_list("pk", "status", "round")),
        preliminary.decided_at,
        Notification.objects.count(),
    )

    again = services.round_advance(round=preliminary, actor=UserFactory())

    preliminary.refresh_from_db()
    assert sorted(r.pk for r in again) == sorted(r.pk for r in first)
    assert (
        list(RoundResult.objects.order_by("pk").values_list("pk", "entry", "rank", "outcome")),
        list(Entry.objects.order_by("pk").values_list("pk", "status", "round")),
        preliminary.decided_at,
        Notification.objects.count(),
    ) == state
    assert preliminary.decided_by == staff_user


@pytest.mark.parametrize("status", [Assignment.Status.PENDING, Assignment.Status.DRAFT])
def test_round_advance_refused_while_scorecards_are_missing(rounds, panel, commune, staff_user, status):
    preliminary = rounds[0]
    entries = _field(rounds, panel, commune, (50, 50), (90, 90, 90))
    AssignmentFactory(round=preliminary, judge=panel[2], entry=entries[0], status=status)

    with pytest.raises(ValidationError) as raised:
        services.round_advance(round=preliminary, actor=staff_user)

    assert raised.value.code == "incomplete"
    assert "1 bài chưa đủ phiếu chấm đã nộp: 2026-001 (2/3)" in messages(raised.value)[0]
    preliminary.refresh_from_db()
    assert (preliminary.status, preliminary.decided_at, RoundResult.objects.count()) == (Round.Status.OPEN, None, 0)
    assert set(Entry.objects.values_list("status", flat=True)) == {Entry.Status.IN_COMPETITION}


def test_round_advance_refused_on_a_final_with_no_scorecards_at_all(rounds, commune, staff_user):
    """The issue's repro: entries in the live final, no judge assigned, "decide" must refuse."""
    preliminary, coaching, final = rounds
    for round_ in (preliminary, coaching):
        Round.objects.filter(pk=round_.pk).update(decided_at=timezone.now(), status=Round.Status.CLOSED)
    for n in (1, 2, 3):
        EntryFactory(
            contest=final.contest, unit=commune, status=Entry.Status.IN_COMPETITION, round=final, code=f"2026-{n:03d}"
        )

    with pytest.raises(ValidationError) as raised:
        services.round_advance(round=final, actor=staff_user)

    assert (
        "3 bài chưa đủ phiếu chấm đã nộp: 2026-001 (0/3), 2026-002 (0/3), 2026-003 (0/3)"
        in (messages(raised.value)[0])
    )
    final.refresh_from_db()
    assert (final.decided_at, RoundResult.objects.count()) == (None, 0)
    assert set(Entry.objects.values_list("status", flat=True)) == {Entry.Status.IN_COMPETITION}


def test_round_advance_counts_an_abstention_only_once_replaced(rounds, panel, commune, staff_user):
    preliminary = rounds[0]
    entries = _field(rounds, panel, commune, (50, 50), (90, 90, 90))
    AssignmentFactory(
        round=preliminary, judge=panel[2], entry=entries[0], status=Assignment.Status.ABSTAINED, abstain_reason="Quen"
    )

    with pytest.raises(ValidationError):
        services.round_advance(round=preliminary, actor=staff_user)
    missing = selectors.round_missing_scorecards(round=preliminary)
    replacement = JudgeFactory(contest=preliminary.contest)
    AssignmentFactory(
        round=preliminary, judge=replacement, entry=entries[0], status=Assignment.Status.SUBMITTED, total=Decimal(80)
    )
    results = services.round_advance(round=preliminary, actor=staff_user)

    assert [(m.code, m.submitted, m.required, m.pending_judges, m.unassigned) for m in missing] == [
        ("2026-001", 2, 3, [], 1)
    ]
    assert missing[0].abstained_judges == [panel[2].user.full_name]
    assert [(r.entry_id, r.mean) for r in results] == [
        (entries[1].pk, Decimal("90.00")),
        (entries[0].pk, Decimal("60.00")),
    ]


def test_round_missing_scorecards_names_pending_judges_in_constant_queries(
    rounds, panel, commune, django_assert_num_queries
):
    preliminary = rounds[0]
    _field(rounds, panel, commune, (90, 90, 90))
    short = EntryFactory(
        contest=preliminary.contest,
        unit=commune,
        status=Entry.Status.IN_COMPETITION,
        round=preliminary,
        code="2026-009",
        title="Nấm linh chi",
    )
    AssignmentFactory(round=preliminary, judge=panel[0], entry=short, status=Assignment.Status.DRAFT)
    AssignmentFactory(round=preliminary, judge=panel[1], entry=short, status=Assignment.Status.SUBMITTED, total=70)

    with django_assert_num_queries(2):
        missing = selectors.round_missing_scorecards(round=preliminary)

    assert [(m.code, m.title, m.submitted, m.required, m.pending_judges, m.unassigned) for m in missing] == [
        ("2026-009", "Nấm linh chi", 1, 3, [panel[0].user.full_name], 1)
    ]


def test_round_advance_with_exception_records_who_why_and_which_entries(rounds, panel, commune, staff_user):
    preliminary = rounds[0]
    short, full = _field(rounds, panel, commune, (50,), (90, 90, 90))
    moment = timezone.make_aware(datetime.datetime(2026, 9, 11, 17, 0))

    with pytest.raises(ValidationError) as no_reason:
        services.round_advance_with_exception(round=preliminary, reason="  ", actor=staff_user, now=moment)
    results = services.round_advance_with_exception(
        round=preliminary, reason="Hai giám khảo ốm, Ban Giám khảo đồng ý", actor=staff_user, now=moment
    )

    assert no_reason.value.message_dict == {"reason": ["Cần ghi lý do chốt kết quả khi còn thiếu phiếu chấm."]}
    exception = RoundDecisionException.objects.get(round=preliminary)
    assert (exception.reason, exception.decided_by, exception.decided_at) == (
        "Hai giám khảo ốm, Ban Giám khảo đồng ý",
        staff_user,
        moment,
    )
    assert list(exception.entries.values_list("pk", flat=True)) == [short.pk]
    assert exception.missing == [{"code": "2026-001", "title": short.title, "submitted": 1, "required": 3}]
    assert exception.history.get().history_user == staff_user
    assert [(r.entry_id, r.rank) for r in results] == [(full.pk, 1), (short.pk, 2)]
    preliminary.refresh_from_db()
    assert (preliminary.decided_at, preliminary.decided_by) == (moment, staff_user)
    assert preliminary.history.latest().history_user == staff_user


def test_round_advance_with_exception_on_a_complete_round_records_none(rounds, panel, commune, staff_user):
    preliminary = rounds[0]
    _field(rounds, panel, commune, (70, 70, 70))

    services.round_advance_with_exception(round=preliminary, reason="Không cần", actor=staff_user)

    assert not RoundDecisionException.objects.exists()
    assert RoundResult.objects.count() == 1


def test_round_advance_refused_on_a_round_with_no_entry(rounds, staff_user):
    with pytest.raises(ValidationError) as raised:
        services.round_advance(round=rounds[0], actor=staff_user)

    assert messages(raised.value) == ["Vòng không có bài nào; không có gì để chốt."]


def test_round_advance_notifies_each_eliminated_unit_once(
    rounds, panel, commune, other_commune, officer, other_officer, staff_user
):
    preliminary = rounds[0]
    preliminary.advance_count = 1
    preliminary.save()
    kept = _scored_entry(preliminary, panel, (90, 90, 90), unit=other_commune, code="2026-001")
    stopped = _scored_entry(preliminary, panel, (60, 60, 60), unit=commune, code="2026-002")

    services.round_advance(round=preliminary, actor=staff_user)
    services.round_advance(round=preliminary, actor=staff_user)

    notification = Notification.objects.get()
    assert notification.recipient == officer
    assert notification.key == f"competitions.eliminated:{preliminary.pk}:{stopped.pk}"
    assert notification.title == f"Bài “{stopped.title}” dừng ở Vòng sơ tuyển"
    assert notification.url == reverse("competitions:entry-detail", kwargs={"pk": stopped.pk})
    assert not other_officer.notifications.exists()
    assert kept.round_results.get().outcome == RoundResult.Outcome.ADVANCED


def test_round_advance_writes_status_changes_to_the_history(rounds, panel, commune, staff_user):
    preliminary = rounds[0]
    preliminary.advance_count = 1
    preliminary.save()
    kept, stopped = _field(rounds, panel, commune, (90, 90, 90), (60, 60, 60))

    services.round_advance(round=preliminary, actor=staff_user)

    latest_stopped = stopped.history.latest("history_date")
    latest_kept = kept.history.latest("history_date")
    assert (latest_stopped.status, latest_stopped.history_user) == (Entry.Status.ELIMINATED, staff_user)
    assert (latest_kept.round_id, latest_kept.history_user) == (rounds[1].pk, staff_user)


def test_round_advance_refuses_a_coaching_round(rounds, staff_user):
    with pytest.raises(ValidationError) as raised:
        services.round_advance(round=rounds[1], actor=staff_user)

    assert messages(raised.value) == ["Vòng tư vấn không xếp hạng; hãy chuyển các bài sang vòng sau."]


def test_coaching_round_complete_moves_its_entries_on_once(rounds, staff_user):
    _preliminary, coaching, final = rounds
    moving = [_in_round(coaching) for _ in range(2)]

    moved = services.coaching_round_complete(round=coaching, actor=staff_user)
    again = services.coaching_round_complete(round=coaching, actor=staff_user)

    assert (moved, again) == (2, 0)
    assert set(Entry.objects.filter(pk__in=[e.pk for e in moving]).values_list("round", flat=True)) == {final.pk}
    coaching.refresh_from_db()
    assert (coaching.status, coaching.decided_by) == (Round.Status.CLOSED, staff_user)


def test_coaching_round_complete_refusals(rounds, staff_user):
    preliminary, coaching, final = rounds
    final.delete()

    with pytest.raises(ValidationError) as scoring:
        services.coaching_round_complete(round=preliminary, actor=staff_user)
    with pytest.raises(ValidationError) as last:
        services.coaching_round_complete(round=coaching, actor=staff_user)

    assert messages(scoring.value) == ["Đây là vòng chấm điểm."]
    assert messages(last.value) == ["Không có vòng nào sau vòng tư vấn."]


# --- copying a contest -----------------------------------------------------------------


@pytest.fixture
def contest_2021():
    source = ContestFactory(
        name="Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV",
        year=2021,
        slug="y-tuong-khoi-nghiep-2021",
        status=Contest.Status.FINISHED,
        submission_opens_at=datetime.datetime(2021, 3, 15, tzinfo=HCM),
        submission_closes_at=datetime.datetime(2021, 8, 30, 23, 59, tzinfo=HCM),
        max_entries_per_unit=10,
        age_reference_date=datetime.date(2021, 8, 30),
    )
    for order, name in enumerate(["Nông nghiệp công nghệ cao", "Du lịch cộng đồng"]):
        CategoryFactory(contest=source, name=name, order=order)
    PrizeTierFactory(contest=source, name="Giải Nhất", rank=1, count=1, amount=10_000_000)
    PrizeTierFactory(contest=source, name="Giải Khuyến khích", rank=4, count=5, amount=2_000_000)
    preliminary = RoundFactory(
        contest=source,
        order=1,
        status=Round.Status.CLOSED,
        opens_at=datetime.datetime(2021, 9, 5, 8, tzinfo=HCM),
        closes_at=datetime.datetime(2021, 9, 10, 17, tzinfo=HCM),
        advance_count=10,
    )
    CriterionFactory(round=preliminary, name="Tính mới, sáng tạo", max_points=Decimal("20"), order=1)
    CriterionFactory(round=preliminary, name="Tính khả thi", max_points=Decimal("25"), weight=Decimal("2"), order=2)
    RoundFactory(
        contest=source,
        order=2,
        name="Chung kết",
        is_live=True,
        is_blind=False,
        opens_at=datetime.datetime(2021, 9, 17, 8, tzinfo=HCM),
        closes_at=datetime.datetime(2021, 9, 17, 17, tzinfo=HCM),
        judges_per_entry=5,
    )
    JudgeFactory(contest=source)
    EntryFactory(contest=source, category=source.categories.first(), lead=False)
    return source


def test_contest_copy_shifts_dates_and_copies_its_structure(contest_2021, staff_user):
    copy = services.contest_copy(source=contest_2021, year=2022, actor=staff_user)

    assert (copy.name, copy.year, copy.slug, copy.status, copy.created_by) == (
        "Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV",
        2022,
        "y-tuong-khoi-nghiep-2022",
        Contest.Status.DRAFT,
        staff_user,
    )
    assert (copy.submission_opens_at, copy.submission_closes_at, copy.age_reference_date) == (
        datetime.datetime(2022, 3, 15, tzinfo=HCM),
        datetime.datetime(2022, 8, 30, 23, 59, tzinfo=HCM),
        datetime.date(2022, 8, 30),
    )
    assert (copy.min_entries_per_unit, copy.max_entries_per_unit, copy.max_team_size, copy.min_age, copy.max_age) == (
        5,
        10,
        3,
        18,
        35,
    )
    assert list(copy.categories.values_list("name", "order")) == [
        ("Nông nghiệp công nghệ cao", 0),
        ("Du lịch cộng đồng", 1),
    ]
    assert list(copy.prize_tiers.values_list("name", "rank", "count", "amount")) == [
        ("Giải Nhất", 1, 1, 10_000_000),
        ("Giải Khuyến khích", 4, 5, 2_000_000),
    ]
    assert list(
        copy.rounds.order_by("order").values_list(
            "order", "name", "kind", "status", "opens_at", "closes_at", "judges_per_entry", "is_live", "advance_count"
        )
    ) == [
        (
            1,
            "Vòng sơ tuyển",
            "scoring",
            "pending",
            datetime.datetime(2022, 9, 5, 8, tzinfo=HCM),
            datetime.datetime(2022, 9, 10, 17, tzinfo=HCM),
            3,
            False,
            10,
        ),
        (
            2,
            "Chung kết",
            "scoring",
            "pending",
            datetime.datetime(2022, 9, 17, 8, tzinfo=HCM),
            datetime.datetime(2022, 9, 17, 17, tzinfo=HCM),
            5,
            True,
            None,
        ),
    ]
    assert list(
        Criterion.objects.filter(round__contest=copy).values_list("name", "max_points", "weight", "order")
    ) == [
        ("Tính mới, sáng tạo", Decimal("20"), Decimal("1"), 1),
        ("Tính khả thi", Decimal("25"), Decimal("2"), 2),
    ]
    assert (copy.judges.count(), copy.entries.count()) == (0, 0)
    assert Category.objects.filter(contest=contest_2021).count() == 2  # the source is untouched
    assert PrizeTier.objects.count() == 4


def test_contest_copy_moves_29_february_to_the_28th(staff_user):
    source = ContestFactory(
        year=2024,
        slug="y-tuong-2024",
        submission_opens_at=datetime.datetime(2024, 2, 29, 8, tzinfo=HCM),
        submission_closes_at=datetime.datetime(2024, 8, 30, tzinfo=HCM),
        age_reference_date=datetime.date(2024, 2, 29),
    )

    copy = services.contest_copy(source=source, year=2025, actor=staff_user)

    assert copy.slug == "y-tuong-2025"
    assert copy.submission_opens_at == datetime.datetime(2025, 2, 28, 8, tzinfo=HCM)
    assert copy.age_reference_date == datetime.date(2025, 2, 28)


def test_contest_copy_refuses_a_slug_already_taken(contest_2021, staff_user):
    services.contest_copy(source=contest_2021, year=2022, actor=staff_user)

    with pytest.raises(ValidationError) as raised:
        services.contest_copy(source=contest_2021, year=2022, actor=staff_user)

    assert messages(raised.value) == ["Đã có cuộc thi với đường dẫn “y-tuong-khoi-nghiep-2022”."]
    assert Contest.objects.filter(year=2022).count() == 1
