"""The contest in the admin: staff set contests up, copy last year's, read entries and scorecards."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions.models import Assignment, Conflict, Contest, Entry, Judge, Round, UnitExtension
from tests.competitions.factories import (
    AssignmentFactory,
    CategoryFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    JudgeFactory,
    RoundFactory,
    ready_contest,
)
from tests.factories import UnitFactory, UserFactory, province_unit
from tests.ventures.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _split(moment: datetime.datetime) -> tuple[str, str]:
    local = moment.astimezone(HCM)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M:%S")


def _inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _contest_post(*, rounds: list[dict], judges: list[dict], **overrides) -> dict:
    opens_d, opens_t = _split(datetime.datetime(2027, 3, 15, 0, 0, tzinfo=HCM))
    closes_d, closes_t = _split(datetime.datetime(2027, 8, 30, 23, 59, tzinfo=HCM))
    data = {
        "owner": str(province_unit().pk),
        "name": "Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ X",
        "year": "2027",
        "slug": "y-tuong-khoi-nghiep-2027",
        "status": Contest.Status.DRAFT,
        "description": "",
        "submission_opens_at_0": opens_d,
        "submission_opens_at_1": opens_t,
        "submission_closes_at_0": closes_d,
        "submission_closes_at_1": closes_t,
        "min_entries_per_unit": "5",
        "max_entries_per_unit": "10",
        "max_team_size": "3",
        "min_age": "18",
        "max_age": "35",
        "age_reference_date": "30/08/2027",
        "_save": "Lưu",
        **_inline("categories", [{"order": "1", "name": "Nông nghiệp công nghệ cao"}]),
        **_inline("prize_tiers", [{"rank": "1", "name": "Giải Nhất", "count": "1", "amount": "10000000"}]),
        **_inline("rounds", rounds),
        **_inline("judges", judges),
    }
    data.update(overrides)
    return data


def _round_row(**overrides) -> dict:
    opens_d, opens_t = _split(datetime.datetime(2027, 9, 5, 8, 0, tzinfo=HCM))
    closes_d, closes_t = _split(datetime.datetime(2027, 9, 10, 17, 0, tzinfo=HCM))
    row = {
        "order": "1",
        "name": "Vòng sơ tuyển",
        "kind": Round.Kind.SCORING,
        "opens_at_0": opens_d,
        "opens_at_1": opens_t,
        "closes_at_0": closes_d,
        "closes_at_1": closes_t,
        "judges_per_entry": "3",
        "is_blind": "on",
        "advance_count": "10",
        "advance_threshold": "",
    }
    row.update(overrides)
    return row


# --- who enters ------------------------------------------------------------------------


def test_admin_index_lists_the_contest_models_for_staff(staff_client):
    response = staff_client.get(reverse("admin:index"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Cuộc thi khởi nghiệp" in content
    for name in ("contest", "round", "entry", "assignment", "unitextension"):
        assert reverse(f"admin:competitions_{name}_changelist") in content


@pytest.mark.parametrize("user_fixture", ["officer", "judge"])
@pytest.mark.parametrize("model", ["contest", "entry", "assignment"])
def test_admin_contest_pages_are_closed_to_other_roles(client, request, user_fixture, model):
    client.force_login(request.getfixturevalue(user_fixture))
    url = reverse(f"admin:competitions_{model}_changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


def test_admin_staff_without_the_contest_rule_is_refused(client, province):
    # An admin user (is_staff) who is not provincial staff: e.g. a flag set by hand.
    outsider = UserFactory(username="la-mat", is_staff=True)
    client.force_login(outsider)

    response = client.get(reverse("admin:competitions_contest_changelist"))

    assert response.status_code == 403


# --- list pages cost the same whatever their length ----------------------------------


def _contest_row(n):
    ContestFactory(year=2020 + n)


def _round_row_obj(n):
    RoundFactory(order=1)


def _entry_row(n):
    round = RoundFactory(order=1)
    # From a unit of the province: the admin lists only the entries the staff member sees.
    unit = UnitFactory(parent=province_unit())
    EntryFactory(
        contest=round.contest, round=round, unit=unit, status=Entry.Status.IN_COMPETITION, code=f"2026-{n:03d}"
    )


def _assignment_row(n):
    AssignmentFactory()


def _extension_row(n):
    entry = EntryFactory()
    UnitExtension.objects.create(
        contest=entry.contest, unit=entry.unit, until=entry.contest.submission_closes_at, reason="Lũ"
    )


def _judge_row(n):
    JudgeFactory(affiliation=EntryFactory().unit)


def _conflict_row(n):
    assignment = AssignmentFactory()
    Conflict.objects.create(judge=assignment.judge, entry=assignment.entry, reason="Người nhà")


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("contest", _contest_row),
        ("round", _round_row_obj),
        ("entry", _entry_row),
        ("assignment", _assignment_row),
        ("unitextension", _extension_row),
        ("judge", _judge_row),
        ("conflict", _conflict_row),
    ],
)
def test_admin_changelist_query_count_does_not_grow(staff_client, model, make):
    url = reverse(f"admin:competitions_{model}_changelist")
    make(0)
    staff_client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one:
        first = staff_client.get(url)
    for n in range(1, 8):
        make(n)

    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url)

    assert (first.status_code, response.status_code) == (200, 200)
    assert len(first.context["cl"].result_list) == 1
    assert len(response.context["cl"].result_list) == 8
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


# --- setting a contest up --------------------------------------------------------------


def test_admin_contest_add_with_categories_prizes_rounds_and_judges(staff_client, staff_user, commune):
    judge_user = UserFactory(username="giam-khao-moi")
    data = _contest_post(
        rounds=[_round_row(), _round_row(order="2", name="Chung kết", advance_count="", is_live="on")],
        judges=[{"user": str(judge_user.pk), "affiliation": str(commune.pk), "title": "Giảng viên"}],
    )

    response = staff_client.post(reverse("admin:competitions_contest_add"), data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    contest = Contest.objects.get(slug="y-tuong-khoi-nghiep-2027")
    assert contest.created_by == staff_user
    assert contest.submission_closes_at == datetime.datetime(2027, 8, 30, 23, 59, tzinfo=HCM)
    assert list(contest.categories.values_list("name", flat=True)) == ["Nông nghiệp công nghệ cao"]
    assert list(contest.prize_tiers.values_list("name", "amount")) == [("Giải Nhất", 10_000_000)]
    assert list(contest.rounds.values_list("order", "name", "is_live", "advance_count")) == [
        (1, "Vòng sơ tuyển", False, 10),
        (2, "Chung kết", True, None),
    ]
    assert list(Judge.objects.values_list("contest", "user", "affiliation", "title")) == [
        (contest.pk, judge_user.pk, commune.pk, "Giảng viên")
    ]


def test_admin_contest_add_refuses_a_round_with_both_ways_of_advancing(staff_client):
    data = _contest_post(rounds=[_round_row(advance_threshold="70")], judges=[])

    response = staff_client.post(reverse("admin:competitions_contest_add"), data)

    assert response.status_code == 200
    assert "Chọn một cách vào vòng sau: số bài cao nhất hoặc điểm sàn, không cả hai." in response.content.decode()
    assert Contest.objects.count() == 0


def test_admin_contest_change_page_shows_its_inlines(staff_client):
    contest = ContestFactory()
    RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển")
    JudgeFactory(contest=contest)

    response = staff_client.get(reverse("admin:competitions_contest_change", args=[contest.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    for prefix in ("categories", "prize_tiers", "rounds", "judges"):
        assert f'name="{prefix}-TOTAL_FORMS"' in content
    assert 'value="Vòng sơ tuyển"' in content
    assert 'data-field-name="user"' in content  # the judge's user is chosen by autocomplete


@pytest.mark.parametrize("prefix", ["rounds", "judges"])
def test_admin_contest_inline_refuses_deleting_what_has_scorecards(staff_client, prefix):
    card = AssignmentFactory()
    contest = card.round.contest
    round, judge = card.round, card.judge
    # The entry has moved on, so only its scorecard still points at the round.
    card.entry.round = RoundFactory(contest=contest, order=round.order + 1)
    card.entry.save()
    opens_d, opens_t = _split(contest.submission_opens_at)
    closes_d, closes_t = _split(contest.submission_closes_at)
    round_opens, round_closes = _split(round.opens_at), _split(round.closes_at)
    rounds = [
        _round_row(
            id=str(round.pk),
            contest=str(contest.pk),
            order=str(round.order),
            name=round.name,
            opens_at_0=round_opens[0],
            opens_at_1=round_opens[1],
            closes_at_0=round_closes[0],
            closes_at_1=round_closes[1],
            advance_count="",
            **({"DELETE": "on"} if prefix == "rounds" else {}),
        )
    ]
    judges = [
        {
            "id": str(judge.pk),
            "contest": str(contest.pk),
            "user": str(judge.user_id),
            "affiliation": "",
            "title": "",
            **({"DELETE": "on"} if prefix == "judges" else {}),
        }
    ]
    data = _contest_post(
        rounds=rounds,
        judges=judges,
        name=contest.name,
        year=str(contest.year),
        slug=contest.slug,
        status=contest.status,
        submission_opens_at_0=opens_d,
        submission_opens_at_1=opens_t,
        submission_closes_at_0=closes_d,
        submission_closes_at_1=closes_t,
        age_reference_date=contest.age_reference_date.strftime("%d/%m/%Y"),
        **_inline("rounds", rounds, initial=1),
        **_inline("judges", judges, initial=1),
        **_inline("categories", []),
        **_inline("prize_tiers", []),
    )

    response = staff_client.post(reverse("admin:competitions_contest_change", args=[contest.pk]), data)

    assert response.status_code == 200
    name = round if prefix == "rounds" else judge
    assert f"Không xoá được “{name}”: đã có phiếu chấm gắn với mục này." in response.content.decode()
    assert Assignment.objects.filter(pk=card.pk).exists()
    assert (Round.objects.filter(pk=round.pk).exists(), Judge.objects.filter(pk=judge.pk).exists()) == (True, True)


def test_admin_contest_list_shows_the_submission_window(staff_client):
    ContestFactory(
        name="Lần thứ IV",
        submission_opens_at=datetime.datetime(2021, 3, 15, 0, 0, tzinfo=HCM),
        submission_closes_at=datetime.datetime(2021, 8, 30, 23, 59, tzinfo=HCM),
    )

    response = staff_client.get(reverse("admin:competitions_contest_changelist"))

    assert "15/03/2021 – 30/08/2021 23:59" in response.content.decode()


def _copy(client, *contests):
    return client.post(
        reverse("admin:competitions_contest_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [c.pk for c in contests]},
        follow=True,
    )


def test_admin_copy_action_makes_next_years_draft_with_a_link(staff_client, staff_user):
    source = ContestFactory(year=2025, slug="y-tuong-khoi-nghiep-2025")
    CategoryFactory(contest=source, name="Du lịch cộng đồng")
    CriterionFactory(round=RoundFactory(contest=source, order=1), name="Tính khả thi")

    response = _copy(staff_client, source)

    copy = Contest.objects.get(year=2026)
    assert (copy.slug, copy.status, copy.created_by) == ("y-tuong-khoi-nghiep-2026", Contest.Status.DRAFT, staff_user)
    assert list(copy.categories.values_list("name", flat=True)) == ["Du lịch cộng đồng"]
    assert list(copy.rounds.get().criteria.values_list("name", flat=True)) == ["Tính khả thi"]
    link = reverse("admin:competitions_contest_change", args=[copy.pk])
    assert _messages(response) == [
        f'Đã tạo <a href="{link}">{copy.name} – năm 2026</a> (bản nháp); hãy xem lại tên, ngày tháng và thể lệ.'
    ]
    assert f'<a href="{link}">' in response.content.decode()


def test_admin_copy_action_refuses_when_next_years_slug_exists(staff_client):
    source = ContestFactory(name="Lần thứ IV", year=2025, slug="y-tuong-khoi-nghiep-2025")
    ContestFactory(year=2026, slug="y-tuong-khoi-nghiep-2026")

    response = _copy(staff_client, source)

    assert Contest.objects.filter(year=2026).count() == 1
    assert _messages(response) == [
        "Không sao chép “Lần thứ IV” (2025): Đã có cuộc thi với đường dẫn “y-tuong-khoi-nghiep-2026”."
    ]


def test_admin_round_page_has_criteria_and_mentors(staff_client):
    round = RoundFactory(order=1)
    CriterionFactory(round=round, name="Năng lực nhóm", max_points=Decimal("10"))

    response = staff_client.get(reverse("admin:competitions_round_change", args=[round.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="criteria-TOTAL_FORMS"' in content
    assert 'value="Năng lực nhóm"' in content
    assert 'data-field-name="mentors"' in content


def test_admin_judge_user_autocomplete_finds_people(staff_client):
    UserFactory(username="gk-thai", full_name="Hoàng Văn Thái")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "competitions", "model_name": "judge", "field_name": "user", "term": "Thái"},
    )

    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Hoàng Văn Thái"]


# --- entries: read-mostly --------------------------------------------------------------


@pytest.fixture
def entry(commune):
    round = RoundFactory(order=1)
    entry = EntryFactory(
        contest=round.contest,
        unit=commune,
        round=round,
        status=Entry.Status.IN_COMPETITION,
        code="2026-001",
        title="Sấy mận hậu Nà Ka",
    )
    entry.attachments.create(kind="business_plan", file=ContentFile(PDF_BYTES, name="ke-hoach.pdf"))
    return entry


def test_admin_entry_page_shows_team_and_files_read_only(staff_client, entry):
    response = staff_client.get(reverse("admin:competitions_entry_change", args=[entry.pk]))

    content = response.content.decode()
    lead = entry.team.get()
    attachment = entry.attachments.get()
    assert response.status_code == 200
    assert lead.entrepreneur.full_name in content
    assert reverse("competitions:entry-attachment-download", kwargs={"pk": attachment.pk}) in content
    assert 'name="title"' not in content
    assert 'name="status"' not in content
    assert 'name="capital_support"' in content
    assert 'name="team-TOTAL_FORMS"' in content


def test_admin_entry_change_only_touches_capital_support(staff_client, entry):
    response = staff_client.post(
        reverse("admin:competitions_entry_change", args=[entry.pk]),
        {
            "capital_support": "on",
            "venture": "",
            "status": Entry.Status.FINISHED,
            "title": "Đổi tên",
            "_save": "Lưu",
            **_inline("team", [], initial=1),
            **_inline("attachments", [], initial=1),
        },
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.capital_support, entry.status, entry.title) == (
        True,
        Entry.Status.IN_COMPETITION,
        "Sấy mận hậu Nà Ka",
    )


def test_admin_entry_cannot_be_added_or_deleted(staff_client, entry):
    add = staff_client.get(reverse("admin:competitions_entry_add"))
    delete = staff_client.post(reverse("admin:competitions_entry_delete", args=[entry.pk]), {"post": "yes"})

    assert (add.status_code, delete.status_code) == (403, 403)
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_admin_entry_search_and_filters(staff_client, entry, other_commune):
    EntryFactory(contest=entry.contest, unit=other_commune, code="2026-002", title="Homestay Hua Tạt")
    url = reverse("admin:competitions_entry_changelist")

    by_code = staff_client.get(url, {"q": "2026-001"})
    by_round = staff_client.get(url, {"round": str(entry.round_id)})
    by_unit = staff_client.get(url, {"unit__id__exact": str(other_commune.pk)})

    assert [e.code for e in by_code.context["cl"].result_list] == ["2026-001"]
    assert [e.code for e in by_round.context["cl"].result_list] == ["2026-001"]
    assert [e.code for e in by_unit.context["cl"].result_list] == ["2026-002"]


def test_admin_entry_history_is_readable_but_not_revertible(staff_client, entry):
    entry.status = Entry.Status.ELIMINATED
    entry.save()
    first = entry.history.earliest("history_date")
    url = reverse("admin:competitions_entry_simple_history", args=[entry.pk, first.history_id])

    history = staff_client.get(reverse("admin:competitions_entry_history", args=[entry.pk]))
    revert = staff_client.post(url, {"capital_support": "", "_save": "Lưu"})

    assert history.status_code == 200
    assert revert.status_code == 403
    entry.refresh_from_db()
    assert entry.status == Entry.Status.ELIMINATED


# --- scorecards ------------------------------------------------------------------------


@pytest.fixture
def submitted_card():
    card = AssignmentFactory(status=Assignment.Status.SUBMITTED, total=Decimal("17"))
    criterion = CriterionFactory(round=card.round, name="Tính khả thi", max_points=Decimal("20"))
    card.scores.create(criterion=criterion, points=Decimal("17"), criterion_max=Decimal("20"), comment="Khả thi")
    return card


def test_admin_assignment_page_shows_scores_without_editing(staff_client, submitted_card):
    response = staff_client.get(reverse("admin:competitions_assignment_change", args=[submitted_card.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Tính khả thi" in content
    assert "Khả thi" in content
    assert 'name="status"' not in content
    assert 'name="_save"' not in content


def test_admin_reopen_action_unlocks_submitted_scorecards(staff_client, submitted_card):
    pending = AssignmentFactory(round=submitted_card.round)

    response = staff_client.post(
        reverse("admin:competitions_assignment_changelist"),
        {"action": "reopen_scorecards", "_selected_action": [submitted_card.pk, pending.pk]},
        follow=True,
    )

    total = submitted_card.total
    submitted_card.refresh_from_db()
    assert (submitted_card.status, submitted_card.submitted_at, submitted_card.total) == (
        Assignment.Status.DRAFT,
        None,
        total,
    )
    assert _messages(response) == [f"{pending}: Phiếu chấm chưa nộp.", "Đã mở lại 1 phiếu chấm."]


def test_admin_assignment_delete_only_while_pending(staff_client, submitted_card):
    pending = AssignmentFactory(round=submitted_card.round)

    refused = staff_client.post(
        reverse("admin:competitions_assignment_delete", args=[submitted_card.pk]), {"post": "yes"}
    )
    deleted = staff_client.post(reverse("admin:competitions_assignment_delete", args=[pending.pk]), {"post": "yes"})

    assert (refused.status_code, deleted.status_code) == (403, 302)
    assert list(Assignment.objects.values_list("pk", flat=True)) == [submitted_card.pk]


# --- extensions ------------------------------------------------------------------------


def _extension_post(contest, unit, until, reason="Lũ quét chia cắt xã"):
    day, time = _split(until)
    return {
        "contest": str(contest.pk),
        "unit": str(unit.pk),
        "until_0": day,
        "until_1": time,
        "reason": reason,
        "_save": "Lưu",
    }


def test_admin_extension_is_granted_through_the_service(staff_client, staff_user, commune):
    contest = ContestFactory()
    until = contest.submission_closes_at.replace(microsecond=0) + datetime.timedelta(days=3)

    response = staff_client.post(
        reverse("admin:competitions_unitextension_add"), _extension_post(contest, commune, until)
    )

    assert response.status_code == 302
    extension = UnitExtension.objects.get()
    assert (extension.unit, extension.until, extension.reason, extension.granted_by) == (
        commune,
        until,
        "Lũ quét chia cắt xã",
        staff_user,
    )


def test_admin_extension_form_refuses_a_date_before_the_deadline(staff_client, commune):
    contest = ContestFactory()
    until = contest.submission_closes_at.replace(microsecond=0) - datetime.timedelta(days=1)

    response = staff_client.post(
        reverse("admin:competitions_unitextension_add"), _extension_post(contest, commune, until)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "until": ["Ngày gia hạn phải sau hạn nộp bài chung của cuộc thi."]
    }
    assert UnitExtension.objects.count() == 0


def test_admin_extension_form_needs_a_reason(staff_client, commune):
    contest = ContestFactory()
    until = contest.submission_closes_at.replace(microsecond=0) + datetime.timedelta(days=3)

    response = staff_client.post(
        reverse("admin:competitions_unitextension_add"), _extension_post(contest, commune, until, reason="   ")
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["reason"]
    assert UnitExtension.objects.count() == 0


def test_admin_extension_change_keeps_contest_and_unit(staff_client, staff_user, commune):
    contest = ContestFactory()
    until = contest.submission_closes_at.replace(microsecond=0) + datetime.timedelta(days=3)
    extension = UnitExtension.objects.create(contest=contest, unit=commune, until=until, reason="Lũ")
    later = until + datetime.timedelta(days=2)
    day, time = _split(later)

    response = staff_client.post(
        reverse("admin:competitions_unitextension_change", args=[extension.pk]),
        {"until_0": day, "until_1": time, "reason": "Lũ kéo dài", "_save": "Lưu"},
    )

    assert response.status_code == 302
    extension.refresh_from_db()
    assert (extension.unit, extension.until, extension.reason, extension.granted_by) == (
        commune,
        later,
        "Lũ kéo dài",
        staff_user,
    )
    assert UnitExtension.objects.count() == 1


# --- status changes go through the services ------------------------------------------------


def test_admin_shows_contest_and_round_status_read_only(staff_client):
    round = RoundFactory(status=Round.Status.PENDING)

    contest_page = staff_client.get(reverse("admin:competitions_contest_change", args=[round.contest_id]))
    round_page = staff_client.get(reverse("admin:competitions_round_change", args=[round.pk]))

    for page in (contest_page, round_page):
        assert page.status_code == 200
        assert 'name="status"' not in page.content.decode()


def test_admin_contest_form_ignores_a_posted_status(staff_client):
    data = _contest_post(rounds=[_round_row()], judges=[], status=Contest.Status.FINISHED)

    response = staff_client.post(reverse("admin:competitions_contest_add"), data)

    assert response.status_code == 302
    assert Contest.objects.get(slug="y-tuong-khoi-nghiep-2027").status == Contest.Status.DRAFT
    assert Round.objects.get(contest__slug="y-tuong-khoi-nghiep-2027").status == Round.Status.PENDING


def test_admin_actions_open_a_contest_and_a_round_through_the_services(staff_client, staff_user):
    contest = ready_contest()  # the set-up checklist complete: contest_open refuses otherwise
    round = contest.rounds.get(order=1)

    staff_client.post(
        reverse("admin:competitions_contest_changelist"),
        {"action": "open_contests", "_selected_action": [contest.pk]},
    )
    response = staff_client.post(
        reverse("admin:competitions_round_changelist"), {"action": "open_rounds", "_selected_action": [round.pk]}
    )

    contest.refresh_from_db()
    round.refresh_from_db()
    assert (contest.status, round.status) == (Contest.Status.OPEN, Round.Status.OPEN)
    assert contest.history.latest().history_user == staff_user
    assert round.history.latest().history_user == staff_user
    assert "Đã mở 1 vòng." in _messages(response)


def test_admin_decide_action_refuses_a_round_with_missing_scorecards(staff_client):
    round = RoundFactory(judges_per_entry=2)
    EntryFactory(contest=round.contest, round=round, status=Entry.Status.IN_COMPETITION, code="2026-001")

    response = staff_client.post(
        reverse("admin:competitions_round_changelist"), {"action": "decide_rounds", "_selected_action": [round.pk]}
    )

    round.refresh_from_db()
    assert round.decided_at is None
    assert any("1 bài chưa đủ phiếu chấm đã nộp: 2026-001 (0/2)" in m for m in _messages(response))


def test_admin_publish_action_names_what_is_missing(staff_client):
    contest = ContestFactory()
    RoundFactory(contest=contest, order=1, name="Chung kết")

    response = staff_client.post(
        reverse("admin:competitions_contest_changelist"),
        {"action": "publish_results", "_selected_action": [contest.pk]},
    )

    contest.refresh_from_db()
    assert contest.results_published_at is None
    assert any("Vòng cuối (Chung kết) chưa chốt kết quả." in m for m in _messages(response))


def test_admin_keeps_a_decided_round_as_it_was_decided(staff_client):
    round = RoundFactory(status=Round.Status.CLOSED, decided_at=datetime.datetime(2026, 9, 10, 10, 0, tzinfo=HCM))

    page = staff_client.get(reverse("admin:competitions_round_change", args=[round.pk])).content.decode()

    for field in ("status", "judges_per_entry", "opens_at_0", "closes_at_0", "advance_count"):
        assert f'name="{field}"' not in page
    assert 'name="name"' in page


def test_admin_contest_inline_refuses_changing_a_decided_round(staff_client):
    contest = ContestFactory()
    round = RoundFactory(
        contest=contest,
        order=1,
        status=Round.Status.CLOSED,
        decided_at=contest.submission_closes_at,
        advance_count=None,
    )
    opens_d, opens_t = _split(contest.submission_opens_at)
    closes_d, closes_t = _split(contest.submission_closes_at)
    round_opens, round_closes = _split(round.opens_at), _split(round.closes_at)
    rounds = [
        _round_row(
            id=str(round.pk),
            contest=str(contest.pk),
            order="1",
            name=round.name,
            opens_at_0=round_opens[0],
            opens_at_1=round_opens[1],
            closes_at_0=round_closes[0],
            closes_at_1=round_closes[1],
            advance_count="",
            judges_per_entry="1",
        )
    ]
    data = _contest_post(
        rounds=rounds,
        judges=[],
        name=contest.name,
        year=str(contest.year),
        slug=contest.slug,
        submission_opens_at_0=opens_d,
        submission_opens_at_1=opens_t,
        submission_closes_at_0=closes_d,
        submission_closes_at_1=closes_t,
        age_reference_date=contest.age_reference_date.strftime("%d/%m/%Y"),
        **_inline("rounds", rounds, initial=1),
        **_inline("categories", []),
        **_inline("prize_tiers", []),
    )

    response = staff_client.post(reverse("admin:competitions_contest_change", args=[contest.pk]), data)

    assert response.status_code == 200
    assert f"“{round.name}” đã chốt kết quả; không sửa được thiết lập của vòng." in response.content.decode()
    round.refresh_from_db()
    assert round.judges_per_entry == 3
