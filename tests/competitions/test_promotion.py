"""A higher-level contest takes the winners of its units' contests: the service, the staff page,
the entry pages' links, the contest list's counts, the admin, and the demo's national round."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Unit
from competitions import selectors, services
from competitions.models import Award, Category, Contest, Entry, EntryAttachment, RoundResult
from tests.competitions.factories import CategoryFactory, ContestFactory, EntryFactory, PrizeTierFactory, RoundFactory
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=HCM)
CATEGORY = "Chế biến nông sản"


# --- a national unit with two provinces under it ------------------------------------------------


@pytest.fixture
def national(db):
    return UnitFactory(name="Trung ương Đoàn", code="trung-uong-doan", kind=Unit.Kind.NATIONAL, active_from=None)


@pytest.fixture
def province(national):
    """Sơn La, under the national unit (overrides the root province of tests/conftest.py)."""
    return UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind=Unit.Kind.PROVINCE, parent=national)


@pytest.fixture
def lai_chau(national):
    return UnitFactory(name="Tỉnh đoàn Lai Châu", code="lai-chau", kind=Unit.Kind.PROVINCE, parent=national)


@pytest.fixture
def lai_chau_commune(lai_chau):
    return UnitFactory(name="Đoàn phường Tân Phong", code="tan-phong", parent=lai_chau)


@pytest.fixture
def national_staff(national):
    return user_with_role(Membership.Role.STAFF, national, username="trunguong")


def _finished_contest(owner: Unit, name: str, *, published: bool = True) -> Contest:
    contest = ContestFactory(
        owner=owner,
        name=name,
        year=2025,
        status=Contest.Status.FINISHED,
        submission_opens_at=datetime.datetime(2025, 3, 1, tzinfo=HCM),
        submission_closes_at=datetime.datetime(2025, 5, 1, tzinfo=HCM),
        results_published_at=datetime.datetime(2025, 9, 1, 17, tzinfo=HCM) if published else None,
    )
    RoundFactory(
        contest=contest,
        order=1,
        name="Chung khảo",
        status="closed",
        opens_at=datetime.datetime(2025, 8, 30, 8, tzinfo=HCM),
        closes_at=datetime.datetime(2025, 8, 30, 17, tzinfo=HCM),
        decided_at=datetime.datetime(2025, 8, 30, 18, tzinfo=HCM),
    )
    PrizeTierFactory(contest=contest, name="Giải Nhất", rank=1, count=1)
    PrizeTierFactory(contest=contest, name="Giải Nhì", rank=2, count=2)
    return contest


def _finalist(contest: Contest, unit: Unit, code: str, *, rank: int, prize: int | None = None) -> Entry:
    final = contest.rounds.get()
    entry = EntryFactory(
        contest=contest,
        unit=unit,
        code=code,
        category=Category.objects.get_or_create(contest=contest, name=CATEGORY)[0],
        status=Entry.Status.FINISHED,
        round=final,
        submitted_at=datetime.datetime(2025, 4, 1, tzinfo=HCM),
    )
    RoundResult.objects.create(round=final, entry=entry, rank=rank, outcome=RoundResult.Outcome.FINALIST)
    if prize is not None:
        tier = contest.prize_tiers.get(rank=prize)
        Award.objects.create(entry=entry, tier=tier, awarded_on=datetime.date(2025, 8, 30))
    return entry


@pytest.fixture
def son_la_contest(province):
    return _finished_contest(province, "Cuộc thi khởi nghiệp Sơn La 2025")


@pytest.fixture
def son_la_winner(son_la_contest, commune):
    entry = _finalist(son_la_contest, commune, "2025-001", rank=1, prize=1)
    # EntryFactory gives the lead; add a member and a file.
    entry.team.create(
        entrepreneur=EntrepreneurFactory(unit=commune, date_of_birth=datetime.date(1999, 2, 2)), role="member"
    )
    EntryAttachment.objects.create(
        entry=entry, kind=EntryAttachment.Kind.BUSINESS_PLAN, file=ContentFile(PDF_BYTES, name="ke-hoach.pdf")
    )
    return entry


@pytest.fixture
def son_la_runner_up(son_la_contest, other_commune):
    return _finalist(son_la_contest, other_commune, "2025-002", rank=2, prize=2)


@pytest.fixture
def son_la_no_prize(son_la_contest, commune):
    return _finalist(son_la_contest, commune, "2025-003", rank=3)


@pytest.fixture
def lai_chau_winner(lai_chau, lai_chau_commune):
    contest = _finished_contest(lai_chau, "Cuộc thi khởi nghiệp Lai Châu 2025")
    return _finalist(contest, lai_chau_commune, "2025-001", rank=1, prize=1)


@pytest.fixture
def national_contest(national):
    contest = ContestFactory(
        owner=national,
        name="Cuộc thi khởi nghiệp toàn quốc 2026",
        min_entries_per_unit=0,
        max_entries_per_unit=2,
        submission_opens_at=datetime.datetime(2026, 3, 1, tzinfo=HCM),
        submission_closes_at=datetime.datetime(2026, 4, 1, tzinfo=HCM),
    )
    CategoryFactory(contest=contest, name="Nông nghiệp công nghệ cao", order=1)
    CategoryFactory(contest=contest, name=CATEGORY, order=2)
    return contest


def _content(attachment: EntryAttachment) -> bytes:
    with attachment.file.open("rb") as stored:
        return stored.read()


def _take(contest, entries, actor):
    return services.entries_take_winners(contest=contest, entries=entries, actor=actor, now=NOW)


# --- the service ----------------------------------------------------------------------------------


def test_taking_a_winner_copies_the_entry_its_team_and_files(national_contest, son_la_winner, national_staff):
    (taken,) = _take(national_contest, [son_la_winner], national_staff)

    taken.refresh_from_db()
    assert taken.promoted_from == son_la_winner
    assert (taken.contest, taken.unit, taken.title, taken.summary) == (
        national_contest,
        son_la_winner.unit,
        son_la_winner.title,
        son_la_winner.summary,
    )
    assert taken.category.name == CATEGORY
    assert (taken.status, taken.round, taken.submitted_at) == (Entry.Status.SUBMITTED, None, NOW)
    assert taken.code == "2026-001"
    team = lambda e: sorted(e.team.values_list("entrepreneur_id", "role"))  # noqa: E731
    assert team(taken) == team(son_la_winner)
    (copy,) = taken.attachments.all()
    (original,) = son_la_winner.attachments.all()
    assert copy.file.name != original.file.name
    assert _content(copy) == _content(original) == PDF_BYTES
    created = taken.history.earliest()
    assert created.history_user == national_staff
    assert created.history_change_reason == "Chuyển lên từ Cuộc thi khởi nghiệp Sơn La 2025"


def test_taking_a_winner_leaves_the_lower_contest_as_it_was(
    national_contest, son_la_contest, son_la_winner, son_la_runner_up, national_staff
):
    def snapshot():
        return (
            list(Entry.objects.filter(contest=son_la_contest).order_by("pk").values()),
            list(RoundResult.objects.filter(round__contest=son_la_contest).order_by("pk").values()),
            list(Award.objects.filter(tier__contest=son_la_contest).order_by("pk").values()),
            list(EntryAttachment.objects.filter(entry__contest=son_la_contest).values("pk", "file")),
            son_la_winner.history.count(),
        )

    before = snapshot()
    _take(national_contest, [son_la_winner, son_la_runner_up], national_staff)

    assert snapshot() == before
    assert _content(son_la_winner.attachments.get()) == PDF_BYTES


def test_taking_the_same_winner_twice_creates_nothing(national_contest, son_la_winner, national_staff):
    _take(national_contest, [son_la_winner], national_staff)

    assert _take(national_contest, [son_la_winner], national_staff) == []
    assert national_contest.entries.count() == 1


def test_a_person_who_does_not_run_the_contest_is_refused(
    national_contest, son_la_winner, staff_user, lai_chau_winner
):
    with pytest.raises(PermissionDenied):
        _take(national_contest, [son_la_winner], staff_user)

    assert not national_contest.entries.exists()


def test_a_source_not_below_the_owner_is_refused(son_la_contest, lai_chau_winner, son_la_winner, staff_user, province):
    own_round = ContestFactory(owner=province, name="Vòng tỉnh 2026")
    CategoryFactory(contest=own_round)

    with pytest.raises(ValidationError, match="không phải đơn vị cấp dưới"):
        _take(own_round, [lai_chau_winner], staff_user)
    with pytest.raises(ValidationError, match="không phải đơn vị cấp dưới"):
        _take(own_round, [son_la_winner], staff_user)  # the province's own contest is not below it

    assert not own_round.entries.exists()


def test_a_non_winner_or_an_unpublished_prize_is_refused(
    national_contest, son_la_no_prize, son_la_winner, national_staff, province, commune
):
    unpublished = _finished_contest(province, "Cuộc thi chưa công bố", published=False)
    pending = _finalist(unpublished, commune, "2025-009", rank=1, prize=1)

    with pytest.raises(ValidationError, match="không đạt giải"):
        _take(national_contest, [son_la_winner, son_la_no_prize], national_staff)
    with pytest.raises(ValidationError, match="chưa công bố kết quả"):
        _take(national_contest, [pending], national_staff)

    assert not national_contest.entries.exists()  # all or nothing


def test_each_province_sends_at_most_the_contest_maximum(
    national_contest, son_la_contest, son_la_winner, son_la_runner_up, lai_chau_winner, national_staff, school
):
    school_contest = _finished_contest(school, "Cuộc thi của trường")
    school_winner = _finalist(school_contest, school, "2025-001", rank=1, prize=1)
    _take(national_contest, [son_la_winner, son_la_runner_up, lai_chau_winner], national_staff)

    # The school is in Sơn La: its winner counts against Sơn La's two.
    with pytest.raises(ValidationError, match="tối đa 2 bài; vượt mức: Tỉnh đoàn Sơn La"):
        _take(national_contest, [school_winner], national_staff)


def test_candidates_are_the_winners_below_by_lower_contest_without_those_taken(
    national_contest, son_la_winner, son_la_runner_up, son_la_no_prize, lai_chau_winner, national_staff
):
    _take(national_contest, [son_la_runner_up], national_staff)

    groups = selectors.promotion_candidates(contest=national_contest)

    assert {g.contest.name: [e.code for e in g.entries] for g in groups} == {
        "Cuộc thi khởi nghiệp Sơn La 2025": ["2025-001"],
        "Cuộc thi khởi nghiệp Lai Châu 2025": ["2025-001"],
    }
    assert groups[0].entries[0].award.tier.name == "Giải Nhất"


# --- the page ---------------------------------------------------------------------------------------


def _url(contest):
    return reverse("competitions:contest-promotions", kwargs={"contest_pk": contest.pk})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_national_staff_list_the_winners_and_take_the_chosen_ones(
    client, national_contest, son_la_winner, son_la_no_prize, lai_chau_winner, national_staff
):
    client.force_login(national_staff)

    page = client.get(_url(national_contest))
    detail = client.get(national_contest.get_absolute_url())
    taken = client.post(_url(national_contest), {"entries": [son_la_winner.pk, lai_chau_winner.pk]})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhận bài từ cuộc thi cấp dưới" in html
    assert f'data-candidate="{son_la_winner.pk}"' in html
    assert f'data-candidate="{lai_chau_winner.pk}"' in html
    assert f'data-candidate="{son_la_no_prize.pk}"' not in html
    assert _url(national_contest) in detail.content.decode()
    assert taken.status_code == 302
    assert _messages(taken) == ["Đã nhận 2 bài từ cuộc thi cấp dưới; các bài chờ thẩm định."]
    assert set(national_contest.entries.values_list("promoted_from", flat=True)) == {
        son_la_winner.pk,
        lai_chau_winner.pk,
    }


def test_the_page_query_count_does_not_grow_with_candidates(
    client, national_contest, son_la_contest, son_la_winner, national_staff, commune, province
):
    client.force_login(national_staff)
    client.get(_url(national_contest))  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as one:
        client.get(_url(national_contest))
    for n, rank in enumerate([2, 2], start=2):
        _finalist(son_la_contest, commune, f"2025-0{n}0", rank=n, prize=rank)
    _finalist(_finished_contest(province, "Cuộc thi khác"), commune, "2025-001", rank=1, prize=1)

    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(national_contest))

    assert sum(len(g.entries) for g in response.context["groups"]) == 4
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_a_forged_id_takes_nothing(client, national_contest, son_la_winner, son_la_no_prize, national_staff):
    client.force_login(national_staff)

    response = client.post(_url(national_contest), {"entries": [son_la_winner.pk, son_la_no_prize.pk]})

    assert response.status_code == 400
    assert "Bài không có trong danh sách." in response.content.decode()
    assert not national_contest.entries.exists()


@pytest.mark.parametrize("who", ["staff_user", "lai_chau_staff", "officer"])
def test_province_staff_and_officers_cannot_use_the_national_page(
    request, client, national_contest, son_la_winner, lai_chau_winner, who
):
    client.force_login(request.getfixturevalue(who))

    page = client.get(_url(national_contest))
    forged = client.post(_url(national_contest), {"entries": [son_la_winner.pk, lai_chau_winner.pk]})

    assert page.status_code == 403
    assert forged.status_code == 403
    assert not national_contest.entries.exists()


def test_the_entry_pages_link_the_promotion_both_ways(
    client, national_contest, son_la_winner, national_staff, officer
):
    (taken,) = _take(national_contest, [son_la_winner], national_staff)

    for user in (national_staff, officer):
        client.force_login(user)
        upper = client.get(taken.get_absolute_url()).content.decode()
        lower = client.get(son_la_winner.get_absolute_url()).content.decode()

        assert f'data-promoted-from="{son_la_winner.pk}"' in upper
        assert "Chuyển lên từ Cuộc thi khởi nghiệp Sơn La 2025 – Giải Nhất" in upper
        assert f'href="{son_la_winner.get_absolute_url()}"' in upper
        assert f'data-taken-into="{taken.pk}"' in lower
        assert "Đã chuyển lên Cuộc thi khởi nghiệp toàn quốc 2026" in lower
        assert f'href="{taken.get_absolute_url()}"' in lower


# --- counts and the admin see only what the viewer sees --------------------------------------------


def test_the_contest_list_counts_only_the_viewers_entries_of_a_contest_run_above(
    client, national_contest, son_la_winner, lai_chau_winner, national_staff, staff_user, lai_chau_commune
):
    _take(national_contest, [son_la_winner, lai_chau_winner], national_staff)
    EntryFactory(contest=national_contest, unit=lai_chau_commune, category=national_contest.categories.first())

    counts = {}
    for user in (national_staff, staff_user):
        client.force_login(user)
        rows = client.get(reverse("competitions:contest-list")).context["rows"]
        (row,) = [r for r in rows if r["contest"].pk == national_contest.pk]
        counts[user.username] = (row["contest"].counted, row["contest"].drafts)

    assert counts == {"trunguong": (2, 1), "staff": (1, 0)}


def test_the_entry_admin_lists_only_entries_the_user_sees(
    client, national_contest, son_la_winner, lai_chau_winner, national_staff, staff_user
):
    _take(national_contest, [son_la_winner, lai_chau_winner], national_staff)
    client.force_login(staff_user)

    response = client.get(reverse("admin:competitions_entry_changelist"), {"contest__id__exact": national_contest.pk})

    assert [e.unit.code for e in response.context["cl"].result_list] == ["to-hieu"]


# --- the demo's national round --------------------------------------------------------------------


def test_the_demo_national_round_takes_both_provinces_winners(demo):
    """The demo (the national unit over Sơn La and Lai Châu) runs a national round that has taken
    both provinces' winners; its national part loaded again adds nothing."""
    from common.demo import DemoContext
    from competitions import demo_national

    national = Unit.objects.get(code="trung-uong-doan")
    counts = (Contest.objects.count(), Entry.objects.count(), Award.objects.count(), EntryAttachment.objects.count())
    demo_national.load(DemoContext(stdout=StringIO(), today=timezone.localdate()))

    lai_chau_contest = Contest.objects.get(owner__code="tinh-doan-lai-chau")
    assert lai_chau_contest.results_published_at is not None
    assert Award.objects.filter(tier__contest=lai_chau_contest).count() == 2
    national_round = Contest.objects.get(owner=national)
    taken = national_round.entries.select_related("promoted_from__contest__owner", "promoted_from__award")
    assert (
        sorted(e.promoted_from.contest.owner.code for e in taken)
        == ["tinh-doan-lai-chau"] * 2 + ["tinh-doan-son-la"] * 3
    )
    assert all(e.promoted_from.award for e in taken)
    assert {e.status for e in taken} == {Entry.Status.SUBMITTED}
    assert counts == (
        Contest.objects.count(),
        Entry.objects.count(),
        Award.objects.count(),
        EntryAttachment.objects.count(),
    )


def test_without_the_units_the_demo_adds_no_national_round(db, province):
    """A deployment without a national unit or Lai Châu: the competitions demo's national part
    adds nothing (Sơn La alone keeps its story)."""
    from common.demo import DemoContext
    from competitions import demo_national

    demo_national.load(DemoContext(stdout=StringIO(), today=datetime.date(2026, 6, 15)))

    assert not Contest.objects.exists()
