"""The public results pages: no login, nothing before publication, nothing personal after."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from common.choices import Ethnicity
from competitions.models import Award, Contest, Entry, RoundResult
from tests.competitions.factories import ContestFactory, EntryFactory, PrizeTierFactory, RoundFactory
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory

pytestmark = pytest.mark.django_db


def finalist(contest, final_round, *, code: str, rank: int, **kwargs) -> Entry:
    entry = EntryFactory(contest=contest, code=code, status=Entry.Status.FINISHED, round=final_round, **kwargs)
    RoundResult.objects.create(round=final_round, entry=entry, rank=rank, outcome=RoundResult.Outcome.FINALIST)
    return entry


@pytest.fixture
def decided(commune):
    """A contest after its final: a winner with a full personal record, and another finalist."""
    contest = ContestFactory(name="Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV", slug="y-tuong-2026")
    contest.rules_document.save("the-le-cuoc-thi.pdf", ContentFile(PDF_BYTES), save=True)
    RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển", decided_at=timezone.now())
    final_round = RoundFactory(contest=contest, order=2, name="Vòng chung kết", decided_at=timezone.now())
    lead = EntrepreneurFactory(
        full_name="Lò Thị Mai",
        phone="0912345678",
        date_of_birth=datetime.date(1999, 3, 4),
        ethnicity=Ethnicity.HA_NHI,
        unit=commune,
    )
    winner = finalist(
        contest, final_round, code="2026-007", rank=1, unit=commune, lead=lead, title="Trà shan tuyết Tà Xùa"
    )
    other = finalist(contest, final_round, code="2026-002", rank=2, title="Mật ong bạc hà Mộc Châu")
    Award.objects.create(tier=PrizeTierFactory(contest=contest, name="Giải Nhất", amount=10_000_000), entry=winner)
    return {"contest": contest, "winner": winner, "other": other}


def publish(contest) -> None:
    Contest.objects.filter(pk=contest.pk).update(results_published_at=timezone.now())


def test_anonymous_reads_published_results_without_personal_data(client, decided):
    publish(decided["contest"])

    response = client.get(reverse("competitions:public-results", kwargs={"slug": "y-tuong-2026"}))

    page = response.content.decode()
    assert response.status_code == 200
    assert [w["entry__title"] for w in response.context["winners"]] == ["Trà shan tuyết Tà Xùa"]
    assert "Giải Nhất" in page
    assert "Trà shan tuyết Tà Xùa" in page
    assert "Đoàn phường Tô Hiệu" in page
    assert "Lò Thị Mai" in page
    assert "Mật ong bạc hà Mộc Châu" in page  # a finalist without a prize
    for private in ("0912345678", "04/03/1999", "1999-03-04", "Hà Nhì", "the-le-cuoc-thi", "10.000.000"):
        assert private not in page


def test_results_stay_hidden_until_published(client, decided):
    response = client.get(reverse("competitions:public-results", kwargs={"slug": "y-tuong-2026"}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả sẽ được công bố" in page
    assert "Vòng chung kết" in page  # the timeline is public
    assert "Trà shan tuyết Tà Xùa" not in page
    assert "Lò Thị Mai" not in page
    assert "winners" not in response.context


def test_draft_contest_is_not_found(client):
    ContestFactory(slug="ban-nhap", status=Contest.Status.DRAFT)

    response = client.get(reverse("competitions:public-results", kwargs={"slug": "ban-nhap"}))

    assert response.status_code == 404


def test_contest_list_shows_contests_out_of_draft(client, decided):
    ContestFactory(name="Cuộc thi đang soạn", status=Contest.Status.DRAFT)
    publish(decided["contest"])

    response = client.get(reverse("competitions:public-contest-list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert [c["slug"] for c in response.context["contests"]] == ["y-tuong-2026"]
    assert "Cuộc thi đang soạn" not in page
    assert "Đã công bố kết quả" in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_results_page_costs_the_same_queries_for_2_and_20_finalists(
    client, officer, django_assert_max_num_queries, signed_in
):
    contest = ContestFactory(slug="nhieu-bai")
    final_round = RoundFactory(contest=contest, decided_at=timezone.now())
    tier = PrizeTierFactory(contest=contest, count=20)
    publish(contest)
    if signed_in:
        client.force_login(officer)
    url = reverse("competitions:public-results", kwargs={"slug": "nhieu-bai"})

    def add(numbers):
        for n in numbers:
            Award.objects.create(tier=tier, entry=finalist(contest, final_round, code=f"2026-{n:03d}", rank=n + 1))

    add(range(2))
    client.get(url)  # renders and caches the page frame
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    add(range(2, 20))
    with django_assert_max_num_queries(8) as many:
        response = client.get(url)

    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(response.context["winners"]) == 20
    assert len(response.context["finalists"]) == 20
